import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { barChart, lineChart, type Chart } from '../../../platform/charts/charts.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { hasAnyRole } from '../../../platform/roles.js';
import { CONFIGURERS, PART_B_ACCESS as ACCESS } from '../part-b-access.js';
import { reportsBPaths as paths } from '../part-b-paths.js';
import { formatQuery, periodQuery, targetBody, workforceResource } from '../part-b-schemas.js';
import { refusal, tags, type Refused } from '../part-b-view.js';
import { SHEET_CONTENT_TYPES, toCsv, toXlsx } from '../returns/sheet.js';
import { ASC_WDS_COLUMNS } from './sufficiency.js';
import type { WorkforceService, WorkforceView } from './workforce-service.js';

type Query = z.output<typeof periodQuery>;

function charts(v: WorkforceView): Chart[] {
  return [
    lineChart({
      id: 'demand-cover',
      title: `Referrals received and AMHPs on the rota by hour of the day, per day on average, ${v.period.label}`,
      series: [
        { name: 'Referrals per day', points: v.hours.map((h) => ({ label: h.label, value: h.demandPerDay })) },
        { name: 'AMHPs on the rota', points: v.hours.map((h) => ({ label: h.label, value: h.coverPerDay })) },
      ],
    }),
    barChart({
      id: 'projection',
      title: 'Approved AMHPs now and projected for the next three years, against the number needed',
      series: [
        { name: 'Approved AMHPs', points: v.projection.map((p) => ({ label: p.year === 0 ? `Now (${p.asOf})` : `Year ${p.year} (${p.asOf})`, value: p.approved })) },
        { name: 'Needed', points: v.projection.map((p) => ({ label: p.year === 0 ? `Now (${p.asOf})` : `Year ${p.year} (${p.asOf})`, value: p.target })) },
      ],
    }),
  ];
}

export function workforceRoutes(service: WorkforceService): RouteDeclaration[] {
  const render = async (ctx: ServiceContext, reply: FastifyReply, query: Query, values: Record<string, unknown>, errors?: Refused, targetValues?: Record<string, unknown>) => {
    const view = await service.view(ctx, query);
    return reply.render(
      'reports/workforce/views/workforce.njk',
      { view, charts: charts(view), values, errors, lssaOptions: view.lssas.map((l) => ({ value: l.id, text: l.name })), mayConfigure: hasAnyRole(ctx.actor, CONFIGURERS), mayExport: hasAnyRole(ctx.actor, ACCESS.exporters.roles), targetValues: targetValues ?? { target: view.settings.target ?? '', reapprovalPercent: Math.round(view.settings.reapprovalRate * 100), traineeCompletionPercent: Math.round(view.settings.traineeCompletionRate * 100) }, ascColumns: ASC_WDS_COLUMNS },
      errors?.status ?? 200,
    );
  };
  const ascWds = async (ctx: ServiceContext, reply: FastifyReply, format: 'csv' | 'xlsx') => {
    const { sheet, fileName } = await service.ascWds(ctx);
    const body = format === 'csv' ? toCsv(sheet) : await toXlsx(sheet);
    return reply.header('content-type', SHEET_CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${fileName}.${format}"`).header('cache-control', 'no-store').send(body);
  };
  return [
    defineRoute({
      method: 'GET',
      path: paths.workforce.pattern,
      access: ACCESS.aggregates,
      summary: 'Workforce sufficiency: demand by hour against rota cover, assessments per AMHP, the three-year projection of approved AMHPs against the target',
      tags,
      query: periodQuery,
      audit: 'workforce_sufficiency_viewed',
      onRefusal: async ({ error, values, ctx, reply }) => render(ctx, reply, { lssa: undefined }, values, refusal(error)),
      handler: async ({ ctx, query, reply, request }) => render(ctx, reply, query, request.query as Record<string, unknown>),
    }),
    defineRoute({
      method: 'POST',
      path: paths.workforceTarget.pattern,
      access: ACCESS.configurers,
      summary: 'Set the number of approved AMHPs the service needs, and the re-approval and trainee completion rates the projection uses',
      tags,
      body: targetBody,
      audit: 'setting_changed',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, ctx, reply }) => render(ctx, reply, { lssa: undefined }, {}, refusal(error), values),
      handler: async ({ ctx, body, reply }) => {
        await service.setTarget(ctx, { target: body.target, reapprovalRate: body.reapprovalPercent / 100, traineeCompletionRate: body.traineeCompletionPercent / 100 }, body.version);
        return reply.redirectWithFlash(paths.workforce(), { kind: 'success', heading: 'Workforce target saved' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.ascWds.pattern,
      access: ACCESS.exporters,
      summary: 'Download: the ASC-WDS AMHP fields, one row per approved AMHP (pseudonymous worker id)',
      tags,
      query: formatQuery.pick({ format: true }),
      audit: 'asc_wds_exported',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, query, reply }) => ascWds(ctx, reply, query.format),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiWorkforce.pattern,
      access: ACCESS.aggregates,
      summary: 'Workforce sufficiency (assessments per AMHP by name only for the service’s managers)',
      tags,
      query: periodQuery,
      audit: 'workforce_sufficiency_viewed',
      success: { schema: workforceResource },
      handler: async ({ ctx, query }) => workforceResource.parse(await service.view(ctx, query)),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiWorkforceTarget.pattern,
      access: ACCESS.configurers,
      summary: 'Set the workforce target and the projection’s rates (percentages)',
      tags,
      body: targetBody,
      audit: 'setting_changed',
      success: { schema: workforceResource.shape.settings.extend({ version: workforceResource.shape.settingsVersion }) },
      refusals: ['conflict'],
      handler: async ({ ctx, body }) => {
        const saved = await service.setTarget(ctx, { target: body.target, reapprovalRate: body.reapprovalPercent / 100, traineeCompletionRate: body.traineeCompletionPercent / 100 }, body.version);
        return { ...saved.value, version: saved.version };
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiAscWds.pattern,
      access: ACCESS.exporters,
      summary: 'The ASC-WDS AMHP fields as CSV or XLSX',
      tags,
      query: formatQuery.pick({ format: true }),
      audit: 'asc_wds_exported',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, query, reply }) => ascWds(ctx, reply, query.format),
    }),
  ];
}
