// The statutory clocks shown on the assessment record. Day periods follow mha-rules.md:
// "N days beginning with X" ends at the end of X + (N − 1); "N days ending with Y" starts on
// Y − (N − 1). Hour periods are elapsed time between instants, so they are right across the
// clock changes (a 24-hour period that spans the spring change ends an hour later on the
// clock than it started).

import type { AssessmentFacts, DoctorFacts, PlaceOfSafetyFacts } from './assessment-facts.js';
import type { MhaRuleId } from './mha-rule-catalogue.js';
import {
  type IsoDate,
  addDays,
  addHours,
  addMonthsClamped,
  endOfLondonDay,
  formatSpan,
  formatWeekdayDate,
  formatWeekdayDateTime,
  londonDate,
} from '../../../../platform/london-time.js';

export type DeadlineKey =
  | 'application_last_day'
  | 'application_latest_s4'
  | 'admission_last_day'
  | 'admission_latest_s4'
  | 'guardianship_forward_last_day'
  | 's2_ends'
  | 's3_first_period_ends'
  | 's4_ends'
  | 'place_of_safety_extension_must_be_authorised_by'
  | 'place_of_safety_ends'
  | 'place_of_safety_latest_with_extension'
  | 's5_2_ends'
  | 's5_4_ends'
  | 'cto_first_period_ends';

interface DeadlineBase {
  readonly key: DeadlineKey;
  readonly ruleId: MhaRuleId;
  readonly label: string;
  readonly note?: string;
  /** The moment the period is over; for day periods, midnight at the end of the last day. */
  readonly endsAt: Date;
}

export type Deadline =
  | (DeadlineBase & { readonly kind: 'instant' })
  | (DeadlineBase & { readonly kind: 'day'; readonly lastDay: IsoDate });

function dayDeadline(
  key: DeadlineKey,
  ruleId: MhaRuleId,
  label: string,
  lastDay: IsoDate,
  note?: string,
): Deadline {
  return { key, ruleId, label, kind: 'day', lastDay, endsAt: endOfLondonDay(lastDay), ...(note ? { note } : {}) };
}

function instantDeadline(key: DeadlineKey, ruleId: MhaRuleId, label: string, at: Date, note?: string): Deadline {
  return { key, ruleId, label, kind: 'instant', endsAt: at, ...(note ? { note } : {}) };
}

// ── Calculators (each one period, usable on its own) ───────────────────────────────────────────

/** s11(5): last day of the 14 days ending with the application date, counted from the last sight. */
export function lastDayToApply(lastSawPatientAt: Date): IsoDate {
  return addDays(londonDate(lastSawPatientAt), 13);
}

/** s4(5): an emergency application must be made within 24 hours of the AMHP last seeing the person. */
export function latestSection4Application(lastSawPatientAt: Date): Date {
  return addHours(lastSawPatientAt, 24);
}

/** The latest examination among the doctors whose recommendations found the application. */
export function lastExaminationAt(doctors: readonly DoctorFacts[]): Date | null {
  const recommending = doctors.filter((d) => d.signedAt !== null);
  const pool = recommending.length > 0 ? recommending : doctors;
  let latest: Date | null = null;
  for (const doctor of pool) {
    if (doctor.examinedAt && (latest === null || doctor.examinedAt > latest)) latest = doctor.examinedAt;
  }
  return latest;
}

/** The earliest examination among recommending doctors (s4 has one). */
export function firstExaminationAt(doctors: readonly DoctorFacts[]): Date | null {
  const recommending = doctors.filter((d) => d.signedAt !== null);
  const pool = recommending.length > 0 ? recommending : doctors;
  let earliest: Date | null = null;
  for (const doctor of pool) {
    if (doctor.examinedAt && (earliest === null || doctor.examinedAt < earliest)) earliest = doctor.examinedAt;
  }
  return earliest;
}

/** s6(1)(a): s2/s3 admission within 14 days beginning with the last medical examination. */
export function lastDayToAdmit(lastExamination: Date): IsoDate {
  return addDays(londonDate(lastExamination), 13);
}

/** s6(1)(b): s4 admission within 24 hours of the earlier of examination and application. */
export function latestSection4Admission(examinedAt: Date, applicationAt: Date): Date {
  return addHours(examinedAt < applicationAt ? examinedAt : applicationAt, 24);
}

/** s8(2): guardianship application forwarded within 14 days beginning with the last examination. */
export function lastDayToForwardGuardianship(lastExamination: Date): IsoDate {
  return addDays(londonDate(lastExamination), 13);
}

/** s2(4): 28 days beginning with the admission day. */
export function section2LastDay(admittedAt: Date): IsoDate {
  return addDays(londonDate(admittedAt), 27);
}

/**
 * s20 / s20A: "6 months beginning with" a day. Convention (UNVERIFIED in mha-rules.md): the day
 * before the same date six months on; where that month is shorter, the day before its last day.
 * This is the earlier of the plausible readings, so it never shows a period longer than the law allows.
 */
export function sixMonthsBeginningWithLastDay(start: IsoDate): IsoDate {
  return addDays(addMonthsClamped(start, 6), -1);
}

/** s4(4): 72 hours from admission. */
export function section4Expiry(admittedAt: Date): Date {
  return addHours(admittedAt, 72);
}

export const PLACE_OF_SAFETY_HOURS = 24;
export const PLACE_OF_SAFETY_MAX_EXTENSION_HOURS = 12;

export function placeOfSafetyBaseExpiry(clockStartedAt: Date): Date {
  return addHours(clockStartedAt, PLACE_OF_SAFETY_HOURS);
}

/** Hours added by the extension that counts: the first one, authorised before the 24 hours ran out,
 * capped at 12 hours. Whether it was lawful in other respects is R-POS-EXT's job. */
export function countedExtensionHours(pos: Pick<PlaceOfSafetyFacts, 'clockStartedAt' | 'extensions'>): number {
  if (!pos.clockStartedAt) return 0;
  const base = placeOfSafetyBaseExpiry(pos.clockStartedAt);
  const first = pos.extensions[0];
  if (!first || first.authorisedAt >= base || first.hours <= 0) return 0;
  return Math.min(first.hours, PLACE_OF_SAFETY_MAX_EXTENSION_HOURS);
}

export function placeOfSafetyExpiry(pos: Pick<PlaceOfSafetyFacts, 'clockStartedAt' | 'extensions'>): Date | null {
  if (!pos.clockStartedAt) return null;
  return addHours(placeOfSafetyBaseExpiry(pos.clockStartedAt), countedExtensionHours(pos));
}

/** s5(2) ends 72 h from the report, or from a s5(4) record made before it (s5(5)). */
export function section52Expiry(holding: { s54RecordedAt: Date | null; s52ReportedAt: Date | null }): Date | null {
  if (!holding.s52ReportedAt) return null;
  const from =
    holding.s54RecordedAt && holding.s54RecordedAt <= holding.s52ReportedAt ? holding.s54RecordedAt : holding.s52ReportedAt;
  return addHours(from, 72);
}

export function section54Expiry(s54RecordedAt: Date): Date {
  return addHours(s54RecordedAt, 6);
}

// ── Everything for one record ──────────────────────────────────────────────────────────────────

/** The deadlines that follow from what has been recorded so far, earliest first. */
export function computeDeadlines(facts: AssessmentFacts): Deadline[] {
  const deadlines: Deadline[] = [];
  const type = facts.applicationType;
  const lastSaw = facts.applicant.lastSawPatientAt;
  const lastExam = lastExaminationAt(facts.doctors);

  if (lastSaw && type === 's4') {
    deadlines.push(
      instantDeadline(
        'application_latest_s4',
        'R-S4-SEEN',
        'Latest time to make the section 4 application (24 hours after you last saw the person)',
        latestSection4Application(lastSaw),
      ),
    );
  } else if (lastSaw && type !== 's4') {
    deadlines.push(
      dayDeadline(
        'application_last_day',
        'R-GEN-14DAY',
        'Last day to make the application (14 days ending with the application date, counting the day you last saw the person)',
        lastDayToApply(lastSaw),
      ),
    );
  }

  if (type === 's4') {
    const exam = firstExaminationAt(facts.doctors);
    if (exam && facts.applicationAt) {
      deadlines.push(
        instantDeadline(
          'admission_latest_s4',
          'R-CONVEY-S4',
          'Latest time to admit under section 4 (24 hours from the examination or the application, whichever was first)',
          latestSection4Admission(exam, facts.applicationAt),
          'Exact wording of s6(1)(b) not verified',
        ),
      );
    }
  } else if (lastExam && type === 'guardianship') {
    deadlines.push(
      dayDeadline(
        'guardianship_forward_last_day',
        'R-S7-FWD',
        'Last day to forward the guardianship application to the local authority (14 days beginning with the last medical examination)',
        lastDayToForwardGuardianship(lastExam),
      ),
    );
  } else if (lastExam) {
    deadlines.push(
      dayDeadline(
        'admission_last_day',
        'R-CONVEY-14',
        'Last day to admit the person to hospital (14 days beginning with the last medical examination)',
        lastDayToAdmit(lastExam),
      ),
    );
  }

  const admitted = facts.admittedAt;
  if (admitted && type === 's2') {
    deadlines.push(
      dayDeadline(
        's2_ends',
        'R-S2-END',
        'Section 2 ends (28 days beginning with the day of admission)',
        section2LastDay(admitted),
        'Extended while an application to displace the nearest relative under s29(3)(c) or (d) is pending',
      ),
    );
  }
  if (admitted && type === 's3') {
    deadlines.push(
      dayDeadline(
        's3_first_period_ends',
        'R-S3-END',
        'Section 3 first period ends (6 months beginning with the day of admission)',
        sixMonthsBeginningWithLastDay(londonDate(admitted)),
        'Month-counting convention not verified: check with the Mental Health Act office',
      ),
    );
  }
  if (admitted && type === 's4') {
    const second = facts.section4?.secondRecommendation ?? null;
    const expiry = section4Expiry(admitted);
    if (second && second.receivedByManagersAt <= expiry) {
      deadlines.push(
        dayDeadline(
          's2_ends',
          'R-S2-END',
          'Section 2 ends (converted from section 4: 28 days beginning with the section 4 admission day)',
          section2LastDay(admitted),
        ),
      );
    } else {
      deadlines.push(
        instantDeadline(
          's4_ends',
          'R-S4-EXP',
          'Section 4 ends (72 hours from admission) unless a second recommendation is received by the managers first',
          expiry,
        ),
      );
    }
  }
  if (facts.currentDetention) {
    deadlines.push(
      dayDeadline(
        's2_ends',
        'R-S2-END',
        'Current section 2 ends (28 days beginning with the day of admission)',
        section2LastDay(facts.currentDetention.admittedAt),
        facts.currentDetention.s29DisplacementPending
          ? 'Extended: an application to displace the nearest relative is pending'
          : undefined,
      ),
    );
  }

  const pos = facts.placeOfSafety;
  if (pos?.clockStartedAt) {
    const powerName = pos.power === 's136' ? 'Section 136' : pos.power === 's135_1' ? 'Section 135(1)' : 'Section 135(2)';
    const base = placeOfSafetyBaseExpiry(pos.clockStartedAt);
    const extension = countedExtensionHours(pos);
    if (extension > 0) {
      deadlines.push(
        instantDeadline(
          'place_of_safety_ends',
          'R-POS-EXT',
          `${powerName} ends (24 hours from arrival, extended by ${extension} hours)`,
          addHours(base, extension),
        ),
      );
    } else {
      deadlines.push(
        instantDeadline(
          'place_of_safety_extension_must_be_authorised_by',
          'R-POS-EXT',
          'Any extension must be authorised by the examining doctor before this time',
          base,
        ),
        instantDeadline('place_of_safety_ends', 'R-POS-24', `${powerName} ends (24 hours from arrival at the place of safety)`, base),
        instantDeadline(
          'place_of_safety_latest_with_extension',
          'R-POS-EXT',
          `${powerName} latest possible end with a 12-hour extension`,
          addHours(base, PLACE_OF_SAFETY_MAX_EXTENSION_HOURS),
          'Only if the person’s condition means the assessment cannot be done in time',
        ),
      );
    }
  }

  const holding = facts.holdingPower;
  if (holding) {
    const s52 = section52Expiry(holding);
    if (s52) {
      deadlines.push(
        instantDeadline(
          's5_2_ends',
          'R-S52',
          'Section 5(2) holding power ends (72 hours)',
          s52,
          holding.s54RecordedAt && holding.s52ReportedAt && holding.s54RecordedAt <= holding.s52ReportedAt
            ? 'Counted from the section 5(4) record, which came first'
            : undefined,
        ),
      );
    } else if (holding.s54RecordedAt) {
      deadlines.push(
        instantDeadline('s5_4_ends', 'R-S54', 'Section 5(4) holding power ends (6 hours)', section54Expiry(holding.s54RecordedAt)),
      );
    }
  }

  if (facts.cto) {
    deadlines.push(
      dayDeadline(
        'cto_first_period_ends',
        'R-CTO-END',
        'Community treatment order first period ends (6 months beginning with the day it was made)',
        sixMonthsBeginningWithLastDay(facts.cto.madeOn),
      ),
    );
  }

  return deadlines.sort((a, b) => a.endsAt.getTime() - b.endsAt.getTime());
}

export interface DeadlineStatus {
  readonly passed: boolean;
  readonly remainingMs: number;
  /** 'by the end of Sun 29 Mar 2026 (in 3 h 10 min)' or 'Sun 29 Mar 2026, 22:00 (passed 20 min ago)' */
  readonly text: string;
}

export function deadlineStatus(deadline: Deadline, now: Date): DeadlineStatus {
  const remainingMs = deadline.endsAt.getTime() - now.getTime();
  const passed = remainingMs <= 0;
  const when =
    deadline.kind === 'day' ? `by the end of ${formatWeekdayDate(deadline.lastDay)}` : formatWeekdayDateTime(deadline.endsAt);
  const relative = passed ? `passed ${formatSpan(-remainingMs / 60_000)} ago` : `in ${formatSpan(remainingMs / 60_000)}`;
  return { passed, remainingMs, text: `${when} (${relative})` };
}
