import type { PagePanels } from '../../../platform/module.js';
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import type { FormErrorsView } from '../../../platform/http/forms.js';
import { addMinutes, dateTimeInputValues } from '../../../platform/london-time.js';
import { hasAnyRole } from '../../../platform/roles.js';
import { ACKNOWLEDGEMENT_OUTCOME_LABELS } from '../ladders/overdue-escalation.js';
import { ALERT_READERS } from '../safety-access.js';
import { labelOptions, statusOf } from '../safety-forms.js';
import type { CheckinCodesService } from './checkin-codes-service.js';
import { COMPANION_KIND_LABELS } from './visit.js';
import type { VisitsService } from './visits-service.js';
import type { WhereaboutsService } from './whereabouts-service.js';

export interface VisitPagesDeps {
  visits: VisitsService;
  whereabouts: WhereaboutsService;
  codes: CheckinCodesService;
  clock: Clock;
  /** Panels from modules above (the escalations module's "Raise an escalation"), passed down by the root. */
  visitPanels?: PagePanels | undefined;
}

/** The "Going out" form: the expected finish defaults to 90 minutes from now, today's date filled in. */
export function renderVisitForm(deps: VisitPagesDeps, reply: FastifyReply, values: Record<string, unknown>, errors?: FormErrorsView) {
  const chosen = values.with;
  const withList = Array.isArray(chosen) ? chosen : chosen ? [chosen] : [];
  return reply.render('safety/visits/views/visit-new.njk', { values: { ...values, with: withList }, companionLabels: COMPANION_KIND_LABELS, errors }, statusOf(errors));
}

export function newVisitDefaults(deps: VisitPagesDeps, phone: string): Record<string, unknown> {
  return { ...dateTimeInputValues('expectedFinishAt', addMinutes(deps.clock.now(), 90)), phone, with: [] };
}

/** A new expected finish half an hour after the current one (or now, if that has passed). */
function extensionDefaults(deps: VisitPagesDeps, expectedFinishAt: Date | null): Record<string, string> {
  const now = deps.clock.now();
  return dateTimeInputValues('newExpectedFinishAt', addMinutes(expectedFinishAt && expectedFinishAt > now ? expectedFinishAt : now, 30));
}

export async function renderOwnVisit(deps: VisitPagesDeps, ctx: ServiceContext, reply: FastifyReply, id: string, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
  const visit = await deps.visits.ownVisit(ctx, id);
  return reply.render(
    'safety/visits/views/visit-own.njk',
    {
      visit,
      panels: deps.visitPanels ? await deps.visitPanels(ctx, id) : [],
      companionLabels: COMPANION_KIND_LABELS,
      overdue: visit.status === 'out' && visit.expectedFinishAt < deps.clock.now(),
      values: { ...extensionDefaults(deps, visit.expectedFinishAt), ...values },
      errors,
    },
    statusOf(errors),
  );
}

export async function renderVisitRecord(deps: VisitPagesDeps, ctx: ServiceContext, reply: FastifyReply, id: string, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
  const record = await deps.whereabouts.visitRecord(ctx, id);
  return reply.render(
    'safety/visits/views/visit-record.njk',
    {
      ...record,
      panels: deps.visitPanels ? await deps.visitPanels(ctx, id) : [],
      companionLabels: COMPANION_KIND_LABELS,
      outcomes: labelOptions(ACKNOWLEDGEMENT_OUTCOME_LABELS),
      values: { ...extensionDefaults(deps, null), ...values },
      errors,
    },
    statusOf(errors),
  );
}

/** The AMHP sees their own visit; a watcher sees the record of someone else's. */
export async function renderVisit(deps: VisitPagesDeps, ctx: ServiceContext, reply: FastifyReply, id: string, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
  if ((await deps.visits.isOwnVisit(ctx, id)) || !hasAnyRole(ctx.actor, ALERT_READERS)) return renderOwnVisit(deps, ctx, reply, id, errors, values);
  return renderVisitRecord(deps, ctx, reply, id, errors, values);
}

export async function renderCodes(deps: VisitPagesDeps, ctx: ServiceContext, reply: FastifyReply, errors?: FormErrorsView) {
  return reply.render('safety/visits/views/codes.njk', { hasCodes: await deps.codes.hasCodes(ctx.actor.personId), errors }, statusOf(errors));
}
