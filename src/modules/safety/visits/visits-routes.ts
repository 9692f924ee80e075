import type { LiveEvents } from '../../../platform/live-events.js';
import { idParams } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { ACCESS, LIVE_TOPIC } from '../safety-access.js';
import { formErrors } from '../safety-forms.js';
import { safetyPaths as paths } from '../safety-paths.js';
import { COMPANION_KIND_LABELS } from './visit.js';
import { type VisitPagesDeps, newVisitDefaults, renderCodes, renderOwnVisit, renderVisit, renderVisitForm, renderVisitRecord } from './visits-pages.js';
import { checkInBody, codesForm, extendForm, resolveBody, visitForm } from './visits-schemas.js';

const tags = ['safety'];

/** Going out in two taps from home, and the AMHP's own visit page: check in, ask for help, extend. */
function goingOutPages(deps: VisitPagesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.newVisit.pattern,
      access: ACCESS.amhp,
      summary: 'The going-out form (or the visit already open)',
      tags,
      handler: async ({ ctx, reply }) => {
        const current = await deps.visits.myOpenVisit(ctx);
        if (current) return reply.redirect(paths.visit({ id: current.id }), 303);
        return renderVisitForm(deps, reply, newVisitDefaults(deps, await deps.visits.myPhone(ctx)));
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.visits.pattern,
      access: ACCESS.amhp,
      summary: 'Record going out',
      tags,
      body: visitForm,
      audit: 'visit_started',
      onRefusal: async ({ error, values, reply }) => renderVisitForm(deps, reply, values, formErrors(error, ['expectedFinishAt'])),
      handler: async ({ ctx, body, reply }) => {
        const visit = await deps.visits.startVisit(ctx, body);
        return reply.redirectWithFlash(paths.visit({ id: visit.id }), { kind: 'success', heading: 'You are recorded as out', body: 'Check in when you finish, or extend if it runs on.' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.visit.pattern,
      access: ACCESS.users,
      summary: 'A visit: your own, or (for those watching over AMHPs) the record with its trail',
      tags,
      params: idParams,
      handler: async ({ ctx, params, reply }) => renderVisit(deps, ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.checkIn.pattern,
      access: ACCESS.amhp,
      summary: 'Check in: safe, going home, or I need help now',
      tags,
      params: idParams,
      body: checkInBody,
      audit: ['visit_checked_in', 'visit_help_requested'],
      onRefusal: async ({ error, values, params, ctx, reply }) => renderOwnVisit(deps, ctx, reply, params!.id, formErrors(error), { action: values.action }),
      handler: async ({ ctx, params, body, reply }) => {
        const view = await deps.visits.checkIn(ctx, params.id, body);
        if (view.status === 'help_requested') {
          return reply.redirectWithFlash(paths.visit({ id: params.id }), { kind: 'important', heading: 'Help requested', body: 'Your lead and the on-call manager have been alerted and will call you.' });
        }
        // The same words for a duress finish: nothing on the screen may differ.
        return reply.redirectWithFlash(paths.hub(), { kind: 'success', heading: view.status === 'finished_home' ? 'Checked in: finished and going home' : 'Checked in: safe and finished' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.extend.pattern,
      access: ACCESS.users,
      summary: 'Extend the expected finish, with a reason',
      tags,
      params: idParams,
      body: extendForm,
      audit: 'visit_extended',
      onRefusal: async ({ error, values, params, ctx, reply }) => renderVisit(deps, ctx, reply, params!.id, formErrors(error, ['newExpectedFinishAt']), values),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.visits.extend(ctx, params.id, body);
        return reply.redirectWithFlash(paths.visit({ id: params.id }), { kind: 'success', heading: 'Expected finish extended' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.resolve.pattern,
      access: ACCESS.readers,
      summary: 'Close a help request or silent alarm once the AMHP is confirmed safe',
      tags,
      params: idParams,
      body: resolveBody,
      audit: 'visit_alarm_closed',
      onRefusal: async ({ error, values, params, ctx, reply }) => renderVisitRecord(deps, ctx, reply, params!.id, formErrors(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.visits.resolveAlarm(ctx, params.id, body);
        return reply.redirectWithFlash(paths.visit({ id: params.id }), { kind: 'success', heading: 'Alarm closed', body: 'Everyone alerted has been told to stand down.' });
      },
    }),
  ];
}

/** The whereabouts board (live), and the AMHP's check-in and duress codes. */
function boardAndCodesPages(deps: VisitPagesDeps & { liveEvents: LiveEvents }): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.board.pattern,
      access: ACCESS.readers,
      summary: 'The whereabouts board',
      tags,
      audit: 'whereabouts_viewed',
      handler: async ({ ctx, reply }) => reply.render('safety/visits/views/board.njk', { ...(await deps.whereabouts.board(ctx)), companionLabels: COMPANION_KIND_LABELS }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.boardEvents.pattern,
      access: ACCESS.readers,
      summary: 'Server-sent events telling an open board to refresh',
      tags,
      success: { contentType: 'text/event-stream' },
      handler: async ({ request, reply }) => {
        deps.liveEvents.stream(request, reply, [LIVE_TOPIC]);
        return reply;
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.codes.pattern,
      access: ACCESS.amhp,
      summary: 'Set or stop using check-in and duress codes',
      tags,
      handler: async ({ ctx, reply }) => renderCodes(deps, ctx, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.codes.pattern,
      access: ACCESS.amhp,
      summary: 'Save check-in and duress codes, or stop using them',
      tags,
      body: codesForm,
      audit: ['checkin_codes_set', 'checkin_codes_removed'],
      onRefusal: async ({ error, ctx, reply }) => renderCodes(deps, ctx, reply, formErrors(error)),
      handler: async ({ ctx, body, reply }) => {
        if (body.remove === 'yes') {
          await deps.codes.removeCodes(ctx);
          return reply.redirectWithFlash(paths.hub(), { kind: 'success', heading: 'Check-in codes removed' });
        }
        await deps.codes.setCodes(ctx, body);
        return reply.redirectWithFlash(paths.hub(), { kind: 'success', heading: 'Check-in codes saved', body: 'You will be asked for a code each time you check in safe.' });
      },
    }),
  ];
}

export function visitPageRoutes(deps: VisitPagesDeps & { liveEvents: LiveEvents }): RouteDeclaration[] {
  return [...goingOutPages(deps), ...boardAndCodesPages(deps)];
}
