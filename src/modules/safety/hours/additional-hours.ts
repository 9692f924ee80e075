// Working Hours Guidance §2.1, §2.7, §3: AMHPs record additional hours and why; the line
// manager agrees time off in lieu (TOIL) or payment; the AMHP, AMHP Lead and line manager
// monitor the hours worked (§3.6), which the monthly view below serves.

import type { FieldError } from '../../../platform/errors.js';
import { type IsoDate, type IsoMonth, checkHappenedAt, londonMonth, londonParts, minutesBetween } from '../../../platform/london-time.js';
import { type Result, invalid, notAllowed, ok, ruleBroken, wrongState } from '../../../platform/result.js';

export type AdditionalHoursReason =
  'late_referral' | 'section_12_doctor' | 'bed_delay' | 'complex_assessment' | 'transport_delay' | 'other';

export const ADDITIONAL_HOURS_REASONS: readonly AdditionalHoursReason[] = [
  'late_referral',
  'section_12_doctor',
  'bed_delay',
  'complex_assessment',
  'transport_delay',
  'other',
];

export const ADDITIONAL_HOURS_REASON_LABELS: Record<AdditionalHoursReason, string> = {
  late_referral: 'Referral received late',
  section_12_doctor: 'Section 12 doctor availability',
  bed_delay: 'Bed delay',
  complex_assessment: 'Complex assessment',
  transport_delay: 'Transport delay',
  other: 'Other',
};

export type ClaimStatus = 'submitted' | 'approved' | 'declined' | 'withdrawn';
export type Compensation = 'toil' | 'payment';

export interface AdditionalHoursClaim {
  id: string;
  amhpId: string;
  startAt: Date;
  endAt: Date;
  reason: AdditionalHoursReason;
  /** Required for `other`; optional context otherwise. */
  reasonDetail: string | null;
  referralId: string | null;
  submittedAt: Date;
  status: ClaimStatus;
  compensation: Compensation | null;
  decidedBy: string | null;
  /** When the decision was made (as the manager says, if recorded after the event). */
  decidedAt: Date | null;
  /** When the decision was entered. */
  decisionRecordedAt: Date | null;
  declineReason: string | null;
}

// One stretch of extra work longer than a day is a typing slip, not a claim.
export const MAX_CLAIM_MINUTES = 24 * 60;

export const HOURS_MESSAGES = {
  endBeforeStart: 'End must be after start',
  endInFuture: 'You cannot claim hours that have not been worked yet',
  tooLong: 'A single claim cannot be longer than 24 hours; split it into separate claims',
  reasonDetailRequired: 'Describe the reason for the additional hours',
  claimedTwice: 'These hours overlap a claim you have already made: hours cannot be claimed twice for the same period',
  alreadyDecided: 'This claim has already been decided',
  ownClaim: 'You cannot approve or decline your own claim',
  declineReasonRequired: 'Say why the claim is declined',
  notOwnClaim: 'You can only withdraw your own claim',
  toilMinutesPositive: 'Enter the time off taken, more than 0 minutes',
  toilMoreThanBalance: 'This is more time off than the time off in lieu available',
} as const;

export function claimMinutes(claim: Pick<AdditionalHoursClaim, 'startAt' | 'endAt'>): number {
  return minutesBetween(claim.startAt, claim.endAt);
}

/** Claims that stand for hours worked: declined and withdrawn ones do not. */
export function isLiveClaim(claim: Pick<AdditionalHoursClaim, 'status'>): boolean {
  return claim.status === 'submitted' || claim.status === 'approved';
}

/** Half-open periods: a claim ending at 19:00 and another starting at 19:00 do not overlap. */
function overlaps(a: { startAt: Date; endAt: Date }, b: { startAt: Date; endAt: Date }): boolean {
  return a.startAt.getTime() < b.endAt.getTime() && b.startAt.getTime() < a.endAt.getTime();
}

export interface NewClaimInput {
  id: string;
  amhpId: string;
  startAt: Date;
  endAt: Date;
  reason: AdditionalHoursReason;
  reasonDetail?: string | null;
  referralId?: string | null;
}

/**
 * `claimsOfAmhp`: the same AMHP's existing claims. A declined or withdrawn claim does not block
 * the period, so a corrected claim can be made.
 */
export function submitClaim(
  input: NewClaimInput,
  now: Date,
  claimsOfAmhp: readonly AdditionalHoursClaim[],
): Result<AdditionalHoursClaim> {
  const errors: FieldError[] = [];
  const minutes = minutesBetween(input.startAt, input.endAt);
  if (input.endAt.getTime() <= input.startAt.getTime()) {
    errors.push({ field: 'endAt', message: HOURS_MESSAGES.endBeforeStart });
  } else if (input.endAt.getTime() > now.getTime()) {
    errors.push({ field: 'endAt', message: HOURS_MESSAGES.endInFuture });
  } else if (minutes > MAX_CLAIM_MINUTES) {
    errors.push({ field: 'endAt', message: HOURS_MESSAGES.tooLong });
  }
  const reasonDetail = input.reasonDetail?.trim() || null;
  if (input.reason === 'other' && !reasonDetail) {
    errors.push({ field: 'reasonDetail', message: HOURS_MESSAGES.reasonDetailRequired });
  }
  if (errors.length > 0) return invalid(errors);
  const clash = claimsOfAmhp.find((c) => c.amhpId === input.amhpId && isLiveClaim(c) && overlaps(c, input));
  if (clash) return ruleBroken('hours_claimed_twice', HOURS_MESSAGES.claimedTwice, 'startAt');
  return ok({
    id: input.id,
    amhpId: input.amhpId,
    startAt: input.startAt,
    endAt: input.endAt,
    reason: input.reason,
    reasonDetail,
    referralId: input.referralId ?? null,
    submittedAt: now,
    status: 'submitted',
    compensation: null,
    decidedBy: null,
    decidedAt: null,
    decisionRecordedAt: null,
    declineReason: null,
  });
}

/** `decidedAt`: when the decision was made, if it is recorded after the event (now if not said). */
export type ClaimDecision = ({ outcome: 'approve'; compensation: Compensation } | { outcome: 'decline'; reason: string }) & { decidedAt?: Date | undefined };

/**
 * The line manager's decision. Whether `by` may decide is the service's check. Recorded after
 * the event, it may not be in the future nor before the claim was made; the time it is entered
 * (`now`) is kept as well.
 */
export function decideClaim(
  claim: AdditionalHoursClaim,
  decision: ClaimDecision,
  by: string,
  now: Date,
): Result<AdditionalHoursClaim> {
  if (claim.amhpId === by) return notAllowed(HOURS_MESSAGES.ownClaim);
  if (claim.status !== 'submitted') return wrongState('claim_decided', HOURS_MESSAGES.alreadyDecided);
  const when = checkHappenedAt({ happenedAt: decision.decidedAt, now, notBefore: { at: claim.submittedAt, what: 'the claim was made' }, label: 'When the decision was made' });
  if (!when.ok) return invalid('decidedAt', when.message);
  const decided = { decidedBy: by, decidedAt: when.at, decisionRecordedAt: now };
  if (decision.outcome === 'approve') {
    return ok({ ...claim, status: 'approved', compensation: decision.compensation, ...decided });
  }
  const reason = decision.reason.trim();
  if (!reason) return invalid('declineReason', HOURS_MESSAGES.declineReasonRequired);
  return ok({ ...claim, status: 'declined', declineReason: reason, ...decided });
}

/** The AMHP takes back a claim not yet decided (e.g. to correct the times). */
export function withdrawClaim(claim: AdditionalHoursClaim, by: string): Result<AdditionalHoursClaim> {
  if (claim.amhpId !== by) return notAllowed(HOURS_MESSAGES.notOwnClaim);
  if (claim.status !== 'submitted') return wrongState('claim_decided', HOURS_MESSAGES.alreadyDecided);
  return ok({ ...claim, status: 'withdrawn' });
}

export interface ToilTaken {
  id: string;
  amhpId: string;
  date: IsoDate;
  minutes: number;
  recordedBy: string;
}

/** Approved TOIL minus TOIL taken, in minutes. */
export function toilBalanceMinutes(
  amhpId: string,
  claims: readonly AdditionalHoursClaim[],
  taken: readonly ToilTaken[],
): number {
  const earned = claims
    .filter((c) => c.amhpId === amhpId && c.status === 'approved' && c.compensation === 'toil')
    .reduce((sum, c) => sum + claimMinutes(c), 0);
  const used = taken.filter((t) => t.amhpId === amhpId).reduce((sum, t) => sum + t.minutes, 0);
  return earned - used;
}

export function recordToilTaken(input: ToilTaken, balanceMinutes: number): Result<ToilTaken> {
  if (!Number.isInteger(input.minutes) || input.minutes <= 0) {
    return invalid('minutes', HOURS_MESSAGES.toilMinutesPositive);
  }
  if (input.minutes > balanceMinutes) return ruleBroken('toil_more_than_balance', HOURS_MESSAGES.toilMoreThanBalance, 'minutes');
  return ok(input);
}

export interface MonthlyHoursRow {
  month: IsoMonth;
  amhpId: string;
  totalMinutes: number;
  claimCount: number;
  minutesByReason: Record<AdditionalHoursReason, number>;
  /** The reason with most minutes; ties go to the earlier reason in the list. */
  mainReason: AdditionalHoursReason;
}

function emptyByReason(): Record<AdditionalHoursReason, number> {
  return { late_referral: 0, section_12_doctor: 0, bed_delay: 0, complex_assessment: 0, transport_delay: 0, other: 0 };
}

/**
 * Who works the most additional hours and why, by Europe/London month. Counts submitted and
 * approved claims (hours worked, whether or not yet agreed); a claim belongs to the month it
 * started in. Months ascending; within a month, most minutes first.
 */
export function monthlyAdditionalHours(
  claims: readonly AdditionalHoursClaim[],
  range: { fromMonth?: IsoMonth; toMonth?: IsoMonth } = {},
): MonthlyHoursRow[] {
  const rows = new Map<string, MonthlyHoursRow>();
  for (const claim of claims) {
    if (!isLiveClaim(claim)) continue;
    const month = londonMonth(claim.startAt);
    if (range.fromMonth && month < range.fromMonth) continue;
    if (range.toMonth && month > range.toMonth) continue;
    const key = `${month}|${claim.amhpId}`;
    const row = rows.get(key) ?? {
      month,
      amhpId: claim.amhpId,
      totalMinutes: 0,
      claimCount: 0,
      minutesByReason: emptyByReason(),
      mainReason: 'late_referral',
    };
    const minutes = claimMinutes(claim);
    row.totalMinutes += minutes;
    row.claimCount += 1;
    row.minutesByReason[claim.reason] += minutes;
    rows.set(key, row);
  }
  for (const row of rows.values()) {
    row.mainReason = ADDITIONAL_HOURS_REASONS.reduce((best, reason) =>
      row.minutesByReason[reason] > row.minutesByReason[best] ? reason : best,
    );
  }
  return [...rows.values()].sort(
    (a, b) => a.month.localeCompare(b.month) || b.totalMinutes - a.totalMinutes || a.amhpId.localeCompare(b.amhpId),
  );
}

/** The London calendar date a claim is shown under (its start). */
export function claimDate(claim: Pick<AdditionalHoursClaim, 'startAt'>): IsoDate {
  return londonParts(claim.startAt).date;
}
