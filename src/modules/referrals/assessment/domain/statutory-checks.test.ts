import { afterAll, describe, expect, it } from 'vitest';
import type { AssessmentFacts, DoctorFacts, PlaceOfSafetyFacts } from './assessment-facts.js';
import { emptyAssessmentFacts } from './assessment-facts.js';
import {
  aDoctor,
  aGuardianshipApplication,
  aSection136,
  aSection2Application,
  aSection3Application,
  aSection4Application,
  at,
} from '../../../../../test/support/builders/assessment-facts-builders.js';
import { MHA_RULE_CATALOGUE, MHA_RULE_IDS } from './mha-rule-catalogue.js';
import type { RuleId } from './mha-rule-catalogue.js';
import { STATUTORY_RULES, recommendationFailures, runStatutoryChecks, warningsWithoutReasons } from './statutory-checks.js';
import type { RunOptions, RuleFailure, Severity } from './statutory-checks.js';

const failedInTests = new Set<RuleId>();
const passedInTests = new Set<RuleId>();

function failureOf(facts: AssessmentFacts, id: RuleId, options?: RunOptions): RuleFailure | undefined {
  const result = runStatutoryChecks(facts, options);
  return [...result.errors, ...result.warnings, ...result.pending].find((f) => f.rule === id);
}

function expectPass(facts: AssessmentFacts, id: RuleId, options?: RunOptions): void {
  const result = runStatutoryChecks(facts, options);
  const failure = [...result.errors, ...result.warnings, ...result.pending].find((f) => f.rule === id);
  expect(failure?.message, `${id} should pass`).toBeUndefined();
  expect(result.passed, `${id} should apply and pass`).toContain(id);
  passedInTests.add(id);
}

function expectFail(facts: AssessmentFacts, id: RuleId, severity: Severity, options?: RunOptions): RuleFailure {
  const failure = failureOf(facts, id, options);
  expect(failure, `${id} should fail`).toBeDefined();
  if (!failure) throw new Error('unreachable');
  expect(failure.severity).toBe(severity);
  expect(failure.message.length).toBeGreaterThan(20);
  failedInTests.add(id);
  return failure;
}

function expectNotApplicable(facts: AssessmentFacts, id: RuleId, options?: RunOptions): void {
  const result = runStatutoryChecks(facts, options);
  expect(result.passed).not.toContain(id);
  expect([...result.errors, ...result.warnings, ...result.pending].map((f) => f.rule)).not.toContain(id);
}

function withDoctors(facts: AssessmentFacts, ...patches: Partial<DoctorFacts>[]): AssessmentFacts {
  return { ...facts, doctors: facts.doctors.map((d, i) => ({ ...d, ...(patches[i] ?? {}) })) };
}

function withApplicant(facts: AssessmentFacts, patch: Partial<AssessmentFacts['applicant']>): AssessmentFacts {
  return { ...facts, applicant: { ...facts.applicant, ...patch } };
}

function withPos(facts: AssessmentFacts, patch: Partial<PlaceOfSafetyFacts> = {}): AssessmentFacts {
  return { ...facts, placeOfSafety: aSection136(patch) };
}

describe('the lawful examples pass every check', () => {
  it.each([
    ['section 2', aSection2Application()],
    ['section 3', aSection3Application()],
    ['section 4', aSection4Application()],
    ['guardianship', aGuardianshipApplication()],
    ['section 2 after section 136', { ...aSection2Application(), placeOfSafety: aSection136({ endedAt: at('2026-03-29 12:00') }) }],
  ])('%s', (_name, facts) => {
    const result = runStatutoryChecks(facts);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.pending).toEqual([]);
  });
});

// ── General ──────────────────────────────────────────────────────────────────────────────────
describe('R-GEN-01 AMHP approval on the application date', () => {
  const base = aSection2Application(); // applied Tue 10 Mar 2026
  const approval = (p: Partial<NonNullable<AssessmentFacts['applicant']['approval']>>) =>
    withApplicant(base, { approval: { startsOn: '2024-01-01', endsOn: '2028-12-31', suspensions: [], ...p } });

  it('fails with no approval', () => {
    expect(expectFail(withApplicant(base, { approval: null }), 'R-GEN-01', 'E').message).toContain('no current AMHP approval');
  });
  it('passes on the first and last day of approval, fails either side', () => {
    expectPass(approval({ startsOn: '2026-03-10' }), 'R-GEN-01');
    expectFail(approval({ startsOn: '2026-03-11' }), 'R-GEN-01', 'E');
    expectPass(approval({ endsOn: '2026-03-10' }), 'R-GEN-01');
    expect(expectFail(approval({ endsOn: '2026-03-09' }), 'R-GEN-01', 'E').message).toContain('ended on Mon 9 Mar 2026');
  });
  it('fails while suspended, passes the day after a suspension ends', () => {
    expectFail(approval({ suspensions: [{ from: '2026-03-10', to: '2026-03-10' }] }), 'R-GEN-01', 'E');
    expectFail(approval({ suspensions: [{ from: '2026-03-01', to: null }] }), 'R-GEN-01', 'E');
    expectPass(approval({ suspensions: [{ from: '2026-03-01', to: '2026-03-09' }] }), 'R-GEN-01');
    expectPass(approval({ suspensions: [{ from: '2026-03-11', to: null }] }), 'R-GEN-01');
  });
  it('uses the date in England: 00:30 BST on 15 July is 15 July, not 14', () => {
    const summer = { ...approval({ endsOn: '2026-07-14' }), applicationAt: at('2026-07-15 00:30') };
    expect(summer.applicationAt?.toISOString()).toBe('2026-07-14T23:30:00.000Z');
    expectFail(summer, 'R-GEN-01', 'E');
  });
});

describe('R-GEN-02 the applicant is not a doctor', () => {
  it('fails for a registered medical practitioner', () => {
    expectFail(withApplicant(aSection2Application(), { isRegisteredMedicalPractitioner: true }), 'R-GEN-02', 'E');
    expectPass(aSection2Application(), 'R-GEN-02');
  });
});

describe('R-GEN-03 conflicts of interest involving the AMHP', () => {
  const base = aSection2Application();
  it('fails on a declared conflict between the AMHP and the person', () => {
    const facts: AssessmentFacts = {
      ...base,
      conflicts: [{ between: [{ kind: 'amhp' }, { kind: 'patient' }], type: 'personal', description: 'cousin' }],
    };
    expect(expectFail(facts, 'R-GEN-03', 'E').message).toContain('you (the AMHP) and the person being assessed');
    expectPass(facts, 'R-MR-COI');
  });
  it('becomes a warning when overridden for urgency', () => {
    const facts: AssessmentFacts = {
      ...base,
      conflicts: [
        {
          between: [{ kind: 'amhp' }, { kind: 'doctor', doctorId: 'doc-a' }],
          type: 'professional',
          description: 'AMHP manages Dr Marchbank',
          urgencyOverrideReason: 'No other AMHP within 3 hours; serious risk of self-harm.',
        },
      ],
    };
    expect(expectFail(facts, 'R-GEN-03', 'W').message).toContain('not confirmed');
  });
  it('treats all three assessors in one team as a conflict, overridable for urgency', () => {
    expectFail({ ...base, allAssessorsInSameTeam: { urgencyOverrideReason: null } }, 'R-GEN-03', 'E');
    const overridden = expectFail({ ...base, allAssessorsInSameTeam: { urgencyOverrideReason: 'Flooding: no one else can reach the house.' } }, 'R-GEN-03', 'W');
    expect(overridden.message).not.toContain('not confirmed');
  });
  it('passes with no conflicts, and ignores conflicts only between the doctors', () => {
    expectPass(base, 'R-GEN-03');
    expectPass(
      { ...base, conflicts: [{ between: [{ kind: 'doctor', doctorId: 'doc-a' }, { kind: 'doctor', doctorId: 'doc-b' }], type: 'business', description: 'co-directors' }] },
      'R-GEN-03',
    );
  });
});

describe('R-GEN-04 one hospital, addressed to its managers', () => {
  it('needs a hospital for section 2, 3 and 4', () => {
    expectFail({ ...aSection2Application(), hospital: null }, 'R-GEN-04', 'E');
    expectFail({ ...aSection4Application(), hospital: { name: '  ', addressedToManagers: true } }, 'R-GEN-04', 'E');
    expectFail({ ...aSection3Application(), hospital: { name: 'Elmbridge Lodge', addressedToManagers: false } }, 'R-GEN-04', 'E');
    expectPass(aSection3Application(), 'R-GEN-04');
  });
  it('does not apply to guardianship', () => {
    expectNotApplicable(aGuardianshipApplication(), 'R-GEN-04');
  });
});

describe('R-GEN-05 interview and "most appropriate" finding', () => {
  const base = aSection2Application(); // applied 18:00
  it('needs the interview time and the reason', () => {
    expect(expectFail(withApplicant(base, { interviewAt: null }), 'R-GEN-05', 'E').missing).toBe(true);
    expectFail(withApplicant(base, { mostAppropriateReason: ' ' }), 'R-GEN-05', 'E');
  });
  it('passes an interview at the application time, fails one a minute after', () => {
    expectPass(withApplicant(base, { interviewAt: at('2026-03-10 18:00') }), 'R-GEN-05');
    expectFail(withApplicant(base, { interviewAt: at('2026-03-10 18:01') }), 'R-GEN-05', 'E');
  });
});

describe('R-GEN-14DAY the 14 days ending with the application date', () => {
  const seenOn1March = withApplicant(aSection2Application(), { lastSawPatientAt: at('2026-03-01 10:00') });
  it('passes on day 13 and day 14 (last seen + 13), fails on day 15', () => {
    expectPass({ ...seenOn1March, applicationAt: at('2026-03-13 18:00') }, 'R-GEN-14DAY');
    expectPass({ ...seenOn1March, applicationAt: at('2026-03-14 23:59') }, 'R-GEN-14DAY');
    const late = expectFail({ ...seenOn1March, applicationAt: at('2026-03-15 00:00') }, 'R-GEN-14DAY', 'E');
    expect(late.message).toBe(
      'You last saw the person on Sun 1 Mar 2026. The application on Sun 15 Mar 2026 falls on day 15 counting that day; the law allows 14 (last day Sat 14 Mar 2026). See the person again before you apply.',
    );
  });
  it('counts days in England across the spring clock change', () => {
    const seen = withApplicant(aSection2Application(), { lastSawPatientAt: at('2026-03-20 10:00') });
    expectPass({ ...seen, applicationAt: at('2026-04-02 23:30') }, 'R-GEN-14DAY');
    // 00:30 BST on 3 April is still 2 April in UTC: the rule must use the English date.
    expectFail({ ...seen, applicationAt: at('2026-04-03 00:30') }, 'R-GEN-14DAY', 'E');
  });
  it('fails when the last sighting is after the application, and asks for it when missing', () => {
    expectFail(withApplicant(aSection2Application(), { lastSawPatientAt: at('2026-03-10 18:01') }), 'R-GEN-14DAY', 'E');
    expect(expectFail(withApplicant(aSection2Application(), { lastSawPatientAt: null }), 'R-GEN-14DAY', 'E').missing).toBe(true);
  });
  it('applies to guardianship but not to section 4 (which has its own 24 hours)', () => {
    expectPass(aGuardianshipApplication(), 'R-GEN-14DAY');
    expectNotApplicable(aSection4Application(), 'R-GEN-14DAY');
  });
});

// ── Medical recommendations ────────────────────────────────────────────────────────────────
describe('R-MR-01 number of recommendations and different doctors', () => {
  const base = aSection2Application();
  it('needs two signed recommendations', () => {
    const one = withDoctors(base, {}, { signedAt: null });
    expect(expectFail(one, 'R-MR-01', 'E').message).toContain('one signed medical recommendation');
    expectPass(base, 'R-MR-01');
  });
  it('refuses three signed recommendations', () => {
    const three = { ...base, doctors: [...base.doctors, aDoctor({ id: 'doc-c', examinedAt: at('2026-03-10 16:00'), signedAt: at('2026-03-10 16:10') })] };
    expectFail(three, 'R-MR-01', 'E');
  });
  it('refuses two recommendations from the same doctor (same GMC number, or same name)', () => {
    expectFail(withDoctors(base, {}, { gmcNumber: '7000001' }), 'R-MR-01', 'E');
    expectFail(withDoctors(base, { gmcNumber: null }, { gmcNumber: null, name: ' dr alys  marchbank ' }), 'R-MR-01', 'E');
  });
  it('needs to know whether the form was joint or separate', () => {
    expectFail({ ...base, recommendationForm: null }, 'R-MR-01', 'E');
    expectPass({ ...base, recommendationForm: 'joint' }, 'R-MR-01');
  });
  it('section 4 is founded on exactly one recommendation', () => {
    const s4 = aSection4Application();
    expectPass(s4, 'R-MR-01');
    expectFail({ ...s4, doctors: [...s4.doctors, aDoctor({ id: 'doc-h', examinedAt: at('2026-03-11 01:30'), signedAt: at('2026-03-11 01:40') })] }, 'R-MR-01', 'E');
    expectFail(withDoctors(s4, { signedAt: null }), 'R-MR-01', 'E');
  });
});

describe('R-MR-02 signed on or before the application date', () => {
  const base = aSection2Application(); // applied 18:00 Tue 10 Mar
  it('passes when signed at the application time or the day before', () => {
    expectPass(withDoctors(base, {}, { signedAt: at('2026-03-10 18:00') }), 'R-MR-02');
    expectPass(withDoctors(base, { examinedAt: at('2026-03-09 10:00'), signedAt: at('2026-03-09 11:00') }), 'R-MR-02');
  });
  it('warns when signed later the same day (check the times)', () => {
    const failure = expectFail(withDoctors(base, {}, { signedAt: at('2026-03-10 18:01') }), 'R-MR-02', 'W');
    expect(failure.message).toContain('later the same day');
  });
  it('fails when signed the day after the application', () => {
    expectFail(withDoctors(base, {}, { signedAt: at('2026-03-11 00:00') }), 'R-MR-02', 'E');
  });
});

describe('R-MR-03 examination before signature', () => {
  const base = aSection2Application();
  it('passes at the same minute, fails a minute later', () => {
    expectPass(withDoctors(base, { examinedAt: at('2026-03-10 13:30') }), 'R-MR-03');
    const failure = expectFail(withDoctors(base, { examinedAt: at('2026-03-10 13:31') }), 'R-MR-03', 'E');
    expect(failure.message).toContain('after signing');
  });
  it('asks for a missing examination time', () => {
    expect(expectFail(withDoctors(base, { examinedAt: null }), 'R-MR-03', 'E').missing).toBe(true);
  });
  it('checks the section 4 second recommendation too', () => {
    const s4 = aSection4Application();
    const second = { ...aDoctor({ id: 'doc-s', s12Approved: true, examinedAt: at('2026-03-11 10:00'), signedAt: at('2026-03-11 09:00') }), receivedByManagersAt: at('2026-03-11 11:00') };
    expectFail({ ...s4, section4: s4.section4 ? { ...s4.section4, secondRecommendation: second } : null }, 'R-MR-03', 'E');
  });
  it('one recommendation on its own, as it is saved (a doctor, or the s4 second recommendation): the same boundary', () => {
    const doctor = (examined: string | null, signed: string | null) => ({ name: 'Dr Alys Marchbank', examinedAt: examined ? at(examined) : null, signedAt: signed ? at(signed) : null });
    expect(recommendationFailures(doctor('2026-03-10 13:30', '2026-03-10 13:30'))).toEqual([]);
    expect(recommendationFailures(doctor('2026-03-10 13:00', null))).toEqual([]);
    expect(recommendationFailures(doctor(null, null))).toEqual([]);
    const late = recommendationFailures(doctor('2026-03-10 13:31', '2026-03-10 13:30'));
    expect(late.map((f) => `${f.rule}:${f.severity}`)).toEqual(['R-MR-03:E']);
    expect(late[0]?.message).toContain('Dr Alys Marchbank is recorded as examining the person (Tue 10 Mar 2026, 13:31) after signing');
    expect(recommendationFailures(doctor(null, '2026-03-10 13:30')).map((f) => f.rule)).toEqual(['R-MR-03']);
  });
});

describe('R-MR-5DAY no more than 5 clear days between separate examinations', () => {
  const base = aSection2Application();
  const exams = (first: string, second: string, apply = '2026-06-08 12:00') => ({
    ...withDoctors(
      base,
      { examinedAt: at(first), signedAt: at(first) },
      { examinedAt: at(second), signedAt: at(second) },
    ),
    applicationAt: at(apply),
    applicant: { ...base.applicant, lastSawPatientAt: at(apply), interviewAt: at(apply) },
    admittedAt: at(apply),
  });
  it('exam on the 1st allows the other up to the 7th, not the 8th', () => {
    expectPass(exams('2026-03-01 10:00', '2026-03-07 23:59', '2026-03-08 10:00'), 'R-MR-5DAY');
    expectPass(exams('2026-03-01 10:00', '2026-03-06 10:00', '2026-03-08 10:00'), 'R-MR-5DAY');
    const failure = expectFail(exams('2026-03-01 10:00', '2026-03-08 00:00', '2026-03-08 10:00'), 'R-MR-5DAY', 'E');
    expect(failure.message).toContain('6 clear days apart');
  });
  it('works whichever doctor examined first', () => {
    expectFail(exams('2026-03-08 09:00', '2026-03-01 10:00', '2026-03-08 10:00'), 'R-MR-5DAY', 'E');
  });
  it('counts English dates in summer (00:30 BST is the same day in England, the day before in UTC)', () => {
    expectPass(exams('2026-06-01 00:30', '2026-06-07 23:30'), 'R-MR-5DAY');
  });
});

describe('R-MR-S12 one doctor section 12 approved or an approved clinician', () => {
  const base = aSection2Application();
  it('fails when neither is', () => {
    expectFail(withDoctors(base, { s12Approved: false }), 'R-MR-S12', 'E');
  });
  it('accepts an approved clinician', () => {
    expectPass(withDoctors(base, { s12Approved: false }, { approvedClinician: true }), 'R-MR-S12');
  });
  it('counts approval that lasts to the examination day, not one that ended the day before', () => {
    expectPass(withDoctors(base, { s12ApprovedUntil: '2026-03-10' }), 'R-MR-S12');
    expectFail(withDoctors(base, { s12ApprovedUntil: '2026-03-09' }), 'R-MR-S12', 'E');
  });
  it('does not apply to section 4 (only on conversion)', () => {
    expectNotApplicable(aSection4Application(), 'R-MR-S12');
  });
});

describe('R-MR-ACQ previous acquaintance', () => {
  it('warns when neither doctor knew the person and no reason is recorded', () => {
    const none = withDoctors(aSection2Application(), {}, { previousAcquaintance: false });
    expectFail(none, 'R-MR-ACQ', 'W');
    expectPass({ ...none, noPreviousAcquaintanceReason: 'Registered with a GP out of area; no local doctor knows her.' }, 'R-MR-ACQ');
  });
  it('passes when the non-s12 doctor knew the person', () => {
    expectPass(aSection2Application(), 'R-MR-ACQ');
  });
  it('warns for a section 4 doctor without acquaintance', () => {
    const failure = expectFail(withDoctors(aSection4Application(), { previousAcquaintance: false }), 'R-MR-ACQ', 'W');
    expect(failure.message).toMatch(/^The doctor did not know/);
  });
});

describe('R-MR-COI conflicts between the doctors or with the person', () => {
  const base = aSection2Application();
  it('fails on a doctor–doctor or doctor–person conflict', () => {
    expectFail(
      { ...base, conflicts: [{ between: [{ kind: 'doctor', doctorId: 'doc-a' }, { kind: 'doctor', doctorId: 'doc-b' }], type: 'business', description: 'partners in a private clinic' }] },
      'R-MR-COI',
      'E',
    );
    const failure = expectFail(
      { ...base, conflicts: [{ between: [{ kind: 'doctor', doctorId: 'doc-b' }, { kind: 'patient' }], type: 'personal', description: 'brother-in-law' }] },
      'R-MR-COI',
      'E',
    );
    expect(failure.message).toContain('Dr Tomasz Fenwright and the person being assessed');
  });
  it('passes with no conflicts', () => {
    expectPass(base, 'R-MR-COI');
  });
});

// ── Conveyance and admission ───────────────────────────────────────────────────────────────
describe('R-CONVEY-14 admission within 14 days beginning with the last examination', () => {
  const base = aSection2Application(); // last exam Tue 10 Mar 15:00 → last day Mon 23 Mar
  it('passes at 23:59 on day 14, fails at 00:00 on day 15', () => {
    expectPass({ ...base, admittedAt: at('2026-03-23 23:59') }, 'R-CONVEY-14');
    expectPass({ ...base, admittedAt: at('2026-03-22 12:00') }, 'R-CONVEY-14');
    const failure = expectFail({ ...base, admittedAt: at('2026-03-24 00:00') }, 'R-CONVEY-14', 'E');
    expect(failure.message).toContain('by the end of Mon 23 Mar 2026');
  });
  it('counts from the later of the two examinations', () => {
    const earlier = withDoctors(base, { examinedAt: at('2026-03-01 10:00'), signedAt: at('2026-03-01 11:00') }, { examinedAt: at('2026-03-06 10:00'), signedAt: at('2026-03-06 11:00') });
    expectPass({ ...earlier, admittedAt: at('2026-03-19 23:00') }, 'R-CONVEY-14');
    expectFail({ ...earlier, admittedAt: at('2026-03-20 00:01') }, 'R-CONVEY-14', 'E');
  });
  it('counts English days across the spring clock change', () => {
    const exam = withDoctors(base, { examinedAt: at('2026-03-20 10:00'), signedAt: at('2026-03-20 10:30') }, { examinedAt: at('2026-03-20 11:00'), signedAt: at('2026-03-20 11:30') });
    const applied = { ...exam, applicationAt: at('2026-03-20 12:00') };
    expectPass({ ...applied, admittedAt: at('2026-04-02 23:30') }, 'R-CONVEY-14');
    expectFail({ ...applied, admittedAt: at('2026-04-03 00:10') }, 'R-CONVEY-14', 'E');
  });
  it('says the authority has lapsed when "check now" is past the deadline and nobody is admitted', () => {
    const notAdmitted = { ...base, admittedAt: null };
    expectPass(notAdmitted, 'R-CONVEY-14', { stage: 'check_now', now: at('2026-03-23 23:59') });
    const failure = expectFail(notAdmitted, 'R-CONVEY-14', 'E', { stage: 'check_now', now: at('2026-03-24 00:00') });
    expect(failure.message).toContain('Application lapsed');
  });
  it('judges a recorded application by its own times, never by the clock', () => {
    expectPass({ ...base, admittedAt: null }, 'R-CONVEY-14', { now: at('2026-04-30 12:00') });
  });
  it('offers the lawful alternative when the admission is after the authority ended', () => {
    expect(expectFail({ ...base, admittedAt: at('2026-03-24 00:00') }, 'R-CONVEY-14', 'E').message).toContain('Application lapsed: the person was not admitted under it');
  });
  it('does not apply to section 4 or guardianship', () => {
    expectNotApplicable(aSection4Application(), 'R-CONVEY-14');
    expectNotApplicable(aGuardianshipApplication(), 'R-CONVEY-14');
  });
});

describe('R-CONVEY-S4 section 4 admission within 24 hours: refused like R-CONVEY-14', () => {
  const base = aSection4Application(); // exam 01:00, application 02:00 on 11 Mar → admit by 01:00 on 12 Mar
  it('passes at 24 hours from the examination, is refused a minute later with the lawful alternative', () => {
    expectPass({ ...base, admittedAt: at('2026-03-12 01:00') }, 'R-CONVEY-S4');
    const failure = expectFail({ ...base, admittedAt: at('2026-03-12 01:01') }, 'R-CONVEY-S4', 'E');
    expect(failure.unverified).toBe(true); // the wording of s6(1)(b) is unverified, not the rule
    expect(failure.message).toContain('Application lapsed: the person was not admitted under it');
  });
  it('"check now" on an open record warns live once 24 hours pass with nobody admitted; a recorded application is not judged by the clock', () => {
    const notAdmitted = { ...base, admittedAt: null };
    expectPass(notAdmitted, 'R-CONVEY-S4', { stage: 'check_now', now: at('2026-03-12 01:00') });
    expectFail(notAdmitted, 'R-CONVEY-S4', 'E', { stage: 'check_now', now: at('2026-03-12 01:01') });
    expectPass(notAdmitted, 'R-CONVEY-S4', { now: at('2026-03-20 12:00') });
  });
  it('counts from the application when it came before the examination', () => {
    const early = { ...base, applicationAt: at('2026-03-11 00:45'), applicant: { ...base.applicant, lastSawPatientAt: at('2026-03-11 00:30') } };
    expectPass({ ...early, admittedAt: at('2026-03-12 00:45') }, 'R-CONVEY-S4');
    expectFail({ ...early, admittedAt: at('2026-03-12 00:46') }, 'R-CONVEY-S4', 'E');
  });
  it('counts real hours across the spring clock change (ends 03:00 BST, not 02:00)', () => {
    const s4 = {
      ...withDoctors(base, { examinedAt: at('2026-03-28 02:00'), signedAt: at('2026-03-28 02:20') }),
      applicationAt: at('2026-03-28 03:00'),
      applicant: { ...base.applicant, lastSawPatientAt: at('2026-03-28 01:30'), interviewAt: at('2026-03-28 01:30') },
    };
    expectPass({ ...s4, admittedAt: at('2026-03-29 02:59') }, 'R-CONVEY-S4'); // 02:59 BST = 01:59 UTC
    expectPass({ ...s4, admittedAt: at('2026-03-29 03:00') }, 'R-CONVEY-S4');
    expectFail({ ...s4, admittedAt: at('2026-03-29 03:01') }, 'R-CONVEY-S4', 'E');
  });
});

// ── Section 2 ──────────────────────────────────────────────────────────────────────────────
describe('R-S2-NR inform the nearest relative (section 2 and 4)', () => {
  const base = aSection2Application();
  const nr = (p: Partial<NonNullable<AssessmentFacts['nearestRelative']>>): AssessmentFacts => ({
    ...base,
    nearestRelative: { name: 'Marta Testwood-Lane', informedAt: null, toldOfDischargePower: false, consultedAt: null, objected: false, notPracticable: null, ...p },
  });
  it('warns when nothing is recorded', () => {
    expectFail({ ...base, nearestRelative: null }, 'R-S2-NR', 'W');
    expectFail(nr({}), 'R-S2-NR', 'W');
  });
  it('accepts a recorded reason, but not a blank one', () => {
    expectPass(nr({ notPracticable: { reason: 'not_reasonably_practicable', detail: 'Abroad, no contact details.' } }), 'R-S2-NR');
    expectFail(nr({ notPracticable: { reason: 'not_reasonably_practicable', detail: '' } }), 'R-S2-NR', 'W');
  });
  it('reminds the AMHP to tell the NR of their discharge power', () => {
    expect(expectFail(nr({ informedAt: at('2026-03-10 17:00') }), 'R-S2-NR', 'W').message).toContain('power to discharge');
  });
  it('applies to section 4 but not section 3', () => {
    expectPass(aSection4Application(), 'R-S2-NR');
    expectNotApplicable(aSection3Application(), 'R-S2-NR');
  });
});

describe('R-S2-END application made while the current section 2 lasts', () => {
  const s3 = (admitted: string, applied: string, pending = false): AssessmentFacts => ({
    ...aSection3Application(),
    applicationAt: at(applied),
    applicant: { ...aSection3Application().applicant, lastSawPatientAt: at(applied), interviewAt: at(applied) },
    admittedAt: at(applied),
    currentDetention: { section: 's2', admittedAt: at(admitted), s29DisplacementPending: pending },
  });
  it('s2 admitted 1 Mar ends at the end of 28 Mar', () => {
    expectPass(s3('2026-03-01 10:00', '2026-03-28 23:59'), 'R-S2-END');
    expectFail(s3('2026-03-01 10:00', '2026-03-29 00:00'), 'R-S2-END', 'W');
  });
  it('uses English days across the clock change', () => {
    expectPass(s3('2026-03-05 10:00', '2026-04-01 23:30'), 'R-S2-END');
    expectFail(s3('2026-03-05 10:00', '2026-04-02 00:30'), 'R-S2-END', 'W');
  });
  it('is extended while a displacement application is pending', () => {
    expectPass(s3('2026-03-01 10:00', '2026-04-10 10:00', true), 'R-S2-END');
  });
});

// ── Section 3 and guardianship ─────────────────────────────────────────────────────────────
describe('R-S3-NRC consult the nearest relative (section 3 and guardianship)', () => {
  const base = aSection3Application(); // applied 18:00
  const nr = (p: Partial<NonNullable<AssessmentFacts['nearestRelative']>>): AssessmentFacts => ({
    ...base,
    nearestRelative: { name: 'Marta Testwood-Lane', informedAt: null, toldOfDischargePower: false, consultedAt: null, objected: false, notPracticable: null, ...p },
  });
  it('passes when consulted before or at the application, fails after', () => {
    expectPass(nr({ consultedAt: at('2026-03-10 18:00') }), 'R-S3-NRC');
    expectFail(nr({ consultedAt: at('2026-03-10 18:01') }), 'R-S3-NRC', 'E');
  });
  it('fails when neither consulted nor a reason is recorded', () => {
    expectFail(nr({}), 'R-S3-NRC', 'E');
    expectFail({ ...base, nearestRelative: null }, 'R-S3-NRC', 'E');
    expectFail(nr({ informedAt: at('2026-03-10 17:00') }), 'R-S3-NRC', 'E');
  });
  it('accepts "unreasonable delay" or "not reasonably practicable" with the detail', () => {
    expectPass(nr({ notPracticable: { reason: 'unreasonable_delay', detail: 'At sea until next month; ship cannot be reached.' } }), 'R-S3-NRC');
    expectFail(nr({ notPracticable: { reason: 'unreasonable_delay', detail: ' ' } }), 'R-S3-NRC', 'E');
  });
  it('applies to guardianship, not to section 2', () => {
    expectPass(aGuardianshipApplication(), 'R-S3-NRC');
    expectNotApplicable(aSection2Application(), 'R-S3-NRC');
  });
});

describe('R-S3-NROBJ the nearest relative objects', () => {
  const objecting = (facts: AssessmentFacts, extra: object = {}): AssessmentFacts => ({
    ...facts,
    nearestRelative: facts.nearestRelative ? { ...facts.nearestRelative, objected: true, ...extra } : null,
  });
  it('blocks section 3 and guardianship, pointing to displacement', () => {
    expect(expectFail(objecting(aSection3Application()), 'R-S3-NROBJ', 'E').message).toContain('section 29(3)(c)');
    expectFail(objecting(aGuardianshipApplication()), 'R-S3-NROBJ', 'E');
    expectPass(aSection3Application(), 'R-S3-NROBJ');
  });
  it('is not a veto for section 2', () => {
    expectNotApplicable(objecting(aSection2Application()), 'R-S3-NROBJ');
  });
  it('under the 2025 Act (once commenced) an objection can be overridden with a danger report', () => {
    const commencement = { nominatedPersonFrom: '2026-03-10' };
    const before = { nominatedPersonFrom: '2026-03-11' };
    expectFail(objecting(aSection3Application()), 'R-S3-NROBJ', 'E', { commencement: before });
    const failure = expectFail(objecting(aSection3Application()), 'R-S3-NROBJ', 'E', { commencement });
    expect(failure.message).toContain('nominated person objects');
    expectPass(objecting(aSection3Application(), { dangerReportCertified: true }), 'R-S3-NROBJ', { commencement });
  });
});

describe('R-S7-AGE guardianship only from 16', () => {
  const base = aGuardianshipApplication(); // applied Tue 10 Mar 2026
  it('passes on the 16th birthday, fails the day before', () => {
    expectPass({ ...base, patient: { dateOfBirth: '2010-03-10' } }, 'R-S7-AGE');
    const failure = expectFail({ ...base, patient: { dateOfBirth: '2010-03-11' } }, 'R-S7-AGE', 'E');
    expect(failure.message).toContain('The person is 15');
  });
  it('needs a date of birth', () => {
    expect(expectFail({ ...base, patient: { dateOfBirth: null } }, 'R-S7-AGE', 'E').missing).toBe(true);
  });
});

describe('R-S7-FWD guardianship forwarded within 14 days beginning with the last examination', () => {
  const base = aGuardianshipApplication(); // last exam 10 Mar → last day 23 Mar
  const forwarded = (on: string | null): AssessmentFacts => ({ ...base, guardianship: { guardian: { kind: 'local_authority' }, forwardedToLssaOn: on } });
  it('passes on day 14, fails on day 15', () => {
    expectPass(forwarded('2026-03-23'), 'R-S7-FWD');
    expectFail(forwarded('2026-03-24'), 'R-S7-FWD', 'E');
  });
  it('says it has lapsed when not forwarded by the end of day 14', () => {
    expectPass(forwarded(null), 'R-S7-FWD', { stage: 'check_now', now: at('2026-03-23 23:59') });
    expectFail(forwarded(null), 'R-S7-FWD', 'E', { stage: 'check_now', now: at('2026-03-24 00:00') });
    expectPass(forwarded(null), 'R-S7-FWD', { now: at('2026-04-30 12:00') });
  });
});

describe('R-S7-PRIV a private guardian', () => {
  const priv = (acceptedByLssaOn: string | null, writtenWillingness: boolean): AssessmentFacts => ({
    ...aGuardianshipApplication(),
    guardianship: { guardian: { kind: 'private', name: 'Owen Plumtree', acceptedByLssaOn, writtenWillingness }, forwardedToLssaOn: '2026-03-11' },
  });
  it('needs written willingness and the local authority’s acceptance', () => {
    expectFail(priv('2026-03-11', false), 'R-S7-PRIV', 'E');
    expectFail(priv(null, true), 'R-S7-PRIV', 'E');
    expectPass(priv('2026-03-11', true), 'R-S7-PRIV');
  });
  it('does not apply to a local authority guardian', () => {
    expectNotApplicable(aGuardianshipApplication(), 'R-S7-PRIV');
  });
});

// ── Section 4 ──────────────────────────────────────────────────────────────────────────────
describe('R-S4-01 urgency stated and verified', () => {
  const base = aSection4Application();
  const s4 = (p: Partial<NonNullable<AssessmentFacts['section4']>>): AssessmentFacts => ({
    ...base,
    section4: base.section4 ? { ...base.section4, ...p } : null,
  });
  it('needs all three statements', () => {
    expectFail(s4({ urgentNecessityStated: false }), 'R-S4-01', 'E');
    expectFail(s4({ undesirableDelayStated: false }), 'R-S4-01', 'E');
    expectFail(s4({ recommendationVerifiesUrgency: false }), 'R-S4-01', 'E');
    expectFail({ ...base, section4: null }, 'R-S4-01', 'E');
    expectPass(base, 'R-S4-01');
  });
});

describe('R-S4-SEEN the AMHP saw the person in the previous 24 hours', () => {
  const base = aSection4Application();
  const seen = (lastSaw: string, applied: string): AssessmentFacts => ({
    ...withDoctors(base, { examinedAt: at(lastSaw), signedAt: at(lastSaw) }),
    applicationAt: at(applied),
    applicant: { ...base.applicant, lastSawPatientAt: at(lastSaw), interviewAt: at(lastSaw) },
    admittedAt: at(applied),
  });
  it('passes at exactly 24 hours, fails a minute later', () => {
    expectPass(seen('2026-03-10 02:00', '2026-03-11 02:00'), 'R-S4-SEEN');
    const failure = expectFail(seen('2026-03-10 02:00', '2026-03-11 02:01'), 'R-S4-SEEN', 'E');
    expect(failure.message).toContain('24 hours before applying');
    expect(failure.message).toContain('1 day 1 min');
  });
  it('spring clock change: 02:30 GMT Saturday to 03:30 BST Sunday is 24 hours, not 25', () => {
    expectPass(seen('2026-03-28 02:30', '2026-03-29 03:30'), 'R-S4-SEEN');
    expectFail(seen('2026-03-28 02:30', '2026-03-29 03:31'), 'R-S4-SEEN', 'E');
  });
  it('autumn clock change: 02:00 BST Saturday to 01:00 GMT Sunday is already 24 hours', () => {
    expectPass(seen('2026-10-24 02:00', '2026-10-25T01:00+01:00'), 'R-S4-SEEN'); // 01:00 BST (the first) → 00:00 UTC
    expectPass({ ...seen('2026-10-24 02:00', '2026-10-25T01:00+01:00'), applicationAt: new Date('2026-10-25T01:00:00Z') }, 'R-S4-SEEN');
    expectFail({ ...seen('2026-10-24 02:00', '2026-10-25T01:00+01:00'), applicationAt: new Date('2026-10-25T01:01:00Z') }, 'R-S4-SEEN', 'E');
  });
});

describe('R-S4-EXP section 4 ends 72 hours after admission unless converted', () => {
  const base = aSection4Application(); // admitted Wed 11 Mar 04:00 → ends Sat 14 Mar 04:00
  const second = (received: Date) => ({
    ...aDoctor({ id: 'doc-s', name: 'Dr Rafe Colquhoun', s12Approved: true, examinedAt: at('2026-03-11 09:00'), signedAt: at('2026-03-11 09:30') }),
    receivedByManagersAt: received,
  });
  const withSecond = (received: Date): AssessmentFacts => ({ ...base, section4: base.section4 ? { ...base.section4, secondRecommendation: second(received) } : null });
  it('converts when the second recommendation arrives at 72 hours; too late a minute after', () => {
    expectPass(withSecond(at('2026-03-14 04:00')), 'R-S4-EXP');
    expectFail(withSecond(at('2026-03-14 04:01')), 'R-S4-EXP', 'W');
  });
  it('counts real hours over the spring clock change', () => {
    const admitted = { ...base, admittedAt: at('2026-03-27 12:00'), applicationAt: at('2026-03-27 11:00'), applicant: { ...base.applicant, lastSawPatientAt: at('2026-03-27 10:00'), interviewAt: at('2026-03-27 10:00') } };
    const s4 = withDoctors(admitted, { examinedAt: at('2026-03-27 10:30'), signedAt: at('2026-03-27 10:45') });
    const received = (local: string) => ({ ...s4, section4: s4.section4 ? { ...s4.section4, secondRecommendation: { ...second(at(local)), examinedAt: at('2026-03-28 09:00'), signedAt: at('2026-03-28 09:30') } } : null });
    expectPass(received('2026-03-30 13:00'), 'R-S4-EXP'); // 12:00 GMT + 72 h = 13:00 BST
    expectFail(received('2026-03-30 13:01'), 'R-S4-EXP', 'W');
  });
  it('"check now" says section 4 has ended when 72 hours pass without a second recommendation', () => {
    expectPass(base, 'R-S4-EXP', { stage: 'check_now', now: at('2026-03-14 03:59') });
    expectFail(base, 'R-S4-EXP', 'W', { stage: 'check_now', now: at('2026-03-14 04:00') });
  });
  it('an s4 application recorded after the event is not asked for a reason because of the server clock', () => {
    // Recorded a week later: the application's own times are lawful; only "check now" uses the clock.
    const result = runStatutoryChecks(base, { stage: 'application', now: at('2026-03-18 09:00') });
    expect([...result.errors, ...result.warnings].map((f) => f.rule)).toEqual([]);
    expectPass(base, 'R-S4-EXP', { stage: 'application', now: at('2026-03-18 09:00') });
  });
});

describe('R-S4-CONV conversion meets section 12 (s4(4)(b); wording unverified, still an error)', () => {
  const base = aSection4Application();
  const convert = (p: Partial<DoctorFacts>): AssessmentFacts => ({
    ...base,
    section4: base.section4
      ? { ...base.section4, secondRecommendation: { ...aDoctor({ id: 'doc-s', name: 'Dr Rafe Colquhoun', s12Approved: true, examinedAt: at('2026-03-11 09:00'), signedAt: at('2026-03-11 09:30'), ...p }), receivedByManagersAt: at('2026-03-11 10:00') } }
      : null,
  });
  it('passes when the second doctor is s12 approved', () => {
    expectPass(convert({}), 'R-S4-CONV');
  });
  it('is refused when neither doctor is s12 approved', () => {
    expectFail(convert({ s12Approved: false }), 'R-S4-CONV', 'E');
  });
  it('is refused when the second recommendation is from the same doctor', () => {
    expectFail(convert({ id: 'doc-g', name: 'Dr Imogen Quayle' }), 'R-S4-CONV', 'E');
  });
  it('is refused when the examinations are more than 5 clear days apart', () => {
    expectPass(convert({ examinedAt: at('2026-03-17 09:00'), signedAt: at('2026-03-17 09:30') }), 'R-S4-CONV');
    expectFail(convert({ examinedAt: at('2026-03-18 09:00'), signedAt: at('2026-03-18 09:30') }), 'R-S4-CONV', 'E');
  });
});

describe('R-S4-USE section 4 only in a genuine emergency', () => {
  it('warns without a reason why section 2 could not be used', () => {
    const base = aSection4Application();
    expectFail({ ...base, section4: base.section4 ? { ...base.section4, whyNotSection2: '' } : null }, 'R-S4-USE', 'W');
    expectPass(base, 'R-S4-USE');
  });
});

// ── Sections 135 and 136 ───────────────────────────────────────────────────────────────────
describe('R-135-01 section 135(1) warrant', () => {
  const warrant = (p: Partial<NonNullable<PlaceOfSafetyFacts['warrant']>> | null): AssessmentFacts =>
    withPos(aSection2Application(), {
      power: 's135_1',
      s136Consultation: null,
      endedAt: at('2026-03-10 18:00'),
      clockStartedAt: at('2026-03-10 12:00'),
      detainedAt: at('2026-03-10 11:30'),
      warrant: p === null ? null : { informationLaidByAmhp: true, amhpAttended: true, doctorAttended: true, ...p },
    });
  it('needs the information laid by an AMHP, and an AMHP and doctor present', () => {
    expectPass(warrant({}), 'R-135-01');
    expectFail(warrant(null), 'R-135-01', 'E');
    expectFail(warrant({ informationLaidByAmhp: false }), 'R-135-01', 'E');
    expect(expectFail(warrant({ doctorAttended: false }), 'R-135-01', 'E').message).toContain('The record does not show a doctor attending.');
    expect(expectFail(warrant({ amhpAttended: false, doctorAttended: false }), 'R-135-01', 'E').message).toContain('does not show an AMHP and a doctor attending.');
  });
  it('does not apply to section 136', () => {
    expectNotApplicable(withPos(aSection2Application(), { endedAt: at('2026-03-29 12:00') }), 'R-135-01');
  });
});

describe('R-POS-24 place of safety 24 hours from arrival', () => {
  // Arrived 22:00 GMT Sat 28 Mar 2026; the clocks go forward at 01:00 GMT on Sun 29 Mar.
  const held = (endedAt: string | null): AssessmentFacts => withPos(aSection2Application(), { endedAt: endedAt ? at(endedAt) : null });
  it('ends at 23:00 BST on Sunday (24 real hours), not 22:00', () => {
    expectPass(held('2026-03-29 22:30'), 'R-POS-24');
    expectPass(held('2026-03-29 23:00'), 'R-POS-24');
    const failure = expectFail(held('2026-03-29 23:01'), 'R-POS-24', 'E');
    expect(failure.message).toContain('Sun 29 Mar 2026, 23:00 (24 hours)');
  });
  it('autumn: arrival 22:00 BST on Sat 24 Oct ends 21:00 GMT on Sunday', () => {
    const autumn = (ended: string) => withPos(aSection2Application(), { detainedAt: at('2026-10-24 21:30'), clockStartedAt: at('2026-10-24 22:00'), endedAt: at(ended), s136Consultation: null });
    expectPass(autumn('2026-10-25 21:00'), 'R-POS-24');
    expectFail(autumn('2026-10-25 21:01'), 'R-POS-24', 'E');
    expectFail(autumn('2026-10-25 22:00'), 'R-POS-24', 'E');
  });
  it('uses the application time when the end is not recorded, and "now" when checking', () => {
    expectFail({ ...held(null), applicationAt: at('2026-03-29 23:30') }, 'R-POS-24', 'E');
    const open = { ...held(null), applicationAt: null };
    expectPass(open, 'R-POS-24', { stage: 'check_now', now: at('2026-03-29 23:00') });
    expectFail(open, 'R-POS-24', 'E', { stage: 'check_now', now: at('2026-03-29 23:01') });
  });
  it('adds a valid extension, up to 36 hours in all', () => {
    const extended = (ended: string) =>
      withPos(aSection2Application(), {
        endedAt: at(ended),
        extensions: [{ authorisedAt: at('2026-03-29 22:30'), hours: 12, authorisedByExaminingDoctor: true, reason: 'person_condition', superintendentApprovedAt: null }],
      });
    expectPass(extended('2026-03-30 11:00'), 'R-POS-24');
    expectFail(extended('2026-03-30 11:01'), 'R-POS-24', 'E');
  });
  it('needs the arrival time', () => {
    expectFail(withPos(aSection2Application(), { clockStartedAt: null }), 'R-POS-24', 'E');
  });
});

describe('R-POS-EXT the extension', () => {
  const ext = (p: Partial<PlaceOfSafetyFacts['extensions'][number]>, pos: Partial<PlaceOfSafetyFacts> = {}): AssessmentFacts =>
    withPos(aSection2Application(), {
      endedAt: at('2026-03-30 08:00'),
      extensions: [{ authorisedAt: at('2026-03-29 22:59'), hours: 12, authorisedByExaminingDoctor: true, reason: 'person_condition', superintendentApprovedAt: null, ...p }],
      ...pos,
    });
  it('passes when authorised a minute before the 24 hours end; fails at the moment they end', () => {
    expectPass(ext({}), 'R-POS-EXT');
    expectFail(ext({ authorisedAt: at('2026-03-29 23:00') }), 'R-POS-EXT', 'E');
  });
  it('allows up to 12 hours, not 13', () => {
    expectPass(ext({ hours: 12 }), 'R-POS-EXT');
    expectFail(ext({ hours: 13 }), 'R-POS-EXT', 'E');
    expectFail(ext({ hours: 0 }), 'R-POS-EXT', 'E');
  });
  it('allows only one extension', () => {
    const one = ext({});
    const pos = one.placeOfSafety;
    if (!pos) throw new Error('no pos');
    expectFail({ ...one, placeOfSafety: { ...pos, extensions: [...pos.extensions, ...pos.extensions] } }, 'R-POS-EXT', 'E');
  });
  it('must be the examining doctor, for the person’s condition', () => {
    expectFail(ext({ authorisedByExaminingDoctor: false }), 'R-POS-EXT', 'E');
    expect(expectFail(ext({ reason: 'staff_or_bed_availability' }), 'R-POS-EXT', 'E').message).toContain('not because of staff, bed');
  });
  it('at a police station needs a superintendent’s approval', () => {
    const station = { policeStationUsed: true, policeStationJustification: 'Imminent risk of serious injury; no health-based place could manage.' };
    expectFail(ext({}, station), 'R-POS-EXT', 'E');
    expectPass(ext({ superintendentApprovedAt: at('2026-03-29 22:50') }, station), 'R-POS-EXT');
  });
});

describe('R-POS-U18 police stations', () => {
  const station = (dob: string, justification: string | null, arrival = '2026-03-28 22:00'): AssessmentFacts => ({
    ...withPos(aSection2Application(), { policeStationUsed: true, policeStationJustification: justification, clockStartedAt: at(arrival), endedAt: at('2026-03-29 12:00') }),
    patient: { dateOfBirth: dob },
  });
  it('never for someone under 18: 17 the day before the 18th birthday', () => {
    const failure = expectFail(station('2008-03-29', 'x'), 'R-POS-U18', 'E');
    expect(failure.message).toContain('The person is 17');
    expectPass(station('2008-03-28', 'Imminent risk of serious injury; no health-based place could manage.'), 'R-POS-U18');
  });
  it('uses the English date: arriving 00:30 BST on an 18th birthday counts as 18', () => {
    const dob = '2008-07-15';
    const facts = { ...station(dob, 'Violence towards staff; regulations met.', '2026-07-15 00:30'), applicationAt: at('2026-07-15 10:00') };
    expectPass({ ...facts, placeOfSafety: facts.placeOfSafety ? { ...facts.placeOfSafety, endedAt: at('2026-07-15 10:00') } : null }, 'R-POS-U18');
  });
  it('for adults only with the reason the 2017 Regulations allow it', () => {
    expectFail(station('1990-01-01', null), 'R-POS-U18', 'E');
  });
  it('does not apply when a health-based place of safety is used', () => {
    expectNotApplicable(withPos(aSection2Application(), { endedAt: at('2026-03-29 12:00') }), 'R-POS-U18');
  });
});

describe('R-136-CONSULT consultation before using section 136', () => {
  it('warns without a consultation or a reason', () => {
    expectFail(withPos(aSection2Application(), { s136Consultation: null, endedAt: at('2026-03-29 12:00') }), 'R-136-CONSULT', 'W');
    expectPass(
      withPos(aSection2Application(), { endedAt: at('2026-03-29 12:00'), s136Consultation: { consultedAt: null, consultedRole: null, notPracticableReason: 'Person running into traffic; no time.' } }),
      'R-136-CONSULT',
    );
    expectPass(withPos(aSection2Application(), { endedAt: at('2026-03-29 12:00') }), 'R-136-CONSULT');
  });
});

describe('R-136-CHAIN no back-to-back section 136', () => {
  const chained = (previous: PlaceOfSafetyFacts['previousS136']): AssessmentFacts =>
    withPos(aSection2Application(), { previousS136: previous, endedAt: at('2026-03-29 12:00') });
  it('fails when a new s136 starts without the person leaving the place of safety', () => {
    expectFail(chained({ endedAt: at('2026-03-28 21:00'), personLeftPlaceOfSafety: false }), 'R-136-CHAIN', 'E');
  });
  it('fails when the new detention starts at the moment the old one ends, passes a minute after', () => {
    expectFail(chained({ endedAt: at('2026-03-28 21:30'), personLeftPlaceOfSafety: true }), 'R-136-CHAIN', 'E');
    expectPass(chained({ endedAt: at('2026-03-28 21:29'), personLeftPlaceOfSafety: true }), 'R-136-CHAIN');
  });
});

// ── Holding powers and CTO ─────────────────────────────────────────────────────────────────
describe('R-S52 the section 5(2) holding power (72 hours)', () => {
  const held = (s54: string | null, s52: string, applied: string): AssessmentFacts => ({
    ...aSection2Application(),
    applicationAt: at(applied),
    applicant: { ...aSection2Application().applicant, lastSawPatientAt: at(applied), interviewAt: at(applied) },
    admittedAt: at(applied),
    holdingPower: { s54RecordedAt: s54 ? at(s54) : null, s52ReportedAt: at(s52) },
  });
  it('passes at 72 hours from the report, warns a minute after (spring clock change: ends 13:00 BST)', () => {
    expectPass(held(null, '2026-03-26 12:00', '2026-03-29 13:00'), 'R-S52');
    const failure = expectFail(held(null, '2026-03-26 12:00', '2026-03-29 13:01'), 'R-S52', 'W');
    expect(failure.unverified).toBe(true);
  });
  it('counts from an earlier section 5(4) record', () => {
    expectPass(held('2026-03-10 08:00', '2026-03-10 10:00', '2026-03-13 08:00'), 'R-S52');
    expectFail(held('2026-03-10 08:00', '2026-03-10 10:00', '2026-03-13 08:01'), 'R-S52', 'W');
  });
});

describe('R-S54 the section 5(4) holding power (6 hours)', () => {
  const held = (applied: string, s52: string | null = null): AssessmentFacts => ({
    ...aSection2Application(),
    applicationAt: at(applied),
    applicant: { ...aSection2Application().applicant, lastSawPatientAt: at(applied), interviewAt: at(applied) },
    admittedAt: at(applied),
    holdingPower: { s54RecordedAt: at('2026-03-10 14:00'), s52ReportedAt: s52 ? at(s52) : null },
  });
  it('passes at 6 hours, warns a minute later', () => {
    expectPass(held('2026-03-10 20:00'), 'R-S54');
    expectFail(held('2026-03-10 20:01'), 'R-S54', 'W');
  });
  it('gives way to a section 5(2) that followed', () => {
    expectNotApplicable(held('2026-03-10 22:00', '2026-03-10 16:00'), 'R-S54');
  });
  it('autumn clock change: 6 hours from 22:00 BST Saturday ends 03:00 GMT', () => {
    const autumn: AssessmentFacts = { ...held('2026-10-25 03:00'), holdingPower: { s54RecordedAt: at('2026-10-24 22:00'), s52ReportedAt: null } };
    const facts = { ...autumn, doctors: autumn.doctors.map((d) => ({ ...d, examinedAt: at('2026-10-25 02:00'), signedAt: at('2026-10-25 02:30') })) };
    expectPass(facts, 'R-S54');
    expectFail({ ...facts, applicationAt: at('2026-10-25 03:01'), admittedAt: at('2026-10-25 03:01') }, 'R-S54', 'W');
  });
});

describe('R-CTO-AMHP written agreement to a CTO', () => {
  it('needs the AMHP’s written agreement', () => {
    expectFail({ ...aSection2Application(), cto: { madeOn: '2026-03-10', amhpAgreedInWriting: false } }, 'R-CTO-AMHP', 'E');
    expectPass({ ...aSection2Application(), cto: { madeOn: '2026-03-10', amhpAgreedInWriting: true } }, 'R-CTO-AMHP');
  });
});

describe('record consistency', () => {
  it('R-DATA-ADMIT: admission before the application is an error', () => {
    expectFail({ ...aSection2Application(), admittedAt: at('2026-03-10 17:59') }, 'R-DATA-ADMIT', 'E');
    expectPass({ ...aSection2Application(), admittedAt: at('2026-03-10 18:00') }, 'R-DATA-ADMIT');
  });
  it('R-DATA-DOB: a date of birth after the application is an error', () => {
    expectFail({ ...aSection2Application(), patient: { dateOfBirth: '2026-03-11' } }, 'R-DATA-DOB', 'E');
    expectPass({ ...aSection2Application(), patient: { dateOfBirth: '2026-03-10' } }, 'R-DATA-DOB');
  });
});

// ── Running the checks ─────────────────────────────────────────────────────────────────────
describe('runStatutoryChecks', () => {
  it('"check now" lists what is still to record separately, recording an application blocks on it', () => {
    const building: AssessmentFacts = { ...aSection2Application(), applicationAt: null, admittedAt: null, hospital: null };
    const now = runStatutoryChecks(building, { stage: 'check_now', now: at('2026-03-10 16:00') });
    expect(now.errors).toEqual([]);
    expect(now.pending.map((p) => p.rule)).toEqual(expect.arrayContaining(['R-GEN-04', 'R-GEN-14DAY', 'R-MR-02']));
    const applying = runStatutoryChecks(building);
    expect(applying.errors.map((e) => e.rule)).toEqual(expect.arrayContaining(['R-GEN-04', 'R-GEN-14DAY']));
  });

  it('returns nothing to check when no application or context is recorded', () => {
    const result = runStatutoryChecks(emptyAssessmentFacts());
    expect(result).toEqual({ errors: [], warnings: [], pending: [], passed: [] });
  });

  it('reports several failures at once with their rule IDs', () => {
    const bad = withDoctors({ ...aSection2Application(), admittedAt: at('2026-03-10 17:00') }, { examinedAt: at('2026-03-10 14:00'), s12Approved: false });
    const result = runStatutoryChecks(bad);
    expect(result.errors.map((e) => e.rule)).toEqual(['R-MR-03', 'R-MR-S12', 'R-DATA-ADMIT']);
  });

  it('lists warnings that still need a recorded reason', () => {
    const facts = withDoctors(aSection2Application(), {}, { previousAcquaintance: false });
    const result = runStatutoryChecks(facts);
    expect(warningsWithoutReasons(result, {}).map((w) => w.rule)).toEqual(['R-MR-ACQ']);
    expect(warningsWithoutReasons(result, { 'R-MR-ACQ': 'Out-of-area patient; no local doctor knows her.' })).toEqual([]);
    expect(warningsWithoutReasons(result, { 'R-MR-ACQ': '  ' })).toHaveLength(1);
  });
});

describe('the catalogue covers every rule in mha-rules.md §2', () => {
  // Copied by hand from ../shared/domain/mha-rules.md §2 so that a change there shows up here.
  const FILE_IDS = [
    'R-GEN-01', 'R-GEN-02', 'R-GEN-03', 'R-GEN-04', 'R-GEN-05', 'R-GEN-14DAY',
    'R-MR-01', 'R-MR-02', 'R-MR-03', 'R-MR-5DAY', 'R-MR-S12', 'R-MR-ACQ', 'R-MR-COI',
    'R-CONVEY-14', 'R-CONVEY-S4', 'R-S2-NR', 'R-S2-END',
    'R-S3-NRC', 'R-S3-NROBJ', 'R-S3-END', 'R-S7-AGE', 'R-S7-FWD', 'R-S7-PRIV',
    'R-S4-01', 'R-S4-SEEN', 'R-S4-EXP', 'R-S4-CONV', 'R-S4-USE',
    'R-135-01', 'R-POS-24', 'R-POS-EXT', 'R-POS-U18', 'R-136-CONSULT', 'R-136-CHAIN',
    'R-S52', 'R-S54', 'R-CTO-AMHP', 'R-CTO-END',
  ];
  it('lists exactly the rule IDs of the file', () => {
    expect([...MHA_RULE_IDS].sort()).toEqual([...FILE_IDS].sort());
  });
  it('has a check for every catalogue entry implemented as a check, and no others', () => {
    const checks = MHA_RULE_CATALOGUE.filter((e) => e.implementedAs.includes('check')).map((e) => e.id).sort();
    expect(STATUTORY_RULES.map((r) => r.id).sort()).toEqual(checks);
  });
  // Copied by hand from the Sev column of mha-rules.md §2, so that a change there shows up here.
  const FILE_SEVERITIES: Record<string, 'E' | 'W' | '–'> = {
    'R-GEN-01': 'E', 'R-GEN-02': 'E', 'R-GEN-03': 'E', 'R-GEN-04': 'E', 'R-GEN-05': 'E', 'R-GEN-14DAY': 'E',
    'R-MR-01': 'E', 'R-MR-02': 'E', 'R-MR-03': 'E', 'R-MR-5DAY': 'E', 'R-MR-S12': 'E', 'R-MR-ACQ': 'W', 'R-MR-COI': 'E',
    'R-CONVEY-14': 'E', 'R-CONVEY-S4': 'E', 'R-S2-NR': 'W', 'R-S2-END': '–',
    'R-S3-NRC': 'E', 'R-S3-NROBJ': 'E', 'R-S3-END': '–', 'R-S7-AGE': 'E', 'R-S7-FWD': 'E', 'R-S7-PRIV': 'E',
    'R-S4-01': 'E', 'R-S4-SEEN': 'E', 'R-S4-EXP': '–', 'R-S4-CONV': 'E', 'R-S4-USE': 'W',
    'R-135-01': 'E', 'R-POS-24': 'E', 'R-POS-EXT': 'E', 'R-POS-U18': 'E', 'R-136-CONSULT': 'W', 'R-136-CHAIN': 'E',
    'R-S52': '–', 'R-S54': '–', 'R-CTO-AMHP': 'E', 'R-CTO-END': '–',
  };
  it('agrees with the file on every rule’s severity', () => {
    for (const entry of MHA_RULE_CATALOGUE.filter((e) => e.id in FILE_SEVERITIES)) {
      expect(`${entry.id}:${entry.severity}`).toBe(`${entry.id}:${FILE_SEVERITIES[entry.id]}`);
    }
    expect(Object.keys(FILE_SEVERITIES).sort()).toEqual([...FILE_IDS].sort());
  });
  it('checks with the catalogue’s severity: E blocks, W and periods (–) warn', () => {
    for (const r of STATUTORY_RULES) {
      const entry = MHA_RULE_CATALOGUE.find((e) => e.id === r.id);
      expect(`${r.id}:${r.severity}`).toBe(`${r.id}:${entry?.severity === 'E' ? 'E' : 'W'}`);
    }
  });
  it('lets a deployment promote an unverified warning to an error, and nothing else', () => {
    const s2 = aSection2Application();
    const held = { ...s2, holdingPower: { s52ReportedAt: at('2026-03-07 12:00'), s54RecordedAt: null } }; // ended 10 Mar 12:00, applied 18:00
    expectFail(held, 'R-S52', 'W');
    expectFail(held, 'R-S52', 'E', { severityOverrides: { 'R-S52': 'E' } });
    const acq = withDoctors(s2, {}, { previousAcquaintance: false });
    expectFail(acq, 'R-MR-ACQ', 'W', { severityOverrides: { 'R-MR-ACQ': 'E' } });
  });
});

afterAll(() => {
  // Every check must have been seen both failing and passing somewhere in this file.
  const rules = STATUTORY_RULES.map((r) => r.id);
  expect(rules.filter((id) => !failedInTests.has(id))).toEqual([]);
  expect(rules.filter((id) => !passedInTests.has(id))).toEqual([]);
});
