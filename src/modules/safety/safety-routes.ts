import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { StateError, ValidationError } from '../../platform/errors.js';
import { formBody, formErrorsView, parseInput, type FormErrorsView } from '../../platform/http/forms.js';
import { contextOf, route } from '../../platform/http/routing.js';
import { hasAnyRole } from '../../platform/roles.js';
import type { Services } from '../../services.js';
import { ADDITIONAL_HOURS_REASONS, ADDITIONAL_HOURS_REASON_LABELS } from './additional-hours.js';
import { LONG_SHIFT_PLAN_LABELS } from './long-shift.js';
import { ACKNOWLEDGEMENT_OUTCOME_LABELS } from './overdue-escalation.js';
import {
  additionalHoursApiSchema,
  acknowledgementSchema,
  checkInSchema,
  debriefRequestSchema,
  extendVisitApiSchema,
  visitApiSchema,
} from './safety-schemas.js';
import { ALERT_READERS, HOURS_APPROVERS, HOURS_MONITORS, LIVE_TOPIC, WATCHERS, type SafetyService } from './safety-service.js';
import { addMinutes, londonParts } from '../../platform/london-time.js';
import { COMPANION_KIND_LABELS } from './visit.js';

const AMHP = { roles: ['amhp'] } as const;
const READERS = { roles: ALERT_READERS } as const;
const SAFETY_USERS = { roles: ['amhp', ...ALERT_READERS] } as const;
const APPROVERS = { roles: HOURS_APPROVERS } as const;
const MONITORS = { roles: HOURS_MONITORS } as const;
const ADMIN = { roles: ['admin'] } as const;
const idParams = z.object({ id: z.string().min(1).max(64) });

/** Turns a refused form (bad input, or a rule such as "already out") into errors on the form. */
function formFailure(error: unknown): FormErrorsView {
  if (error instanceof ValidationError) return formErrorsView(error);
  if (error instanceof StateError) {
    const details = error.details as { errors?: Array<{ field: string; message: string }> } | undefined;
    return formErrorsView(new ValidationError(details?.errors ?? [{ field: 'form', message: error.message }]));
  }
  throw error;
}

const tags = ['safety'];
const visitJson = z.object({
  id: z.string(),
  place: z.string(),
  status: z.string(),
  expectedFinishAt: z.string(),
  companions: z.array(z.object({ kind: z.string(), name: z.string().nullable() })),
  aloneReason: z.string().nullable(),
  phone: z.string(),
});

export function registerSafetyRoutes(app: FastifyInstance, services: Services): void {
  const safety: SafetyService = services.safety;

  // ---- hub --------------------------------------------------------------------------------

  route(app, 'GET', '/safety', { access: SAFETY_USERS }, async (request, reply) => {
    const ctx = contextOf(request);
    const isAmhp = hasAnyRole(ctx.actor, ['amhp']);
    return reply.render('safety/views/hub.njk', {
      isAmhp,
      isWatcher: hasAnyRole(ctx.actor, ALERT_READERS),
      isApprover: hasAnyRole(ctx.actor, HOURS_APPROVERS),
      isMonitor: hasAnyRole(ctx.actor, HOURS_MONITORS),
      visit: isAmhp ? await safety.myOpenVisit(ctx) : null,
      recent: isAmhp ? await safety.myRecentVisits(ctx) : [],
      day: isAmhp ? await safety.myWorkingDay(ctx) : null,
      hasCodes: isAmhp ? await safety.hasCodes(ctx.actor.personId) : false,
      shiftKind: await safety.defaultShiftKind(ctx),
      now: services.clock.now(),
      today: safety.todayLondon(),
      nowTime: londonParts(services.clock.now()).time,
    });
  });

  // ---- going out ----------------------------------------------------------------------------

  function visitDefaults() {
    const later = londonParts(addMinutes(services.clock.now(), 90));
    return { expectedFinishDate: later.date, expectedFinishTime: later.time, with: [] };
  }

  async function renderVisitForm(reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrorsView) {
    const w = values.with;
    const withList = Array.isArray(w) ? w : w ? [w] : [];
    return reply.render(
      'safety/views/visit-new.njk',
      { values: { ...values, with: withList }, companionLabels: COMPANION_KIND_LABELS, ...(errors ? { errors } : {}) },
      errors ? 400 : 200,
    );
  }

  route(app, 'GET', '/safety/visits/new', { access: AMHP }, async (request, reply) => {
    const current = await safety.myOpenVisit(contextOf(request));
    if (current) return reply.redirect(`/safety/visits/${current.id}`, 303);
    const person = await services.staff.findPerson(contextOf(request).actor.personId);
    return renderVisitForm(reply, { ...visitDefaults(), phone: person?.phone ?? '' });
  });

  route(app, 'POST', '/safety/visits', { access: AMHP }, async (request, reply) => {
    const values = formBody(request);
    try {
      const id = await safety.startVisit(contextOf(request), values);
      return await reply.redirectWithFlash(`/safety/visits/${id}`, { kind: 'success', heading: 'You are recorded as out', body: 'Check in when you finish, or extend if it runs on.' });
    } catch (error) {
      return renderVisitForm(reply, values, formFailure(error));
    }
  });

  async function renderOwnVisit(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
    const visit = await safety.ownVisit(contextOf(request), id);
    const later = londonParts(addMinutes(visit.expectedFinishAt > services.clock.now() ? visit.expectedFinishAt : services.clock.now(), 30));
    return reply.render(
      'safety/views/visit-own.njk',
      {
        visit,
        companionLabels: COMPANION_KIND_LABELS,
        overdue: visit.status === 'out' && visit.expectedFinishAt < services.clock.now(),
        values: { newExpectedFinishDate: later.date, newExpectedFinishTime: later.time, ...values },
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  async function renderRecord(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
    const record = await safety.visitRecord(contextOf(request), id);
    const later = londonParts(addMinutes(services.clock.now(), 30));
    return reply.render(
      'safety/views/visit-record.njk',
      {
        ...record,
        companionLabels: COMPANION_KIND_LABELS,
        outcomes: Object.entries(ACKNOWLEDGEMENT_OUTCOME_LABELS).map(([value, text]) => ({ value, text })),
        values: { newExpectedFinishDate: later.date, newExpectedFinishTime: later.time, ...values },
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  route(app, 'GET', '/safety/visits/:id', { access: SAFETY_USERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    if ((await safety.isOwnVisit(ctx, id)) || !hasAnyRole(ctx.actor, ALERT_READERS)) return renderOwnVisit(request, reply, id);
    return renderRecord(request, reply, id);
  });

  route(app, 'POST', '/safety/visits/:id/check-in', { access: AMHP }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const values = formBody(request);
    try {
      const view = await safety.checkIn(contextOf(request), id, values);
      if (view.status === 'help_requested') {
        return await reply.redirectWithFlash(`/safety/visits/${id}`, { kind: 'important', heading: 'Help requested', body: 'Your lead and the on-call manager have been alerted and will call you.' });
      }
      return await reply.redirectWithFlash('/safety', {
        kind: 'success',
        heading: view.status === 'finished_home' ? 'Checked in: finished and going home' : 'Checked in: safe and finished',
      });
    } catch (error) {
      return renderOwnVisit(request, reply, id, formFailure(error), { action: values.action });
    }
  });

  route(app, 'POST', '/safety/visits/:id/extend', { access: SAFETY_USERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const values = formBody(request);
    const ctx = contextOf(request);
    try {
      await safety.extend(ctx, id, values);
      return await reply.redirectWithFlash(`/safety/visits/${id}`, { kind: 'success', heading: 'Expected finish extended' });
    } catch (error) {
      const errors = formFailure(error);
      return (await safety.isOwnVisit(ctx, id)) || !hasAnyRole(ctx.actor, ALERT_READERS) ? renderOwnVisit(request, reply, id, errors, values) : renderRecord(request, reply, id, errors, values);
    }
  });

  route(app, 'POST', '/safety/visits/:id/resolve', { access: READERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const values = formBody(request);
    try {
      await safety.resolveAlarm(contextOf(request), id, values);
      return await reply.redirectWithFlash(`/safety/visits/${id}`, { kind: 'success', heading: 'Alarm closed', body: 'Everyone alerted has been told to stand down.' });
    } catch (error) {
      return renderRecord(request, reply, id, formFailure(error), values);
    }
  });

  // ---- board and alerts -----------------------------------------------------------------------

  route(app, 'GET', '/safety/board', { access: READERS }, async (request, reply) => {
    const board = await safety.board(contextOf(request));
    return reply.render('safety/views/board.njk', { ...board, companionLabels: COMPANION_KIND_LABELS });
  });

  route(app, 'GET', '/safety/board/events', { access: READERS }, async (request, reply) => {
    services.liveEvents.stream(request, reply, [LIVE_TOPIC]);
  });

  route(app, 'GET', '/safety/alerts', { access: READERS }, async (request, reply) => {
    const alerts = await safety.alerts(contextOf(request));
    return reply.render('safety/views/alerts.njk', { alerts, outcomes: Object.entries(ACKNOWLEDGEMENT_OUTCOME_LABELS).map(([value, text]) => ({ value, text })) });
  });

  route(app, 'POST', '/safety/alerts/acknowledge', { access: READERS }, async (request, reply) => {
    const values = formBody(request);
    const key = typeof values.alertKey === 'string' ? values.alertKey : '';
    const back = typeof values.returnTo === 'string' && /^\/safety\/[a-z0-9/-]*$/i.test(values.returnTo) ? values.returnTo : '/safety/alerts';
    try {
      await safety.acknowledge(contextOf(request), key, values);
      return await reply.redirectWithFlash(back, { kind: 'success', heading: 'Alert acknowledged', body: 'What you did is on the visit record.' });
    } catch (error) {
      const errors = formFailure(error);
      const alerts = await safety.alerts(contextOf(request), false);
      return reply.render('safety/views/alerts.njk', { alerts, errors, failedKey: key, values, outcomes: Object.entries(ACKNOWLEDGEMENT_OUTCOME_LABELS).map(([value, text]) => ({ value, text })) }, 400);
    }
  });

  // ---- check-in and duress codes ------------------------------------------------------------

  route(app, 'GET', '/safety/codes', { access: AMHP }, async (request, reply) =>
    reply.render('safety/views/codes.njk', { hasCodes: await safety.hasCodes(contextOf(request).actor.personId) }),
  );

  route(app, 'POST', '/safety/codes', { access: AMHP }, async (request, reply) => {
    const ctx = contextOf(request);
    try {
      if (formBody(request).remove === 'yes') {
        await safety.removeCodes(ctx);
        return await reply.redirectWithFlash('/safety', { kind: 'success', heading: 'Check-in codes removed' });
      }
      await safety.setCodes(ctx, formBody(request));
      return await reply.redirectWithFlash('/safety', { kind: 'success', heading: 'Check-in codes saved', body: 'You will be asked for a code each time you check in safe.' });
    } catch (error) {
      return reply.render('safety/views/codes.njk', { hasCodes: await safety.hasCodes(ctx.actor.personId), errors: formFailure(error) }, 400);
    }
  });

  // ---- working day and long shifts ------------------------------------------------------------

  route(app, 'POST', '/safety/day/start', { access: AMHP }, async (request, reply) => {
    try {
      await safety.startDay(contextOf(request), formBody(request));
      return await reply.redirectWithFlash('/safety', { kind: 'success', heading: 'Start of working day recorded' });
    } catch (error) {
      const errors = formFailure(error);
      const ctx = contextOf(request);
      return reply.render(
        'safety/views/hub.njk',
        {
          isAmhp: true,
          isWatcher: hasAnyRole(ctx.actor, ALERT_READERS),
          visit: await safety.myOpenVisit(ctx),
          recent: await safety.myRecentVisits(ctx),
          day: null,
          hasCodes: await safety.hasCodes(ctx.actor.personId),
          shiftKind: await safety.defaultShiftKind(ctx),
          today: safety.todayLondon(),
          nowTime: londonParts(services.clock.now()).time,
          dayValues: formBody(request),
          errors,
        },
        400,
      );
    }
  });

  route(app, 'POST', '/safety/day/end', { access: AMHP }, async (request, reply) => {
    await safety.endDay(contextOf(request));
    return reply.redirectWithFlash('/safety', { kind: 'success', heading: 'End of working day recorded' });
  });

  async function renderShifts(request: FastifyRequest, reply: FastifyReply, errors?: FormErrorsView, failedDay?: string, values: Record<string, unknown> = {}) {
    const data = await safety.longShifts(contextOf(request));
    const amhps = await safety.amhpOptions();
    return reply.render(
      'safety/views/shifts.njk',
      {
        ...data,
        planOptions: Object.entries(LONG_SHIFT_PLAN_LABELS).map(([value, text]) => ({ value, text })),
        planLabels: LONG_SHIFT_PLAN_LABELS,
        amhpOptions: amhps.map((p) => ({ value: p.id, text: p.name })),
        failedDay,
        values,
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  route(app, 'GET', '/safety/shifts', { access: READERS }, async (request, reply) => renderShifts(request, reply));

  route(app, 'POST', '/safety/shifts/:id/plan', { access: READERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    try {
      await safety.recordPlan(contextOf(request), id, formBody(request));
      return await reply.redirectWithFlash('/safety/shifts', { kind: 'success', heading: 'Plan recorded' });
    } catch (error) {
      return renderShifts(request, reply, formFailure(error), id, formBody(request));
    }
  });

  // ---- additional hours -----------------------------------------------------------------------

  const reasonOptions = ADDITIONAL_HOURS_REASONS.map((value) => ({ value, text: ADDITIONAL_HOURS_REASON_LABELS[value] }));

  async function renderHours(request: FastifyRequest, reply: FastifyReply, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
    const mine = await safety.myHours(contextOf(request));
    return reply.render('safety/views/hours.njk', { ...mine, reasonOptions, reasonLabels: ADDITIONAL_HOURS_REASON_LABELS, values: { startDate: safety.todayLondon(), ...values }, ...(errors ? { errors } : {}) }, errors ? 400 : 200);
  }

  route(app, 'GET', '/safety/hours', { access: AMHP }, async (request, reply) => renderHours(request, reply));

  route(app, 'POST', '/safety/hours', { access: AMHP }, async (request, reply) => {
    try {
      await safety.submitClaim(contextOf(request), formBody(request));
      return await reply.redirectWithFlash('/safety/hours', { kind: 'success', heading: 'Additional hours sent to your line manager' });
    } catch (error) {
      return renderHours(request, reply, formFailure(error), formBody(request));
    }
  });

  route(app, 'GET', '/safety/hours/decide', { access: APPROVERS }, async (request, reply) =>
    reply.render('safety/views/hours-decide.njk', { claims: await safety.claimsToDecide(contextOf(request)), reasonLabels: ADDITIONAL_HOURS_REASON_LABELS }),
  );

  route(app, 'GET', '/safety/hours/monthly', { access: MONITORS }, async (request, reply) =>
    reply.render('safety/views/hours-monthly.njk', { ...(await safety.monthly(contextOf(request))), reasonLabels: ADDITIONAL_HOURS_REASON_LABELS, reasons: ADDITIONAL_HOURS_REASONS }),
  );

  async function renderClaim(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
    const data = await safety.claim(contextOf(request), id);
    return reply.render('safety/views/hours-claim.njk', { ...data, reasonLabels: ADDITIONAL_HOURS_REASON_LABELS, mine: data.claim.amhpId === contextOf(request).actor.personId, values, ...(errors ? { errors } : {}) }, errors ? 400 : 200);
  }

  route(app, 'GET', '/safety/hours/:id', { access: SAFETY_USERS }, async (request, reply) => renderClaim(request, reply, parseInput(idParams, request.params).id));

  route(app, 'POST', '/safety/hours/:id/decision', { access: APPROVERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    try {
      await safety.decideClaim(contextOf(request), id, formBody(request));
      return await reply.redirectWithFlash('/safety/hours/decide', { kind: 'success', heading: 'Decision recorded' });
    } catch (error) {
      return renderClaim(request, reply, id, formFailure(error), formBody(request));
    }
  });

  route(app, 'POST', '/safety/hours/:id/withdraw', { access: AMHP }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    await safety.withdrawClaim(contextOf(request), id);
    return reply.redirectWithFlash('/safety/hours', { kind: 'success', heading: 'Claim withdrawn' });
  });

  route(app, 'POST', '/safety/toil/:id', { access: APPROVERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const values = formBody(request);
    const back = typeof values.claimId === 'string' && /^[0-9a-f-]{36}$/.test(values.claimId) ? `/safety/hours/${values.claimId}` : '/safety/hours/decide';
    try {
      await safety.recordToil(contextOf(request), id, values);
      return await reply.redirectWithFlash(back, { kind: 'success', heading: 'Time off in lieu recorded' });
    } catch (error) {
      const errors = formFailure(error);
      return reply.render('errors/problem.njk', { error: { message: errors.errorList.map((e) => e.text).join('. '), status: 400 } }, 400);
    }
  });

  // ---- debriefs -----------------------------------------------------------------------------

  async function renderDebriefNew(request: FastifyRequest, reply: FastifyReply, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
    const ctx = contextOf(request);
    const amhps = hasAnyRole(ctx.actor, WATCHERS) ? await safety.amhpOptions() : [];
    return reply.render('safety/views/debrief-new.njk', { amhpOptions: amhps.filter((p) => p.id !== ctx.actor.personId).map((p) => ({ value: p.id, text: p.name })), isAmhp: hasAnyRole(ctx.actor, ['amhp']), values, ...(errors ? { errors } : {}) }, errors ? 400 : 200);
  }

  route(app, 'GET', '/safety/debriefs', { access: SAFETY_USERS }, async (request, reply) => reply.render('safety/views/debriefs.njk', await safety.debriefs(contextOf(request))));

  route(app, 'GET', '/safety/debriefs/new', { access: { roles: ['amhp', ...WATCHERS] } }, async (request, reply) => renderDebriefNew(request, reply));

  route(app, 'POST', '/safety/debriefs', { access: { roles: ['amhp', ...WATCHERS] } }, async (request, reply) => {
    try {
      const id = await safety.requestDebrief(contextOf(request), formBody(request));
      return await reply.redirectWithFlash(`/safety/debriefs/${id}`, { kind: 'success', heading: 'Debrief requested' });
    } catch (error) {
      return renderDebriefNew(request, reply, formFailure(error), formBody(request));
    }
  });

  async function renderDebrief(request: FastifyRequest, reply: FastifyReply, id: string, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
    const ctx = contextOf(request);
    const data = await safety.debrief(ctx, id);
    const staff = hasAnyRole(ctx.actor, ALERT_READERS) ? await safety.staffOptions() : [];
    const now = londonParts(services.clock.now());
    return reply.render(
      'safety/views/debrief.njk',
      {
        ...data,
        mayRecord: hasAnyRole(ctx.actor, ALERT_READERS),
        staffOptions: staff.filter((p) => p.id !== data.debrief.amhpId).map((p) => ({ value: p.id, text: p.name })),
        values: { heldBy: ctx.actor.personId, heldDate: now.date, heldTime: now.time, ...values },
        ...(errors ? { errors } : {}),
      },
      errors ? 400 : 200,
    );
  }

  route(app, 'GET', '/safety/debriefs/:id', { access: SAFETY_USERS }, async (request, reply) => renderDebrief(request, reply, parseInput(idParams, request.params).id));

  route(app, 'POST', '/safety/debriefs/:id/held', { access: READERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    try {
      await safety.debriefHeld(contextOf(request), id, formBody(request));
      return await reply.redirectWithFlash(`/safety/debriefs/${id}`, { kind: 'success', heading: 'Debrief recorded as held' });
    } catch (error) {
      return renderDebrief(request, reply, id, formFailure(error), formBody(request));
    }
  });

  route(app, 'POST', '/safety/debriefs/:id/cancel', { access: SAFETY_USERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    try {
      await safety.cancelDebrief(contextOf(request), id, formBody(request));
      return await reply.redirectWithFlash(`/safety/debriefs/${id}`, { kind: 'success', heading: 'Debrief request cancelled' });
    } catch (error) {
      return renderDebrief(request, reply, id, formFailure(error), formBody(request));
    }
  });

  // ---- administration: escalation ladders ----------------------------------------------------

  route(app, 'GET', '/admin/safety', { access: ADMIN }, async (request, reply) =>
    reply.render('safety/views/admin-ladders.njk', { policies: await safety.policies(contextOf(request)) }),
  );

  async function renderLadderForm(request: FastifyRequest, reply: FastifyReply, teamId: string, errors?: FormErrorsView, posted?: Record<string, unknown>) {
    const policies = await safety.policies(contextOf(request));
    const entry = policies.find((p) => p.teamId === teamId);
    if (!entry) return reply.render('errors/not-found.njk', {}, 404);
    const values: Record<string, unknown> = posted ?? {
      graceMinutes: entry.policy.graceMinutes,
      stepIntervalMinutes: entry.policy.stepIntervalMinutes,
      alarmStepIntervalMinutes: entry.policy.alarmStepIntervalMinutes,
      version: entry.version,
      ...Object.fromEntries(entry.policy.ladder.flatMap((s, i) => [[`roleLabel${i}`, s.roleLabel], [`personId${i}`, s.personId ?? ''], [`contactNumber${i}`, s.contactNumber]])),
    };
    const people = await safety.staffOptions();
    return reply.render(
      'safety/views/admin-ladder-form.njk',
      { entry, values, rows: [0, 1, 2, 3, 4, 5], peopleOptions: people.map((p) => ({ value: p.id, text: p.name })), ...(errors ? { errors } : {}) },
      errors ? 400 : 200,
    );
  }

  route(app, 'GET', '/admin/safety/:id', { access: ADMIN }, async (request, reply) => renderLadderForm(request, reply, parseInput(idParams, request.params).id));

  route(app, 'POST', '/admin/safety/:id', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const values = formBody(request);
    try {
      await safety.putPolicy(contextOf(request), id, values, Number(values.version ?? 0));
      return await reply.redirectWithFlash('/admin/safety', { kind: 'success', heading: 'Escalation ladder saved' });
    } catch (error) {
      const errors = formFailure(error);
      // Ladder errors come back as ladder.N.field: show them on the row's inputs.
      for (const [field, message] of Object.entries(errors.byField)) {
        const match = /^ladder\.(\d+)\.(\w+)$/.exec(field);
        if (match) errors.byField[`${match[2]}${match[1]}`] = message;
      }
      errors.errorList = errors.errorList.map((e) => ({ ...e, href: e.href.replace(/^#ladder-(\d+)-(\w+)$/, '#$2$1') }));
      return renderLadderForm(request, reply, id, errors, values);
    }
  });

  // ---- API ----------------------------------------------------------------------------------

  route(app, 'GET', '/api/v1/safety/visits', { access: READERS, api: { summary: 'The whereabouts board: every AMHP out now, alarms and overdue first', tags } }, async (request) => {
    const board = await safety.board(contextOf(request));
    return board.rows.map((r) => ({
      visitId: r.visit.id,
      amhpId: r.visit.amhpId,
      amhpName: r.visit.amhpName,
      place: r.visit.place,
      companions: r.visit.companions,
      alone: r.lone,
      aloneReason: r.visit.aloneReason,
      referralId: r.visit.referralId,
      referralReference: r.visit.referralReference,
      phone: r.visit.phone,
      expectedFinishAt: r.visit.expectedFinishAt,
      minutesRemaining: r.minutesRemaining,
      alert: r.alert,
    }));
  });

  route(app, 'POST', '/api/v1/safety/visits', { access: AMHP, api: { summary: 'Record going out (the caller is the AMHP)', tags, body: visitApiSchema(new Date()), response: z.object({ id: z.string() }), successStatus: 201 } }, async (request, reply) => {
    const id = await safety.startVisit(contextOf(request), request.body, 'api');
    return reply.code(201).send({ id });
  });

  route(app, 'GET', '/api/v1/safety/visits/:id', { access: SAFETY_USERS, api: { summary: 'One visit: your own as you see it, or (for leads) the record with its trail', tags } }, async (request) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    if ((await safety.isOwnVisit(ctx, id)) || !hasAnyRole(ctx.actor, ALERT_READERS)) return safety.ownVisit(ctx, id);
    const record = await safety.visitRecord(ctx, id);
    return { visit: record.visit, trail: record.trail, openAlerts: record.openAlerts };
  });

  route(app, 'POST', '/api/v1/safety/visits/:id/check-ins', { access: AMHP, api: { summary: 'Check in: safe, home, or help (code: your check-in code when you have set one)', tags, body: checkInSchema, response: visitJson } }, async (request) =>
    safety.checkIn(contextOf(request), parseInput(idParams, request.params).id, request.body),
  );

  route(app, 'POST', '/api/v1/safety/visits/:id/extensions', { access: SAFETY_USERS, api: { summary: 'Extend the expected finish with a reason', tags, body: extendVisitApiSchema(new Date()), successStatus: 204 } }, async (request, reply) => {
    await safety.extend(contextOf(request), parseInput(idParams, request.params).id, request.body, 'api');
    return reply.code(204).send();
  });

  route(app, 'GET', '/api/v1/safety/alerts', { access: READERS, api: { summary: 'Escalation alerts waiting for acknowledgement', tags } }, async (request) => safety.alerts(contextOf(request)));

  route(app, 'POST', '/api/v1/safety/alerts/:key/acknowledgements', { access: READERS, api: { summary: 'Acknowledge an alert, recording what you did', tags, body: acknowledgementSchema, successStatus: 204 } }, async (request, reply) => {
    const { key } = parseInput(z.object({ key: z.string().min(1).max(200) }), request.params);
    await safety.acknowledge(contextOf(request), key, request.body);
    return reply.code(204).send();
  });

  route(app, 'GET', '/api/v1/safety/hours', { access: AMHP, api: { summary: 'Your additional hours claims and TOIL balance', tags } }, async (request) => safety.myHours(contextOf(request)));

  route(app, 'POST', '/api/v1/safety/hours', { access: AMHP, api: { summary: 'Claim additional hours', tags, body: additionalHoursApiSchema(new Date()), response: z.object({ id: z.string() }), successStatus: 201 } }, async (request, reply) => {
    const id = await safety.submitClaim(contextOf(request), request.body, 'api');
    return reply.code(201).send({ id });
  });

  route(app, 'POST', '/api/v1/safety/hours/:id/decision', { access: APPROVERS, api: { summary: 'Approve as TOIL or payment, or decline with a reason', tags, body: z.object({ decision: z.enum(['approve_toil', 'approve_payment', 'decline']), declineReason: z.string().optional() }), successStatus: 204 } }, async (request, reply) => {
    await safety.decideClaim(contextOf(request), parseInput(idParams, request.params).id, request.body);
    return reply.code(204).send();
  });

  route(app, 'GET', '/api/v1/safety/debriefs', { access: SAFETY_USERS, api: { summary: 'Debrief requests (yours, or all for leads), overdue first', tags } }, async (request) => safety.debriefs(contextOf(request)));

  route(app, 'POST', '/api/v1/safety/debriefs', { access: { roles: ['amhp', ...WATCHERS] }, api: { summary: 'Request a debrief (for yourself, or for an AMHP as their lead)', tags, body: debriefRequestSchema, response: z.object({ id: z.string() }), successStatus: 201 } }, async (request, reply) => {
    const id = await safety.requestDebrief(contextOf(request), request.body);
    return reply.code(201).send({ id });
  });

  route(app, 'POST', '/api/v1/safety/debriefs/:id/held', { access: READERS, api: { summary: 'Record a debrief as held', tags, body: z.object({ heldBy: z.string(), heldDate: z.string(), heldTime: z.string() }), successStatus: 204 } }, async (request, reply) => {
    await safety.debriefHeld(contextOf(request), parseInput(idParams, request.params).id, request.body);
    return reply.code(204).send();
  });
}
