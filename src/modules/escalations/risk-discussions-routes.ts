import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { ACCESS } from './escalations-access.js';
import { escalationsPaths as paths } from './escalations-paths.js';
import { escalationViewResource } from './escalations-schemas.js';
import { ACTION_ROWS, caseReviewBody, caseReviewForm, discussionBody, discussionForm, discussionsQuery, discussionsResource } from './risk-discussions-schemas.js';
import type { RiskDiscussionsService } from './risk-discussions-service.js';

const tags = ['escalations'];
type Refused = FormErrorsView & { status: number };
const refusal = (error: AppError): Refused => ({ ...refusalErrorsView(error), status: error.status });

async function renderDiscussions(discussions: RiskDiscussionsService, ctx: ServiceContext, reply: FastifyReply, referralId: string, errors?: Refused, values: Record<string, unknown> = {}) {
  const view = await discussions.forReferral(ctx, referralId);
  return reply.render('escalations/views/discussions.njk', { ...view, rows: Array.from({ length: ACTION_ROWS }, (_, i) => i), values, errors }, errors?.status ?? 200);
}

export function riskDiscussionRoutes(deps: { discussions: RiskDiscussionsService; renderEscalation: (ctx: ServiceContext, reply: FastifyReply, id: string, errors: Refused, values: Record<string, unknown>) => Promise<unknown> }): RouteDeclaration[] {
  const { discussions } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: paths.discussions.pattern,
      access: ACCESS.policeRequesters,
      summary: 'High Risk Multi-Agency Discussions about a referral: who attended, the agreed actions',
      tags,
      params: idParams,
      audit: 'risk_discussions_viewed',
      handler: async ({ ctx, params, reply }) => renderDiscussions(discussions, ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.discussions.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Record a High Risk Multi-Agency Discussion about a referral',
      tags,
      params: idParams,
      body: discussionForm,
      audit: 'risk_discussion_recorded',
      onRefusal: async ({ error, values, params, ctx, reply }) => renderDiscussions(discussions, ctx, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await discussions.record(ctx, params.id, body);
        return reply.redirectWithFlash(paths.discussions({ id: params.id }), { kind: 'success', heading: 'Discussion recorded' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.caseReviews.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Record a joint case review of an escalation (date and note)',
      tags,
      params: idParams,
      body: caseReviewForm,
      audit: 'escalation_case_review_recorded',
      onRefusal: async ({ error, values, params, ctx, reply }) => deps.renderEscalation(ctx, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await discussions.recordReview(ctx, params.id, body);
        return reply.redirectWithFlash(paths.escalation({ id: params.id }), { kind: 'success', heading: 'Joint case review recorded' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiDiscussions.pattern,
      access: ACCESS.policeRequesters,
      summary: 'High Risk Multi-Agency Discussions about a referral',
      tags,
      query: discussionsQuery,
      audit: 'risk_discussions_viewed',
      success: { schema: discussionsResource },
      refusals: ['not_found'],
      handler: async ({ ctx, query }) => discussionsResource.parse(await discussions.forReferral(ctx, query.referral)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiDiscussions.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Record a High Risk Multi-Agency Discussion (people from two organisations or more; at least one action with owner and due date)',
      tags,
      body: discussionBody,
      audit: 'risk_discussion_recorded',
      success: { status: 201, schema: discussionsResource },
      refusals: ['not_found'],
      handler: async ({ ctx, body }) => discussionsResource.parse(await discussions.record(ctx, body.referral, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiCaseReviews.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Record a joint case review of an escalation (date and note)',
      tags,
      params: idParams,
      body: caseReviewBody,
      audit: 'escalation_case_review_recorded',
      success: { status: 201, schema: escalationViewResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params, body }) => escalationViewResource.parse(await discussions.recordReview(ctx, params.id, body)),
    }),
  ];
}
