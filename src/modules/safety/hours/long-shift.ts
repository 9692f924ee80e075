// Working Hours Guidance §2.4: if an AMHP's shift will exceed 12 hours (16 for EDT) the AMHP
// Lead and line manager review it and agree what happens: carry on, hand over, or allocate
// another AMHP; wherever possible with a contingency plan.
//
// Decision: two alerts per working day, both to the AMHP Lead and the line manager.
//  - `pre_warning` at the limit minus 60 minutes (configurable), asking for a plan while there
//    is still time to arrange a handover; not sent if a plan is already recorded, or if the
//    limit has already passed when the scheduler first looks.
//  - `limit_passed` at the limit itself, always (the line manager must know worktime limits were
//    passed, §3.1), saying whether a plan has been agreed.
// Neither is sent once the working day has been ended.

import type { FieldError } from '../../../platform/errors.js';
import { addMinutes, minutesBetween } from '../../../platform/london-time.js';
import { type Result, invalid, ok, wrongState } from '../../../platform/result.js';

export type ShiftKind = 'daytime' | 'edt';

export const SHIFT_LIMIT_HOURS: Record<ShiftKind, number> = { daytime: 12, edt: 16 };
export const DEFAULT_PRE_WARNING_MINUTES = 60;
// A start entered more than a day ago is a slip (yesterday's date), not a shift.
export const MAX_START_AGE_MINUTES = 24 * 60;

export type LongShiftPlanOption = 'continue' | 'hand_over' | 'another_amhp_allocated';

export const LONG_SHIFT_PLAN_LABELS: Record<LongShiftPlanOption, string> = {
  continue: 'Continue, with a contingency plan',
  hand_over: 'Hand over',
  another_amhp_allocated: 'Another AMHP allocated',
};

export interface LongShiftPlan {
  option: LongShiftPlanOption;
  recordedBy: string;
  recordedAt: Date;
  /** Who agreed it, e.g. "AMHP Lead and line manager (by phone)". */
  agreedWith: string;
  /** `continue`: when the AMHP now expects to stop. */
  expectedEndAt: Date | null;
  /** `hand_over`: to whom, e.g. "EDT". */
  handOverTo: string | null;
  /** `another_amhp_allocated`: the AMHP taking the work. */
  allocatedAmhpId: string | null;
  note: string | null;
}

export interface WorkingDay {
  id: string;
  amhpId: string;
  kind: ShiftKind;
  startedAt: Date;
  endedAt: Date | null;
  /** Latest last: a plan may be revised. */
  plans: LongShiftPlan[];
}

export const LONG_SHIFT_MESSAGES = {
  startInFuture: 'The start of your working day cannot be in the future',
  startTooOld: 'The start of your working day must be within the last 24 hours',
  alreadyStarted: 'You already have a working day in progress',
  endBeforeStart: 'The end of the working day must be after its start',
  endInFuture: 'The end of the working day cannot be in the future',
  alreadyEnded: 'This working day has already ended',
  agreedWithRequired: 'Say who agreed the plan',
  expectedEndRequired: 'Enter when the AMHP now expects to finish',
  expectedEndInPast: 'The expected finish must be in the future',
  handOverToRequired: 'Say who the work is being handed over to',
  allocatedAmhpRequired: 'Choose the AMHP taking over',
  allocatedSameAmhp: 'Choose a different AMHP from the one whose shift is running long',
} as const;

export function shiftLimitAt(startedAt: Date, kind: ShiftKind): Date {
  return addMinutes(startedAt, SHIFT_LIMIT_HOURS[kind] * 60);
}

export function shiftElapsedMinutes(day: WorkingDay, now: Date): number {
  return minutesBetween(day.startedAt, day.endedAt ?? now);
}

export function currentPlan(day: WorkingDay): LongShiftPlan | null {
  return day.plans[day.plans.length - 1] ?? null;
}

export function startWorkingDay(
  input: { id: string; amhpId: string; kind: ShiftKind; startedAt: Date },
  now: Date,
  openDaysOfAmhp: readonly WorkingDay[] = [],
): Result<WorkingDay> {
  if (openDaysOfAmhp.some((day) => day.amhpId === input.amhpId && day.endedAt === null)) {
    return wrongState('working_day_open', LONG_SHIFT_MESSAGES.alreadyStarted);
  }
  if (input.startedAt.getTime() > now.getTime())
    return invalid('startedAt', LONG_SHIFT_MESSAGES.startInFuture);
  if (minutesBetween(input.startedAt, now) > MAX_START_AGE_MINUTES) {
    return invalid('startedAt', LONG_SHIFT_MESSAGES.startTooOld);
  }
  return ok({ ...input, endedAt: null, plans: [] });
}

export function endWorkingDay(day: WorkingDay, endedAt: Date, now: Date): Result<WorkingDay> {
  if (day.endedAt) return wrongState('working_day_ended', LONG_SHIFT_MESSAGES.alreadyEnded);
  if (endedAt.getTime() <= day.startedAt.getTime())
    return invalid('endedAt', LONG_SHIFT_MESSAGES.endBeforeStart);
  if (endedAt.getTime() > now.getTime()) return invalid('endedAt', LONG_SHIFT_MESSAGES.endInFuture);
  return ok({ ...day, endedAt });
}

export interface LongShiftPlanInput {
  option: LongShiftPlanOption;
  recordedBy: string;
  agreedWith: string;
  expectedEndAt?: Date | null;
  handOverTo?: string | null;
  allocatedAmhpId?: string | null;
  note?: string | null;
}

export function recordLongShiftPlan(day: WorkingDay, input: LongShiftPlanInput, now: Date): Result<WorkingDay> {
  if (day.endedAt) return wrongState('working_day_ended', LONG_SHIFT_MESSAGES.alreadyEnded);
  const errors: FieldError[] = [];
  const agreedWith = input.agreedWith.trim();
  if (!agreedWith) errors.push({ field: 'agreedWith', message: LONG_SHIFT_MESSAGES.agreedWithRequired });
  const plan: LongShiftPlan = {
    option: input.option,
    recordedBy: input.recordedBy,
    recordedAt: now,
    agreedWith,
    expectedEndAt: null,
    handOverTo: null,
    allocatedAmhpId: null,
    note: input.note?.trim() || null,
  };
  switch (input.option) {
    case 'continue':
      if (!input.expectedEndAt)
        errors.push({ field: 'expectedEndAt', message: LONG_SHIFT_MESSAGES.expectedEndRequired });
      else if (input.expectedEndAt.getTime() <= now.getTime()) {
        errors.push({ field: 'expectedEndAt', message: LONG_SHIFT_MESSAGES.expectedEndInPast });
      } else plan.expectedEndAt = input.expectedEndAt;
      break;
    case 'hand_over': {
      const to = input.handOverTo?.trim();
      if (!to) errors.push({ field: 'handOverTo', message: LONG_SHIFT_MESSAGES.handOverToRequired });
      else plan.handOverTo = to;
      break;
    }
    case 'another_amhp_allocated':
      if (!input.allocatedAmhpId) {
        errors.push({ field: 'allocatedAmhpId', message: LONG_SHIFT_MESSAGES.allocatedAmhpRequired });
      } else if (input.allocatedAmhpId === day.amhpId) {
        errors.push({ field: 'allocatedAmhpId', message: LONG_SHIFT_MESSAGES.allocatedSameAmhp });
      } else plan.allocatedAmhpId = input.allocatedAmhpId;
      break;
  }
  if (errors.length > 0) return invalid(errors);
  return ok({ ...day, plans: [...day.plans, plan] });
}

export type LongShiftAlertKind = 'pre_warning' | 'limit_passed';

export interface LongShiftAlert {
  /** Unique per working day and kind: write it once. */
  key: string;
  kind: LongShiftAlertKind;
  workingDayId: string;
  amhpId: string;
  limitAt: Date;
  limitHours: number;
  planAgreed: boolean;
  at: Date;
}

export function longShiftAlertKey(workingDayId: string, kind: LongShiftAlertKind): string {
  return `${workingDayId}:${kind === 'pre_warning' ? 'pre-warning' : 'limit-passed'}`;
}

export interface LongShiftPlanResult {
  due: LongShiftAlert[];
  nextCheckAt: Date | null;
}

export function planLongShiftAlerts(input: {
  day: WorkingDay;
  now: Date;
  /** Keys of alerts already written for this day. */
  raisedKeys: readonly string[];
  preWarningMinutes?: number;
}): LongShiftPlanResult {
  const { day, now } = input;
  if (day.endedAt) return { due: [], nextCheckAt: null };
  const limitAt = shiftLimitAt(day.startedAt, day.kind);
  const preWarningAt = addMinutes(limitAt, -(input.preWarningMinutes ?? DEFAULT_PRE_WARNING_MINUTES));
  const planAgreed = currentPlan(day) !== null;
  const raised = new Set(input.raisedKeys);
  const alert = (kind: LongShiftAlertKind): LongShiftAlert => ({
    key: longShiftAlertKey(day.id, kind),
    kind,
    workingDayId: day.id,
    amhpId: day.amhpId,
    limitAt,
    limitHours: SHIFT_LIMIT_HOURS[day.kind],
    planAgreed,
    at: now,
  });

  const due: LongShiftAlert[] = [];
  const t = now.getTime();
  const preWarningWanted = !planAgreed && !raised.has(longShiftAlertKey(day.id, 'pre_warning'));
  if (preWarningWanted && t >= preWarningAt.getTime() && t < limitAt.getTime()) due.push(alert('pre_warning'));
  const limitWanted = !raised.has(longShiftAlertKey(day.id, 'limit_passed'));
  if (limitWanted && t >= limitAt.getTime()) due.push(alert('limit_passed'));

  let nextCheckAt: Date | null = null;
  if (preWarningWanted && t < preWarningAt.getTime()) nextCheckAt = preWarningAt;
  else if (limitWanted && t < limitAt.getTime()) nextCheckAt = limitAt;
  return { due, nextCheckAt };
}
