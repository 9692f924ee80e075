// A visit is the whereabouts record an AMHP makes when going out (Lone Working Guidance §5.6:
// location, and an agreed plan to say when the assessment is completed — including going home
// straight after). The standards expect AMHPs not to lone-work in non-contained settings
// (toolkit 4.1), so going alone needs a reason and is flagged.

import type { FieldError } from '../../../platform/errors.js';
import { addMinutes } from '../../../platform/london-time.js';
import { type Result, invalid, notAllowed, ok, wrongState } from '../../../platform/result.js';

export type CompanionKind = 'colleague' | 'police' | 'ambulance' | 'other_professional';

export const COMPANION_KIND_LABELS: Record<CompanionKind, string> = {
  colleague: 'A named colleague',
  police: 'Police',
  ambulance: 'Ambulance crew',
  other_professional: 'Another professional',
};

export interface Companion {
  kind: CompanionKind;
  /** Colleague's name, or the professional's name/role; optional detail for police/ambulance. */
  name: string | null;
}

/**
 * `duress`: the AMHP finished with their duress code. Their own screen shows the finish they
 * chose; the lead's board shows a silent alarm.
 */
export type VisitStatus = 'out' | 'help_requested' | 'duress' | 'finished_safe' | 'finished_home';

export type FinishHow = 'safe' | 'home';

export interface VisitExtension {
  at: Date;
  by: string;
  from: Date;
  to: Date;
  reason: string;
}

export interface AlarmResolution {
  by: string;
  at: Date;
  note: string;
}

export interface Visit {
  id: string;
  amhpId: string;
  place: string;
  referralId: string | null;
  companions: Companion[];
  /** Set only when nobody goes with the AMHP. */
  aloneReason: string | null;
  phone: string;
  startedAt: Date;
  expectedFinishAt: Date;
  status: VisitStatus;
  extensions: VisitExtension[];
  helpRequestedAt: Date | null;
  duressAt: Date | null;
  /** When the AMHP said they had finished (a duress finish included), or an alarm was closed. */
  finishedAt: Date | null;
  /** What the AMHP chose when finishing: what their own screen keeps showing. */
  reportedFinish: FinishHow | null;
  alarmResolution: AlarmResolution | null;
}

/** Someone acting on a visit; `mayActForOthers` is decided by the service from roles. */
export interface VisitActor {
  id: string;
  mayActForOthers: boolean;
}

// An expected finish further ahead than this is almost always a typing slip (wrong day); a
// genuinely long visit is extended as it goes, which keeps the lead informed.
export const MAX_VISIT_AHEAD_MINUTES = 24 * 60;

export const VISIT_MESSAGES = {
  placeRequired: 'Enter where you are going',
  phoneRequired: 'Enter the phone number you are carrying',
  phoneInvalid: 'Enter a UK phone number, like 07700 900123',
  companionNameRequired: 'Enter the name of the colleague or professional going with you',
  aloneReasonRequired: 'You are going alone: say why, so your lead can agree the plan',
  aloneWithCompanions: 'You cannot be both alone and accompanied',
  expectedFinishInPast: 'Expected finish must be in the future',
  expectedFinishTooFar: 'Expected finish must be within 24 hours; extend the visit later if it runs on',
  alreadyOut: 'You are already recorded as out on another visit. Finish or update that visit first',
  extensionReasonRequired: 'Say why the visit is running on',
  extensionNotLater: 'The new expected finish must be later than the current one',
  notOwnVisit: 'You can only check in on your own visit',
  alreadyFinished: 'This visit has already finished',
  helpAlreadyRequested: 'Help has already been requested and your lead has been alerted',
  extendWhileAlarm: 'Help has been requested on this visit; it cannot be extended until the alarm is closed',
  helpRequestedLeadCloses: 'Help has been requested: your lead will call you and close the alarm',
  noAlarm: 'There is no alarm to close on this visit',
  resolveOwnAlarm: 'An alarm must be closed by someone other than the AMHP who raised it',
  resolutionNoteRequired: 'Record how the AMHP was confirmed safe',
} as const;

/** Accepts UK numbers as people type them: 07700 900123, +44 7700 900123, (01632) 960 001. */
export function isPlausibleUkPhone(value: string): boolean {
  const compact = value.replace(/[\s()-]/g, '');
  return /^(?:\+44|0)\d{9,10}$/.test(compact);
}

export interface NewVisitInput {
  id: string;
  amhpId: string;
  place: string;
  referralId?: string | null;
  companions: Companion[];
  aloneReason?: string | null;
  phone: string;
  expectedFinishAt: Date;
}

function companionErrors(companions: Companion[]): FieldError[] {
  const errors: FieldError[] = [];
  companions.forEach((companion, index) => {
    const needsName = companion.kind === 'colleague' || companion.kind === 'other_professional';
    if (needsName && !companion.name?.trim()) {
      errors.push({ field: `companions.${index}.name`, message: VISIT_MESSAGES.companionNameRequired });
    }
  });
  return errors;
}

function expectedFinishErrors(field: string, expectedFinishAt: Date, now: Date): FieldError[] {
  if (expectedFinishAt.getTime() <= now.getTime()) {
    return [{ field, message: VISIT_MESSAGES.expectedFinishInPast }];
  }
  if (expectedFinishAt.getTime() > addMinutes(now, MAX_VISIT_AHEAD_MINUTES).getTime()) {
    return [{ field, message: VISIT_MESSAGES.expectedFinishTooFar }];
  }
  return [];
}

/** Records an AMHP going out. `openVisitsOfAmhp` are that AMHP's visits not yet finished. */
export function startVisit(input: NewVisitInput, now: Date, openVisitsOfAmhp: readonly Visit[] = []): Result<Visit> {
  if (openVisitsOfAmhp.some((visit) => visit.amhpId === input.amhpId && isOpenToAmhp(visit))) {
    return wrongState('already_out', VISIT_MESSAGES.alreadyOut);
  }
  const errors: FieldError[] = [];
  const place = input.place.trim();
  if (!place) errors.push({ field: 'place', message: VISIT_MESSAGES.placeRequired });
  const phone = input.phone.trim();
  if (!phone) errors.push({ field: 'phone', message: VISIT_MESSAGES.phoneRequired });
  else if (!isPlausibleUkPhone(phone)) errors.push({ field: 'phone', message: VISIT_MESSAGES.phoneInvalid });
  errors.push(...companionErrors(input.companions));
  const aloneReason = input.aloneReason?.trim() ?? '';
  if (input.companions.length === 0 && !aloneReason) {
    errors.push({ field: 'aloneReason', message: VISIT_MESSAGES.aloneReasonRequired });
  }
  if (input.companions.length > 0 && aloneReason) {
    errors.push({ field: 'aloneReason', message: VISIT_MESSAGES.aloneWithCompanions });
  }
  errors.push(...expectedFinishErrors('expectedFinishAt', input.expectedFinishAt, now));
  if (errors.length > 0) return invalid(errors);

  return ok({
    id: input.id,
    amhpId: input.amhpId,
    place,
    referralId: input.referralId ?? null,
    companions: input.companions.map((c) => ({ kind: c.kind, name: c.name?.trim() || null })),
    aloneReason: input.companions.length === 0 ? aloneReason : null,
    phone,
    startedAt: now,
    expectedFinishAt: input.expectedFinishAt,
    status: 'out',
    extensions: [],
    helpRequestedAt: null,
    duressAt: null,
    finishedAt: null,
    reportedFinish: null,
    alarmResolution: null,
  });
}

export function isLoneWorking(visit: Pick<Visit, 'companions'>): boolean {
  return visit.companions.length === 0;
}

/** Still the lead's concern: out, asking for help, or a silent duress alarm. */
export function isOnBoard(visit: Pick<Visit, 'status'>): boolean {
  return visit.status === 'out' || visit.status === 'help_requested' || visit.status === 'duress';
}

/** Open as the AMHP sees it: out or asking for help. A duress finish looks finished to them. */
export function isOpenToAmhp(visit: Pick<Visit, 'status'>): boolean {
  return visit.status === 'out' || visit.status === 'help_requested';
}

export function isFinished(visit: Pick<Visit, 'status'>): boolean {
  return visit.status === 'finished_safe' || visit.status === 'finished_home';
}

/** Past its expected finish and not checked in (an alarm is worse than overdue, so not counted). */
export function isOverdue(visit: Visit, now: Date): boolean {
  return visit.status === 'out' && now.getTime() > visit.expectedFinishAt.getTime();
}

/** Negative once overdue. */
export function minutesRemaining(visit: Visit, now: Date): number {
  return Math.floor((visit.expectedFinishAt.getTime() - now.getTime()) / 60_000);
}

function ownVisitOnly(visit: Visit, by: string): Result<null> {
  return visit.amhpId === by ? ok(null) : notAllowed(VISIT_MESSAGES.notOwnVisit);
}

export interface ExtendVisitInput {
  by: VisitActor;
  at: Date;
  newExpectedFinishAt: Date;
  reason: string;
}

/** The AMHP (or a lead who has reached them) moves the expected finish later. */
export function extendVisit(visit: Visit, input: ExtendVisitInput): Result<Visit> {
  if (visit.amhpId !== input.by.id && !input.by.mayActForOthers) {
    return notAllowed(VISIT_MESSAGES.notOwnVisit);
  }
  if (visit.status === 'help_requested' || visit.status === 'duress') {
    return wrongState('alarm_open', VISIT_MESSAGES.extendWhileAlarm);
  }
  if (visit.status !== 'out') return wrongState('visit_finished', VISIT_MESSAGES.alreadyFinished);
  const errors: FieldError[] = [];
  const reason = input.reason.trim();
  if (!reason) errors.push({ field: 'reason', message: VISIT_MESSAGES.extensionReasonRequired });
  if (input.newExpectedFinishAt.getTime() <= visit.expectedFinishAt.getTime()) {
    errors.push({ field: 'newExpectedFinishAt', message: VISIT_MESSAGES.extensionNotLater });
  } else {
    errors.push(...expectedFinishErrors('newExpectedFinishAt', input.newExpectedFinishAt, input.at));
  }
  if (errors.length > 0) return invalid(errors);
  const extension: VisitExtension = {
    at: input.at,
    by: input.by.id,
    from: visit.expectedFinishAt,
    to: input.newExpectedFinishAt,
    reason,
  };
  return ok({ ...visit, expectedFinishAt: input.newExpectedFinishAt, extensions: [...visit.extensions, extension] });
}

export interface FinishVisitInput {
  by: string;
  at: Date;
  how: FinishHow;
  /** The service sets this when the code entered matched the AMHP's duress code. */
  duress: boolean;
}

/**
 * The AMHP's check-in: safe, or gone home. With the duress code it is recorded as `duress`
 * (escalated at once) while everything shown to the AMHP stays as they chose.
 * After "I need help now" only a lead closes the alarm (see resolveAlarm); a duress finish is
 * still accepted then, so a coerced "cancel" appears to work while the alarm carries on.
 */
export function finishVisit(visit: Visit, input: FinishVisitInput): Result<Visit> {
  const own = ownVisitOnly(visit, input.by);
  if (!own.ok) return own;
  if (visit.status === 'help_requested' && !input.duress) {
    return wrongState('help_requested', VISIT_MESSAGES.helpRequestedLeadCloses);
  }
  if (visit.status !== 'out' && visit.status !== 'help_requested') {
    return wrongState('visit_finished', VISIT_MESSAGES.alreadyFinished);
  }
  if (input.duress) {
    return ok({ ...visit, status: 'duress', duressAt: input.at, finishedAt: input.at, reportedFinish: input.how });
  }
  const status: VisitStatus = input.how === 'home' ? 'finished_home' : 'finished_safe';
  return ok({ ...visit, status, finishedAt: input.at, reportedFinish: input.how });
}

/** "I need help now." */
export function requestHelp(visit: Visit, input: { by: string; at: Date }): Result<Visit> {
  const own = ownVisitOnly(visit, input.by);
  if (!own.ok) return own;
  if (visit.status === 'help_requested') return wrongState('help_already_requested', VISIT_MESSAGES.helpAlreadyRequested);
  // From `duress` the AMHP believes the visit is finished: refuse exactly as for a finished one.
  if (visit.status !== 'out') return wrongState('visit_finished', VISIT_MESSAGES.alreadyFinished);
  return ok({ ...visit, status: 'help_requested', helpRequestedAt: input.at });
}

/**
 * A lead closes a help request or duress alarm once the AMHP is confirmed safe. Never the AMHP:
 * someone coercing them must not be able to stand the alarm down through their phone.
 */
export function resolveAlarm(visit: Visit, input: { by: string; at: Date; note: string }): Result<Visit> {
  if (visit.status !== 'help_requested' && visit.status !== 'duress') {
    return wrongState('no_alarm', VISIT_MESSAGES.noAlarm);
  }
  if (input.by === visit.amhpId) return notAllowed(VISIT_MESSAGES.resolveOwnAlarm);
  const note = input.note.trim();
  if (!note) return invalid('note', VISIT_MESSAGES.resolutionNoteRequired);
  return ok({
    ...visit,
    status: 'finished_safe',
    finishedAt: visit.finishedAt ?? input.at,
    alarmResolution: { by: input.by, at: input.at, note },
  });
}

/** What the AMHP's own screen may show. A duress finish is indistinguishable from a normal one. */
export interface AmhpVisitView {
  id: string;
  place: string;
  referralId: string | null;
  companions: Companion[];
  aloneReason: string | null;
  phone: string;
  startedAt: Date;
  expectedFinishAt: Date;
  status: 'out' | 'help_requested' | 'finished_safe' | 'finished_home';
  extensions: VisitExtension[];
  helpRequestedAt: Date | null;
  finishedAt: Date | null;
}

export function visitAsSeenByAmhp(visit: Visit): AmhpVisitView {
  const duressKnown = visit.duressAt !== null;
  let status: AmhpVisitView['status'];
  if (visit.status === 'out' || visit.status === 'help_requested') status = visit.status;
  else if (duressKnown || visit.status === 'duress') {
    status = visit.reportedFinish === 'home' ? 'finished_home' : 'finished_safe';
  } else status = visit.status;
  return {
    id: visit.id,
    place: visit.place,
    referralId: visit.referralId,
    companions: visit.companions,
    aloneReason: visit.aloneReason,
    phone: visit.phone,
    startedAt: visit.startedAt,
    expectedFinishAt: visit.expectedFinishAt,
    status,
    extensions: visit.extensions,
    helpRequestedAt: visit.helpRequestedAt,
    // After a duress finish the AMHP's own time stands, not the later alarm closure.
    finishedAt: visit.finishedAt,
  };
}
