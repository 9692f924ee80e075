/**
 * AMHP approvals, suspensions and authorisations, and the one question the rest of the
 * system asks: "may this AMHP act for this LSSA on this date?".
 *
 * Sources: Mental Health (Approved Mental Health Professionals) (Approval) (England)
 * Regulations 2008 (SI 2008/1206) as summarised in ../shared/domain/mha-rules.md §3 and the
 * National Workforce Plan for AMHPs (2019): approval by one LSSA for five years, authorisation
 * by the other LSSAs, records kept for ten years.
 *
 * Date conventions: every `…Date`/`endedOn` field is a calendar day and ranges are inclusive
 * (the end date is the last day in force).
 */
import type { RuleFinding } from '../../../platform/errors.js';
import { ok, type Result } from '../../../platform/result.js';
import { broken, finding } from '../register-rules.js';
import type { IsoDate } from '../../../platform/london-time.js';
import {
  addDays,
  addYearsAnniversary,
  asLondonDate,
  daysBetween,
  formatDate,
  isIsoDate,
  isWithin,
  rangesOverlap,
} from '../../../platform/london-time.js';

export const PROFESSIONS = [
  { code: 'social_worker', label: 'Social worker', regulator: 'Social Work England' },
  {
    code: 'nurse_mental_health',
    label: 'First-level nurse (mental health)',
    regulator: 'Nursing and Midwifery Council',
  },
  {
    code: 'nurse_learning_disabilities',
    label: 'First-level nurse (learning disabilities)',
    regulator: 'Nursing and Midwifery Council',
  },
  {
    code: 'occupational_therapist',
    label: 'Occupational therapist',
    regulator: 'Health and Care Professions Council',
  },
  {
    code: 'chartered_psychologist',
    label: 'Chartered psychologist',
    regulator: 'Health and Care Professions Council (practitioner psychologist)',
  },
] as const;

export type Profession = (typeof PROFESSIONS)[number]['code'];
export const PROFESSION_CODES = PROFESSIONS.map((p) => p.code) as [Profession, ...Profession[]];

export function professionLabel(code: Profession): string {
  return PROFESSIONS.find((p) => p.code === code)?.label ?? code;
}

export const APPROVAL_STATUSES = ['approved', 'suspended', 'approval_ended', 'lapsed'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

export const APPROVAL_STATUS_LABELS: Record<ApprovalStatus | 'not_approved', string> = {
  approved: 'Approved',
  suspended: 'Suspended',
  approval_ended: 'Approval ended',
  lapsed: 'Lapsed',
  not_approved: 'Not approved',
};

/** Why an approval ended before its five years were up (reg. 7 of SI 2008/1206, mha-rules §3). */
export const APPROVAL_END_REASONS = [
  { code: 'professional_requirements_not_met', label: 'No longer meets the professional requirements' },
  { code: 'condition_breached', label: 'A condition of approval was breached' },
  { code: 'competence_concern', label: 'The LSSA is no longer satisfied of their competence' },
  { code: 'amhp_request', label: 'The AMHP asked in writing for approval to end' },
  { code: 'approved_elsewhere', label: 'Approved by another LSSA' },
  { code: 'other', label: 'Other reason' },
] as const;
export type ApprovalEndReason = (typeof APPROVAL_END_REASONS)[number]['code'];
export const APPROVAL_END_REASON_CODES = APPROVAL_END_REASONS.map((r) => r.code) as [
  ApprovalEndReason,
  ...ApprovalEndReason[],
];

export const APPROVAL_TERM_YEARS = 5;
export const RETENTION_YEARS = 10;

export interface EarlyEnd {
  /** Last day the approval was in force. */
  endedOn: IsoDate;
  reason: ApprovalEndReason;
  note?: string;
}

export interface Approval {
  id: string;
  approvingLssaId: string;
  startDate: IsoDate;
  /** Last day of the term as granted (normally the day before the fifth anniversary). */
  endDate: IsoDate;
  earlyEnd?: EarlyEnd | null;
}

export interface Suspension {
  id: string;
  approvalId: string;
  startDate: IsoDate;
  /** Last suspended day; null while the suspension is open. */
  endDate: IsoDate | null;
  reason: string;
}

export interface Authorisation {
  id: string;
  approvalId: string;
  lssaId: string;
  startDate: IsoDate;
  /** Last day authorised; never after the approval's last day. */
  endDate: IsoDate;
}

/** Last day of a full five-year term: the day before the fifth anniversary of the start. */
export function approvalTermEnd(startDate: IsoDate): IsoDate {
  return addDays(addYearsAnniversary(startDate, APPROVAL_TERM_YEARS), -1);
}

/** Last day the approval is (or was) actually in force, after any early ending. */
export function lastDayInForce(approval: Approval): IsoDate {
  return approval.earlyEnd?.endedOn ?? approval.endDate;
}

function describePeriod(start: IsoDate, end: IsoDate | null): string {
  return end === null ? `from ${formatDate(start)}` : `${formatDate(start)} to ${formatDate(end)}`;
}

function dateErrors(fields: Record<string, IsoDate | null | undefined>): RuleFinding[] {
  const errors: RuleFinding[] = [];
  for (const [field, value] of Object.entries(fields)) {
    if (value !== null && value !== undefined && !isIsoDate(value)) {
      errors.push(finding('invalid_date', `Enter a real date for ${field}`, field));
    }
  }
  return errors;
}

export interface ApprovalInput {
  startDate: IsoDate;
  /** Omit for the full five-year term. */
  endDate?: IsoDate | null;
}

/**
 * Checks a new approval against the person's existing approvals and fills in the end date.
 * Refused: end on or before start, longer than five years, or overlapping another approval
 * (re-approval starts the day after the current approval's last day, or later).
 */
export function validateApproval(
  input: ApprovalInput,
  existing: readonly Approval[],
): Result<{ startDate: IsoDate; endDate: IsoDate }> {
  const invalid = dateErrors({ startDate: input.startDate, endDate: input.endDate });
  if (invalid.length > 0) return broken(invalid);

  const fullTermEnd = approvalTermEnd(input.startDate);
  const endDate = input.endDate ?? fullTermEnd;
  const errors: RuleFinding[] = [];
  if (endDate <= input.startDate) {
    errors.push(
      finding('end_before_start', 'The approval end date must be after the start date', 'endDate'),
    );
  } else if (endDate > fullTermEnd) {
    errors.push(
      finding(
        'longer_than_five_years',
        `An approval lasts at most five years: an approval starting on ${formatDate(input.startDate)} must end by ${formatDate(fullTermEnd)}`,
        'endDate',
      ),
    );
  }
  for (const other of existing) {
    const otherEnd = lastDayInForce(other);
    if (rangesOverlap(input.startDate, endDate, other.startDate, otherEnd)) {
      errors.push(
        finding(
          'overlapping_approval',
          `This approval would overlap the approval ${describePeriod(other.startDate, otherEnd)}. A re-approval must start on or after ${formatDate(addDays(otherEnd, 1))}; to re-approve earlier, end the current approval first`,
          'startDate',
        ),
      );
    }
  }
  return errors.length > 0 ? broken(errors) : ok({ startDate: input.startDate, endDate });
}

/** Checks an early ending: on or after the start, and before the term's own last day. */
export function validateEarlyEnd(approval: Approval, earlyEnd: EarlyEnd): Result<EarlyEnd> {
  const invalid = dateErrors({ endedOn: earlyEnd.endedOn });
  if (invalid.length > 0) return broken(invalid);
  if (earlyEnd.endedOn < approval.startDate) {
    return broken([
      finding(
        'end_before_start',
        `The approval cannot end before it started on ${formatDate(approval.startDate)}`,
        'endedOn',
      ),
    ]);
  }
  if (earlyEnd.endedOn >= approval.endDate) {
    return broken([
      finding(
        'not_early',
        `The approval already ends on ${formatDate(approval.endDate)}; an early ending must be before then`,
        'endedOn',
      ),
    ]);
  }
  return ok(earlyEnd);
}

/** A suspension must fall within the approval and not overlap another suspension. */
export function validateSuspension(
  approval: Approval,
  suspension: Omit<Suspension, 'id'>,
  existing: readonly Suspension[],
): Result<Omit<Suspension, 'id'>> {
  const invalid = dateErrors({ startDate: suspension.startDate, endDate: suspension.endDate });
  if (invalid.length > 0) return broken(invalid);
  const errors: RuleFinding[] = [];
  const approvalEnd = lastDayInForce(approval);
  if (suspension.reason.trim() === '') {
    errors.push(finding('reason_required', 'Enter the reason for the suspension', 'reason'));
  }
  if (suspension.endDate !== null && suspension.endDate < suspension.startDate) {
    errors.push(
      finding('end_before_start', 'The suspension end date must be on or after its start date', 'endDate'),
    );
  }
  if (!isWithin(suspension.startDate, approval.startDate, approvalEnd)) {
    errors.push(
      finding(
        'outside_approval',
        `A suspension must start within the approval (${describePeriod(approval.startDate, approvalEnd)})`,
        'startDate',
      ),
    );
  }
  for (const other of existing) {
    if (other.approvalId !== approval.id) continue;
    if (rangesOverlap(suspension.startDate, suspension.endDate, other.startDate, other.endDate)) {
      errors.push(
        finding(
          'overlapping_suspension',
          `This overlaps the suspension ${describePeriod(other.startDate, other.endDate)}; change that one instead`,
          'startDate',
        ),
      );
    }
  }
  return errors.length > 0 ? broken(errors) : ok(suspension);
}

/**
 * An authorisation lets the AMHP act for an LSSA other than the approving one. It must lie
 * within the approval and must not duplicate an existing authorisation for the same LSSA.
 * Omit `endDate` to authorise to the end of the approval.
 */
export function validateAuthorisation(
  approval: Approval,
  input: { lssaId: string; startDate: IsoDate; endDate?: IsoDate | null },
  existing: readonly Authorisation[],
): Result<Omit<Authorisation, 'id'>> {
  const invalid = dateErrors({ startDate: input.startDate, endDate: input.endDate });
  if (invalid.length > 0) return broken(invalid);
  const approvalEnd = lastDayInForce(approval);
  const endDate = input.endDate ?? approvalEnd;
  const errors: RuleFinding[] = [];
  if (input.lssaId === approval.approvingLssaId) {
    errors.push(
      finding(
        'approving_lssa',
        'This is the LSSA that approved the AMHP: they act for it under their approval, so no authorisation is needed',
        'lssaId',
      ),
    );
  }
  if (endDate < input.startDate) {
    errors.push(
      finding('end_before_start', 'The authorisation end date must be on or after its start date', 'endDate'),
    );
  }
  if (input.startDate < approval.startDate || endDate > approvalEnd) {
    errors.push(
      finding(
        'outside_approval',
        `An authorisation must fall within the approval it depends on (${describePeriod(approval.startDate, approvalEnd)})`,
        input.startDate < approval.startDate ? 'startDate' : 'endDate',
      ),
    );
  }
  for (const other of existing) {
    if (other.approvalId !== approval.id || other.lssaId !== input.lssaId) continue;
    if (rangesOverlap(input.startDate, endDate, other.startDate, other.endDate)) {
      errors.push(
        finding(
          'duplicate_authorisation',
          `The AMHP is already authorised for this LSSA ${describePeriod(other.startDate, other.endDate)}`,
          'lssaId',
        ),
      );
    }
  }
  return errors.length > 0
    ? broken(errors)
    : ok({ approvalId: approval.id, lssaId: input.lssaId, startDate: input.startDate, endDate });
}

/** The approval in force on the date (ignoring suspension), if any. */
export function approvalOn(approvals: readonly Approval[], date: IsoDate): Approval | null {
  return approvals.find((a) => isWithin(date, a.startDate, lastDayInForce(a))) ?? null;
}

export function suspensionOn(
  suspensions: readonly Suspension[],
  approvalId: string,
  date: IsoDate,
): Suspension | null {
  return (
    suspensions.find((s) => s.approvalId === approvalId && isWithin(date, s.startDate, s.endDate)) ??
    null
  );
}

function sortedByStart(approvals: readonly Approval[]): Approval[] {
  return [...approvals].sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0));
}

export interface StatusOnDate {
  status: ApprovalStatus | 'not_approved';
  /** The approval the status is about: the one in force, or else the most recent past one. */
  approval: Approval | null;
  suspension: Suspension | null;
  /** Plain-English summary, e.g. "Suspended from 2 March 2026: registration suspended". */
  description: string;
}

/**
 * The register status on a date. Approved or suspended while an approval is in force; after
 * the last approval, "approval ended" when it was ended early and "lapsed" when its five years
 * ran out without re-approval; "not approved" before any approval.
 */
export function approvalStatusOn(input: {
  approvals: readonly Approval[];
  suspensions: readonly Suspension[];
  date: IsoDate | Date;
}): StatusOnDate {
  const date = asLondonDate(input.date);
  const current = approvalOn(input.approvals, date);
  if (current) {
    const suspension = suspensionOn(input.suspensions, current.id, date);
    if (suspension) {
      return {
        status: 'suspended',
        approval: current,
        suspension,
        description: `Suspended from ${formatDate(suspension.startDate)}: ${suspension.reason}`,
      };
    }
    return {
      status: 'approved',
      approval: current,
      suspension: null,
      description: `Approved until ${formatDate(lastDayInForce(current))}`,
    };
  }
  const past = sortedByStart(input.approvals).filter((a) => lastDayInForce(a) < date);
  const latest = past[past.length - 1];
  if (!latest) {
    const future = sortedByStart(input.approvals).find((a) => a.startDate > date);
    return {
      status: 'not_approved',
      approval: null,
      suspension: null,
      description: future
        ? `Not yet approved: approval starts on ${formatDate(future.startDate)}`
        : 'No approval on record',
    };
  }
  if (latest.earlyEnd) {
    const label = APPROVAL_END_REASONS.find((r) => r.code === latest.earlyEnd?.reason)?.label ?? '';
    return {
      status: 'approval_ended',
      approval: latest,
      suspension: null,
      description: `Approval ended on ${formatDate(latest.earlyEnd.endedOn)}: ${label}`,
    };
  }
  return {
    status: 'lapsed',
    approval: latest,
    suspension: null,
    description: `Approval lapsed after ${formatDate(latest.endDate)} without re-approval`,
  };
}

export type EligibilityRefusal =
  | 'no_approval'
  | 'not_yet_approved'
  | 'approval_ended'
  | 'approval_lapsed'
  | 'suspended'
  | 'not_authorised_for_lssa';

export type Eligibility =
  | { eligible: true; approval: Approval; authorisation: Authorisation | null }
  | { eligible: false; code: EligibilityRefusal; reason: string };

/**
 * May this AMHP act for this LSSA on this date? Yes only when an approval is in force on the
 * date, the AMHP is not suspended on the date, and the LSSA is the approving LSSA or one the
 * AMHP is authorised for on that date. `date` may be a calendar day or an instant (read as the
 * day in England). Rota planning and allocation call this and refuse, or require an override
 * with a recorded reason.
 */
export function eligibleToAct(input: {
  approvals: readonly Approval[];
  suspensions: readonly Suspension[];
  authorisations: readonly Authorisation[];
  lssaId: string;
  date: IsoDate | Date;
  /** Display names for LSSAs, used in the reason; falls back to the id. */
  lssaNames?: Readonly<Record<string, string>>;
}): Eligibility {
  const date = asLondonDate(input.date);
  const on = formatDate(date);
  const status = approvalStatusOn({ approvals: input.approvals, suspensions: input.suspensions, date });
  switch (status.status) {
    case 'not_approved': {
      const future = input.approvals.some((a) => a.startDate > date);
      return future
        ? { eligible: false, code: 'not_yet_approved', reason: `${status.description}, so they cannot act on ${on}` }
        : { eligible: false, code: 'no_approval', reason: `There is no AMHP approval on record for this person` };
    }
    case 'approval_ended':
      return { eligible: false, code: 'approval_ended', reason: `${status.description}, so they cannot act on ${on}` };
    case 'lapsed':
      return { eligible: false, code: 'approval_lapsed', reason: `${status.description}, so they cannot act on ${on}` };
    case 'suspended':
      return { eligible: false, code: 'suspended', reason: `${status.description}, so they cannot act on ${on}` };
    case 'approved':
      break;
  }
  const approval = status.approval;
  if (!approval) return { eligible: false, code: 'no_approval', reason: 'There is no AMHP approval on record for this person' };
  if (approval.approvingLssaId === input.lssaId) return { eligible: true, approval, authorisation: null };
  const authorisation =
    input.authorisations.find(
      (a) =>
        a.approvalId === approval.id &&
        a.lssaId === input.lssaId &&
        isWithin(date, a.startDate, a.endDate),
    ) ?? null;
  if (authorisation) return { eligible: true, approval, authorisation };
  const lssaName = input.lssaNames?.[input.lssaId] ?? input.lssaId;
  return {
    eligible: false,
    code: 'not_authorised_for_lssa',
    reason: `They are not authorised to act for ${lssaName} on ${on}`,
  };
}

export const DEFAULT_REAPPROVAL_WARNING_DAYS = 90;

export type ReapprovalState = 'not_due' | 'due_soon' | 'overdue' | 'not_applicable';

export interface ReapprovalDue {
  state: ReapprovalState;
  /** Last day of the current approval: re-approval must be decided by then. */
  dueDate: IsoDate | null;
  /** First day the re-approval shows as due soon. */
  warnFrom: IsoDate | null;
  /** Days from `today` to the due date (negative when overdue). */
  daysLeft: number | null;
}

/**
 * Re-approval tracking for one person. Based on their most recent approval: "due soon" from
 * `warningDays` before its last day, "overdue" after it; "not applicable" when there is no
 * approval or the latest one was ended early (there is nothing to renew).
 */
export function reapprovalDue(
  approvals: readonly Approval[],
  today: IsoDate | Date,
  options: { warningDays?: number } = {},
): ReapprovalDue {
  const date = asLondonDate(today);
  const warningDays = options.warningDays ?? DEFAULT_REAPPROVAL_WARNING_DAYS;
  const sorted = sortedByStart(approvals);
  const latest = sorted[sorted.length - 1];
  if (!latest || latest.earlyEnd) {
    return { state: 'not_applicable', dueDate: null, warnFrom: null, daysLeft: null };
  }
  const dueDate = latest.endDate;
  const warnFrom = addDays(dueDate, -warningDays);
  const daysLeft = daysBetween(date, dueDate);
  const state: ReapprovalState = date > dueDate ? 'overdue' : date >= warnFrom ? 'due_soon' : 'not_due';
  return { state, dueDate, warnFrom, daysLeft };
}

export interface ApprovalHistoryEntry {
  approval: Approval;
  kind: 'first_approval' | 're_approval';
  /** Days without approval between the previous approval and this one (0 when continuous). */
  gapDays: number;
  lastDayInForce: IsoDate;
}

/** Approvals oldest first, each marked as the first approval or a re-approval. */
export function approvalHistory(approvals: readonly Approval[]): ApprovalHistoryEntry[] {
  const sorted = sortedByStart(approvals);
  return sorted.map((approval, i) => {
    const previous = i > 0 ? sorted[i - 1] : undefined;
    return {
      approval,
      kind: previous ? 're_approval' : 'first_approval',
      gapDays: previous ? Math.max(0, daysBetween(lastDayInForce(previous), approval.startDate) - 1) : 0,
      lastDayInForce: lastDayInForce(approval),
    };
  });
}

/** Records about an approval are kept until ten years after it ended. */
export function keepUntil(approval: Approval): IsoDate {
  return addYearsAnniversary(lastDayInForce(approval), RETENTION_YEARS);
}

/**
 * The date until which a person's register entry must be kept: ten years after their latest
 * approval ended. Null when they have no approvals (then no statutory retention applies).
 */
export function registerEntryKeepUntil(approvals: readonly Approval[]): IsoDate | null {
  let latest: IsoDate | null = null;
  for (const a of approvals) {
    const k = keepUntil(a);
    if (latest === null || k > latest) latest = k;
  }
  return latest;
}

/** True only after the retention period has passed for every approval. */
export function mayBeErased(approvals: readonly Approval[], today: IsoDate | Date): boolean {
  const keep = registerEntryKeepUntil(approvals);
  return keep === null || asLondonDate(today) > keep;
}
