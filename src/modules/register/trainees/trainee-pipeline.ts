/**
 * From nomination to first approval: the AMHP trainee pipeline.
 *
 * Source: Workforce Strategy §3.1 (aim to train six AMHPs a year, spread equally across the
 * LSSAs), §4.1–4.6 (April and September intakes; nomination deadlines 31 January for September
 * and 30 June for the following April; line-manager support, and for NHS staff the social work
 * lead's too; the nomination form; the requirements checked before a nomination is approved;
 * five days' shadowing), and reg. 3(3) of SI 2008/1206 (a first approval needs an approved
 * course completed within the last five years).
 */
import type { Profession } from '../approvals/approval.js';
import type { RuleFinding } from '../../../platform/errors.js';
import { ok, wrongState, type Result } from '../../../platform/result.js';
import { broken, finding } from '../register-rules.js';
import type { IsoDate } from '../../../platform/london-time.js';
import { addMonthsAnniversary, dateParts, formatDate, isIsoDate, isoDate } from '../../../platform/london-time.js';

export type Intake = 'april' | 'september';

export interface Cohort {
  intake: Intake;
  year: number;
}

export function cohortLabel(cohort: Cohort): string {
  return `${cohort.intake === 'april' ? 'April' : 'September'} ${cohort.year}`;
}

/** September intakes close on 31 January of the same year; April intakes on 30 June of the year before. */
export function nominationDeadline(cohort: Cohort): IsoDate {
  return cohort.intake === 'september' ? isoDate(cohort.year, 1, 31) : isoDate(cohort.year - 1, 6, 30);
}

/** The nominal first day of the course month. */
export function cohortStartDate(cohort: Cohort): IsoDate {
  return isoDate(cohort.year, cohort.intake === 'april' ? 4 : 9, 1);
}

/** The earliest intake still open to a nomination made on `date` (deadline day included). */
export function nextOpenCohort(date: IsoDate): Cohort {
  const { year } = dateParts(date);
  if (date <= isoDate(year, 1, 31)) return { intake: 'september', year };
  if (date <= isoDate(year, 6, 30)) return { intake: 'april', year: year + 1 };
  return { intake: 'september', year: year + 1 };
}

export function checkNominationDeadline(cohort: Cohort, nominatedOn: IsoDate): Result<Cohort> {
  const deadline = nominationDeadline(cohort);
  if (nominatedOn <= deadline) return ok(cohort);
  return broken([
    finding(
      'after_deadline',
      `Nominations for the ${cohortLabel(cohort)} intake closed on ${formatDate(deadline)}. The next intake open is ${cohortLabel(nextOpenCohort(nominatedOn))}`,
      'cohort',
    ),
  ]);
}

export type EmployerType = 'lssa' | 'nhs_trust' | 'other';

/** The nomination form (Workforce Strategy §4.5), plus profession for eligibility. */
export interface Nomination {
  name: string;
  role: string;
  team: string;
  /** The LSSA (local authority area) the candidate is nominated for. */
  lssaId: string;
  employer: string;
  employerType: EmployerType;
  profession: Profession;
  contactNumber: string;
  email: string;
  cohort: Cohort;
  priority: boolean;
  priorityReason: string;
  managerName: string;
  managerContactNumber: string;
  managerEmail: string;
  /** Funding allocation, e.g. "Funding confirmed for the September 2026 intake". */
  allocation: string;
}

export interface ApprovalChecklist {
  nominationForm: boolean;
  learningAgreementSigned: boolean;
  managerSupport: boolean;
  shadowingAvailability: boolean;
  /** Needed only when the candidate is employed by the NHS trust. */
  socialWorkLeadSupport: boolean;
}

const CHECKLIST_LABELS: Record<keyof ApprovalChecklist, string> = {
  nominationForm: 'Completed nomination form',
  learningAgreementSigned: 'Learning agreement signed by the candidate and the nominating organisation',
  managerSupport: "Line manager's support",
  shadowingAvailability: 'Confirmation the candidate is available, and released by their employer, for shadowing',
  socialWorkLeadSupport: "Social work lead's support (NHS trust staff)",
};

export interface ChecklistItem {
  key: keyof ApprovalChecklist;
  label: string;
  done: boolean;
}

export function checklistItems(checklist: ApprovalChecklist, employerType: EmployerType): ChecklistItem[] {
  const keys: (keyof ApprovalChecklist)[] = [
    'nominationForm',
    'learningAgreementSigned',
    'managerSupport',
    'shadowingAvailability',
  ];
  if (employerType === 'nhs_trust') keys.push('socialWorkLeadSupport');
  return keys.map((key) => ({ key, label: CHECKLIST_LABELS[key], done: checklist[key] }));
}

export interface ShadowingDay {
  date: IsoDate;
  note: string;
}

export type CourseOutcome = { result: 'passed' | 'not_passed' | 'withdrawn'; on: IsoDate };

export interface Trainee {
  id: string;
  nomination: Nomination;
  nominatedOn: IsoDate;
  checklist: ApprovalChecklist;
  nominationApprovedOn: IsoDate | null;
  shadowingDays: ShadowingDay[];
  courseStartedOn: IsoDate | null;
  outcome: CourseOutcome | null;
  firstApprovalStart: IsoDate | null;
}

export const SHADOWING_DAYS_REQUIRED = 5;
export const COURSE_VALID_FOR_MONTHS = 60;

export type TraineeStage =
  | 'nominated'
  | 'nomination_approved'
  | 'on_course'
  | 'passed'
  | 'not_passed'
  | 'withdrawn'
  | 'approved';

export const TRAINEE_STAGE_LABELS: Record<TraineeStage, string> = {
  nominated: 'Nominated',
  nomination_approved: 'Nomination approved: shadowing',
  on_course: 'On the course',
  passed: 'Passed: awaiting approval',
  not_passed: 'Did not pass',
  withdrawn: 'Withdrawn',
  approved: 'Approved as an AMHP',
};

export function traineeStage(t: Trainee): TraineeStage {
  if (t.firstApprovalStart !== null) return 'approved';
  if (t.outcome) return t.outcome.result;
  if (t.courseStartedOn !== null) return 'on_course';
  if (t.nominationApprovedOn !== null) return 'nomination_approved';
  return 'nominated';
}

/** The pipeline runs in order: a step out of turn is refused as the record's state (HTTP 409). */
function wrongStage(action: string, t: Trainee): Result<Trainee> {
  return wrongState('wrong_stage', `Cannot ${action}: the candidate is at the stage "${TRAINEE_STAGE_LABELS[traineeStage(t)]}"`);
}

function badDate(field: string, date: IsoDate): RuleFinding[] {
  return isIsoDate(date) ? [] : [finding('invalid_date', 'Enter a real date', field)];
}

/** Approve a nomination once every checklist item is done. */
export function approveNomination(t: Trainee, on: IsoDate): Result<Trainee> {
  if (traineeStage(t) !== 'nominated') return wrongStage('approve the nomination', t);
  const invalid = badDate('on', on);
  if (invalid.length > 0) return broken(invalid);
  const missing = checklistItems(t.checklist, t.nomination.employerType).filter((i) => !i.done);
  if (missing.length > 0) {
    return broken(missing.map((i) => finding('checklist_incomplete', `Still needed: ${i.label}`, i.key)));
  }
  if (on < t.nominatedOn) {
    return broken([finding('before_nomination', 'The nomination cannot be approved before it was made', 'on')]);
  }
  return ok({ ...t, nominationApprovedOn: on });
}

/** Log a shadowing day (after the nomination is approved; one entry per date). */
export function logShadowingDay(t: Trainee, day: ShadowingDay): Result<Trainee> {
  const stage = traineeStage(t);
  if (stage !== 'nomination_approved' && stage !== 'on_course') return wrongStage('log shadowing', t);
  const invalid = badDate('date', day.date);
  if (invalid.length > 0) return broken(invalid);
  if (t.shadowingDays.some((d) => d.date === day.date)) {
    return broken([finding('duplicate_day', `A shadowing day on ${formatDate(day.date)} is already logged`, 'date')]);
  }
  return ok({ ...t, shadowingDays: [...t.shadowingDays, day].sort((a, b) => (a.date < b.date ? -1 : 1)) });
}

export function shadowingDaysBefore(t: Trainee, date: IsoDate): number {
  return t.shadowingDays.filter((d) => d.date <= date).length;
}

/** Start the course: needs an approved nomination and five shadowing days by the start date. */
export function startCourse(t: Trainee, on: IsoDate): Result<Trainee> {
  if (traineeStage(t) !== 'nomination_approved') return wrongStage('start the course', t);
  const invalid = badDate('on', on);
  if (invalid.length > 0) return broken(invalid);
  const days = shadowingDaysBefore(t, on);
  if (days < SHADOWING_DAYS_REQUIRED) {
    return broken([
      finding(
        'shadowing_incomplete',
        `The candidate needs ${SHADOWING_DAYS_REQUIRED} shadowing days before the course starts; ${days} logged`,
        'shadowingDays',
      ),
    ]);
  }
  return ok({ ...t, courseStartedOn: on });
}

/** Passed or not passed after starting the course; withdrawn at any point before an outcome. */
export function recordCourseOutcome(t: Trainee, outcome: CourseOutcome): Result<Trainee> {
  const stage = traineeStage(t);
  const invalid = badDate('on', outcome.on);
  if (invalid.length > 0) return broken(invalid);
  if (outcome.result === 'withdrawn') {
    if (stage !== 'nominated' && stage !== 'nomination_approved' && stage !== 'on_course') {
      return wrongStage('record a withdrawal', t);
    }
  } else if (stage !== 'on_course') {
    return wrongStage('record the course result', t);
  }
  if (t.courseStartedOn !== null && outcome.on < t.courseStartedOn) {
    return broken([finding('before_course', 'The outcome cannot be before the course started', 'on')]);
  }
  return ok({ ...t, outcome });
}

/** First approval: after passing, and within five years of completing the course. */
export function recordFirstApproval(t: Trainee, approvalStart: IsoDate): Result<Trainee> {
  if (traineeStage(t) !== 'passed' || !t.outcome) return wrongStage('record the first approval', t);
  const invalid = badDate('approvalStart', approvalStart);
  if (invalid.length > 0) return broken(invalid);
  const passedOn = t.outcome.on;
  if (approvalStart < passedOn) {
    return broken([finding('before_qualifying', 'Approval cannot start before the course was passed', 'approvalStart')]);
  }
  // Counted forward from the course so that the fifth anniversary itself is still in time.
  if (approvalStart > addMonthsAnniversary(passedOn, COURSE_VALID_FOR_MONTHS)) {
    return broken([
      finding(
        'course_too_old',
        `A first approval needs an approved course completed within the last five years; this course was completed on ${formatDate(passedOn)}`,
        'approvalStart',
      ),
    ]);
  }
  return ok({ ...t, firstApprovalStart: approvalStart });
}

export const TRAINING_TARGET_PER_YEAR = 6;

export interface TraineesPerYear {
  year: number;
  target: number;
  /** Trainees who started an April or September course that year. */
  total: number;
  nominated: number;
  byLssa: { lssaId: string; trainees: number; nominated: number; targetShare: number }[];
  targetMet: boolean;
}

/**
 * Trainees per LSSA for the intakes of one calendar year (April and September) against the
 * target of six a year, whose equal share per LSSA is target ÷ number of LSSAs.
 */
export function traineesPerYear(input: {
  trainees: readonly Trainee[];
  lssaIds: readonly string[];
  year: number;
  target?: number;
}): TraineesPerYear {
  const target = input.target ?? TRAINING_TARGET_PER_YEAR;
  const ofYear = input.trainees.filter((t) => t.nomination.cohort.year === input.year);
  const started = ofYear.filter((t) => t.courseStartedOn !== null);
  const share = input.lssaIds.length === 0 ? 0 : Math.round((target / input.lssaIds.length) * 100) / 100;
  return {
    year: input.year,
    target,
    total: started.length,
    nominated: ofYear.length,
    byLssa: input.lssaIds.map((lssaId) => ({
      lssaId,
      trainees: started.filter((t) => t.nomination.lssaId === lssaId).length,
      nominated: ofYear.filter((t) => t.nomination.lssaId === lssaId).length,
      targetShare: share,
    })),
    targetMet: started.length >= target,
  };
}
