/**
 * Supervision contracts and records, required frequency and the quarterly audit.
 *
 * Source: Competences, Standards and Expectations §5.5–5.9 — professional 1:1 supervision at
 * least three times per reporting year (rota AMHPs); every 4–6 weeks for substantive daytime
 * and EDT AMHPs; every 6 weeks and at least 8 in 12 months where the professional supervisor is
 * also the line manager; written contracts reviewed 6-monthly and renewed on a change of
 * supervisor; records signed by both parties, disputed records left unsigned for mediation;
 * at least two cases (or a topic when there were no assessments) discussed; quarterly audits.
 *
 * Choices written down here because the guidance leaves them open:
 *  - The reporting year runs April to March (configurable with `reportingYearStartMonth`).
 *  - Every supervision held counts towards frequency, signed or not; the audit reports
 *    unsigned and disputed records separately.
 *  - A minimum per year is checked pro rata during the year: by a date, the AMHP should have
 *    had round(minimum × share of the reporting year gone) supervisions (halves round up),
 *    e.g. 3 a year → 1 by the end of Q1, 2 by the end of Q2 and Q3, 3 by the end of Q4.
 */
import type { RuleFinding } from '../../../platform/errors.js';
import { ok, type Result } from '../../../platform/result.js';
import { broken, finding } from '../register-rules.js';
import type { IsoDate } from '../../../platform/london-time.js';
import {
  addDays,
  addMonthsAnniversary,
  asLondonDate,
  daysBetween,
  formatDate,
  isIsoDate,
  isoDate,
  dateParts,
  maxDate,
  minDate,
  rangesOverlap,
} from '../../../platform/london-time.js';

export const SUPERVISION_TYPES = [
  { code: 'professional_1_1', label: 'Professional AMHP supervision (1:1)' },
  { code: 'group', label: 'Group professional supervision' },
  { code: 'edt_peer', label: 'EDT peer AMHP supervision' },
  { code: 'management', label: 'Management supervision' },
] as const;
export type SupervisionType = (typeof SUPERVISION_TYPES)[number]['code'];
export const SUPERVISION_TYPE_CODES = SUPERVISION_TYPES.map((t) => t.code) as [
  SupervisionType,
  ...SupervisionType[],
];

export const SUPERVISION_ARRANGEMENTS = [
  { code: 'rota', label: 'Rota AMHP' },
  { code: 'substantive_daytime', label: 'Substantive daytime AMHP' },
  { code: 'edt', label: 'EDT AMHP' },
  { code: 'supervisor_is_line_manager', label: 'Professional supervisor is also line manager' },
] as const;
export type SupervisionArrangement = (typeof SUPERVISION_ARRANGEMENTS)[number]['code'];
export const SUPERVISION_ARRANGEMENT_CODES = SUPERVISION_ARRANGEMENTS.map((a) => a.code) as [
  SupervisionArrangement,
  ...SupervisionArrangement[],
];

// ---------------------------------------------------------------- contracts

export const CONTRACT_REVIEW_MONTHS = 6;

export interface SupervisionContract {
  id: string;
  superviseeId: string;
  supervisorId: string;
  /** The AMHP's working arrangement, which sets the required frequency. */
  arrangement: SupervisionArrangement;
  startDate: IsoDate;
  /** Last day in force; null while current. */
  endDate: IsoDate | null;
  /** Dates the contract was reviewed, any order. */
  reviewDates: IsoDate[];
}

/** One contract at a time per supervisee, with a supervisor who is someone else. */
export function validateContract(
  input: Omit<SupervisionContract, 'id' | 'reviewDates'>,
  existing: readonly SupervisionContract[],
): Result<Omit<SupervisionContract, 'id' | 'reviewDates'>> {
  const errors: RuleFinding[] = [];
  if (!isIsoDate(input.startDate)) errors.push(finding('invalid_date', 'Enter a real start date', 'startDate'));
  if (input.endDate !== null && !isIsoDate(input.endDate)) {
    errors.push(finding('invalid_date', 'Enter a real end date', 'endDate'));
  }
  if (errors.length > 0) return broken(errors);
  if (input.supervisorId === input.superviseeId) {
    errors.push(finding('self_supervision', 'The supervisor must be someone other than the AMHP', 'supervisorId'));
  }
  if (input.endDate !== null && input.endDate < input.startDate) {
    errors.push(finding('end_before_start', 'The contract end date must be on or after its start date', 'endDate'));
  }
  for (const other of existing) {
    if (other.superviseeId !== input.superviseeId) continue;
    if (rangesOverlap(input.startDate, input.endDate, other.startDate, other.endDate)) {
      errors.push(
        finding(
          'overlapping_contract',
          `This AMHP already has a supervision contract from ${formatDate(other.startDate)}${other.endDate ? ` to ${formatDate(other.endDate)}` : ''}; to change supervisor, start a new contract with the change`,
          'startDate',
        ),
      );
    }
  }
  return errors.length > 0 ? broken(errors) : ok(input);
}

/**
 * A change of supervisor ends the current contract the day before and starts a new one.
 * Refused for the same supervisor (review the contract instead) or a start not after the
 * current contract's start.
 */
export function changeSupervisor(
  current: SupervisionContract,
  newSupervisorId: string,
  startDate: IsoDate,
): Result<{ ended: SupervisionContract; next: Omit<SupervisionContract, 'id'> }> {
  if (!isIsoDate(startDate)) return broken([finding('invalid_date', 'Enter a real start date', 'startDate')]);
  const errors: RuleFinding[] = [];
  if (newSupervisorId === current.supervisorId) {
    errors.push(
      finding('same_supervisor', 'This is already the supervisor: review the existing contract instead', 'supervisorId'),
    );
  }
  if (newSupervisorId === current.superviseeId) {
    errors.push(finding('self_supervision', 'The supervisor must be someone other than the AMHP', 'supervisorId'));
  }
  if (startDate <= current.startDate) {
    errors.push(
      finding(
        'start_not_after_current',
        `The new contract must start after the current one started (${formatDate(current.startDate)})`,
        'startDate',
      ),
    );
  }
  if (errors.length > 0) return broken(errors);
  // If the current contract already ended before the new start, it keeps its own end date.
  const endedOn = addDays(startDate, -1);
  return ok({
    ended: { ...current, endDate: current.endDate !== null && current.endDate < endedOn ? current.endDate : endedOn },
    next: {
      superviseeId: current.superviseeId,
      supervisorId: newSupervisorId,
      arrangement: current.arrangement,
      startDate,
      endDate: null,
      reviewDates: [],
    },
  });
}

export interface ContractReview {
  state: 'not_due' | 'due_soon' | 'overdue' | 'ended';
  lastReviewed: IsoDate;
  nextReviewDate: IsoDate | null;
}

/** Reviews fall due 6 months after the start or the latest review; "due soon" 14 days before. */
export function contractReview(
  contract: SupervisionContract,
  today: IsoDate | Date,
  options: { reviewMonths?: number; warningDays?: number } = {},
): ContractReview {
  const date = asLondonDate(today);
  const lastReviewed = [contract.startDate, ...contract.reviewDates].reduce((a, b) => maxDate(a, b));
  if (contract.endDate !== null && contract.endDate < date) {
    return { state: 'ended', lastReviewed, nextReviewDate: null };
  }
  const nextReviewDate = addMonthsAnniversary(lastReviewed, options.reviewMonths ?? CONTRACT_REVIEW_MONTHS);
  const warnFrom = addDays(nextReviewDate, -(options.warningDays ?? 14));
  const state = date > nextReviewDate ? 'overdue' : date >= warnFrom ? 'due_soon' : 'not_due';
  return { state, lastReviewed, nextReviewDate };
}

// ---------------------------------------------------------------- records

export interface Signature {
  personId: string;
  signedAt: Date;
}

export interface Dispute {
  raisedBy: string;
  raisedAt: Date;
  note: string;
  /** Set when mediation has settled the record; it then needs signing again. */
  resolvedAt: Date | null;
  resolution: string | null;
}

export interface SupervisionRecord {
  id: string;
  superviseeId: string;
  supervisorId: string;
  date: IsoDate;
  type: SupervisionType;
  /** Brief case references (no names); at least two, unless a topic was discussed instead. */
  casesDiscussed: string[];
  topic: string | null;
  signatures: Signature[];
  dispute: Dispute | null;
}

export type SupervisionRecordState = 'awaiting_signatures' | 'signed' | 'disputed';

export const MIN_CASES_DISCUSSED = 2;

export function supervisionParties(record: Pick<SupervisionRecord, 'superviseeId' | 'supervisorId'>): string[] {
  return [record.superviseeId, record.supervisorId];
}

export function supervisionRecordState(record: SupervisionRecord): SupervisionRecordState {
  if (record.dispute && record.dispute.resolvedAt === null) return 'disputed';
  const signed = supervisionParties(record).every((p) => record.signatures.some((s) => s.personId === p));
  return signed ? 'signed' : 'awaiting_signatures';
}

export type SupervisionRecordInput = Omit<SupervisionRecord, 'id' | 'signatures' | 'dispute'>;

/**
 * A record needs a real date not in the future, a supervisor other than the AMHP, and either
 * at least two cases discussed or a discussion topic (used when there were no assessments).
 */
export function validateSupervisionRecord(
  input: SupervisionRecordInput,
  today: IsoDate | Date,
): Result<SupervisionRecordInput> {
  const errors: RuleFinding[] = [];
  const cases = input.casesDiscussed.map((c) => c.trim()).filter((c) => c !== '');
  const topic = input.topic?.trim() ?? '';
  if (!isIsoDate(input.date)) {
    errors.push(finding('invalid_date', 'Enter a real date for the supervision', 'date'));
  } else if (input.date > asLondonDate(today)) {
    errors.push(finding('future_date', 'The supervision date must be today or in the past', 'date'));
  }
  if (input.supervisorId === input.superviseeId) {
    errors.push(finding('self_supervision', 'The supervisor must be someone other than the AMHP', 'supervisorId'));
  }
  if (cases.length < MIN_CASES_DISCUSSED && topic === '') {
    errors.push(
      finding(
        'cases_or_topic_required',
        'Record at least two cases discussed, or the topic discussed if there were no assessments',
        'casesDiscussed',
      ),
    );
  }
  return errors.length > 0 ? broken(errors) : ok({ ...input, casesDiscussed: cases, topic: topic === '' ? null : topic });
}

/** Adds a party's signature. Refused for non-parties, a second signature and disputed records. */
export function signSupervisionRecord(
  record: SupervisionRecord,
  signerId: string,
  at: Date,
): Result<SupervisionRecord> {
  if (!supervisionParties(record).includes(signerId)) {
    return broken([
      finding('not_a_party', 'Only the AMHP and their supervisor can sign this supervision record', 'signerId'),
    ]);
  }
  if (supervisionRecordState(record) === 'disputed') {
    return broken([
      finding(
        'disputed',
        'This record is disputed and must not be signed until mediation has settled it',
        'signerId',
      ),
    ]);
  }
  if (record.signatures.some((s) => s.personId === signerId)) {
    return broken([finding('already_signed', 'You have already signed this supervision record', 'signerId')]);
  }
  return ok({ ...record, signatures: [...record.signatures, { personId: signerId, signedAt: at }] });
}

/**
 * A party disputes the record: any signatures are withdrawn so it stays unsigned, and it is
 * flagged for mediation (sought by the supervisor).
 */
export function disputeSupervisionRecord(
  record: SupervisionRecord,
  raisedBy: string,
  at: Date,
  note: string,
): Result<SupervisionRecord> {
  if (!supervisionParties(record).includes(raisedBy)) {
    return broken([finding('not_a_party', 'Only the AMHP and their supervisor can dispute this record', 'raisedBy')]);
  }
  if (note.trim() === '') return broken([finding('note_required', 'Say what is disputed in the record', 'note')]);
  if (supervisionRecordState(record) === 'disputed') {
    return broken([finding('already_disputed', 'This record is already disputed and awaiting mediation')]);
  }
  return ok({
    ...record,
    signatures: [],
    dispute: { raisedBy, raisedAt: at, note: note.trim(), resolvedAt: null, resolution: null },
  });
}

/** Mediation has settled the record: it goes back to awaiting both signatures. */
export function resolveSupervisionDispute(
  record: SupervisionRecord,
  at: Date,
  resolution: string,
): Result<SupervisionRecord> {
  if (!record.dispute || record.dispute.resolvedAt !== null) {
    return broken([finding('not_disputed', 'This record is not awaiting mediation')]);
  }
  if (resolution.trim() === '') {
    return broken([finding('resolution_required', 'Record the outcome of mediation', 'resolution')]);
  }
  return ok({ ...record, signatures: [], dispute: { ...record.dispute, resolvedAt: at, resolution: resolution.trim() } });
}

/** Records needing mediation: disputed and not yet resolved. */
export function recordsNeedingMediation(records: readonly SupervisionRecord[]): SupervisionRecord[] {
  return records.filter((r) => supervisionRecordState(r) === 'disputed');
}

// ---------------------------------------------------------------- frequency policy

export interface FrequencyRule {
  /** Which kinds of supervision count towards this rule. */
  countedTypes: SupervisionType[];
  minPerReportingYear: number | null;
  /** Longest allowed gap between counted supervisions, in days. */
  maxGapDays: number | null;
}

export interface SupervisionPolicy {
  /** Month (1–12) the reporting year starts; 4 = April. */
  reportingYearStartMonth: number;
  rules: Record<SupervisionArrangement, FrequencyRule>;
}

export const DEFAULT_SUPERVISION_POLICY: SupervisionPolicy = {
  reportingYearStartMonth: 4,
  rules: {
    rota: { countedTypes: ['professional_1_1'], minPerReportingYear: 3, maxGapDays: null },
    substantive_daytime: { countedTypes: ['professional_1_1', 'group'], minPerReportingYear: null, maxGapDays: 42 },
    // Staff welfare guidance §5.7: EDT peer AMHP supervision, held monthly, is EDT AMHPs' supervision.
    edt: { countedTypes: ['professional_1_1', 'group', 'edt_peer'], minPerReportingYear: null, maxGapDays: 42 },
    supervisor_is_line_manager: {
      countedTypes: ['professional_1_1', 'management'],
      minPerReportingYear: 8,
      maxGapDays: 42,
    },
  },
};

export interface ReportingPeriod {
  label: string;
  startDate: IsoDate;
  endDate: IsoDate;
}

export function reportingYearOf(date: IsoDate, startMonth = 4): ReportingPeriod {
  const { year, month } = dateParts(date);
  const startYear = month >= startMonth ? year : year - 1;
  const startDate = isoDate(startYear, startMonth, 1);
  const endDate = addDays(addMonthsAnniversary(startDate, 12), -1);
  const label = startMonth === 1 ? String(startYear) : `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
  return { label, startDate, endDate };
}

export function reportingQuarterOf(date: IsoDate, startMonth = 4): ReportingPeriod & { quarter: 1 | 2 | 3 | 4 } {
  const year = reportingYearOf(date, startMonth);
  for (const q of [1, 2, 3, 4] as const) {
    const startDate = addMonthsAnniversary(year.startDate, (q - 1) * 3);
    const endDate = addDays(addMonthsAnniversary(year.startDate, q * 3), -1);
    if (date >= startDate && date <= endDate) return { quarter: q, label: `Q${q} ${year.label}`, startDate, endDate };
  }
  throw new RangeError(`No quarter found for ${date}`);
}

export interface SupervisionCompliance {
  arrangement: SupervisionArrangement;
  /** Counted supervisions in the period up to the assessment date. */
  countInPeriod: number;
  /** Counted supervisions in the reporting year up to the assessment date. */
  countInReportingYear: number;
  /** How many the minimum requires by now (pro rata); null when there is no minimum. */
  requiredByNow: number | null;
  /** Longest gap in days between supervisions touching the period, including the gap still open. */
  longestGapDays: number | null;
  lastSupervision: IsoDate | null;
  /** Whole weeks from the last counted supervision to the assessment date; null when there is none. */
  weeksSinceLast: number | null;
  /** Latest date for the next supervision under the gap rule. */
  nextDueBy: IsoDate | null;
  unsignedCount: number;
  disputedCount: number;
  compliant: boolean;
  /** Plain-English reasons when not compliant. */
  problems: string[];
}

/**
 * Frequency compliance for one AMHP over a period (normally a quarter) as it stands on `asOf`
 * (counting stops at the earlier of `asOf` and the period end). `since` is when the current
 * arrangement began (for example the approval start); gaps and pro-rata minimums are not
 * counted before it.
 */
export function supervisionCompliance(input: {
  records: readonly SupervisionRecord[];
  arrangement: SupervisionArrangement;
  period: { startDate: IsoDate; endDate: IsoDate };
  asOf: IsoDate | Date;
  since?: IsoDate | null;
  policy?: SupervisionPolicy;
}): SupervisionCompliance {
  const policy = input.policy ?? DEFAULT_SUPERVISION_POLICY;
  const rule = policy.rules[input.arrangement];
  const to = minDate(asLondonDate(input.asOf), input.period.endDate);
  const since = input.since ?? null;
  const from = since ? maxDate(input.period.startDate, since) : input.period.startDate;

  const counted = input.records
    .filter((r) => rule.countedTypes.includes(r.type) && r.date <= to && (since === null || r.date >= since))
    .map((r) => r.date)
    .sort();
  const inPeriod = counted.filter((d) => d >= input.period.startDate);
  const before = counted.filter((d) => d < input.period.startDate);
  const anchor = before[before.length - 1] ?? from;

  const problems: string[] = [];
  let longestGapDays: number | null = null;
  if (to >= from) {
    const points = [anchor, ...inPeriod, to];
    longestGapDays = 0;
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      if (a !== undefined && b !== undefined) longestGapDays = Math.max(longestGapDays, daysBetween(a, b));
    }
  }
  const lastSupervision = counted[counted.length - 1] ?? null;
  const nextDueBy = rule.maxGapDays !== null ? addDays(lastSupervision ?? from, rule.maxGapDays) : null;
  if (rule.maxGapDays !== null && longestGapDays !== null && longestGapDays > rule.maxGapDays) {
    problems.push(
      `A gap of ${longestGapDays} days between supervisions (the most allowed is ${rule.maxGapDays} days)`,
    );
  }

  const reportingYear = reportingYearOf(to, policy.reportingYearStartMonth);
  const yearFrom = since ? maxDate(reportingYear.startDate, since) : reportingYear.startDate;
  const countInReportingYear = counted.filter((d) => d >= reportingYear.startDate).length;
  let requiredByNow: number | null = null;
  if (rule.minPerReportingYear !== null) {
    const yearLength = daysBetween(reportingYear.startDate, reportingYear.endDate) + 1;
    const share = to < yearFrom ? 0 : (daysBetween(yearFrom, to) + 1) / yearLength;
    requiredByNow = Math.floor(rule.minPerReportingYear * share + 0.5);
    if (countInReportingYear < requiredByNow) {
      problems.push(
        `${countInReportingYear} of ${requiredByNow} supervisions expected by ${formatDate(to)} (at least ${rule.minPerReportingYear} in the reporting year ${reportingYear.label})`,
      );
    }
  }

  const periodRecords = input.records.filter((r) => r.date >= input.period.startDate && r.date <= to);
  const states = periodRecords.map(supervisionRecordState);
  return {
    arrangement: input.arrangement,
    countInPeriod: inPeriod.length,
    countInReportingYear,
    requiredByNow,
    longestGapDays,
    lastSupervision,
    weeksSinceLast: lastSupervision ? Math.floor(daysBetween(lastSupervision, to) / 7) : null,
    nextDueBy,
    unsignedCount: states.filter((s) => s !== 'signed').length,
    disputedCount: states.filter((s) => s === 'disputed').length,
    compliant: problems.length === 0,
    problems,
  };
}

export interface SupervisionAuditRow extends SupervisionCompliance {
  amhpId: string;
}

export interface SupervisionAudit {
  quarter: ReportingPeriod;
  asOf: IsoDate;
  rows: SupervisionAuditRow[];
  compliantCount: number;
  unsignedTotal: number;
}

/** The quarterly audit for the AMHP operational manager and EDT service manager. */
export function quarterlySupervisionAudit(input: {
  quarter: ReportingPeriod;
  asOf: IsoDate | Date;
  amhps: readonly {
    amhpId: string;
    arrangement: SupervisionArrangement;
    records: readonly SupervisionRecord[];
    since?: IsoDate | null;
  }[];
  policy?: SupervisionPolicy;
}): SupervisionAudit {
  const asOf = asLondonDate(input.asOf);
  const rows = input.amhps.map((a) => ({
    amhpId: a.amhpId,
    ...supervisionCompliance({
      records: a.records,
      arrangement: a.arrangement,
      period: input.quarter,
      asOf,
      since: a.since ?? null,
      ...(input.policy ? { policy: input.policy } : {}),
    }),
  }));
  return {
    quarter: input.quarter,
    asOf,
    rows,
    compliantCount: rows.filter((r) => r.compliant).length,
    unsignedTotal: rows.reduce((s, r) => s + r.unsignedCount, 0),
  };
}
