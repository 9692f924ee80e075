import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import { ConflictError, StateError, type AppError } from '../../platform/errors.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import type { HighlightService } from './highlight-service.js';
import { approveBody, highlightParams, highlightPickQuery, highlightResource, narrativesBody, narrativesForm, toHighlightResource } from './highlight-schemas.js';
import { ACCESS } from './reports-access.js';
import { reportsPaths as paths } from './reports-paths.js';

const tags = ['reports'];
type Refused = FormErrorsView & { status: number };
const refusal = (error: AppError): Refused => ({ ...refusalErrorsView(error), status: error.status });

async function renderList(service: HighlightService, ctx: ServiceContext, reply: FastifyReply, month: string, errors?: Refused) {
  return reply.render('reports/views/highlights.njk', { month, reports: await service.list(ctx), errors }, errors?.status ?? 200);
}

async function renderReport(service: HighlightService, ctx: ServiceContext, reply: FastifyReply, month: string, errors?: Refused, values: Record<string, unknown> = {}) {
  const report = await service.view(ctx, month);
  return reply.render('reports/views/highlight.njk', { report, errors, values }, errors?.status ?? 200);
}

/** A refused form: bad input keeps what was typed; a conflict or a locked report shows what is saved now. */
async function reshow(service: HighlightService, ctx: ServiceContext, reply: FastifyReply, month: string | undefined, error: AppError, values: Record<string, unknown>) {
  if (!month) return renderList(service, ctx, reply, service.defaultMonth(), refusal(error));
  const keep = error instanceof ConflictError || error instanceof StateError ? {} : values;
  try {
    return await renderReport(service, ctx, reply, month, refusal(error), keep);
  } catch (notShown) {
    // The month itself is refused (in the future): back to the picker with the reason.
    return renderList(service, ctx, reply, month, refusal(notShown as AppError));
  }
}

export function highlightRoutes(deps: { highlights: HighlightService }): RouteDeclaration[] {
  const { highlights } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: paths.highlights.pattern,
      access: ACCESS.readers,
      summary: 'Highlight Reports: choose a month (last month by default); recent months and their state',
      tags,
      query: highlightPickQuery,
      audit: 'highlight_reports_listed',
      onRefusal: async ({ error, ctx, request, reply }) => renderList(highlights, ctx, reply, String((request.query as Record<string, unknown>).month ?? ''), refusal(error)),
      handler: async ({ ctx, query, reply }) => {
        if (!query.month) return renderList(highlights, ctx, reply, highlights.defaultMonth());
        highlights.checkMonth(query.month);
        return reply.redirect(paths.highlight({ month: query.month }));
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.highlight.pattern,
      access: ACCESS.readers,
      summary: 'The Highlight Report for a month: each theme’s figures and trend, and the Lead’s narrative',
      tags,
      params: highlightParams,
      audit: 'highlight_report_viewed',
      onRefusal: async ({ error, ctx, params, reply }) => renderList(highlights, ctx, reply, params?.month ?? highlights.defaultMonth(), refusal(error)),
      handler: async ({ ctx, params, reply }) => renderReport(highlights, ctx, reply, params.month),
    }),
    defineRoute({
      method: 'POST',
      path: paths.highlightNarrative.pattern,
      access: ACCESS.writers,
      summary: 'Save the narratives of a draft Highlight Report',
      tags,
      params: highlightParams,
      body: narrativesForm,
      audit: 'highlight_report_narratives_saved',
      onRefusal: async ({ error, ctx, params, values, reply }) => reshow(highlights, ctx, reply, params?.month, error, values),
      handler: async ({ ctx, params, body, reply }) => {
        await highlights.saveNarratives(ctx, params.month, body);
        return reply.redirectWithFlash(paths.highlight({ month: params.month }), { kind: 'success', heading: 'Narratives saved' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.highlightApprove.pattern,
      access: ACCESS.approvers,
      summary: 'Approve a Highlight Report: it is locked from then on',
      tags,
      params: highlightParams,
      body: approveBody,
      audit: 'highlight_report_approved',
      onRefusal: async ({ error, ctx, params, reply }) => reshow(highlights, ctx, reply, params?.month, error, {}),
      handler: async ({ ctx, params, body, reply }) => {
        await highlights.approve(ctx, params.month, body);
        return reply.redirectWithFlash(paths.highlight({ month: params.month }), { kind: 'success', heading: 'Highlight Report approved and locked' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.highlightPdf.pattern,
      access: ACCESS.readers,
      summary: 'Download: the Highlight Report as PDF (figures, trend and narratives)',
      tags,
      params: highlightParams,
      audit: 'highlight_report_downloaded_pdf',
      success: { contentType: 'application/pdf' },
      handler: async ({ ctx, params, reply }) => {
        const file = await highlights.pdf(ctx, params.month);
        return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiHighlight.pattern,
      access: ACCESS.readers,
      summary: 'The Highlight Report for a month: themes with figures (null is no data), trend and narrative; state and version',
      tags,
      params: highlightParams,
      audit: 'highlight_report_viewed',
      success: { schema: highlightResource },
      handler: async ({ ctx, params }) => toHighlightResource(await highlights.view(ctx, params.month)),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiHighlightNarrative.pattern,
      access: ACCESS.writers,
      summary: 'Save the narratives of a draft Highlight Report (409 when the version is stale or the report is approved and locked)',
      tags,
      params: highlightParams,
      body: narrativesBody,
      audit: 'highlight_report_narratives_saved',
      success: { schema: highlightResource },
      refusals: ['conflict', 'state'],
      handler: async ({ ctx, params, body }) => toHighlightResource(await highlights.saveNarratives(ctx, params.month, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiHighlightApproval.pattern,
      access: ACCESS.approvers,
      summary: 'Approve a Highlight Report (every theme needs a narrative); it is locked from then on',
      tags,
      params: highlightParams,
      body: approveBody,
      audit: 'highlight_report_approved',
      success: { schema: highlightResource },
      refusals: ['conflict', 'state', 'rule'],
      handler: async ({ ctx, params, body }) => toHighlightResource(await highlights.approve(ctx, params.month, body)),
    }),
  ];
}
