import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/audit.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { hasAnyRole } from '../../../platform/roles.js';
import { PART_B_ACCESS as ACCESS } from '../part-b-access.js';
import { reportsBPaths as paths } from '../part-b-paths.js';
import { formatQuery, s136ReferenceBody, s136ReferenceResource } from '../part-b-schemas.js';
import { refusal, tags, type Refused } from '../part-b-view.js';
import { NATIONAL_COLUMNS, S136_COLUMNS } from './returns.js';
import type { ReturnsService } from './returns-service.js';
import { sendSheet } from './sheet.js';

type Query = z.output<typeof formatQuery>;

export function returnsRoutes(service: ReturnsService): RouteDeclaration[] {
  const render = async (ctx: ServiceContext, reply: FastifyReply, values: Record<string, unknown>, errors?: Refused, referenceValues: Record<string, unknown> = {}) => {
    const scope = await service.options(ctx, {});
    return reply.render(
      'reports/returns/views/returns.njk',
      { values, errors, referenceValues, lssaOptions: scope.lssas.map((l) => ({ value: l.id, text: l.name })), period: scope.period, nationalColumns: NATIONAL_COLUMNS, s136Columns: S136_COLUMNS, mayRecord: hasAnyRole(ctx.actor, ACCESS.s136.roles) },
      errors?.status ?? 200,
    );
  };
  const download = (kind: 'national' | 's136') => async (ctx: ServiceContext, reply: FastifyReply, query: Query) => {
    const { sheet, fileName } = kind === 'national' ? await service.national(ctx, query) : await service.s136(ctx, query);
    return sendSheet(reply, sheet, query.format, fileName);
  };
  const national = download('national');
  const s136 = download('s136');
  return [
    defineRoute({
      method: 'GET',
      path: paths.returns.pattern,
      access: ACCESS.exporters,
      summary: 'National and partner returns: the assessment-level national dataset and the s136 return, with their columns',
      tags,
      handler: async ({ ctx, reply }) => render(ctx, reply, {}),
    }),
    defineRoute({
      method: 'GET',
      path: paths.nationalReturn.pattern,
      access: ACCESS.exporters,
      summary: 'Download: the assessment-level national dataset, pseudonymised (CSV or XLSX)',
      tags,
      query: formatQuery,
      audit: 'national_return_exported',
      success: { contentType: 'text/csv' },
      onRefusal: async ({ error, values, ctx, reply }) => render(ctx, reply, values, refusal(error)),
      handler: async ({ ctx, query, reply }) => national(ctx, reply, query),
    }),
    defineRoute({
      method: 'GET',
      path: paths.s136Return.pattern,
      access: ACCESS.exporters,
      summary: 'Download: the s136 return with the police and place of safety references (CSV or XLSX)',
      tags,
      query: formatQuery,
      audit: 's136_return_exported',
      success: { contentType: 'text/csv' },
      onRefusal: async ({ error, values, ctx, reply }) => render(ctx, reply, values, refusal(error)),
      handler: async ({ ctx, query, reply }) => s136(ctx, reply, query),
    }),
    defineRoute({
      method: 'POST',
      path: paths.s136References.pattern,
      access: ACCESS.s136,
      summary: 'Record the police and place of safety references of an s136 episode, for linking',
      tags,
      body: s136ReferenceBody,
      audit: 's136_references_recorded',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, ctx, reply }) => render(ctx, reply, {}, refusal(error), values),
      handler: async ({ ctx, body, reply }) => {
        const saved = await service.recordS136Reference(ctx, body);
        return reply.redirectWithFlash(paths.returns(), { kind: 'success', heading: `References recorded for ${saved.referralReference}` });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiNationalReturn.pattern,
      access: ACCESS.exporters,
      summary: 'The assessment-level national dataset, pseudonymised with a keyed hash: no names, NHS numbers or dates of birth (CSV or XLSX)',
      tags,
      query: formatQuery,
      audit: 'national_return_exported',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, query, reply }) => national(ctx, reply, query),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiS136Return.pattern,
      access: ACCESS.exporters,
      summary: 'The s136 return: one row per s136 referral with the references police and places of safety link on (CSV or XLSX)',
      tags,
      query: formatQuery,
      audit: 's136_return_exported',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, query, reply }) => s136(ctx, reply, query),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiS136References.pattern,
      access: ACCESS.s136,
      summary: 'Record the police and place of safety references of an s136 episode (by referral reference)',
      tags,
      body: s136ReferenceBody,
      audit: 's136_references_recorded',
      success: { schema: s136ReferenceResource },
      refusals: ['not_found'],
      handler: async ({ ctx, body }) => s136ReferenceResource.parse(await service.recordS136Reference(ctx, body)),
    }),
  ];
}
