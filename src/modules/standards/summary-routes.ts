/**
 * The summary report of an evaluation (heat map, priorities, plan, every standard) and its
 * downloads: PDF, ratings and actions CSV, and the workbook; pages and API.
 */
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { STANDARDS_READERS } from './standards-access.js';
import { standardsPaths as paths } from './standards-paths.js';
import { summaryResource, toSummaryResource } from './standards-resources.js';
import { evaluationParams } from './standards-schemas.js';
import type { StandardsService } from './standards-service.js';
import { labels, STATUS_TAG } from './standards-views.js';
import type { ExportFormat } from './summary-service.js';

const READERS = { roles: STANDARDS_READERS };
const TAGS = ['standards'];

const DOWNLOADS: Array<{ format: ExportFormat; page: string; api: string; summary: string; contentType: string }> = [
  { format: 'pdf', page: paths.summaryPdf.pattern, api: paths.apiSummaryPdf.pattern, summary: 'The summary report as PDF (heat map first, then priorities, plan and every standard)', contentType: 'application/pdf' },
  { format: 'ratings-csv', page: paths.ratingsCsv.pattern, api: paths.apiRatingsCsv.pattern, summary: 'The 28 standards’ ratings as CSV', contentType: 'text/csv' },
  { format: 'actions-csv', page: paths.actionsCsv.pattern, api: paths.apiActionsCsv.pattern, summary: 'The evaluation’s development-plan actions as CSV', contentType: 'text/csv' },
  {
    format: 'xlsx',
    page: paths.summaryXlsx.pattern,
    api: paths.apiSummaryXlsx.pattern,
    summary: 'Ratings and actions as an Excel workbook (sheets Ratings and Actions)',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  },
];

async function send(standards: StandardsService, reply: FastifyReply, ctx: ServiceContext, id: string, format: ExportFormat) {
  const file = await standards.summaries.export(ctx, id, format);
  return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
}

export function summaryRoutes(standards: StandardsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.summary.pattern,
      access: READERS,
      summary: 'The summary report of an evaluation',
      params: evaluationParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const { view, summary } = await standards.summaries.summary(ctx, params.id);
        return reply.render('standards/views/summary.njk', { view, evaluation: view.evaluation, summary, labels, statusTag: STATUS_TAG[view.evaluation.status] });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiSummary.pattern,
      access: READERS,
      summary: 'The summary report’s figures: counts by extent met, priorities (highest risk first) and the plan',
      tags: TAGS,
      params: evaluationParams,
      success: { schema: summaryResource },
      handler: async ({ ctx, params }) => {
        const { view, summary } = await standards.summaries.summary(ctx, params.id);
        return toSummaryResource(view, summary);
      },
    }),
    ...DOWNLOADS.flatMap((download) => [
      defineRoute({
        method: 'GET',
        path: download.page,
        access: READERS,
        summary: `Download: ${download.summary}`,
        params: evaluationParams,
        audit: 'standards_summary_exported',
        success: { contentType: download.contentType },
        handler: async ({ ctx, params, reply }) => send(standards, reply, ctx, params.id, download.format),
      }),
      defineRoute({
        method: 'GET',
        path: download.api,
        access: READERS,
        summary: download.summary,
        tags: TAGS,
        params: evaluationParams,
        audit: 'standards_summary_exported',
        success: { contentType: download.contentType },
        handler: async ({ ctx, params, reply }) => send(standards, reply, ctx, params.id, download.format),
      }),
    ]),
  ];
}
