import { addMinutes, minutesBetween } from '../../platform/london-time.js';
import { invalid, notAllowed, ok, ruleBroken, wrongState, type Result } from '../../platform/result.js';
import { formatDayTime } from './duty-calendar.js';
import { isCoveringMhaWork, nextServiceStart, responsibleTeamAt } from './service-hours.js';
import type { BankHolidays, ServiceHoursConfig, ServiceTeam } from './service-hours.js';

// Handover Practice Guidance §3–§4: responsibility stays with the sending team until someone
// in the receiving team accepts it (§3.6); verbal handovers within 30 minutes of the
// receiving service starting (§3.1); warrants not routinely handed to EDT (§3.8).

export type HandoverParty = { kind: 'team'; team: ServiceTeam } | { kind: 'other-service'; name: string };

export const DAYTIME: HandoverParty = { kind: 'team', team: 'daytime' };
export const EDT: HandoverParty = { kind: 'team', team: 'edt' };

export function partyLabel(party: HandoverParty): string {
  if (party.kind === 'other-service') return party.name;
  return party.team === 'edt' ? 'EDT' : 'Daytime AMHP service';
}

function sameParty(a: HandoverParty, b: HandoverParty): boolean {
  if (a.kind === 'team' && b.kind === 'team') return a.team === b.team;
  if (a.kind === 'other-service' && b.kind === 'other-service')
    return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
  return false;
}

export interface HandoverItem {
  referralId: string;
  done: string;
  outstanding: string;
  contingency: string;
  /** The handover includes a warrant application under s135(1). */
  warrantApplication: boolean;
  /** Why the warrant is being handed over rather than kept as a planned daytime assessment. */
  warrantReason: string | null;
}

export type HandoverStatus = 'sent' | 'accepted' | 'withdrawn';

export interface Handover {
  id: string;
  from: HandoverParty;
  to: HandoverParty;
  sentBy: string;
  sentAt: Date;
  items: HandoverItem[];
  documentsSent: string[];
  status: HandoverStatus;
  acceptedBy: string | null;
  /** For another service: the named person there who accepted; acceptedBy is who recorded it. */
  acceptedByExternal: string | null;
  acceptedAt: Date | null;
  withdrawnBy: string | null;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
}

export interface NewHandover {
  id: string;
  from: HandoverParty;
  to: HandoverParty;
  sentBy: string;
  sentAt: Date;
  items: HandoverItem[];
  documentsSent: string[];
}

export const WARRANT_WARNING =
  'This handover includes a warrant (s135) application. Warrant applications should not routinely be handed over: agree the actions with the AMHP Lead and the EDT on-call manager.';

/** What the sender should read before the handover goes: a warrant is not routinely handed over (§3.8). */
export function handoverWarnings(handover: Pick<Handover, 'items'>): string[] {
  return handover.items.some((i) => i.warrantApplication) ? [WARRANT_WARNING] : [];
}

export function createHandover(input: NewHandover): Result<Handover> {
  if (sameParty(input.from, input.to)) {
    return ruleBroken('same_team', 'A handover must go to a different team from the one sending it', 'to');
  }
  if (input.from.kind === 'other-service' && input.to.kind === 'other-service') {
    return ruleBroken('no_service_team', 'A handover must be sent by or to the daytime AMHP service or EDT', 'from');
  }
  if (input.items.length === 0) {
    return invalid('items', 'Add at least one referral to the handover');
  }
  const seen = new Set<string>();
  for (const [index, item] of input.items.entries()) {
    if (seen.has(item.referralId)) {
      return ruleBroken('duplicate_referral', 'Each referral can appear only once in a handover', `items.${index}.referralId`);
    }
    seen.add(item.referralId);
  }
  const items = input.items.map((item) => ({
    ...item,
    warrantReason: item.warrantApplication ? item.warrantReason?.trim() || null : null,
  }));
  const missingReason = items.findIndex((i) => i.warrantApplication && !i.warrantReason);
  if (missingReason >= 0) {
    return ruleBroken(
      'warrant_reason_required',
      'Give a reason for handing over a warrant (s135) application: warrants should be planned assessments during working hours where possible',
      `items.${missingReason}.warrantReason`,
    );
  }
  return ok({
      ...input,
      items,
      documentsSent: input.documentsSent.map((d) => d.trim()).filter(Boolean),
      status: 'sent',
      acceptedBy: null,
      acceptedByExternal: null,
      acceptedAt: null,
      withdrawnBy: null,
      withdrawnAt: null,
      withdrawnReason: null,
  });
}

function closedRefusal(handover: Handover, action: 'accept' | 'withdraw') {
  if (handover.status === 'accepted') {
    const by = handover.acceptedByExternal ?? handover.acceptedBy ?? 'someone';
    const when = handover.acceptedAt ? ` at ${formatDayTime(handover.acceptedAt)}` : '';
    const tail = action === 'withdraw' ? ', so it can no longer be withdrawn' : '';
    return wrongState('already_accepted', `This handover was already accepted by ${by}${when}${tail}`);
  }
  const when = handover.withdrawnAt ? ` at ${formatDayTime(handover.withdrawnAt)}` : '';
  const tail = action === 'accept' ? ', so it cannot be accepted' : '';
  return wrongState('already_withdrawn', `This handover was withdrawn${when}${tail}`);
}

export interface Acceptor {
  personId: string;
  /** Teams the person works in; accepting for a team needs membership of it. */
  teams: readonly ServiceTeam[];
}

export interface AcceptInput {
  by: Acceptor;
  at: Date;
  /** Required when the receiving side is another service: who there accepted. */
  externalAcceptorName?: string;
}

export function acceptHandover(handover: Handover, input: AcceptInput): Result<Handover> {
  if (handover.status !== 'sent') return closedRefusal(handover, 'accept');
  if (input.at.getTime() < handover.sentAt.getTime()) {
    return ruleBroken('accepted_before_sent', 'A handover cannot be accepted before it was sent');
  }
  let acceptedByExternal: string | null = null;
  if (handover.to.kind === 'team') {
    // Acceptance is the receiving team taking responsibility: the sender cannot give it to themselves.
    if (input.by.personId === handover.sentBy) {
      return ruleBroken('own_handover', `You sent this handover, so you cannot accept it: someone else in the ${partyLabel(handover.to)} must accept it`);
    }
    if (!input.by.teams.includes(handover.to.team)) {
      return notAllowed(`Only someone in the ${partyLabel(handover.to)} can accept this handover`);
    }
  } else {
    acceptedByExternal = input.externalAcceptorName?.trim() || null;
    if (!acceptedByExternal) {
      return ruleBroken('external_acceptor_required', `Enter the name of the person at ${handover.to.name} who accepted the handover`, 'externalAcceptorName');
    }
  }
  return ok({
    ...handover,
    status: 'accepted',
    acceptedBy: input.by.personId,
    acceptedByExternal,
    acceptedAt: input.at,
  });
}

export function withdrawHandover(handover: Handover, by: string, at: Date, reason: string): Result<Handover> {
  if (handover.status !== 'sent') return closedRefusal(handover, 'withdraw');
  const why = reason.trim();
  if (!why) return invalid('reason', 'Give a reason for withdrawing the handover');
  return ok({ ...handover, status: 'withdrawn', withdrawnBy: by, withdrawnAt: at, withdrawnReason: why });
}

export const ACCEPTANCE_WINDOW_MINUTES = 30;

/**
 * Latest acceptance time: 30 minutes after the receiving service starts, or after sending if
 * that service is already on. Null for another service, whose hours the hub does not know.
 */
export function acceptanceDeadline(
  handover: Pick<Handover, 'to' | 'sentAt'>,
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): Date | null {
  if (handover.to.kind !== 'team') return null;
  const team = handover.to.team;
  const start = isCoveringMhaWork(team, handover.sentAt, config, bankHolidays)
    ? handover.sentAt
    : nextServiceStart(team, handover.sentAt, config, bankHolidays);
  return start ? addMinutes(start, ACCEPTANCE_WINDOW_MINUTES) : null;
}

export interface HandoverTiming {
  deadline: Date | null;
  /** Still awaiting acceptance after the deadline: flag to both leads. */
  overdue: boolean;
  minutesOverdue: number;
  /** Accepted, but after the deadline (for reports). */
  acceptedLate: boolean;
  /** Minutes since it was sent, up to acceptance, withdrawal or now. */
  minutesWaiting: number;
}

export function handoverTiming(
  handover: Handover,
  now: Date,
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): HandoverTiming {
  const deadline = acceptanceDeadline(handover, config, bankHolidays);
  const endOfWait = handover.acceptedAt ?? handover.withdrawnAt ?? now;
  const overdue = handover.status === 'sent' && deadline !== null && now.getTime() > deadline.getTime();
  return {
    deadline,
    overdue,
    minutesOverdue: overdue && deadline ? minutesBetween(deadline, now) : 0,
    acceptedLate:
      handover.status === 'accepted' &&
      deadline !== null &&
      handover.acceptedAt !== null &&
      handover.acceptedAt.getTime() > deadline.getTime(),
    minutesWaiting: Math.max(0, minutesBetween(handover.sentAt, endOfWait)),
  };
}

/** Who holds a referral received at an instant, before any handover: the team on for MHA work then. */
export function initialHolderAt(
  receivedAt: Date,
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): HandoverParty {
  const cover = responsibleTeamAt(receivedAt, config, bankHolidays);
  return { kind: 'team', team: cover.mhaWorkTeam ?? cover.team };
}

export interface ResponsibilityInterval {
  from: Date;
  /** Null while it is still the current holder. */
  to: Date | null;
  holder: HandoverParty;
  /** The accepted handover that gave the holder responsibility; null for the original holder. */
  viaHandoverId: string | null;
  /** Handovers sent by the holder and not yet accepted or withdrawn during this interval. */
  pendingHandoverIds: string[];
}

interface TimelineEvent {
  at: number;
  order: number;
  apply: (state: { holder: HandoverParty; via: string | null; pending: string[] }) => void;
}

/**
 * Which team is responsible for a referral at every moment since it was received, for the
 * referral's timeline. Only an acceptance moves responsibility; a sent handover shows as
 * pending while the sender keeps responsibility.
 */
export function responsibilityIntervals(
  referralId: string,
  received: { at: Date; holder: HandoverParty },
  handovers: readonly Handover[],
): ResponsibilityInterval[] {
  const events: TimelineEvent[] = [];
  for (const h of handovers) {
    if (!h.items.some((i) => i.referralId === referralId)) continue;
    if (h.sentAt.getTime() < received.at.getTime()) continue;
    events.push({
      at: h.sentAt.getTime(),
      order: 0,
      apply: (s) => {
        s.pending = [...s.pending, h.id];
      },
    });
    const closedAt = h.status === 'accepted' ? h.acceptedAt : h.status === 'withdrawn' ? h.withdrawnAt : null;
    if (!closedAt) continue;
    events.push({
      at: closedAt.getTime(),
      order: 1,
      apply: (s) => {
        s.pending = s.pending.filter((id) => id !== h.id);
        if (h.status === 'accepted') {
          s.holder = h.to;
          s.via = h.id;
        }
      },
    });
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);

  const state = { holder: received.holder, via: null as string | null, pending: [] as string[] };
  const intervals: ResponsibilityInterval[] = [];
  let current: ResponsibilityInterval = {
    from: received.at,
    to: null,
    holder: state.holder,
    viaHandoverId: null,
    pendingHandoverIds: [],
  };
  for (const event of events) {
    event.apply(state);
    const changed =
      !sameParty(state.holder, current.holder) ||
      state.via !== current.viaHandoverId ||
      state.pending.join() !== current.pendingHandoverIds.join();
    if (!changed) continue;
    const at = new Date(event.at);
    if (at.getTime() === current.from.getTime()) {
      current = { ...current, holder: state.holder, viaHandoverId: state.via, pendingHandoverIds: [...state.pending] };
      continue;
    }
    intervals.push({ ...current, to: at });
    current = {
      from: at,
      to: null,
      holder: state.holder,
      viaHandoverId: state.via,
      pendingHandoverIds: [...state.pending],
    };
  }
  intervals.push(current);
  return intervals;
}
