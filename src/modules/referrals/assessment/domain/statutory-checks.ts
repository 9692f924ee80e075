// The Mental Health Act rules from ../shared/domain/mha-rules.md §2 as pure checks over the
// facts of an assessment. Errors (E) block recording an application; warnings (W) need a
// recorded reason. Rules the file marks UNVERIFIED are warnings unless a deployment promotes
// them. Messages are for a tired AMHP at 2 a.m.: what is wrong, with the dates, and what to do.
//
// A check can fail because something is wrong (a breach) or because something needed has not
// been recorded yet (`missing`). When recording an application both count; during "check now"
// the missing ones are listed separately as still to do.
//
// Time: every check judges the application by its own recorded times (examinations, signatures,
// application, admission). The clock ("now") is given to the checks only for "check now" on an
// open record, where it turns into live warnings (a deadline passing while nothing is recorded);
// an application recorded after the event is never judged against the server's clock.

import type { ApplicationType, AssessmentFacts, ConflictParty, DeclaredConflict, DoctorFacts } from './assessment-facts.js';
import {
  firstExaminationAt,
  lastDayToAdmit,
  lastDayToApply,
  lastDayToForwardGuardianship,
  lastExaminationAt,
  latestSection4Admission,
  placeOfSafetyBaseExpiry,
  placeOfSafetyExpiry,
  section2LastDay,
  section4Expiry,
  section52Expiry,
  section54Expiry,
  PLACE_OF_SAFETY_MAX_EXTENSION_HOURS,
} from './deadlines.js';
import {
  type IsoDate,
  addDays,
  ageOn,
  compareIsoDates,
  daysBetween,
  endOfLondonDay,
  formatSpan,
  formatWeekdayDate,
  formatWeekdayDateTime,
  londonDate as londonDateOf,
} from '../../../../platform/london-time.js';
import { catalogueEntry, checkSeverity } from './mha-rule-catalogue.js';
import type { RuleId } from './mha-rule-catalogue.js';
import { nearestRelativeRulesFor } from './nearest-relative.js';
import type { RepresentativeCommencement } from './nearest-relative.js';

export type Severity = 'E' | 'W';

export type CheckResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly message: string;
      /** True when the failure is that something has not been recorded yet. */
      readonly missing?: boolean;
      /** A failure that is less serious than the rule's usual severity (e.g. an urgency override). */
      readonly severity?: Severity;
    };

export interface CheckContext {
  /** "Check now" on an open record only: lets a live warning say a deadline has passed. */
  readonly now: Date | null;
  readonly commencement?: RepresentativeCommencement;
}

export interface StatutoryRule {
  readonly id: RuleId;
  readonly severity: Severity;
  readonly unverified: boolean;
  readonly title: string;
  applies(facts: AssessmentFacts, context?: CheckContext): boolean;
  check(facts: AssessmentFacts, context?: CheckContext): CheckResult;
}

const PASS: CheckResult = { ok: true };

function fail(message: string, extra: { missing?: boolean; severity?: Severity } = {}): CheckResult {
  return { ok: false, message, ...extra };
}

function missing(message: string): CheckResult {
  return { ok: false, message, missing: true };
}

const NO_CONTEXT: CheckContext = { now: null };

// ── Small helpers ──────────────────────────────────────────────────────────────────────────────

const APPLICATION_NAMES: Readonly<Record<ApplicationType, string>> = {
  s2: 'section 2',
  s3: 'section 3',
  s4: 'section 4',
  guardianship: 'guardianship',
};

function isOneOf(type: ApplicationType | null, ...types: ApplicationType[]): boolean {
  return type !== null && types.includes(type);
}

function blank(text: string | null | undefined): boolean {
  return text === null || text === undefined || text.trim().length === 0;
}

function signed(doctors: readonly DoctorFacts[]): DoctorFacts[] {
  return doctors.filter((d) => d.signedAt !== null);
}

/** Doctors the application is founded on: the signed ones if any, otherwise those recorded. */
function recommending(doctors: readonly DoctorFacts[]): readonly DoctorFacts[] {
  const withSignature = signed(doctors);
  return withSignature.length > 0 ? withSignature : doctors;
}

function sameDoctor(a: DoctorFacts, b: DoctorFacts): boolean {
  if (a.id === b.id) return true;
  if (a.gmcNumber && b.gmcNumber) return a.gmcNumber.trim() === b.gmcNumber.trim();
  return a.name.trim().toLowerCase().replace(/\s+/g, ' ') === b.name.trim().toLowerCase().replace(/\s+/g, ' ');
}

function approvalCovers(approved: boolean, until: IsoDate | null | undefined, on: IsoDate | null): boolean {
  if (!approved) return false;
  if (!until || on === null) return true;
  return compareIsoDates(on, until) <= 0;
}

function counts12(doctor: DoctorFacts): boolean {
  const on = doctor.examinedAt ? londonDateOf(doctor.examinedAt) : null;
  return (
    approvalCovers(doctor.s12Approved, doctor.s12ApprovedUntil, on) ||
    approvalCovers(doctor.approvedClinician, doctor.approvedClinicianUntil, on)
  );
}

function when(instant: Date): string {
  return formatWeekdayDateTime(instant);
}

function day(date: IsoDate): string {
  return formatWeekdayDate(date);
}

function partyName(party: ConflictParty, facts: AssessmentFacts): string {
  switch (party.kind) {
    case 'amhp':
      return 'you (the AMHP)';
    case 'patient':
      return 'the person being assessed';
    case 'doctor':
      return `Dr ${facts.doctors.find((d) => d.id === party.doctorId)?.name ?? party.doctorId}`.replace(/^Dr Dr /, 'Dr ');
  }
}

function involves(conflict: DeclaredConflict, kind: ConflictParty['kind']): boolean {
  return conflict.between.some((p) => p.kind === kind);
}

function conflictsResult(
  conflicts: readonly DeclaredConflict[],
  facts: AssessmentFacts,
  sameTeam: { urgencyOverrideReason: string | null } | null,
): CheckResult {
  const unresolved: string[] = [];
  const overridden: string[] = [];
  for (const conflict of conflicts) {
    const text = `${partyName(conflict.between[0], facts)} and ${partyName(conflict.between[1], facts)} (${conflict.type}: ${conflict.description})`;
    if (blank(conflict.urgencyOverrideReason)) unresolved.push(text);
    else overridden.push(text);
  }
  if (sameTeam) {
    const text = 'you and both doctors are in the same team';
    if (blank(sameTeam.urgencyOverrideReason)) unresolved.push(text);
    else overridden.push(text);
  }
  if (unresolved.length > 0) {
    return fail(
      `There is a conflict of interest: ${unresolved.join('; ')}. The application cannot go ahead with these assessors. Ask a different AMHP or doctor to take part, or, if delay would seriously risk the person's health or safety, record that urgency reason.`,
    );
  }
  if (overridden.length > 0) {
    const onlyTeam = conflicts.length === 0 && sameTeam !== null;
    return fail(
      onlyTeam
        ? `Conflict of interest overridden for urgency: ${overridden.join('; ')}. Confirm the urgency reason is recorded in full.`
        : `Conflict of interest overridden for urgency: ${overridden.join('; ')}. It is not confirmed that the urgency exception applies to anything other than all three assessors being in one team: check with a senior AMHP before relying on it.`,
      { severity: 'W' },
    );
  }
  return PASS;
}

function applicationDate(facts: AssessmentFacts): IsoDate | null {
  return facts.applicationAt ? londonDateOf(facts.applicationAt) : null;
}

const NEEDS_APPLICATION_TIME = 'Record the date and time of the application.';

/** What to do instead when the authority to convey and admit has run out (s6(1)). */
const LAPSED_ADVICE =
  'Record the outcome "Application lapsed: the person was not admitted under it" instead, and if the person still needs to be detained make a new application, with new medical examinations.';

/** R-MR-03 for one recommendation: the message if the examination is timed after the signature. */
function examinedAfterSigning(doctor: Pick<DoctorFacts, 'name' | 'examinedAt' | 'signedAt'>): string | null {
  if (!doctor.examinedAt || !doctor.signedAt || doctor.examinedAt <= doctor.signedAt) return null;
  return `${doctor.name} is recorded as examining the person (${when(doctor.examinedAt)}) after signing the recommendation (${when(doctor.signedAt)}). A doctor must examine before recommending: correct the times.`;
}

/**
 * The checks one medical recommendation must pass whichever way it is recorded (a doctor on the
 * assessment record, or the second recommendation that converts a section 4), so that the same
 * fact is refused the same way on both paths, when it is saved. The whole application is checked
 * again (R-MR-03 and the rest) when it is recorded.
 */
export function recommendationFailures(doctor: Pick<DoctorFacts, 'name' | 'examinedAt' | 'signedAt'>): RuleFailure[] {
  const r = ruleById('R-MR-03')!;
  const failure = (message: string): RuleFailure => ({ rule: r.id, severity: r.severity, message, missing: false, unverified: r.unverified });
  if (doctor.signedAt && !doctor.examinedAt) {
    return [failure(`Record when ${doctor.name} examined the person: a recommendation can only be signed after a personal examination.`)];
  }
  const problem = examinedAfterSigning(doctor);
  return problem ? [failure(problem)] : [];
}

// ── The rules ──────────────────────────────────────────────────────────────────────────────────

/** A rule; its severity is the catalogue's (mha-rules.md), never written again here. */
function rule(id: RuleId, title: string, applies: StatutoryRule['applies'], check: StatutoryRule['check']): StatutoryRule {
  const entry = catalogueEntry(id);
  return { id, severity: checkSeverity(entry), unverified: entry.unverified, title, applies, check };
}

const anyApplication = (f: AssessmentFacts): boolean => f.applicationType !== null;

export const STATUTORY_RULES: readonly StatutoryRule[] = [
  // ── General ──
  rule('R-GEN-01', 'AMHP approval is active on the application date', anyApplication, (f) => {
    const approval = f.applicant.approval;
    if (!approval) {
      return fail(
        'There is no current AMHP approval on the register for you. Only an approved AMHP can make this application: ask the AMHP Lead to check the register, or hand over to an approved AMHP.',
      );
    }
    const date = applicationDate(f);
    if (!date) return missing(NEEDS_APPLICATION_TIME);
    if (compareIsoDates(date, approval.startsOn) < 0) {
      return fail(`Your AMHP approval starts on ${day(approval.startsOn)}, after the application date (${day(date)}). You cannot apply before your approval starts.`);
    }
    if (compareIsoDates(date, approval.endsOn) > 0) {
      return fail(`Your AMHP approval ended on ${day(approval.endsOn)}. You cannot make applications until you are re-approved: hand over to another AMHP.`);
    }
    const suspension = approval.suspensions.find(
      (s) => compareIsoDates(s.from, date) <= 0 && (s.to === null || compareIsoDates(date, s.to) <= 0),
    );
    if (suspension) {
      return fail(
        `Your AMHP approval is suspended on ${day(date)} (suspended from ${day(suspension.from)}${suspension.to ? ` to ${day(suspension.to)}` : ''}). Hand over to another AMHP.`,
      );
    }
    return PASS;
  }),

  rule('R-GEN-02', 'The applicant is not a doctor', anyApplication, (f) =>
    f.applicant.isRegisteredMedicalPractitioner
      ? fail('The applicant is recorded as one of the doctors on this assessment, and a registered medical practitioner cannot make an application as an AMHP. Another AMHP must be the applicant.')
      : PASS,
  ),

  rule('R-GEN-03', 'No conflict of interest involving the AMHP', anyApplication, (f) =>
    conflictsResult(
      f.conflicts.filter((c) => involves(c, 'amhp')),
      f,
      f.allAssessorsInSameTeam,
    ),
  ),

  rule('R-GEN-04', 'One hospital named, addressed to its managers', (f) => isOneOf(f.applicationType, 's2', 's3', 's4'), (f) => {
    if (!f.hospital || blank(f.hospital.name)) {
      return missing('Name the one hospital the application is addressed to. An application cannot be made to "any available bed".');
    }
    if (!f.hospital.addressedToManagers) {
      return fail(`Address the application to the managers of ${f.hospital.name.trim()}.`);
    }
    return PASS;
  }),

  rule('R-GEN-05', 'Interview and "most appropriate" finding recorded', anyApplication, (f) => {
    const { interviewAt, mostAppropriateReason } = f.applicant;
    if (!interviewAt) return missing('Record when you interviewed the person (section 13(2)).');
    if (f.applicationAt && interviewAt > f.applicationAt) {
      return fail(`Your interview (${when(interviewAt)}) is recorded after the application (${when(f.applicationAt)}). You must interview the person before applying: check both times.`);
    }
    if (blank(mostAppropriateReason)) {
      return missing(
        f.applicationType === 'guardianship'
          ? 'Record why guardianship is the most appropriate way of providing the care and support the person needs.'
          : 'Record why detention in hospital is the most appropriate way of providing the care and treatment the person needs.',
      );
    }
    return PASS;
  }),

  rule('R-GEN-14DAY', 'AMHP saw the person within the 14 days ending with the application date', (f) =>
    isOneOf(f.applicationType, 's2', 's3', 'guardianship'),
  (f) => {
    const lastSaw = f.applicant.lastSawPatientAt;
    if (!lastSaw) return missing('Record when you last personally saw the person.');
    if (!f.applicationAt) return missing(NEEDS_APPLICATION_TIME);
    if (lastSaw > f.applicationAt) {
      return fail(`The time you last saw the person (${when(lastSaw)}) is after the application (${when(f.applicationAt)}). Record the last time you saw them before applying.`);
    }
    const lastDay = lastDayToApply(lastSaw);
    const date = londonDateOf(f.applicationAt);
    if (compareIsoDates(date, lastDay) > 0) {
      const days = daysBetween(londonDateOf(lastSaw), date) + 1;
      return fail(
        `You last saw the person on ${day(londonDateOf(lastSaw))}. The application on ${day(date)} falls on day ${days} counting that day; the law allows 14 (last day ${day(lastDay)}). See the person again before you apply.`,
      );
    }
    return PASS;
  }),

  // ── Medical recommendations ──
  rule('R-MR-01', 'The right number of recommendations, from different doctors', anyApplication, (f) => {
    const withSignature = signed(f.doctors);
    if (f.applicationType === 's4') {
      if (withSignature.length === 0) return missing('Record the doctor who signed the section 4 recommendation and when.');
      if (withSignature.length > 1) {
        return fail('A section 4 application is founded on one medical recommendation. Record the second doctor as the second recommendation (for conversion to section 2), or make a section 2 application instead.');
      }
      return PASS;
    }
    if (withSignature.length < 2) {
      return missing(
        `You have ${withSignature.length === 0 ? 'no signed medical recommendations' : 'one signed medical recommendation'}. This application needs two: one joint form signed by both doctors, or two separate forms.`,
      );
    }
    if (withSignature.length > 2) {
      return fail(`${withSignature.length} doctors are recorded as signing recommendations. The application is founded on two: remove the signature time from the one you are not relying on.`);
    }
    const [first, second] = withSignature as [DoctorFacts, DoctorFacts];
    if (sameDoctor(first, second)) {
      return fail(`Both recommendations are from the same doctor (${first.name}). You need two different doctors.`);
    }
    if (f.recommendationForm === null) return missing('Record whether the doctors signed one joint recommendation or two separate ones.');
    return PASS;
  }),

  rule('R-MR-02', 'Recommendations signed on or before the application date', (f) => anyApplication(f) && signed(f.doctors).length > 0, (f) => {
    if (!f.applicationAt) return missing(NEEDS_APPLICATION_TIME);
    const appDate = londonDateOf(f.applicationAt);
    const late = signed(f.doctors).filter((d) => d.signedAt && compareIsoDates(londonDateOf(d.signedAt), appDate) > 0);
    const firstLate = late[0];
    if (firstLate?.signedAt) {
      return fail(
        `${firstLate.name}'s recommendation is signed on ${day(londonDateOf(firstLate.signedAt))}, after the application date (${day(appDate)}). Recommendations must be signed on or before the day of the application: check the dates, or make the application again once it is signed.`,
      );
    }
    const laterSameDay = signed(f.doctors).find((d) => d.signedAt && f.applicationAt && d.signedAt > f.applicationAt);
    if (laterSameDay?.signedAt) {
      return fail(
        `${laterSameDay.name}'s recommendation is timed ${when(laterSameDay.signedAt)}, later the same day than the application (${when(f.applicationAt)}). The application must be founded on signed recommendations: check the times.`,
        { severity: 'W' },
      );
    }
    return PASS;
  }),

  rule('R-MR-03', 'Each doctor examined before signing', (f) =>
    anyApplication(f) && (signed(f.doctors).length > 0 || f.section4?.secondRecommendation != null),
  (f) => {
    const all: DoctorFacts[] = [...signed(f.doctors)];
    if (f.section4?.secondRecommendation) all.push(f.section4.secondRecommendation);
    for (const doctor of all) {
      if (!doctor.examinedAt) return missing(`Record when ${doctor.name} examined the person.`);
      const problem = examinedAfterSigning(doctor);
      if (problem) return fail(problem);
    }
    return PASS;
  }),

  rule('R-MR-5DAY', 'Separate examinations no more than 5 clear days apart', (f) =>
    isOneOf(f.applicationType, 's2', 's3', 'guardianship') &&
    recommending(f.doctors).filter((d) => d.examinedAt !== null).length >= 2,
  (f) => {
    const exams = recommending(f.doctors).filter((d) => d.examinedAt !== null) as (DoctorFacts & { examinedAt: Date })[];
    const sorted = [...exams].sort((a, b) => a.examinedAt.getTime() - b.examinedAt.getTime());
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    if (!first || !last) return PASS;
    const firstDay = londonDateOf(first.examinedAt);
    const lastDay = londonDateOf(last.examinedAt);
    const gap = daysBetween(firstDay, lastDay);
    if (gap > 6) {
      return fail(
        `The examinations were on ${day(firstDay)} (${first.name}) and ${day(lastDay)} (${last.name}): ${gap - 1} clear days apart. No more than 5 clear days may pass between them (the latest allowed was ${day(addDays(firstDay, 6))}). Arrange a fresh examination.`,
      );
    }
    return PASS;
  }),

  rule('R-MR-S12', 'At least one doctor is section 12 approved or an approved clinician', (f) =>
    isOneOf(f.applicationType, 's2', 's3', 'guardianship') && recommending(f.doctors).length > 0,
  (f) =>
    recommending(f.doctors).some(counts12)
      ? PASS
      : fail(
          'Neither doctor was section 12 approved (or an approved clinician) on the day they examined the person. At least one must be: ask a section 12 approved doctor to examine.',
        ),
  ),

  rule('R-MR-ACQ', 'A doctor knew the person before, or the reason why not', (f) =>
    anyApplication(f) && recommending(f.doctors).length > 0,
  (f) => {
    if (recommending(f.doctors).some((d) => d.previousAcquaintance)) return PASS;
    if (!blank(f.noPreviousAcquaintanceReason)) return PASS;
    return fail(
      f.applicationType === 's4'
        ? 'The doctor did not know the person before. Record why it was not practicable to get a doctor who did (the form asks for this).'
        : 'Neither doctor knew the person before. Record why it was not practicable for one of them to have previous acquaintance (the form asks for this).',
    );
  }),

  rule('R-MR-COI', 'No conflict of interest between the doctors or with the person', anyApplication, (f) =>
    conflictsResult(
      f.conflicts.filter((c) => !involves(c, 'amhp') && involves(c, 'doctor')),
      f,
      null,
    ),
  ),

  // ── Conveyance and admission ──
  rule('R-CONVEY-14', 'Admission within 14 days beginning with the last examination', (f) =>
    isOneOf(f.applicationType, 's2', 's3') && lastExaminationAt(f.doctors) !== null,
  (f, context = NO_CONTEXT) => {
    const lastExam = lastExaminationAt(f.doctors);
    if (!lastExam) return PASS;
    const lastDay = lastDayToAdmit(lastExam);
    if (f.admittedAt) {
      const admitted = londonDateOf(f.admittedAt);
      if (compareIsoDates(admitted, lastDay) > 0) {
        return fail(
          `The last medical examination was on ${day(londonDateOf(lastExam))}, so the person had to be admitted by the end of ${day(lastDay)}. Admission is recorded on ${day(admitted)}, when the application had already lapsed: it gave no authority to admit. ${LAPSED_ADVICE}`,
        );
      }
      return PASS;
    }
    if (context.now && context.now >= endOfLondonDay(lastDay)) {
      return fail(
        `The authority to admit ended at the end of ${day(lastDay)} (14 days beginning with the last examination on ${day(londonDateOf(lastExam))}). The person has not been admitted under it. ${LAPSED_ADVICE}`,
      );
    }
    return PASS;
  }),

  // s6(1)(b): the same refusal as R-CONVEY-14, over the 24 hours from the earlier of the
  // examination and the application.
  rule('R-CONVEY-S4', 'Section 4 admission within 24 hours', (f) => f.applicationType === 's4', (f, context = NO_CONTEXT) => {
    const exam = firstExaminationAt(f.doctors);
    if (!exam || !f.applicationAt) return PASS;
    const latest = latestSection4Admission(exam, f.applicationAt);
    if (f.admittedAt) {
      return f.admittedAt > latest
        ? fail(
            `Under section 4 the person must be admitted within 24 hours of the examination or the application, whichever came first: by ${when(latest)}. Admission is recorded at ${when(f.admittedAt)}, when the application had already lapsed: it gave no authority to admit. ${LAPSED_ADVICE}`,
          )
        : PASS;
    }
    if (context.now && context.now > latest) {
      return fail(
        `The authority to admit under section 4 ended at ${when(latest)} (24 hours from the earlier of the examination and the application). The person has not been admitted under it. ${LAPSED_ADVICE}`,
      );
    }
    return PASS;
  }),

  // ── Section 2 ──
  rule('R-S2-NR', 'Nearest relative informed, or why it was not practicable', (f) => isOneOf(f.applicationType, 's2', 's4'), (f) => {
    const nr = f.nearestRelative;
    if (!nr || (!nr.informedAt && !nr.notPracticable)) {
      return missing('Record when you informed the nearest relative about the application, or why it was not practicable.');
    }
    if (!nr.informedAt && nr.notPracticable && blank(nr.notPracticable.detail)) {
      return missing('Explain why it was not practicable to inform the nearest relative.');
    }
    if (nr.informedAt && !nr.toldOfDischargePower) {
      return fail("Record that you told the nearest relative of their power to discharge the person (section 23), or tell them now.");
    }
    return PASS;
  }),

  rule('R-S2-END', 'Application made while the current section 2 lasts', (f) =>
    f.currentDetention !== null && f.applicationType !== null && f.applicationAt !== null,
  (f) => {
    const current = f.currentDetention;
    if (!current || !f.applicationAt || current.s29DisplacementPending) return PASS;
    const lastDay = section2LastDay(current.admittedAt);
    if (f.applicationAt >= endOfLondonDay(lastDay)) {
      return fail(
        `The section 2 ended at the end of ${day(lastDay)}, before this application (${when(f.applicationAt)}). The person was not detained in between: record what happened and why.`,
      );
    }
    return PASS;
  }),

  // ── Section 3 and guardianship ──
  rule('R-S3-NRC', 'Nearest relative consulted, or why not', (f) => isOneOf(f.applicationType, 's3', 'guardianship'), (f) => {
    const nr = f.nearestRelative;
    if (nr?.consultedAt) {
      if (f.applicationAt && nr.consultedAt > f.applicationAt) {
        return fail(
          `The nearest relative is recorded as consulted (${when(nr.consultedAt)}) after the application (${when(f.applicationAt)}). You must consult before applying: check the times.`,
        );
      }
      return PASS;
    }
    if (nr?.notPracticable) {
      if (blank(nr.notPracticable.detail)) {
        return missing('Explain why consulting the nearest relative was not reasonably practicable or would have caused unreasonable delay.');
      }
      return PASS;
    }
    return missing(
      `Before a ${APPLICATION_NAMES[f.applicationType ?? 's3']} application you must consult the nearest relative. Record when you consulted them, or why it was not reasonably practicable or would have caused unreasonable delay.`,
    );
  }),

  rule('R-S3-NROBJ', 'Nearest relative has not objected', (f) => isOneOf(f.applicationType, 's3', 'guardianship'), (f, context = NO_CONTEXT) => {
    const nr = f.nearestRelative;
    if (!nr?.objected) return PASS;
    const on = applicationDate(f) ?? (context.now ? londonDateOf(context.now) : null);
    const rules = on ? nearestRelativeRulesFor(on, context.commencement) : null;
    if (rules && !rules.objectionBarsApplication) {
      return nr.dangerReportCertified
        ? PASS
        : fail(
            `The ${rules.title.toLowerCase()} objects. You can go ahead only with a report certifying that the person would be likely to act dangerously to others or to themselves if not admitted. Record that report.`,
          );
    }
    return fail(
      `The nearest relative objects to this ${APPLICATION_NAMES[f.applicationType ?? 's3']} application, so it cannot be made. If the objection is unreasonable, the county court can displace them (section 29(3)(c)); consider section 2 while that is decided.`,
    );
  }),

  rule('R-S7-AGE', 'Guardianship: the person is 16 or over', (f) => f.applicationType === 'guardianship', (f, context = NO_CONTEXT) => {
    const dob = f.patient.dateOfBirth;
    if (!dob) return missing("Record the person's date of birth: guardianship is only for people aged 16 or over.");
    const on = applicationDate(f) ?? (context.now ? londonDateOf(context.now) : null);
    if (!on) return missing(NEEDS_APPLICATION_TIME);
    const age = ageOn(dob, on);
    return age < 16 ? fail(`The person is ${age} on ${day(on)}. Guardianship is only for people aged 16 or over.`) : PASS;
  }),

  rule('R-S7-FWD', 'Guardianship forwarded to the local authority within 14 days', (f) =>
    f.applicationType === 'guardianship' && lastExaminationAt(f.doctors) !== null,
  (f, context = NO_CONTEXT) => {
    const lastExam = lastExaminationAt(f.doctors);
    if (!lastExam) return PASS;
    const lastDay = lastDayToForwardGuardianship(lastExam);
    const forwarded = f.guardianship?.forwardedToLssaOn ?? null;
    if (forwarded) {
      return compareIsoDates(forwarded, lastDay) > 0
        ? fail(
            `The application was forwarded to the local authority on ${day(forwarded)}, after the last day (${day(lastDay)}: 14 days beginning with the last examination on ${day(londonDateOf(lastExam))}). It has lapsed; a new application is needed.`,
          )
        : PASS;
    }
    if (context.now && context.now >= endOfLondonDay(lastDay)) {
      return fail(
        `The application had to be forwarded to the local authority by the end of ${day(lastDay)} and is not recorded as forwarded. It has lapsed; a new application is needed.`,
      );
    }
    return PASS;
  }),

  rule('R-S7-PRIV', 'A private guardian is accepted and willing', (f) =>
    f.applicationType === 'guardianship' && f.guardianship?.guardian?.kind === 'private',
  (f) => {
    const guardian = f.guardianship?.guardian;
    if (guardian?.kind !== 'private') return PASS;
    if (!guardian.writtenWillingness) {
      return missing(`Record ${guardian.name}'s written statement that they are willing to act as guardian.`);
    }
    if (!guardian.acceptedByLssaOn) {
      return missing(`Record when the local authority accepted ${guardian.name} as the private guardian.`);
    }
    return PASS;
  }),

  // ── Section 4 ──
  rule('R-S4-01', 'Urgent necessity and undesirable delay stated and verified', (f) => f.applicationType === 's4', (f) => {
    const s4 = f.section4;
    if (!s4?.urgentNecessityStated) return missing('State that it is of urgent necessity for the person to be admitted and detained (form A10).');
    if (!s4.undesirableDelayStated) return missing('State the undesirable delay that waiting for a second doctor would cause (form A10).');
    if (!s4.recommendationVerifiesUrgency) return missing("Record that the doctor's recommendation confirms the urgency (form A11).");
    return PASS;
  }),

  rule('R-S4-SEEN', 'Section 4: AMHP saw the person in the previous 24 hours', (f) => f.applicationType === 's4', (f) => {
    const lastSaw = f.applicant.lastSawPatientAt;
    if (!lastSaw) return missing('Record when you last personally saw the person.');
    if (!f.applicationAt) return missing(NEEDS_APPLICATION_TIME);
    if (lastSaw > f.applicationAt) {
      return fail(`The time you last saw the person (${when(lastSaw)}) is after the application (${when(f.applicationAt)}). Record the last time you saw them before applying.`);
    }
    const gap = f.applicationAt.getTime() - lastSaw.getTime();
    if (gap > 24 * 3_600_000) {
      return fail(
        `For section 4 you must have seen the person in the 24 hours before applying. You last saw them at ${when(lastSaw)}, ${formatSpan(gap / 60_000)} before the application. See the person again before you apply.`,
      );
    }
    return PASS;
  }),

  rule('R-S4-EXP', 'Section 4 converted, or ended, within 72 hours', (f) =>
    f.applicationType === 's4' && f.admittedAt !== null,
  (f, context = NO_CONTEXT) => {
    if (!f.admittedAt) return PASS;
    const expiry = section4Expiry(f.admittedAt);
    const second = f.section4?.secondRecommendation ?? null;
    if (second) {
      return second.receivedByManagersAt > expiry
        ? fail(
            `The second recommendation reached the hospital managers at ${when(second.receivedByManagersAt)}, after section 4 ended (${when(expiry)}). It cannot convert the section 4 to section 2: a new application is needed if the person is to be detained.`,
          )
        : PASS;
    }
    if (context.now && context.now >= expiry) {
      return fail(`Section 4 ended at ${when(expiry)} (72 hours from admission) and no second recommendation is recorded. The person is no longer detained under section 4.`);
    }
    return PASS;
  }),

  rule('R-S4-CONV', 'Section 4 conversion meets section 12', (f) =>
    f.applicationType === 's4' && (f.section4?.secondRecommendation ?? null) !== null,
  (f) => {
    const second = f.section4?.secondRecommendation;
    const first = signed(f.doctors)[0] ?? f.doctors[0];
    if (!second || !first) return PASS;
    if (sameDoctor(first, second)) {
      return fail(`The second recommendation is from the same doctor as the first (${first.name}). Conversion to section 2 needs a different doctor.`);
    }
    if (!counts12(first) && !counts12(second)) {
      return fail('Neither doctor is section 12 approved (or an approved clinician). To convert section 4 to section 2, at least one of the two must be: ask a section 12 approved doctor to examine.');
    }
    if (first.examinedAt && second.examinedAt) {
      const gap = Math.abs(daysBetween(londonDateOf(first.examinedAt), londonDateOf(second.examinedAt)));
      if (gap > 6) {
        return fail(`The two examinations are ${gap - 1} clear days apart; no more than 5 are allowed. The second recommendation cannot convert the section 4.`);
      }
    }
    return PASS;
  }),

  rule('R-S4-USE', 'Section 4 used only in a genuine emergency', (f) => f.applicationType === 's4', (f) =>
    blank(f.section4?.whyNotSection2)
      ? fail('Section 4 is for genuine emergencies only. Record why a section 2 application could not be made (for example, how long a second doctor would take and the risk meanwhile).')
      : PASS,
  ),

  // ── Sections 135 and 136 ──
  rule('R-135-01', 'Section 135(1): AMHP laid the information; AMHP and doctor attended', (f) => f.placeOfSafety?.power === 's135_1', (f) => {
    const warrant = f.placeOfSafety?.warrant;
    if (!warrant) return missing('Record the section 135(1) warrant: who laid the information, and who attended when it was executed.');
    if (!warrant.informationLaidByAmhp) return fail('A section 135(1) warrant can only be obtained on information laid by an AMHP. Check the warrant.');
    if (!warrant.amhpAttended || !warrant.doctorAttended) {
      const absent = [!warrant.amhpAttended ? 'an AMHP' : null, !warrant.doctorAttended ? 'a doctor' : null].filter(Boolean).join(' and ');
      return fail(`When a section 135(1) warrant is executed the police must be accompanied by an AMHP and a doctor. The record does not show ${absent} attending.`);
    }
    return PASS;
  }),

  rule('R-POS-24', 'Place of safety: within 24 hours (36 with an extension)', (f) => f.placeOfSafety !== null, (f, context = NO_CONTEXT) => {
    const pos = f.placeOfSafety;
    if (!pos) return PASS;
    if (!pos.clockStartedAt) {
      return missing('Record when the person arrived at the first place of safety (or when the decision was made to keep them where they were).');
    }
    const expiry = placeOfSafetyExpiry(pos);
    const end = pos.endedAt ?? f.applicationAt ?? context.now;
    if (!expiry || !end) return PASS;
    if (end > expiry) {
      const base = placeOfSafetyBaseExpiry(pos.clockStartedAt);
      const extended = expiry.getTime() !== base.getTime();
      return fail(
        `The person arrived at the place of safety at ${when(pos.clockStartedAt)}; the power ended at ${when(expiry)}${extended ? ' (with the extension)' : ' (24 hours)'}. ${pos.endedAt || f.applicationAt ? `They were still held at ${when(end)}` : 'They are still recorded as held'}: beyond what the law allows. Record what happened and tell the AMHP Lead.`,
      );
    }
    return PASS;
  }),

  rule('R-POS-EXT', 'Place of safety extension properly authorised', (f) => (f.placeOfSafety?.extensions.length ?? 0) > 0, (f) => {
    const pos = f.placeOfSafety;
    if (!pos) return PASS;
    if (pos.extensions.length > 1) {
      return fail('Only one extension is allowed (up to 12 hours, 36 hours in total). Remove the extra extension.');
    }
    const extension = pos.extensions[0];
    if (!extension) return PASS;
    if (extension.hours <= 0 || extension.hours > PLACE_OF_SAFETY_MAX_EXTENSION_HOURS) {
      return fail(`The extension is recorded as ${extension.hours} hours. An extension can be up to 12 hours.`);
    }
    if (!pos.clockStartedAt) return missing('Record when the person arrived at the place of safety, so the extension can be checked.');
    const base = placeOfSafetyBaseExpiry(pos.clockStartedAt);
    if (extension.authorisedAt >= base) {
      return fail(`The extension was authorised at ${when(extension.authorisedAt)}, after the 24 hours had already ended (${when(base)}). It must be authorised before they end.`);
    }
    if (!extension.authorisedByExaminingDoctor) {
      return fail('Only the doctor responsible for the examination can authorise an extension. Record who authorised it.');
    }
    if (extension.reason !== 'person_condition') {
      return fail("An extension is lawful only because the person's condition means the assessment cannot be completed in time — not because of staff, bed or other shortages.");
    }
    if (pos.policeStationUsed && !extension.superintendentApprovedAt) {
      return missing('The person is at a police station: record the police superintendent’s approval of the extension.');
    }
    return PASS;
  }),

  rule('R-POS-U18', 'No police station for under-18s; adults only as the Regulations allow', (f) => f.placeOfSafety?.policeStationUsed === true, (f) => {
    const pos = f.placeOfSafety;
    if (!pos) return PASS;
    const dob = f.patient.dateOfBirth;
    const on = pos.clockStartedAt ? londonDateOf(pos.clockStartedAt) : pos.detainedAt ? londonDateOf(pos.detainedAt) : null;
    if (!dob) return missing("Record the person's date of birth: a police station can never be a place of safety for someone under 18.");
    if (!on) return missing('Record when the person arrived at the place of safety.');
    const age = ageOn(dob, on);
    if (age < 18) {
      return fail(`The person is ${age}. A police station cannot be used as a place of safety for anyone under 18. Escalate to find a health-based place of safety.`);
    }
    if (blank(pos.policeStationJustification)) {
      return missing('Record why a police station was used: for an adult it is allowed only in the circumstances set out in the 2017 Places of Safety Regulations.');
    }
    return PASS;
  }),

  rule('R-136-CONSULT', 'Section 136(1C) consultation, or why it was impracticable', (f) => f.placeOfSafety?.power === 's136', (f) => {
    const consultation = f.placeOfSafety?.s136Consultation ?? null;
    if (consultation?.consultedAt) return PASS;
    if (consultation && !blank(consultation.notPracticableReason)) return PASS;
    return missing('Record whether the police consulted a doctor, nurse, AMHP or other health professional before using section 136, or why it was not practicable.');
  }),

  rule('R-136-CHAIN', 'No back-to-back section 136', (f) => f.placeOfSafety?.power === 's136' && f.placeOfSafety.previousS136 !== null, (f) => {
    const pos = f.placeOfSafety;
    const previous = pos?.previousS136;
    if (!pos || !previous) return PASS;
    const started = pos.detainedAt ?? pos.clockStartedAt;
    if (!previous.personLeftPlaceOfSafety || (started !== null && started <= previous.endedAt)) {
      return fail(
        `A new section 136 was started when the previous one ended (${when(previous.endedAt)}) without the person having left the place of safety. Section 136 cannot be used back-to-back to extend detention; the clock runs from the first arrival.`,
      );
    }
    return PASS;
  }),

  // ── Holding powers and CTO ──
  rule('R-S52', 'Application made while the section 5(2) lasts', (f) => f.holdingPower?.s52ReportedAt != null && f.applicationType !== null, (f, context = NO_CONTEXT) => {
    const expiry = f.holdingPower ? section52Expiry(f.holdingPower) : null;
    const at = f.applicationAt ?? context.now;
    if (!expiry || !at || at <= expiry) return PASS;
    return fail(
      `The section 5(2) holding power ended at ${when(expiry)} (72 hours), before ${f.applicationAt ? `the application at ${when(at)}` : 'now'}. The person was not held in between: record what happened.`,
    );
  }),

  rule('R-S54', 'Application made while the section 5(4) lasts', (f) =>
    f.holdingPower?.s54RecordedAt != null && f.holdingPower.s52ReportedAt == null && f.applicationType !== null,
  (f, context = NO_CONTEXT) => {
    const recorded = f.holdingPower?.s54RecordedAt;
    if (!recorded) return PASS;
    const expiry = section54Expiry(recorded);
    const at = f.applicationAt ?? context.now;
    if (!at || at <= expiry) return PASS;
    return fail(
      `The section 5(4) nurse's holding power ended at ${when(expiry)} (6 hours), before ${f.applicationAt ? `the application at ${when(at)}` : 'now'}. The person was not held in between: record what happened.`,
    );
  }),

  rule('R-CTO-AMHP', "CTO: the AMHP's written agreement", (f) => f.cto !== null, (f) =>
    f.cto?.amhpAgreedInWriting
      ? PASS
      : missing('A community treatment order needs your written agreement in Part 2 of form CTO1. Record it, or record that you do not agree.'),
  ),

  // ── Record consistency (AMHP Hub) ──
  rule('R-DATA-ADMIT', 'Admission is not before the application', (f) => f.admittedAt !== null && f.applicationAt !== null, (f) =>
    f.admittedAt && f.applicationAt && f.admittedAt < f.applicationAt
      ? fail(`Admission (${when(f.admittedAt)}) is recorded before the application (${when(f.applicationAt)}). The application is the authority to admit: correct the times.`)
      : PASS,
  ),

  rule('R-DATA-DOB', 'Date of birth is not in the future', (f) => f.patient.dateOfBirth !== null, (f, context = NO_CONTEXT) => {
    const dob = f.patient.dateOfBirth;
    if (!dob) return PASS;
    const reference = f.applicationAt ?? context.now;
    if (reference && compareIsoDates(dob, londonDateOf(reference)) > 0) {
      return fail(`The date of birth (${day(dob)}) is after ${f.applicationAt ? 'the application' : 'today'}. Check it.`);
    }
    return PASS;
  }),
];

// ── Running them ───────────────────────────────────────────────────────────────────────────────

export interface RuleFailure {
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly message: string;
  readonly missing: boolean;
  readonly unverified: boolean;
}

export interface StatutoryCheckResult {
  readonly errors: readonly RuleFailure[];
  readonly warnings: readonly RuleFailure[];
  /** "Check now" only: things still to record before an application can be made. */
  readonly pending: readonly RuleFailure[];
  readonly passed: readonly RuleId[];
}

export interface RunOptions {
  /**
   * 'application' (default): recording an application, judged on its own recorded times;
   * anything missing is a failure, and the clock plays no part.
   * 'check_now': the record is open and being built; missing things are listed as pending, and
   * `now` gives live warnings (a conveyance period ended with nobody admitted, and so on).
   */
  readonly stage?: 'application' | 'check_now';
  /** Used by 'check_now' only. */
  readonly now?: Date | null;
  readonly commencement?: RepresentativeCommencement;
  /** A deployment may promote an UNVERIFIED warning to an error; nothing else can be changed. */
  readonly severityOverrides?: Partial<Record<RuleId, 'E'>>;
}

export function runStatutoryChecks(facts: AssessmentFacts, options: RunOptions = {}): StatutoryCheckResult {
  const stage = options.stage ?? 'application';
  const context: CheckContext = {
    now: stage === 'check_now' ? (options.now ?? null) : null,
    ...(options.commencement ? { commencement: options.commencement } : {}),
  };
  const errors: RuleFailure[] = [];
  const warnings: RuleFailure[] = [];
  const pending: RuleFailure[] = [];
  const passed: RuleId[] = [];
  for (const r of STATUTORY_RULES) {
    if (!r.applies(facts, context)) continue;
    const result = r.check(facts, context);
    if (result.ok) {
      passed.push(r.id);
      continue;
    }
    const override = r.unverified && r.severity === 'W' ? options.severityOverrides?.[r.id] : undefined;
    const severity = result.severity ?? override ?? r.severity;
    const failure: RuleFailure = {
      rule: r.id,
      severity,
      message: result.message,
      missing: result.missing === true,
      unverified: r.unverified,
    };
    if (failure.missing && stage === 'check_now') pending.push(failure);
    else if (severity === 'E') errors.push(failure);
    else warnings.push(failure);
  }
  return { errors, warnings, pending, passed };
}

/** Warnings that still need a recorded reason before the application can be saved. */
export function warningsWithoutReasons(
  result: StatutoryCheckResult,
  reasons: Partial<Record<RuleId, string>>,
): RuleFailure[] {
  return result.warnings.filter((w) => blank(reasons[w.rule]));
}

export function ruleById(id: RuleId): StatutoryRule | undefined {
  return STATUTORY_RULES.find((r) => r.id === id);
}
