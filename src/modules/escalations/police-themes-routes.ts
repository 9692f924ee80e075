import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { dateTimeInputValues, formatDuration } from '../../platform/london-time.js';
import type { DirectoryService } from './directory-service.js';
import { URGENCY_LABELS } from './escalation.js';
import { ACCESS } from './escalations-access.js';
import { escalationsPaths as paths } from './escalations-paths.js';
import { escalationViewResource } from './escalations-schemas.js';
import { POLICE_RESPONSE_LABELS, THRESHOLDS, THRESHOLD_LABELS } from './police-requests.js';
import type { CategoriesService } from './categories-service.js';
import { POLICE_CATEGORY_LABELS, type PoliceRequestsService } from './police-requests-service.js';
import { policeEscalationBody, policeListQuery, policeRequestBody, policeRequestViewResource, policeRequestsResource, policeResponseBody, themesResource } from './police-themes-schemas.js';
import type { ThemesService } from './themes-service.js';
import type { Themes } from './themes.js';

const tags = ['escalations'];

export interface PoliceThemesRoutesDeps {
  police: PoliceRequestsService;
  themes: ThemesService;
  directory: DirectoryService;
  /** The categories' current names (a renamed category shows its new name). */
  categories?: CategoriesService;
}

type Refused = FormErrorsView & { status: number };
const refusal = (error: AppError): Refused => ({ ...refusalErrorsView(error), status: error.status });
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, text]) => ({ value, text }));
const policeLabels = { thresholds: THRESHOLD_LABELS, responses: POLICE_RESPONSE_LABELS };

/** A horizontal bar chart drawn on the server: each bar with its figure as text, for the table beside it. */
function barChart(items: Array<{ label: string; count: number }>) {
  const max = Math.max(1, ...items.map((i) => i.count));
  return { rows: items.map((i, n) => ({ ...i, y: n * 28, width: Math.round((i.count / max) * 300) })), height: items.length * 28 };
}

function themeView(t: Themes) {
  return {
    t,
    median: { acknowledge: t.medianMinutesToAcknowledge === null ? 'None acknowledged' : formatDuration(t.medianMinutesToAcknowledge), respond: t.medianMinutesToRespond === null ? 'None responded' : formatDuration(t.medianMinutesToRespond) },
    monthChart: barChart(t.byMonth.map((m) => ({ label: m.label, count: m.count }))),
    reasons: THRESHOLDS.map((key) => ({ label: THRESHOLD_LABELS[key], ...t.policeRequests.byReason[key] })),
  };
}

async function renderNew(deps: PoliceThemesRoutesDeps, reply: FastifyReply, errors?: Refused, values: Record<string, unknown> = {}) {
  const forces = (await deps.directory.partners()).filter((p) => p.kind === 'police');
  return reply.render('escalations/views/police-request-new.njk', { thresholdOptions: options(THRESHOLD_LABELS), forceOptions: forces.map((p) => ({ value: p.id, text: p.name })), values, errors }, errors?.status ?? 200);
}

async function renderRequest(deps: PoliceThemesRoutesDeps, ctx: ServiceContext, reply: FastifyReply, id: string, errors?: Refused, values: Record<string, unknown> = {}) {
  const view = await deps.police.view(ctx, id);
  const current = deps.categories ? await deps.categories.labels() : {};
  const categoryLabels = Object.fromEntries(Object.entries(POLICE_CATEGORY_LABELS).map(([key, label]) => [key, current[key] ?? label]));
  return reply.render(
    'escalations/views/police-request.njk',
    { ...view, labels: policeLabels, responseOptions: options({ attended: 'Attended', declined: 'Declined', no_response: 'No response' }), categoryOptions: options(categoryLabels), urgencyOptions: options(URGENCY_LABELS), values, errors },
    errors?.status ?? 200,
  );
}

/** The themes CSV as a download (the page link and the API answer the same file). */
function sendCsv(reply: FastifyReply, file: { fileName: string; body: string }): FastifyReply {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${file.fileName}"`).send(file.body);
}

export function policeThemesPageRoutes(deps: PoliceThemesRoutesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.themes.pattern,
      access: ACCESS.themeReaders,
      summary: 'Escalation themes for governance: by category, organisation and month, times to acknowledge and respond, missed deadlines, police requests by reason',
      tags,
      audit: 'escalation_themes_viewed',
      handler: async ({ ctx, reply }) => reply.render('escalations/views/themes.njk', themeView(await deps.themes.themes(ctx))),
    }),
    defineRoute({
      method: 'GET',
      path: paths.themesCsv.pattern,
      access: ACCESS.themeReaders,
      summary: 'Download: the escalation themes as CSV',
      tags,
      audit: 'escalation_themes_exported',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, reply }) => sendCsv(reply, await deps.themes.csv(ctx)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.policeRequests.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Police requests (Right Care, Right Person): the reason, the response, any escalation',
      tags,
      query: policeListQuery,
      audit: 'police_requests_viewed',
      handler: async ({ ctx, query, reply }) => reply.render('escalations/views/police-requests.njk', { ...(await deps.police.list(ctx, { referral: query.referral })), labels: policeLabels }),
    }),
    defineRoute({ method: 'GET', path: paths.newPoliceRequest.pattern, access: ACCESS.policeRequesters, summary: 'Record a request for police attendance', tags, handler: async ({ reply }) => renderNew(deps, reply, undefined, dateTimeInputValues('requestedAt', deps.police.now())) }),
    defineRoute({
      method: 'POST',
      path: paths.policeRequests.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Record a request for police attendance, with the Right Care, Right Person reason',
      tags,
      body: policeRequestBody,
      audit: 'police_request_recorded',
      onRefusal: async ({ error, values, reply }) => renderNew(deps, reply, refusal(error), values),
      handler: async ({ ctx, body, reply }) => {
        const view = await deps.police.record(ctx, body);
        return reply.redirectWithFlash(paths.policeRequest({ id: view.request.id }), { kind: 'success', heading: 'Police request recorded' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.policeRequest.pattern,
      access: ACCESS.policeRequesters,
      summary: 'A police request: the reason, the police response, and escalating it',
      tags,
      params: idParams,
      audit: 'police_request_viewed',
      handler: async ({ ctx, params, reply }) => renderRequest(deps, ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.policeResponse.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Record the police response: attended, declined or no response',
      tags,
      params: idParams,
      body: policeResponseBody,
      audit: 'police_response_recorded',
      onRefusal: async ({ error, values, params, ctx, reply }) => renderRequest(deps, ctx, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.police.recordResponse(ctx, params.id, body);
        return reply.redirectWithFlash(paths.policeRequest({ id: params.id }), { kind: 'success', heading: 'Police response recorded' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.policeEscalation.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Raise an escalation about this police response, prefilled from the request',
      tags,
      params: idParams,
      body: policeEscalationBody,
      audit: ['escalation_raised', 'police_response_escalated'],
      onRefusal: async ({ error, values, params, ctx, reply }) => renderRequest(deps, ctx, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        const view = await deps.police.escalate(ctx, params.id, body);
        return reply.redirectWithFlash(paths.escalation({ id: view.escalation.id }), { kind: 'success', heading: 'Escalation raised about the police response' });
      },
    }),
  ];
}

export function policeThemesApiRoutes(deps: PoliceThemesRoutesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiThemes.pattern,
      access: ACCESS.themeReaders,
      summary: 'Escalation themes for the last 12 months (aggregates only)',
      tags,
      audit: 'escalation_themes_viewed',
      success: { schema: themesResource },
      handler: async ({ ctx }) => themesResource.parse(await deps.themes.themes(ctx)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiThemesCsv.pattern,
      access: ACCESS.themeReaders,
      summary: 'The escalation themes as CSV',
      tags,
      audit: 'escalation_themes_exported',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, reply }) => sendCsv(reply, await deps.themes.csv(ctx)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiPoliceRequests.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Police requests, newest first (one referral’s when given)',
      tags,
      query: policeListQuery,
      audit: 'police_requests_viewed',
      success: { schema: policeRequestsResource },
      refusals: ['not_found'],
      handler: async ({ ctx, query }) => policeRequestsResource.parse(await deps.police.list(ctx, { referral: query.referral })),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiPoliceRequests.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Record a request for police attendance with the Right Care, Right Person reason ("other" needs an explanation)',
      tags,
      body: policeRequestBody,
      audit: 'police_request_recorded',
      success: { status: 201, schema: policeRequestViewResource },
      handler: async ({ ctx, body }) => policeRequestViewResource.parse(await deps.police.record(ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiPoliceRequest.pattern,
      access: ACCESS.policeRequesters,
      summary: 'A police request, and what an escalation about its response would say',
      tags,
      params: idParams,
      audit: 'police_request_viewed',
      success: { schema: policeRequestViewResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => policeRequestViewResource.parse(await deps.police.view(ctx, params.id)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiPoliceResponse.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Record the police response: attended, declined or no response',
      tags,
      params: idParams,
      body: policeResponseBody,
      audit: 'police_response_recorded',
      success: { schema: policeRequestViewResource },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => policeRequestViewResource.parse(await deps.police.recordResponse(ctx, params.id, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiPoliceEscalation.pattern,
      access: ACCESS.policeRequesters,
      summary: 'Raise an escalation to the force about a declined or unanswered request, prefilled from it',
      tags,
      params: idParams,
      body: policeEscalationBody,
      audit: ['escalation_raised', 'police_response_escalated'],
      success: { status: 201, schema: escalationViewResource },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => escalationViewResource.parse(await deps.police.escalate(ctx, params.id, body)),
    }),
  ];
}
