import type { FastifyReply } from 'fastify';
import type { AppError } from '../../platform/errors.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { type Pack, figureText } from './pack.js';
import type { PackQuery, PackService } from './pack-service.js';
import { PERIOD_KIND_LABELS, SERVICE_LABELS, lastWholeMonth } from './report-period.js';
import { ACCESS } from './reports-access.js';
import { reportsPaths as paths } from './reports-paths.js';
import { packQuery, packResource } from './reports-schemas.js';

const tags = ['reports'];

function sendFile(reply: FastifyReply, file: { fileName: string; body: string | Buffer }, contentType: string): FastifyReply {
  return reply.header('content-type', contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
}

function queryString(values: Record<string, unknown>): string {
  const entries = Object.entries(values).filter(([, v]) => typeof v === 'string' && v !== '') as Array<[string, string]>;
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}

async function renderPack(service: PackService, reply: FastifyReply, values: Record<string, unknown>, pack: Pack | null, errors?: ReturnType<typeof refusalErrorsView>, status = 200) {
  const { lssas, teams } = await service.options();
  const form = {
    periodOptions: Object.entries(PERIOD_KIND_LABELS).map(([value, text]) => ({ value, text, selected: (values.period ?? 'month') === value })),
    serviceOptions: Object.entries(SERVICE_LABELS).map(([value, text]) => ({ value, text, selected: (values.service ?? 'both') === value })),
    lssaOptions: [{ value: '', text: 'All LSSAs' }, ...lssas.map((l) => ({ value: l.id, text: l.name, selected: values.lssa === l.id }))],
    teamOptions: [{ value: '', text: 'All teams' }, ...teams.map((t) => ({ value: t.id, text: t.name, selected: values.team === t.id }))],
    month: typeof values.month === 'string' && values.month ? values.month : lastWholeMonth(service.today()),
  };
  const qs = queryString(values);
  const view = pack
    ? {
        pack,
        sections: pack.sections.map((s) => ({ ...s, rows: s.figures.map((f) => ({ label: f.label, current: figureText(f.current, f.unit), previous: figureText(f.previous, f.unit), yearEarlier: figureText(f.yearEarlier, f.unit) })) })),
        csvHref: `${paths.packCsv()}${qs}`,
        pdfHref: `${paths.packPdf()}${qs}`,
      }
    : {};
  return reply.render('reports/views/pack.njk', { ...form, ...view, values, errors }, status);
}

const asQuery = (q: PackQuery): PackQuery => q;

export function packRoutes(deps: { pack: PackService }): RouteDeclaration[] {
  const refusal = (error: AppError) => refusalErrorsView(error);
  return [
    defineRoute({
      method: 'GET',
      path: paths.pack.pattern,
      access: ACCESS.readers,
      summary: 'The monthly performance pack: by month, quarter or year, service, LSSA and team, beside the previous period and a year earlier',
      tags,
      query: packQuery,
      audit: 'performance_pack_viewed',
      onRefusal: async ({ error, request, reply }) => renderPack(deps.pack, reply, { ...(request.query as Record<string, unknown>) }, null, refusal(error), error.status),
      handler: async ({ ctx, query, request, reply }) => renderPack(deps.pack, reply, { ...(request.query as Record<string, unknown>) }, await deps.pack.pack(ctx, asQuery(query))),
    }),
    defineRoute({
      method: 'GET',
      path: paths.packCsv.pattern,
      access: ACCESS.readers,
      summary: 'Download: the performance pack as CSV (one row per figure, the three periods as columns)',
      tags,
      query: packQuery,
      audit: 'performance_pack_exported_csv',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, query, reply }) => sendFile(reply, await deps.pack.csv(ctx, asQuery(query)), 'text/csv; charset=utf-8'),
    }),
    defineRoute({
      method: 'GET',
      path: paths.packPdf.pattern,
      access: ACCESS.readers,
      summary: 'Download: the performance pack as PDF, with its charts',
      tags,
      query: packQuery,
      audit: 'performance_pack_exported_pdf',
      success: { contentType: 'application/pdf' },
      handler: async ({ ctx, query, reply }) => sendFile(reply, await deps.pack.pdf(ctx, asQuery(query)), 'application/pdf'),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiPack.pattern,
      access: ACCESS.readers,
      summary: 'The performance pack: every figure beside the previous period and the same period a year earlier (aggregates only; null is no data)',
      tags,
      query: packQuery,
      audit: 'performance_pack_viewed',
      success: { schema: packResource },
      handler: async ({ ctx, query }) => packResource.parse(await deps.pack.pack(ctx, asQuery(query))),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiPackCsv.pattern,
      access: ACCESS.readers,
      summary: 'The performance pack as CSV',
      tags,
      query: packQuery,
      audit: 'performance_pack_exported_csv',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, query, reply }) => sendFile(reply, await deps.pack.csv(ctx, asQuery(query)), 'text/csv; charset=utf-8'),
    }),
  ];
}
