/**
 * Training hours, professional meetings and away days, counted per approval year.
 *
 * Rules (reg. 5 of SI 2008/1206; Competences, Standards and Expectations §3.1, §7.1–7.5):
 * at least 18 hours of relevant training in each year of approval, including a legal update;
 * at least 4 AMHP professional meetings a year; AMHP away days (two are offered each year).
 *
 * An approval year starts on the approval start date or one of its anniversaries and ends the
 * day before the next anniversary (see register-time.ts for 29 February). The last year is cut
 * short if the approval ends early.
 */
import type { Approval } from '../approvals/approval.js';
import { lastDayInForce } from '../approvals/approval.js';
import type { RuleFinding } from '../../../platform/errors.js';
import { ok, type Result } from '../../../platform/result.js';
import { broken, finding } from '../register-rules.js';
import type { IsoDate } from '../../../platform/london-time.js';
import { addDays, addYearsAnniversary, asLondonDate, daysBetween, isIsoDate, minDate } from '../../../platform/london-time.js';

export interface ApprovalYear {
  /** 1 for the year starting on the approval start date. */
  number: number;
  startDate: IsoDate;
  endDate: IsoDate;
}

export function approvalYears(approval: Approval): ApprovalYear[] {
  const years: ApprovalYear[] = [];
  const last = lastDayInForce(approval);
  for (let n = 1; ; n++) {
    const startDate = addYearsAnniversary(approval.startDate, n - 1);
    if (startDate > last) break;
    const endDate = minDate(addDays(addYearsAnniversary(approval.startDate, n), -1), last);
    years.push({ number: n, startDate, endDate });
  }
  return years;
}

export function approvalYearOn(approval: Approval, date: IsoDate): ApprovalYear | null {
  return approvalYears(approval).find((y) => date >= y.startDate && date <= y.endDate) ?? null;
}

export interface TrainingRecord {
  id: string;
  date: IsoDate;
  title: string;
  provider: string;
  hours: number;
  amhpSpecific: boolean;
  legalUpdate: boolean;
}

export interface ProfessionalEvent {
  id: string;
  date: IsoDate;
  kind: 'professional_meeting' | 'away_day';
}

export interface TrainingPolicy {
  minHoursPerYear: number;
  legalUpdateRequired: boolean;
  minProfessionalMeetingsPerYear: number;
  expectedAwayDaysPerYear: number;
  /** "At risk" once the requirement is unmet with this many days or fewer left in the year. */
  riskWindowDays: number;
  /** "At risk" earlier in the year when hours are this far behind the pro-rata share. */
  proRataToleranceHours: number;
}

export const DEFAULT_TRAINING_POLICY: TrainingPolicy = {
  minHoursPerYear: 18,
  legalUpdateRequired: true,
  minProfessionalMeetingsPerYear: 4,
  expectedAwayDaysPerYear: 2,
  riskWindowDays: 90,
  proRataToleranceHours: 6,
};

const MAX_HOURS_IN_A_DAY = 24;

/** Hours are summed in whole minutes so that 0.1 + 0.2 style errors never change a result. */
function toMinutes(hours: number): number {
  return Math.round(hours * 60);
}

function minutesToHours(minutes: number): number {
  return minutes / 60;
}

/**
 * A training record needs a date, a title, a provider and more than 0 and at most 24 hours;
 * with the person's other records that day the total must not exceed 24 hours.
 */
export function validateTrainingRecord(
  record: Omit<TrainingRecord, 'id'> & { id?: string },
  otherRecords: readonly TrainingRecord[],
): Result<Omit<TrainingRecord, 'id'> & { id?: string }> {
  const errors: RuleFinding[] = [];
  if (!isIsoDate(record.date)) errors.push(finding('invalid_date', 'Enter a real date for the training', 'date'));
  if (record.title.trim() === '') errors.push(finding('title_required', 'Enter the title of the training', 'title'));
  if (record.provider.trim() === '') {
    errors.push(finding('provider_required', 'Enter who provided the training', 'provider'));
  }
  if (!Number.isFinite(record.hours) || record.hours <= 0) {
    errors.push(finding('hours_not_positive', 'Training hours must be more than 0', 'hours'));
  } else if (record.hours > MAX_HOURS_IN_A_DAY) {
    errors.push(finding('hours_over_24', 'Training hours must be 24 or fewer in one day', 'hours'));
  } else {
    const sameDay = otherRecords
      .filter((r) => r.date === record.date && r.id !== record.id)
      .reduce((sum, r) => sum + toMinutes(r.hours), 0);
    if (sameDay + toMinutes(record.hours) > MAX_HOURS_IN_A_DAY * 60) {
      errors.push(
        finding(
          'day_over_24',
          `This would make more than 24 hours of training on one day: ${minutesToHours(sameDay)} hours are already recorded for that day`,
          'hours',
        ),
      );
    }
  }
  return errors.length > 0 ? broken(errors) : ok(record);
}

export interface TrainingYearSummary {
  year: ApprovalYear;
  /** Hours on or before the assessment date. */
  hours: number;
  amhpSpecificHours: number;
  /** Hours recorded for dates after the assessment date (booked). */
  bookedHours: number;
  legalUpdate: boolean;
  legalUpdateBooked: boolean;
  professionalMeetings: number;
  awayDays: number;
  hoursMet: boolean;
  meetingsMet: boolean;
  awayDaysMet: boolean;
  /** The statutory condition: hours and (when required) a legal update. */
  trainingMet: boolean;
  /** Days left in the year counting the assessment date itself (1 on the last day). */
  daysLeft: number;
  /** Hours expected by now if the year's hours were spread evenly. */
  proRataHours: number;
  atRisk: boolean;
  atRiskReason: string | null;
}

/**
 * One approval year's position on `date` (which must fall inside the year or after it; after
 * it, the year is complete and `daysLeft` is 0).
 *
 * "At risk" (while the training condition is not yet met):
 *  - `riskWindowDays` (90) days or fewer left in the year; or
 *  - hours more than `proRataToleranceHours` (6, about one training day) behind the pro-rata
 *    share of 18 hours for the part of the year gone.
 * A finished year that was not met is reported as not met, not as at risk.
 */
export function summariseTrainingYear(input: {
  year: ApprovalYear;
  records: readonly TrainingRecord[];
  events: readonly ProfessionalEvent[];
  date: IsoDate | Date;
  policy?: TrainingPolicy;
}): TrainingYearSummary {
  const policy = input.policy ?? DEFAULT_TRAINING_POLICY;
  const date = asLondonDate(input.date);
  const { year } = input;
  const inYear = (d: IsoDate): boolean => d >= year.startDate && d <= year.endDate;
  const done = input.records.filter((r) => inYear(r.date) && r.date <= date);
  const booked = input.records.filter((r) => inYear(r.date) && r.date > date);
  const eventsSoFar = input.events.filter((e) => inYear(e.date) && e.date <= date);

  const minutes = done.reduce((s, r) => s + toMinutes(r.hours), 0);
  const hours = minutesToHours(minutes);
  const amhpSpecificHours = minutesToHours(done.filter((r) => r.amhpSpecific).reduce((s, r) => s + toMinutes(r.hours), 0));
  const bookedHours = minutesToHours(booked.reduce((s, r) => s + toMinutes(r.hours), 0));
  const legalUpdate = done.some((r) => r.legalUpdate);
  const legalUpdateBooked = booked.some((r) => r.legalUpdate);
  const professionalMeetings = eventsSoFar.filter((e) => e.kind === 'professional_meeting').length;
  const awayDays = eventsSoFar.filter((e) => e.kind === 'away_day').length;

  const hoursMet = minutes >= toMinutes(policy.minHoursPerYear);
  const trainingMet = hoursMet && (legalUpdate || !policy.legalUpdateRequired);
  const yearLength = daysBetween(year.startDate, year.endDate) + 1;
  const daysLeft = date > year.endDate ? 0 : date < year.startDate ? yearLength : daysBetween(date, year.endDate) + 1;
  const daysGone = yearLength - daysLeft;
  const proRataHours = Math.round(((policy.minHoursPerYear * daysGone) / yearLength) * 100) / 100;

  let atRiskReason: string | null = null;
  if (!trainingMet && daysLeft > 0) {
    const missing: string[] = [];
    if (!hoursMet) missing.push(`${hours} of ${policy.minHoursPerYear} hours done`);
    if (policy.legalUpdateRequired && !legalUpdate) missing.push('no legal update yet');
    if (daysLeft <= policy.riskWindowDays) {
      atRiskReason = `${daysLeft} ${daysLeft === 1 ? 'day' : 'days'} left in the approval year: ${missing.join(', ')}`;
    } else if (hours < proRataHours - policy.proRataToleranceHours) {
      atRiskReason = `More than ${policy.proRataToleranceHours} hours behind: ${hours} hours done, about ${Math.floor(proRataHours)} expected by now`;
    }
  }

  return {
    year,
    hours,
    amhpSpecificHours,
    bookedHours,
    legalUpdate,
    legalUpdateBooked,
    professionalMeetings,
    awayDays,
    hoursMet,
    meetingsMet: professionalMeetings >= policy.minProfessionalMeetingsPerYear,
    awayDaysMet: awayDays >= policy.expectedAwayDaysPerYear,
    trainingMet,
    daysLeft,
    proRataHours,
    atRisk: atRiskReason !== null,
    atRiskReason,
  };
}

/** Every approval year up to and including the one containing `date` (for the panel pack). */
export function trainingByApprovalYear(input: {
  approval: Approval;
  records: readonly TrainingRecord[];
  events: readonly ProfessionalEvent[];
  date: IsoDate | Date;
  policy?: TrainingPolicy;
}): TrainingYearSummary[] {
  const date = asLondonDate(input.date);
  return approvalYears(input.approval)
    .filter((y) => y.startDate <= date)
    .map((year) =>
      summariseTrainingYear({
        year,
        records: input.records,
        events: input.events,
        date,
        ...(input.policy ? { policy: input.policy } : {}),
      }),
    );
}

export type TrainingCompliance =
  | { approved: false }
  | ({ approved: true; approvalId: string } & TrainingYearSummary);

/**
 * The compliance view's row for one person on `date`: the approval year in progress. Pass the
 * approval in force on that date (see approvalOn), or null when there is none.
 */
export function trainingCompliance(input: {
  approval: Approval | null;
  records: readonly TrainingRecord[];
  events: readonly ProfessionalEvent[];
  date: IsoDate | Date;
  policy?: TrainingPolicy;
}): TrainingCompliance {
  const date = asLondonDate(input.date);
  const year = input.approval ? approvalYearOn(input.approval, date) : null;
  if (!input.approval || !year) return { approved: false };
  return {
    approved: true,
    approvalId: input.approval.id,
    ...summariseTrainingYear({
      year,
      records: input.records,
      events: input.events,
      date,
      ...(input.policy ? { policy: input.policy } : {}),
    }),
  };
}
