/**
 * An escalation and its clock (Partnership Working Practice Guidance, Multi Agency Escalation
 * Practice §2–§3). Pure: the calendar and "now" are handed in.
 *
 * §2.2: resolve by discussion first, then confirm in writing — so every escalation says what was
 * tried locally. §2.3: "The receiving manager will acknowledge receipt within 24 hours and a
 * written response will be provided within seven working days." §3.3: when managers cannot
 * resolve it, it goes to senior managers, then head of service / assistant director / on-call
 * director — a disputed response moves one rung up with a new clock.
 */
import { addMinutes, londonDate, londonInstant, londonParts } from '../../platform/london-time.js';
import { type Result, notAllowed, ok, ruleBroken, wrongState } from '../../platform/result.js';
import type { WorkingDayCalendar } from '../../platform/working-days.js';

/** The seed's list (§2.1), as seeded in migration 1470: the `escalation_categories` table is the live list (administrators and the AMHP Lead add, rename, retire and restore; see escalation-categories.ts). */
export const DEFAULT_CATEGORIES: ReadonlyArray<{ key: string; label: string }> = [
  { key: 'complex_safeguarding', label: 'Complex safeguarding' },
  { key: 'complex_case', label: 'Complex case' },
  { key: 'dispute_on_outcome', label: 'Mental Health Act referral: dispute on outcome' },
  { key: 'delay_statutory_assessment', label: 'Delay in a statutory assessment' },
  { key: 'appropriate_adult', label: 'Delay providing, or unable to provide, an appropriate adult' },
  { key: 'professional_dispute', label: 'Professional dispute or difference of opinion' },
  { key: 'it_access', label: 'IT access' },
  { key: 'shift_cover', label: 'Shift cover' },
  { key: 'health_and_safety', label: 'Health and safety' },
  { key: 'commissioning', label: 'Commissioning of services or staff' },
  { key: 'weather', label: 'Inclement weather' },
  { key: 'reputational_risk', label: 'Reputational risk' },
  { key: 'media', label: 'Media enquiry' },
  { key: 'on_call_unreachable', label: 'Cannot reach the on-call manager or get manager support' },
  { key: 'service_delay', label: 'Delay in service delivery' },
  { key: 'transfer_of_care', label: 'Transfer of care between acute and mental health trusts (bed allocation)' },
  { key: 'conveyance', label: 'Conveyance' },
  { key: 'pace_bed', label: 'PACE bed availability' },
  { key: 'business_continuity', label: 'Business continuity plan activated' },
];

export const URGENCIES = ['urgent', 'routine'] as const;
export type Urgency = (typeof URGENCIES)[number];
export const URGENCY_LABELS: Record<Urgency, string> = { urgent: 'Urgent', routine: 'Not urgent' };

export const STATUSES = ['awaiting_acknowledgement', 'acknowledged', 'responded', 'resolved'] as const;
export type EscalationStatus = (typeof STATUSES)[number];
export const STATUS_LABELS: Record<EscalationStatus, string> = {
  awaiting_acknowledgement: 'Waiting for acknowledgement',
  acknowledged: 'Acknowledged, waiting for a written response',
  responded: 'Responded',
  resolved: 'Resolved',
};

export const EVENT_KINDS = ['raised', 'acknowledged', 'responded', 'disputed', 'resolved', 'reply', 'on_call_decision'] as const;
export type EscalationEventKind = (typeof EVENT_KINDS)[number];

/** The top of every organisation's ladder (§3.3). */
export const TOP_RUNG = 3;

export const ACKNOWLEDGE_WITHIN_HOURS = 24;
export const RESPOND_WITHIN_WORKING_DAYS = 7;
/** A written response is due by the close of the seventh working day. */
export const WORKING_DAY_CLOSE = '17:00';
export const WORKING_DAY_OPEN = '09:00';

export interface Deadlines {
  acknowledgeBy: Date;
  respondBy: Date;
}

/** §2.3: acknowledgement 24 hours from the start of the clock; a written response by 17:00 on the seventh working day after it. */
export function deadlines(clockStartedAt: Date, calendar: WorkingDayCalendar): Deadlines {
  const day = calendar.addWorkingDays(londonDate(clockStartedAt), RESPOND_WITHIN_WORKING_DAYS);
  return { acknowledgeBy: addMinutes(clockStartedAt, ACKNOWLEDGE_WITHIN_HOURS * 60), respondBy: londonInstant(day, WORKING_DAY_CLOSE) };
}

/** Out of hours: before 09:00 or from 17:00, at weekends and on bank holidays (when EDT works). */
export function isOutOfHours(now: Date, calendar: WorkingDayCalendar): boolean {
  const parts = londonParts(now);
  if (!calendar.isWorkingDay(parts.date)) return true;
  return parts.time < WORKING_DAY_OPEN || parts.time >= WORKING_DAY_CLOSE;
}

/** The part of an escalation its rules read. */
export interface EscalationState {
  id: string;
  raisedBy: string;
  status: EscalationStatus;
  rung: number;
  receiverPersonId: string | null;
  receiverName: string;
  clockStartedAt: Date;
  acknowledgeBy: Date;
  respondBy: Date;
  acknowledgedAt: Date | null;
  respondedAt: Date | null;
}

export type DeadlineState = 'running' | 'met' | 'met_late' | 'missed';

export interface DeadlineView {
  due: Date;
  state: DeadlineState;
  /** Minutes left while running (0 or less once missed). */
  minutesLeft: number;
  metAt: Date | null;
}

export interface ClockView {
  acknowledgement: DeadlineView;
  response: DeadlineView;
}

function deadlineView(due: Date, metAt: Date | null, now: Date, stopped: boolean): DeadlineView {
  const minutesLeft = Math.floor((due.getTime() - now.getTime()) / 60_000);
  if (metAt) return { due, metAt, minutesLeft, state: metAt.getTime() <= due.getTime() ? 'met' : 'met_late' };
  if (stopped) return { due, metAt: null, minutesLeft, state: 'met' };
  return { due, metAt: null, minutesLeft, state: minutesLeft <= 0 && now.getTime() >= due.getTime() ? 'missed' : 'running' };
}

/** Both deadlines of the current rung, counted down, and whether each was met or missed. */
export function clockView(escalation: EscalationState, now: Date): ClockView {
  const stopped = escalation.status === 'resolved';
  return {
    acknowledgement: deadlineView(escalation.acknowledgeBy, escalation.acknowledgedAt, now, stopped),
    response: deadlineView(escalation.respondBy, escalation.respondedAt, now, stopped),
  };
}

/** Who is acting, and whether they may record a reply on an outside manager's behalf. */
export interface Acting {
  personId: string;
  /** The raiser or a coordinator, recording what an outside manager said (by phone or e-mail). */
  mayRecordForOutsideReceiver: boolean;
}

/**
 * Only the receiver acknowledges and responds. When the receiver is a person in the app, it is
 * them; when they are outside it (a police inspector), the raiser or a coordinator records what
 * that manager said, naming them.
 */
function receiverCheck(escalation: EscalationState, acting: Acting, what: string): Result<true> {
  if (escalation.receiverPersonId) {
    if (acting.personId !== escalation.receiverPersonId) return notAllowed(`Only ${escalation.receiverName}, the receiving manager, can ${what} this escalation`);
    return ok(true);
  }
  if (!acting.mayRecordForOutsideReceiver) return notAllowed(`Only the person who raised it or a coordinator can record that ${escalation.receiverName} did ${what === 'acknowledge' ? 'acknowledge' : 'respond to'} it`);
  return ok(true);
}

export function acknowledge(escalation: EscalationState, acting: Acting, now: Date): Result<Pick<EscalationState, 'status' | 'acknowledgedAt'>> {
  if (escalation.status !== 'awaiting_acknowledgement') return wrongState('already_acknowledged', 'This escalation has already been acknowledged');
  const allowed = receiverCheck(escalation, acting, 'acknowledge');
  if (!allowed.ok) return allowed;
  return ok({ status: 'acknowledged', acknowledgedAt: now });
}

export function respond(escalation: EscalationState, acting: Acting, now: Date): Result<Pick<EscalationState, 'status' | 'respondedAt'>> {
  if (escalation.status === 'awaiting_acknowledgement') return wrongState('not_acknowledged', 'Acknowledge the escalation before giving a written response');
  if (escalation.status !== 'acknowledged') return wrongState('already_responded', 'This escalation already has a written response at this level');
  const allowed = receiverCheck(escalation, acting, 'respond to');
  if (!allowed.ok) return allowed;
  return ok({ status: 'responded', respondedAt: now });
}

export interface NextReceiver {
  personId: string | null;
  name: string;
  contact: string;
}

/** §3.3: a disputed response goes one rung up the receiving organisation's ladder, with a new clock. */
export function dispute(
  escalation: EscalationState,
  actingPersonId: string,
  mayDisputeForOthers: boolean,
  next: NextReceiver,
  now: Date,
  calendar: WorkingDayCalendar,
): Result<Omit<EscalationState, 'id' | 'raisedBy'> & { receiverContact: string }> {
  if (escalation.status !== 'responded') return wrongState('not_responded', 'Only a written response can be disputed');
  if (actingPersonId !== escalation.raisedBy && !mayDisputeForOthers) return notAllowed('Only the person who raised the escalation, or a coordinator, can dispute the response');
  if (escalation.rung >= TOP_RUNG) return ruleBroken('top_of_ladder', 'This is already with the head of service or on-call director: use the organisation’s complaint route');
  const { acknowledgeBy, respondBy } = deadlines(now, calendar);
  return ok({
    status: 'awaiting_acknowledgement',
    rung: escalation.rung + 1,
    receiverPersonId: next.personId,
    receiverName: next.name,
    receiverContact: next.contact,
    clockStartedAt: now,
    acknowledgeBy,
    respondBy,
    acknowledgedAt: null,
    respondedAt: null,
  });
}

/** The raiser (or a coordinator) accepts the response: the clock stops. */
export function resolve(escalation: EscalationState, actingPersonId: string, mayResolveForOthers: boolean): Result<{ status: 'resolved' }> {
  if (escalation.status !== 'responded') return wrongState('not_responded', 'An escalation is resolved once it has a written response');
  if (actingPersonId !== escalation.raisedBy && !mayResolveForOthers) return notAllowed('Only the person who raised the escalation, or a coordinator, can mark it resolved');
  return ok({ status: 'resolved' });
}

export type ReminderKind = 'acknowledge_soon' | 'acknowledgement_missed' | 'respond_soon' | 'response_missed';

/** How long before each deadline the receiving manager is reminded. */
export const REMIND_BEFORE_MINUTES = { acknowledge: 4 * 60, respond: 24 * 60 } as const;

export interface ReminderDue {
  /** Unique per escalation, rung and kind: each reminder is sent once. */
  key: string;
  kind: ReminderKind;
  /** The receiving manager before a deadline; the AMHP Lead when one is missed. */
  to: 'receiver' | 'amhp_lead';
}

/** The reminders due now for the current rung (§2.3's deadlines). */
export function remindersDue(escalation: EscalationState, now: Date): ReminderDue[] {
  const due: ReminderDue[] = [];
  const key = (kind: ReminderKind) => `${escalation.id}:${escalation.rung}:${kind}`;
  const t = now.getTime();
  if (escalation.status === 'awaiting_acknowledgement') {
    if (t >= escalation.acknowledgeBy.getTime()) due.push({ key: key('acknowledgement_missed'), kind: 'acknowledgement_missed', to: 'amhp_lead' });
    else if (t >= addMinutes(escalation.acknowledgeBy, -REMIND_BEFORE_MINUTES.acknowledge).getTime()) due.push({ key: key('acknowledge_soon'), kind: 'acknowledge_soon', to: 'receiver' });
  }
  if (escalation.status === 'awaiting_acknowledgement' || escalation.status === 'acknowledged') {
    if (t >= escalation.respondBy.getTime()) due.push({ key: key('response_missed'), kind: 'response_missed', to: 'amhp_lead' });
    else if (t >= addMinutes(escalation.respondBy, -REMIND_BEFORE_MINUTES.respond).getTime()) due.push({ key: key('respond_soon'), kind: 'respond_soon', to: 'receiver' });
  }
  return due;
}

/** "3 hours 20 minutes left", "2 days 4 hours left", "missed by 1 hour 5 minutes". */
export function countdownText(view: DeadlineView, now: Date): string {
  if (view.state === 'met') return 'Met';
  if (view.state === 'met_late') return 'Met late';
  const minutes = Math.abs(Math.floor((view.due.getTime() - now.getTime()) / 60_000));
  const days = Math.floor(minutes / (24 * 60));
  const hours = Math.floor((minutes % (24 * 60)) / 60);
  const mins = minutes % 60;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  const span = days > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : hours > 0 ? `${plural(hours, 'hour')} ${plural(mins, 'minute')}` : plural(mins, 'minute');
  return view.state === 'missed' ? `Missed by ${span}` : `${span} left`;
}
