/** The funding calculators (pages and API). Nothing is stored: they answer from what is given. */
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { PIPELINE_USERS } from '../register-access.js';
import { formErrors } from '../register-forms.js';
import { registerPaths as paths } from '../register-paths.js';
import { formatPence } from './funding.js';
import type { FundingService } from './funding-service.js';
import { repaymentApiBody, repaymentForm, repaymentResource, splitApiBody, splitForm, splitResource } from './trainee-schemas.js';

const PIPELINE = { roles: PIPELINE_USERS };
const TEMPLATE = 'register/trainees/views/funding.njk';

export function fundingRoutes(deps: { funding: FundingService }): RouteDeclaration[] {
  const page = (extra: Record<string, unknown>) => ({ values: {}, result: {}, pounds: formatPence, section: 'funding', ...extra });
  return [
    defineRoute({
      method: 'GET',
      path: paths.funding,
      access: PIPELINE,
      summary: 'Page: the funding calculators',
      tags: ['register pages'],
      success: { contentType: 'text/html' },
      handler: async ({ reply }) => reply.render(TEMPLATE, page({})),
    }),
    defineRoute({
      method: 'POST',
      path: paths.fundingSplit,
      access: PIPELINE,
      summary: 'Page: split the year’s costs (form)',
      tags: ['register pages'],
      body: splitForm,
      success: { contentType: 'text/html' },
      onRefusal: async ({ error, values, reply }) => reply.render(TEMPLATE, page({ values, errors: formErrors(error) }), error.status),
      handler: async ({ ctx, body, request, reply }) => reply.render(TEMPLATE, page({ values: request.body, result: { split: await deps.funding.split(ctx, body) } })),
    }),
    defineRoute({
      method: 'POST',
      path: paths.fundingRepayment,
      access: PIPELINE,
      summary: 'Page: a leaver’s repayment (form)',
      tags: ['register pages'],
      body: repaymentForm,
      success: { contentType: 'text/html' },
      onRefusal: async ({ error, values, reply }) => reply.render(TEMPLATE, page({ values, errors: formErrors(error) }), error.status),
      handler: async ({ ctx, body, request, reply }) => reply.render(TEMPLATE, page({ values: request.body, result: { repayment: await deps.funding.repayment(ctx, body) } })),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiFundingSplit,
      access: PIPELINE,
      summary: 'Split the year’s course cost and the £40-per-candidate administration fee equally between the LSSAs (odd pence to the first listed)',
      description: 'A calculation: nothing is stored.',
      tags: ['register'],
      body: splitApiBody,
      success: { schema: splitResource },
      handler: async ({ ctx, body }) => deps.funding.split(ctx, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiFundingRepayment,
      access: PIPELINE,
      summary: 'What a leaver repays under the learning agreement, and each LSSA’s equal share of the refund',
      description: 'A calculation: nothing is stored. Before qualifying or within 12 completed months: all; 12–23 months: funding × (24 − months) ÷ 24, rounded down to the penny; 24 or more: nothing.',
      tags: ['register'],
      body: repaymentApiBody,
      success: { schema: repaymentResource },
      handler: async ({ ctx, body }) => deps.funding.repayment(ctx, body),
    }),
  ];
}
