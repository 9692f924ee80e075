// The assessment record through the real HTTP stack and the real statutory rules, on the base
// template (Tuesday 10 March 2026, 09:00 London): each broken rule is refused with 422 and its
// rule id in one shape; warnings need reasons; the applicant is explicit; writes return the
// record with its version; versions conflict; the outcome moves the referral.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anAllocatedReferral, anApprovedAmhp, theLead, type TestReferral } from '../../../../test/support/builders/assessment-builders.js';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { apiToken } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { BASE } from '../../../../test/support/base-data.js';

let t: TestApp;
let ava: TestPerson;
let token: string;

type Body = Record<string, unknown>;
interface Finding {
  rule: string;
  severity: 'E' | 'W';
  message: string;
}

async function call(method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown, as = token) {
  const response = await t.app.inject({ method, url, headers: { authorization: `Bearer ${as}` }, ...(payload !== undefined ? { payload: payload as Body } : {}) });
  const json = response.headers['content-type']?.toString().includes('json');
  return { status: response.statusCode, body: (json ? response.json() : {}) as Body & { details: { failures: Finding[]; warnings: Finding[]; fieldErrors: Array<{ field: string; message: string }> } }, raw: response };
}

const rules = (findings: Finding[]) => findings.map((f) => f.rule);
const api = (id: string, rest = '') => `/api/v1/referrals/${id}/assessment${rest}`;

async function version(id: string): Promise<number> {
  return (await call('GET', api(id))).body.version as number;
}

interface Scenario {
  referral: (b: ReturnType<typeof anAllocatedReferral>) => ReturnType<typeof anAllocatedReferral>;
  interview: Body;
  doctors: Body[];
  nr: Body | null;
  legal: Body | null;
  outcome: Body;
}

/** A lawful section 2 application made at 08:00 on the test day (London), admitted at 08:30. */
function lawfulS2(): Scenario {
  return {
    referral: (b) => b,
    interview: { interviewAt: '2026-03-10T04:00', lastSawAt: '2026-03-10T04:00', mostAppropriateReason: 'Refusing all support; risk to self rising daily.' },
    doctors: [
      { name: 'Dr Alys Marchbank', s12Approved: true, requestedAt: '2026-03-10T00:00', arrivedAt: '2026-03-10T02:00', examinedAt: '2026-03-10T03:00', signedAt: '2026-03-10T03:30', jointOrSeparate: 'separate' },
      { name: 'Dr Tomasz Fenwright', previousAcquaintance: true, requestedAt: '2026-03-10T00:00', arrivedAt: '2026-03-10T04:00', examinedAt: '2026-03-10T05:00', signedAt: '2026-03-10T05:30', jointOrSeparate: 'separate' },
    ],
    nr: { category: 'parent', name: 'Marta Testwood', informedAt: '2026-03-10T07:00', toldOfDischargePower: true },
    legal: null,
    outcome: { outcome: 's2', applicationAt: '2026-03-10T08:00', admittedAt: '2026-03-10T08:30', hospitalName: 'Elmbridge Lodge', hospitalAddressedToManagers: true },
  };
}

/**
 * A lawful section 4 the day before: examined at 03:00 on Monday 9 March, applied for at 04:00,
 * admitted at 05:00; the authority to admit ran to 03:00 on the test day.
 */
function lawfulS4(): Scenario {
  const s = lawfulS2();
  s.interview = { interviewAt: '2026-03-09T02:30', lastSawAt: '2026-03-09T02:30', mostAppropriateReason: 'Barricaded in with means of self-harm; cannot wait for a second doctor.' };
  s.doctors = [{ name: 'Dr Alys Marchbank', previousAcquaintance: true, requestedAt: '2026-03-09T01:00', arrivedAt: '2026-03-09T02:00', examinedAt: '2026-03-09T03:00', signedAt: '2026-03-09T03:30', jointOrSeparate: 'separate' }];
  s.nr = { category: 'parent', name: 'Marta Testwood', informedAt: '2026-03-09T06:00', toldOfDischargePower: true };
  s.outcome = {
    outcome: 's4',
    applicationAt: '2026-03-09T04:00',
    admittedAt: '2026-03-09T05:00',
    hospitalName: 'Elmbridge Lodge',
    hospitalAddressedToManagers: true,
    s4UrgentNecessity: true,
    s4UndesirableDelay: true,
    s4RecommendationVerifies: true,
    s4WhyNotSection2: 'No second doctor for hours',
  };
  return s;
}

async function build(s: Scenario): Promise<TestReferral> {
  const referral = await s.referral(anAllocatedReferral().receivedAt('2026-03-09T20:00').allocatedTo(ava)).build(t.services);
  const id = referral.id;
  const interview = await call('PUT', api(id, '/interview'), { ...s.interview, version: 1 });
  expect(interview.status, JSON.stringify(interview.body)).toBe(200);
  let v = interview.body.version as number;
  for (const d of s.doctors) {
    const added = await call('POST', api(id, '/doctors'), d);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
  }
  if (s.nr) {
    const nr = await call('PUT', api(id, '/nearest-relative'), { ...s.nr, version: v });
    expect(nr.status, JSON.stringify(nr.body)).toBe(200);
    v = nr.body.version as number;
  }
  if (s.legal) {
    const legal = await call('PUT', api(id, '/legal-context'), { ...s.legal, version: v });
    expect(legal.status, JSON.stringify(legal.body)).toBe(200);
  }
  return referral;
}

async function recordOutcome(id: string, outcome: Body) {
  return call('POST', api(id, '/outcome'), { ...outcome, version: await version(id) });
}

async function referralStatus(id: string): Promise<string> {
  return (await t.services.referrals.getReferral((await theLead(t.services)).ctx, id)).status;
}

beforeAll(async () => {
  t = await createTestApp({ template: 'base' });
  ava = await anApprovedAmhp('Ava Amhp').build(t.services);
  token = await apiToken(t.app, ava.email, BASE.password);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('a lawful section 2 application', () => {
  it('is recorded, returns the record with its new version, moves the referral and writes the timeline', async () => {
    const s = lawfulS2();
    const { id } = await build(s);
    const before = await version(id);
    const result = await recordOutcome(id, s.outcome);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.version).toBe(before + 1);
    expect(result.body.record).toMatchObject({ outcome: 's2', applicationSection: 's2', hospitalName: 'Elmbridge Lodge', applicantId: ava.id, applicantName: 'Ava Amhp' });
    expect((result.body.record as Body).applicationAt).toBe('2026-03-10T08:00:00.000Z');
    expect(result.body.checks).toMatchObject({ as: 's2', stage: 'application', errors: [], warnings: [] });
    expect((result.body.deadlines as Array<{ key: string }>).map((d) => d.key)).toEqual(expect.arrayContaining(['s2_ends']));
    expect(await referralStatus(id)).toBe('outcome_recorded');
    const events = await t.services.referrals.timeline(id);
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['start_assessment', 'assessment_doctor', 'record_outcome', 'assessment_outcome']));
    // The register's approval panel pack counts it among the AMHP's assessments.
    const counted = await t.services.assessments.countForAmhp(ava.id, '2026-03-01', '2026-03-31');
    expect(counted.byKind.find((k) => k.kind === 'Application under section 2')?.count).toBeGreaterThanOrEqual(1);
  });
});

// Every statutory error rule, broken one at a time on an otherwise lawful application.
const ERROR_CASES: Array<[string, (s: Scenario) => void, ((s: Scenario) => Promise<void>)?]> = [
  ['R-GEN-01', () => {}, async (s) => {
    // The applicant is another AMHP, whose approval is suspended on the register.
    const suspended = await anApprovedAmhp('Sid Suspended').suspendedFrom('2026-03-01').build(t.services);
    s.outcome.applicantId = suspended.id;
  }],
  ['R-GEN-02', (s) => {
    // The applicant is recorded on this assessment as one of its doctors (the role, not a job title).
    Object.assign(s.doctors[1]!, { name: 'Dana Doctor', role: 'consultant_psychiatrist' });
  }, async (s) => {
    const doctor = await anApprovedAmhp('Dana Doctor').build(t.services);
    s.outcome.applicantId = doctor.id;
  }],
  ['R-GEN-03', (s) => { s.legal = { conflicts: [{ between: [{ kind: 'amhp' }, { kind: 'patient' }], type: 'personal', description: 'The AMHP is the person’s cousin' }] }; }],
  ['R-GEN-04', (s) => { s.outcome.hospitalAddressedToManagers = false; }],
  ['R-GEN-05', (s) => { s.interview.interviewAt = '2026-03-10T08:15'; }],
  ['R-GEN-14DAY', (s) => { s.interview.lastSawAt = '2026-02-22T10:00'; s.interview.interviewAt = '2026-02-22T10:00'; }],
  ['R-MR-01', (s) => { s.doctors[1]!.signedAt = null; }],
  ['R-MR-02', (s) => {
    // Applied for the evening before the doctors signed.
    Object.assign(s.interview, { interviewAt: '2026-03-09T22:00', lastSawAt: '2026-03-09T22:00' });
    Object.assign(s.outcome, { applicationAt: '2026-03-09T23:00', admittedAt: '2026-03-09T23:30' });
  }],
  ['R-MR-5DAY', (s) => { Object.assign(s.doctors[0]!, { requestedAt: '2026-03-01T09:00', arrivedAt: '2026-03-01T10:00', examinedAt: '2026-03-01T11:00', signedAt: '2026-03-01T12:00' }); }],
  ['R-MR-S12', (s) => { s.doctors[0]!.s12Approved = false; }],
  ['R-MR-COI', (s) => { s.legal = { conflicts: [{ between: [{ kind: 'doctor', doctorId: 'any' }, { kind: 'patient' }], type: 'business', description: 'Doctor co-owns the person’s business' }] }; }],
  ['R-CONVEY-14', (s) => {
    for (const d of s.doctors) Object.assign(d, { requestedAt: '2026-02-20T09:00', arrivedAt: '2026-02-20T10:00', examinedAt: '2026-02-20T11:00', signedAt: '2026-02-20T12:00' });
    Object.assign(s.interview, { interviewAt: '2026-02-26T10:00', lastSawAt: '2026-02-26T10:00' });
    s.outcome.applicationAt = '2026-02-26T12:00';
  }],
  ['R-S3-NRC', (s) => { s.outcome.outcome = 's3'; s.nr = null; }],
  ['R-S3-NROBJ', (s) => { s.outcome.outcome = 's3'; s.nr = { category: 'parent', name: 'Marta Testwood', consultedAt: '2026-03-10T07:00', objected: true }; }],
  ['R-S7-AGE', (s) => {
    s.referral = (b) => b.bornOn('2011-01-01');
    s.outcome = { outcome: 'guardianship', applicationAt: '2026-03-10T08:00', guardianKind: 'local_authority', forwardedToLssaOn: '2026-03-10' };
    s.nr = { category: 'parent', name: 'Marta Testwood', consultedAt: '2026-03-10T07:00' };
  }],
  ['R-S7-FWD', (s) => {
    for (const d of s.doctors) Object.assign(d, { requestedAt: '2026-02-20T09:00', arrivedAt: '2026-02-20T10:00', examinedAt: '2026-02-20T11:00', signedAt: '2026-02-20T12:00' });
    Object.assign(s.interview, { interviewAt: '2026-02-25T10:00', lastSawAt: '2026-02-25T10:00' });
    s.outcome = { outcome: 'guardianship', applicationAt: '2026-02-25T12:00', guardianKind: 'local_authority', forwardedToLssaOn: '2026-03-10' };
    s.nr = { category: 'parent', name: 'Marta Testwood', consultedAt: '2026-02-25T09:00' };
  }],
  ['R-S7-PRIV', (s) => {
    s.outcome = { outcome: 'guardianship', applicationAt: '2026-03-10T08:00', guardianKind: 'private', guardianName: 'Jo Private', guardianWrittenWillingness: false, forwardedToLssaOn: '2026-03-10' };
    s.nr = { category: 'parent', name: 'Marta Testwood', consultedAt: '2026-03-10T07:00' };
  }],
  ['R-S4-01', (s) => { Object.assign(s, lawfulS4()); delete s.outcome.s4UrgentNecessity; }],
  ['R-S4-SEEN', (s) => { Object.assign(s, lawfulS4()); Object.assign(s.interview, { lastSawAt: '2026-03-08T03:00', interviewAt: '2026-03-08T03:00' }); }],
  ['R-CONVEY-S4', (s) => { Object.assign(s, lawfulS4()); s.outcome.admittedAt = '2026-03-10T03:01'; }],
  ['R-135-01', (s) => { s.legal = { placeOfSafety: { power: 's135_1', clockStartedAt: '2026-03-10T04:00', warrant: { informationLaidByAmhp: true, amhpAttended: false, doctorAttended: true } } }; }],
  ['R-POS-24', (s) => { s.legal = { placeOfSafety: { power: 's136', clockStartedAt: '2026-03-09T02:00', s136Consultation: { consultedAt: '2026-03-09T01:00', consultedRole: 'registered_nurse' } } }; }],
  ['R-POS-EXT', (s) => { s.legal = { placeOfSafety: { power: 's136', clockStartedAt: '2026-03-09T22:00', s136Consultation: { consultedAt: '2026-03-09T21:00', consultedRole: 'amhp' }, extensions: [{ authorisedAt: '2026-03-10T01:00', hours: 12, authorisedByExaminingDoctor: true, reason: 'staff_or_bed_availability' }] } }; }],
  ['R-POS-U18', (s) => { s.referral = (b) => b.bornOn('2009-01-01'); s.legal = { placeOfSafety: { power: 's136', clockStartedAt: '2026-03-10T02:00', policeStationUsed: true, policeStationJustification: 'No bed', s136Consultation: { consultedAt: '2026-03-10T01:00', consultedRole: 'amhp' } } }; }],
  ['R-136-CHAIN', (s) => { s.legal = { placeOfSafety: { power: 's136', clockStartedAt: '2026-03-10T02:00', detainedAt: '2026-03-10T02:00', s136Consultation: { consultedAt: '2026-03-10T01:00', consultedRole: 'amhp' }, previousS136: { endedAt: '2026-03-10T02:00', personLeftPlaceOfSafety: false } } }; }],
  ['R-CTO-AMHP', (s) => { s.legal = { cto: { madeOn: '2026-03-10', amhpAgreedInWriting: false } }; }],
  ['R-DATA-ADMIT', (s) => { s.outcome.admittedAt = '2026-03-10T07:00'; }],
  ['R-DATA-DOB', (s) => { s.referral = (b) => b.bornOn('2026-03-10'); s.outcome.applicationAt = '2026-03-09T23:30'; s.outcome.admittedAt = '2026-03-10T00:30'; }],
];

describe('every statutory error is refused with 422 statutory_check_failed and its rule id', () => {
  for (const [rule, breakIt, arrange] of ERROR_CASES) {
    it(rule, async () => {
      const s = lawfulS2();
      breakIt(s);
      await arrange?.(s);
      const { id } = await build(s);
      const result = await recordOutcome(id, s.outcome);
      expect(result.status, JSON.stringify(result.body)).toBe(422);
      expect(result.body.code).toBe('statutory_check_failed');
      expect(rules(result.body.details.failures)).toContain(rule);
      for (const f of [...result.body.details.failures, ...result.body.details.warnings]) {
        expect(Object.keys(f).sort()).toEqual(expect.arrayContaining(['message', 'rule', 'severity']));
      }
      expect(result.body.details.failures.every((f) => f.severity === 'E')).toBe(true);
      expect(await referralStatus(id)).toBe('in_assessment');
    });
  }
});

describe('R-GEN-02 reads the record, not a job title (issue 12)', () => {
  it('an applicant whose job title says "Consultant psychiatrist" but who is not one of the doctors is not refused by R-GEN-02; the doctors’ roles are kept', async () => {
    const s = lawfulS2();
    Object.assign(s.doctors[0]!, { role: 'approved_clinician' });
    Object.assign(s.doctors[1]!, { role: 'gp' });
    const titled = await anApprovedAmhp('Tia Titled').withJobTitle('Consultant psychiatrist').build(t.services);
    s.outcome.applicantId = titled.id;
    const { id } = await build(s);
    const result = await recordOutcome(id, s.outcome);
    expect(rules(result.body.details?.failures ?? [])).not.toContain('R-GEN-02');
    const record = await call('GET', api(id, ''));
    expect((record.body as unknown as { doctors: Array<{ role: string | null }> }).doctors.map((d) => d.role)).toEqual(['approved_clinician', 'gp']);
  });
});

describe('statutory refusals agree (issue 10 §4)', () => {
  it('an examination after the signature is R-MR-03 on both recommendation paths, refused as it is saved', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const doctor = await call('POST', api(id, '/doctors'), { name: 'Dr Late', examinedAt: '2026-03-10T08:00', signedAt: '2026-03-10T07:00' });
    const second = await call('PUT', api(id, '/legal-context'), {
      section4: {
        urgentNecessityStated: true,
        undesirableDelayStated: true,
        recommendationVerifiesUrgency: true,
        secondRecommendation: { name: 'Dr Late', s12Approved: true, examinedAt: '2026-03-10T08:00', signedAt: '2026-03-10T07:00', receivedByManagersAt: '2026-03-10T08:30' },
      },
      version: await version(id),
    });
    for (const refused of [doctor, second]) {
      expect(refused.status, JSON.stringify(refused.body)).toBe(422);
      expect(refused.body.code).toBe('statutory_check_failed');
      expect(refused.body.details.failures.map((f) => `${f.rule}:${f.severity}`)).toEqual(['R-MR-03:E']);
      expect(refused.body.details.failures[0]!.message).toContain('Dr Late is recorded as examining the person (Tue 10 Mar 2026, 08:00) after signing');
      expect(refused.body.details.warnings).toEqual([]);
    }
    // Nothing was saved on either path.
    const record = (await call('GET', api(id))).body;
    expect(record.doctors).toEqual([]);
    expect((record.legalContext as Body).section4).toBeNull();
    // A doctor changed to sign before examining is refused the same way.
    const ok = await call('POST', api(id, '/doctors'), { name: 'Dr Prompt', examinedAt: '2026-03-10T07:00', signedAt: '2026-03-10T07:30' });
    const added = (ok.body.doctors as Array<{ id: string; version: number }>)[0]!;
    const changed = await call('PUT', api(id, `/doctors/${added.id}`), { name: 'Dr Prompt', examinedAt: '2026-03-10T07:31', signedAt: '2026-03-10T07:30', version: added.version });
    expect(changed.status).toBe(422);
    expect(rules(changed.body.details.failures)).toEqual(['R-MR-03']);
  });

  it('a section 4 admitted after the 24 hours is refused (R-CONVEY-S4, E) and the lawful alternative "application lapsed" is recorded instead', async () => {
    const s = lawfulS4();
    const { id } = await build(s);
    const inTime = s.outcome;
    const late = await recordOutcome(id, { ...inTime, admittedAt: '2026-03-10T03:01', warningReasons: { 'R-CONVEY-S4': 'any text' } });
    expect(late.status).toBe(422);
    const convey = late.body.details.failures.find((f) => f.rule === 'R-CONVEY-S4');
    expect(convey?.severity).toBe('E');
    expect(convey?.message).toContain('Application lapsed: the person was not admitted under it');
    const lapsed = await recordOutcome(id, { outcome: 'application_lapsed', lapsedSection: 's4', applicationAt: '2026-03-09T04:00', outcomeReason: 'No bed until the next day; the authority to admit had ended.' });
    expect(lapsed.status, JSON.stringify(lapsed.body)).toBe(200);
    expect(lapsed.body.record).toMatchObject({ outcome: 'application_lapsed', applicationSection: 's4', admittedAt: null, outcomeLabel: 'Application lapsed: the person was not admitted under it' });
    expect(await referralStatus(id)).toBe('outcome_recorded');
    // The lapsed outcome needs the section, the time and what happened.
    const missing = await recordOutcome(id, { outcome: 'application_lapsed' });
    expect(missing.status).toBe(400);
    expect(missing.body.details.fieldErrors.map((e) => e.field).sort()).toEqual(['applicationAt', 'lapsedSection', 'outcomeReason']);
  });

  it('a section 4 recorded after the event is judged on its own times: no R-S4-EXP reason is asked because of the clock', async () => {
    // The same lawful section 4 a week earlier (Monday 2 March): its 72 hours ended on 5 March,
    // long before it is recorded on the test day. Only "check now" would use the clock.
    const weekEarlier = JSON.parse(JSON.stringify(lawfulS4()).replace(/2026-03-09/g, '2026-03-02')) as Scenario;
    weekEarlier.referral = (b) => b.receivedAt('2026-03-01T20:00');
    const { id } = await build(weekEarlier);
    const result = await recordOutcome(id, weekEarlier.outcome);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.record).toMatchObject({ outcome: 's4', warningReasons: {} });
    expect(result.body.checks).toMatchObject({ stage: 'application', errors: [], warnings: [] });
  });

  it('the applicant is explicit (the caller unless given) and must be a person on the system', async () => {
    const other = await anApprovedAmhp('Olu Other').build(t.services);
    const s = lawfulS2();
    const { id } = await build(s);
    const unknown = await recordOutcome(id, { ...s.outcome, applicantId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details.fieldErrors.map((e) => e.field)).toEqual(['applicantId']);
    const result = await recordOutcome(id, { ...s.outcome, applicantId: other.id });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    expect(result.body.record).toMatchObject({ applicantId: other.id, applicantName: 'Olu Other' });
    // The register's count: the applicant's assessments, and the allocated AMHP's.
    const forOther = await t.services.assessments.countForAmhp(other.id, '2026-03-10', '2026-03-10');
    expect(forOther).toEqual({ total: 1, byKind: [{ kind: 'Application under section 2', count: 1 }] });
    expect((await t.services.assessments.countForAmhp(ava.id, '2026-03-10', '2026-03-10')).total).toBeGreaterThanOrEqual(1);
  });
});

describe('warnings need a recorded reason (same 422 shape: failures empty, warnings listed)', () => {
  it('R-MR-ACQ: neither doctor knew the person → 422 until a reason is given, then recorded with it', async () => {
    const s = lawfulS2();
    s.doctors[1]!.previousAcquaintance = false;
    const { id } = await build(s);
    const refused = await recordOutcome(id, s.outcome);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('statutory_check_failed');
    expect(refused.body.details.failures).toEqual([]);
    expect(refused.body.details.warnings.map((f) => `${f.rule}:${f.severity}`)).toEqual(['R-MR-ACQ:W']);
    const reason = 'GP unavailable overnight; no doctor who knew the person could attend.';
    const accepted = await recordOutcome(id, { ...s.outcome, warningReasons: { 'R-MR-ACQ': reason } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect((accepted.body.record as Body).warningReasons).toEqual({ 'R-MR-ACQ': reason });
  });

  it('R-S2-NR and R-136-CONSULT (a s136 with no consultation recorded) each need a reason', async () => {
    const s = lawfulS2();
    s.nr = null;
    s.legal = { placeOfSafety: { power: 's136', clockStartedAt: '2026-03-10T01:00' } };
    const { id } = await build(s);
    const refused = await recordOutcome(id, s.outcome);
    expect(refused.status).toBe(422);
    expect(rules(refused.body.details.warnings).sort()).toEqual(['R-136-CONSULT', 'R-S2-NR']);
    const partly = await recordOutcome(id, { ...s.outcome, warningReasons: { 'R-S2-NR': 'Nearest relative abroad, no contact details yet.' } });
    expect(rules(partly.body.details.warnings)).toEqual(['R-136-CONSULT']);
  });
});

describe('the outcome body says what each outcome requires', () => {
  it('{ outcome, version } alone is a whole outcome where nothing more is needed, and 400 names what is missing otherwise', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const nothing = await recordOutcome(id, {});
    expect(nothing.status).toBe(400);
    expect(nothing.body.details.fieldErrors).toEqual([expect.objectContaining({ field: 'outcome', message: 'Choose the outcome' })]);
    const s2 = await recordOutcome(id, { outcome: 's2' });
    expect(s2.status).toBe(400);
    expect(s2.body.details.fieldErrors.map((e) => e.field).sort()).toEqual(['applicationAt', 'hospitalName']);
    const other = await recordOutcome(id, { outcome: 'other' });
    expect(other.body.details.fieldErrors.map((e) => e.field)).toEqual(['outcomeReason']);
    const nfa = await recordOutcome(id, { outcome: 'no_further_action' });
    expect(nfa.status, JSON.stringify(nfa.body)).toBe(200);
    expect(nfa.body.record).toMatchObject({ outcome: 'no_further_action', applicationSection: null, applicantId: null });
  });

  it('the OpenAPI document describes one body per outcome, each with its required fields', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { oneOf?: Array<{ properties: Record<string, { const?: string }>; required: string[] }> } }> } }>>;
    };
    const body = doc.paths['/api/v1/referrals/{id}/assessment/outcome']!.post!.requestBody!.content['application/json']!.schema;
    const required = Object.fromEntries((body.oneOf ?? []).map((o) => [o.properties.outcome!.const, [...o.required].sort()]));
    expect(required.no_further_action).toEqual(['outcome', 'version']);
    expect(required.s2).toEqual(['applicationAt', 'hospitalName', 'outcome', 'version']);
    expect(required.application_lapsed).toEqual(['applicationAt', 'lapsedSection', 'outcome', 'outcomeReason', 'version']);
    expect(Object.keys(required)).toHaveLength(11);
  });
});

describe('the one time rule on the assessment API', () => {
  it('a wall-clock time in summer is London time; an offset is honoured; seconds without an offset are London too', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const summer = await call('PUT', api(id, '/plan'), { plannedAt: '2026-07-01T10:00', plannedPlace: 'Ward 3', version: 1 });
    expect(summer.status, JSON.stringify(summer.body)).toBe(200);
    expect((summer.body.record as Body).plannedAt).toBe('2026-07-01T09:00:00.000Z');
    const seconds = await call('PUT', api(id, '/plan'), { plannedAt: '2026-07-01T10:00:00', version: summer.body.version });
    expect((seconds.body.record as Body).plannedAt).toBe('2026-07-01T09:00:00.000Z');
    const offset = await call('PUT', api(id, '/plan'), { plannedAt: '2026-07-01T10:00Z', version: seconds.body.version });
    expect((offset.body.record as Body).plannedAt).toBe('2026-07-01T10:00:00.000Z');
  });

  it('30 February, a partial string and the old "14/03/2026 21:30" format are refused naming the field, with an example that parses', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    for (const plannedAt of ['2026-02-30T10:00', '2026-03', '14/03/2026 21:30']) {
      const refused = await call('PUT', api(id, '/plan'), { plannedAt, version: 1 });
      expect(refused.status).toBe(400);
      expect(refused.body.details.fieldErrors.map((e) => e.field)).toEqual(['plannedAt']);
    }
    const refused = await call('PUT', api(id, '/plan'), { plannedAt: '14/03/2026 21:30', version: 1 });
    expect(refused.body.details.fieldErrors[0]!.message).toContain('2026-04-20T09:30');
    const again = await call('PUT', api(id, '/plan'), { plannedAt: '2026-04-20T09:30', version: 1 });
    expect(again.status).toBe(200);
  });

  it('a non-UUID id is 400 naming the field; times in the future are refused', async () => {
    const bad = await call('GET', '/api/v1/referrals/not-a-uuid/assessment');
    expect(bad.status).toBe(400);
    expect(bad.body.details.fieldErrors.map((e) => e.field)).toEqual(['id']);
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const badDoctor = await call('PUT', api(id, '/doctors/nope'), { name: 'Dr X', version: 1 });
    expect(badDoctor.body.details.fieldErrors.map((e) => e.field)).toEqual(['doctorId']);
    const future = await call('PUT', api(id, '/interview'), { interviewAt: '2026-03-10T11:00', version: 1 });
    expect(future.status).toBe(400);
    expect(future.body.details.fieldErrors[0]).toMatchObject({ field: 'interviewAt', message: 'The interview time cannot be in the future' });
  });
});

describe('versions and access', () => {
  it('a second save with the same version is a conflict with the current version, and nothing is lost', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const first = await call('PUT', api(id, '/plan'), { plannedPlace: 'Ward 3', version: 1 });
    expect(first.status).toBe(200);
    const second = await call('PUT', api(id, '/plan'), { plannedPlace: 'Home', version: 1 });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'version_conflict', details: { currentVersion: first.body.version } });
    expect(((await call('GET', api(id))).body.record as Body).plannedPlace).toBe('Ward 3');
  });

  it('managers can read but not edit', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const manager = await aPerson('Mo Manager').withRoles('operational_manager').build(t.services);
    const managerToken = await apiToken(t.app, manager.email, BASE.password);
    expect((await call('GET', api(id), undefined, managerToken)).status).toBe(200);
    expect((await call('PUT', api(id, '/plan'), { plannedPlace: 'x', version: 1 }, managerToken)).status).toBe(403);
  });

  it('finalising returns the read-only record; sections then refuse; addenda are added after', async () => {
    const s = lawfulS2();
    const { id } = await build(s);
    expect((await recordOutcome(id, s.outcome)).status).toBe(200);
    const finalised = await call('POST', api(id, '/finalise'), { version: await version(id) });
    expect(finalised.status).toBe(200);
    expect(finalised.body).toMatchObject({ finalised: true, canEdit: false });
    const edit = await call('PUT', api(id, '/plan'), { plannedPlace: 'x', version: await version(id) });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('assessment_finalised');
    const addendum = await call('POST', api(id, '/addenda'), { text: 'Admission time confirmed by the ward.' });
    expect(addendum.status).toBe(201);
    expect((addendum.body.addenda as Array<{ text: string }>).map((a) => a.text)).toEqual(['Admission time confirmed by the ward.']);
  });

  it('doctors and calls added through the API come back in the record, each doctor with its version', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const call1 = await call('POST', api(id, '/doctor-contacts'), { doctorName: 'Dr Imran Qureshi', s12Approved: true, calledAt: '2026-03-10T08:00', result: 'no_answer' });
    expect(call1.status).toBe(201);
    expect(call1.body.doctorContactSummary).toMatchObject({ calls: 1, unanswered: 1 });
    const added = await call('POST', api(id, '/doctors'), { name: 'Dr Alys Marchbank', s12Approved: true, requestedAt: '2026-03-10T08:05' });
    const doctor = (added.body.doctors as Array<{ id: string; version: number; name: string }>).at(-1)!;
    expect(doctor).toMatchObject({ name: 'Dr Alys Marchbank', version: 1 });
    const removed = await call('POST', api(id, `/doctors/${doctor.id}/remove`), { version: doctor.version });
    expect(removed.status).toBe(200);
    expect(removed.body.doctors).toEqual([]);
  });
});
