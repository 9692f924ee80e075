// The assessment record through the real HTTP stack and the real statutory rules: each broken
// rule is refused with 422 and its rule ID; warnings need reasons; versions conflict; the outcome
// moves the referral; deadlines show on the page; PDFs are real PDFs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ManualClock } from '../../platform/clock.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { amhpReportPdf } from './assessment-pdfs.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let t: TestApp;
let token: string;
let amhpId: string;
let now: Date;
let seq = 0;

const iso = (msBeforeNow: number) => new Date(now.getTime() - msBeforeNow).toISOString();

async function newReferral(options: { dob?: string | null; legalStatus?: string; legalStatusSince?: Date | null; sourceType?: string } = {}): Promise<string> {
  seq += 1;
  const row = await t.services.db
    .insertInto('referrals')
    .values({
      reference: `TEST-ASSESS-${seq}-${Date.now()}`,
      status: 'allocated',
      receivedAt: new Date(now.getTime() - 30 * DAY),
      receivedVia: 'phone',
      sourceType: options.sourceType ?? 'gp',
      referrerName: 'Dr Test Referrer',
      givenName: 'Alex',
      familyName: `Testperson${seq}`,
      dateOfBirth: options.dob === undefined ? '1985-06-15' : options.dob,
      nhsNumber: null,
      legalStatus: options.legalStatus ?? 'community',
      legalStatusSince: options.legalStatusSince ?? null,
      reason: 'Deteriorating mental health',
      urgency: 'urgent',
      decision: 'proceed',
      allocatedAmhpId: amhpId,
      createdBy: amhpId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function call(method: 'GET' | 'PUT' | 'POST', url: string, payload?: unknown) {
  const response = await t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  return { status: response.statusCode, body: response.headers['content-type']?.toString().includes('json') ? response.json() : response.body, raw: response };
}

async function version(id: string): Promise<number> {
  return (await call('GET', `/api/v1/referrals/${id}/assessment`)).body.version as number;
}

interface Scenario {
  dob?: string | null;
  legalStatus?: string;
  interview: { interviewAt: string; lastSawAt: string; mostAppropriateReason: string; noPreviousAcquaintanceReason?: string };
  doctors: Array<Record<string, unknown>>;
  nr: Record<string, unknown> | null;
  legal: Record<string, unknown> | null;
  outcome: Record<string, unknown>;
}

/** A lawful section 2 application made an hour ago. */
function lawfulS2(): Scenario {
  return {
    interview: { interviewAt: iso(5 * HOUR), lastSawAt: iso(5 * HOUR), mostAppropriateReason: 'Refusing all support; risk to self rising daily.' },
    doctors: [
      { name: 'Dr Alys Marchbank', s12Approved: true, previousAcquaintance: false, requestedAt: iso(9 * HOUR), arrivedAt: iso(7 * HOUR), examinedAt: iso(6 * HOUR), signedAt: iso(5.5 * HOUR), jointOrSeparate: 'separate' },
      { name: 'Dr Tomasz Fenwright', s12Approved: false, previousAcquaintance: true, requestedAt: iso(9 * HOUR), arrivedAt: iso(5 * HOUR), examinedAt: iso(4 * HOUR), signedAt: iso(3.5 * HOUR), jointOrSeparate: 'separate' },
    ],
    nr: { category: 'parent', name: 'Marta Testwood', informedAt: iso(2 * HOUR), toldOfDischargePower: true },
    legal: null,
    outcome: { outcome: 's2', applicationAt: iso(1 * HOUR), admittedAt: iso(0.5 * HOUR), hospitalName: 'Elmbridge Lodge', hospitalAddressedToManagers: true },
  };
}

async function build(s: Scenario): Promise<string> {
  const id = await newReferral({ dob: s.dob, ...(s.legalStatus ? { legalStatus: s.legalStatus } : {}) });
  let v = 1;
  const interview = await call('PUT', `/api/v1/referrals/${id}/assessment/interview`, { ...s.interview, version: v });
  expect(interview.status, JSON.stringify(interview.body)).toBe(200);
  v = interview.body.version;
  for (const d of s.doctors) {
    const added = await call('POST', `/api/v1/referrals/${id}/assessment/doctors`, d);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
  }
  if (s.nr) {
    const nr = await call('PUT', `/api/v1/referrals/${id}/assessment/nearest-relative`, { ...s.nr, version: v });
    expect(nr.status, JSON.stringify(nr.body)).toBe(200);
    v = nr.body.version;
  }
  if (s.legal) {
    const legal = await call('PUT', `/api/v1/referrals/${id}/assessment/legal-context`, { ...s.legal, version: v });
    expect(legal.status, JSON.stringify(legal.body)).toBe(200);
  }
  return id;
}

async function recordOutcome(id: string, outcome: Record<string, unknown>) {
  return call('POST', `/api/v1/referrals/${id}/assessment/outcome`, { ...outcome, version: await version(id) });
}

beforeAll(async () => {
  now = new Date();
  t = await createTestApp({ clock: new ManualClock(now) });
  token = await apiToken(t.app, 'amhp@example.org');
  amhpId = (await t.services.db.selectFrom('people').select('id').where('email', '=', 'amhp@example.org').executeTakeFirstOrThrow()).id;
});

afterAll(async () => {
  await t?.close();
});

describe('a lawful section 2 application', () => {
  it('is recorded, moves the referral to "outcome recorded" and writes the timeline', async () => {
    const id = await build(lawfulS2());
    const result = await recordOutcome(id, lawfulS2().outcome);
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    const referral = await t.services.db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(referral.status).toBe('outcome_recorded');
    const events = await t.services.db.selectFrom('referralEvents').select(['kind', 'summary']).where('referralId', '=', id).execute();
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['start_assessment', 'assessment_doctor', 'record_outcome', 'assessment_outcome']));
    const view = await call('GET', `/api/v1/referrals/${id}/assessment`);
    expect(view.body.deadlines.map((d: { key: string }) => d.key)).toEqual(expect.arrayContaining(['s2_ends']));
    // The register's approval panel pack counts it among the AMHP's assessments.
    const today = now.toISOString().slice(0, 10);
    const counted = await t.services.assessments.countForAmhp(amhpId, '2020-01-01', today);
    expect(counted.byKind.find((k) => k.kind === 'Application under section 2')?.count).toBeGreaterThanOrEqual(1);
  });
});

// Every statutory error rule, broken one at a time on an otherwise lawful application.
const ERROR_CASES: Array<[string, (s: Scenario) => void, (() => Promise<() => Promise<void>>)?]> = [
  ['R-GEN-01', () => {}, async () => {
    // Suspended on the AMHP register: no approval in force for the application.
    const approval = await t.services.db.selectFrom('registerApprovals').select(['id', 'startDate']).where('personId', '=', amhpId).orderBy('startDate', 'desc').executeTakeFirstOrThrow();
    const suspension = await t.services.db
      .insertInto('registerSuspensions')
      .values({ approvalId: approval.id, personId: amhpId, startDate: approval.startDate, endDate: null, reason: 'Test suspension' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return async () => void (await t.services.db.deleteFrom('registerSuspensions').where('id', '=', suspension.id).execute());
  }],
  ['R-GEN-02', () => {}, async () => {
    await t.services.db.updateTable('people').set({ jobTitle: 'Consultant psychiatrist' }).where('id', '=', amhpId).execute();
    return async () => void (await t.services.db.updateTable('people').set({ jobTitle: 'Senior social worker (AMHP)' }).where('id', '=', amhpId).execute());
  }],
  ['R-GEN-03', (s) => { s.legal = { conflicts: [{ between: [{ kind: 'amhp' }, { kind: 'patient' }], type: 'personal', description: 'The AMHP is the person’s cousin' }] }; }],
  ['R-GEN-04', (s) => { s.outcome.hospitalAddressedToManagers = false; }],
  ['R-GEN-05', (s) => { s.interview.interviewAt = iso(0.75 * HOUR); }],
  ['R-GEN-14DAY', (s) => { s.interview.lastSawAt = iso(16 * DAY); s.interview.interviewAt = iso(16 * DAY); }],
  ['R-MR-01', (s) => { s.doctors[1]!.signedAt = null; }],
  ['R-MR-02', (s) => { s.outcome.applicationAt = iso(2 * DAY); s.outcome.admittedAt = iso(1.9 * DAY); s.interview.interviewAt = iso(3 * DAY); s.interview.lastSawAt = iso(3 * DAY); s.nr!.informedAt = iso(2.5 * DAY); }],
  ['R-MR-03', (s) => {
    s.outcome = { ...s.outcome, outcome: 's4', s4UrgentNecessity: true, s4UndesirableDelay: true, s4RecommendationVerifies: true, s4WhyNotSection2: 'No second doctor for hours' };
    s.doctors = [s.doctors[0]!];
    s.doctors[0]!.previousAcquaintance = true;
    s.legal = { section4: { urgentNecessityStated: true, undesirableDelayStated: true, recommendationVerifiesUrgency: true, whyNotSection2: 'x', secondRecommendation: { name: 'Dr Second', s12Approved: true, approvedClinician: false, previousAcquaintance: false, examinedAt: iso(0.2 * HOUR), signedAt: iso(0.3 * HOUR), receivedByManagersAt: iso(0.1 * HOUR) } } };
  }],
  ['R-MR-5DAY', (s) => { s.doctors[0]!.examinedAt = iso(9 * DAY); s.doctors[0]!.signedAt = iso(9 * DAY - HOUR); s.doctors[0]!.requestedAt = iso(10 * DAY); s.doctors[0]!.arrivedAt = iso(9.5 * DAY); }],
  ['R-MR-S12', (s) => { s.doctors[0]!.s12Approved = false; }],
  ['R-MR-COI', (s) => { s.legal = { conflicts: [{ between: [{ kind: 'doctor', doctorId: 'any' }, { kind: 'patient' }], type: 'business', description: 'Doctor co-owns the person’s business' }] }; }],
  ['R-CONVEY-14', (s) => {
    for (const d of s.doctors) { d.requestedAt = iso(17 * DAY); d.arrivedAt = iso(16.9 * DAY); d.examinedAt = iso(16.5 * DAY); d.signedAt = iso(16.4 * DAY); }
    s.interview.interviewAt = iso(16 * DAY); s.interview.lastSawAt = iso(16 * DAY);
    s.outcome.applicationAt = iso(15.9 * DAY); s.nr!.informedAt = iso(16 * DAY);
  }],
  ['R-S3-NRC', (s) => { s.outcome.outcome = 's3'; s.nr = null; }],
  ['R-S3-NROBJ', (s) => { s.outcome.outcome = 's3'; s.nr = { category: 'parent', name: 'Marta Testwood', consultedAt: iso(2 * HOUR), objected: true }; }],
  ['R-S7-AGE', (s) => {
    s.dob = `${now.getUTCFullYear() - 15}-01-01`;
    s.outcome = { outcome: 'guardianship', applicationAt: iso(HOUR), guardianKind: 'local_authority', forwardedToLssaOn: iso(0).slice(0, 10) };
    s.nr = { category: 'parent', name: 'Marta Testwood', consultedAt: iso(2 * HOUR) };
  }],
  ['R-S7-FWD', (s) => {
    for (const d of s.doctors) { d.requestedAt = iso(20 * DAY); d.arrivedAt = iso(19.9 * DAY); d.examinedAt = iso(19.5 * DAY); d.signedAt = iso(19.4 * DAY); }
    s.interview.interviewAt = iso(13 * DAY); s.interview.lastSawAt = iso(13 * DAY);
    s.outcome = { outcome: 'guardianship', applicationAt: iso(12 * DAY), guardianKind: 'local_authority', forwardedToLssaOn: iso(0).slice(0, 10) };
    s.nr = { category: 'parent', name: 'Marta Testwood', consultedAt: iso(13 * DAY) };
  }],
  ['R-S7-PRIV', (s) => {
    s.outcome = { outcome: 'guardianship', applicationAt: iso(HOUR), guardianKind: 'private', guardianName: 'Jo Private', guardianWrittenWillingness: false, forwardedToLssaOn: iso(0).slice(0, 10) };
    s.nr = { category: 'parent', name: 'Marta Testwood', consultedAt: iso(2 * HOUR) };
  }],
  ['R-S4-01', (s) => { s.outcome = { ...s.outcome, outcome: 's4', s4WhyNotSection2: 'No second doctor' }; s.doctors = [{ ...s.doctors[0]!, previousAcquaintance: true }]; }],
  ['R-S4-SEEN', (s) => {
    s.outcome = { ...s.outcome, outcome: 's4', s4UrgentNecessity: true, s4UndesirableDelay: true, s4RecommendationVerifies: true, s4WhyNotSection2: 'No second doctor' };
    s.doctors = [{ ...s.doctors[0]!, previousAcquaintance: true }];
    s.interview.lastSawAt = iso(26 * HOUR); s.interview.interviewAt = iso(26 * HOUR);
  }],
  ['R-135-01', (s) => { s.legal = { placeOfSafety: { power: 's135_1', clockStartedAt: iso(4 * HOUR), warrant: { informationLaidByAmhp: true, amhpAttended: false, doctorAttended: true } } }; }],
  ['R-POS-24', (s) => { s.legal = { placeOfSafety: { power: 's136', clockStartedAt: iso(30 * HOUR), s136Consultation: { consultedAt: iso(31 * HOUR), consultedRole: 'registered_nurse' } } }; }],
  ['R-POS-EXT', (s) => { s.legal = { placeOfSafety: { power: 's136', clockStartedAt: iso(10 * HOUR), s136Consultation: { consultedAt: iso(11 * HOUR), consultedRole: 'amhp' }, extensions: [{ authorisedAt: iso(9 * HOUR), hours: 12, authorisedByExaminingDoctor: true, reason: 'staff_or_bed_availability' }] } }; }],
  ['R-POS-U18', (s) => { s.dob = `${now.getUTCFullYear() - 17}-01-01`; s.legal = { placeOfSafety: { power: 's136', clockStartedAt: iso(6 * HOUR), policeStationUsed: true, policeStationJustification: 'No bed', s136Consultation: { consultedAt: iso(7 * HOUR), consultedRole: 'amhp' } } }; }],
  ['R-136-CHAIN', (s) => { s.legal = { placeOfSafety: { power: 's136', clockStartedAt: iso(6 * HOUR), detainedAt: iso(6 * HOUR), s136Consultation: { consultedAt: iso(7 * HOUR), consultedRole: 'amhp' }, previousS136: { endedAt: iso(6 * HOUR), personLeftPlaceOfSafety: false } } }; }],
  ['R-CTO-AMHP', (s) => { s.legal = { cto: { madeOn: iso(0).slice(0, 10), amhpAgreedInWriting: false } }; }],
  ['R-DATA-ADMIT', (s) => { s.outcome.admittedAt = iso(2 * HOUR); }],
  ['R-DATA-DOB', (s) => { s.dob = iso(-2 * DAY).slice(0, 10); }],
];

describe('every statutory error is refused with 422 and its rule ID', () => {
  for (const [rule, breakIt, setup] of ERROR_CASES) {
    it(rule, async () => {
      const s = lawfulS2();
      breakIt(s);
      const restore = setup ? await setup() : null;
      try {
        const id = await build(s);
        const result = await recordOutcome(id, s.outcome);
        expect(result.status, JSON.stringify(result.body)).toBe(422);
        expect(result.body.code).toBe('statutory_check_failed');
        expect(result.body.failures.map((f: { rule: string }) => f.rule)).toContain(rule);
        for (const f of result.body.failures) expect(typeof f.message).toBe('string');
        const referral = await t.services.db.selectFrom('referrals').select('status').where('id', '=', id).executeTakeFirstOrThrow();
        expect(referral.status).toBe('in_assessment');
      } finally {
        await restore?.();
      }
    });
  }
});

describe('warnings need a recorded reason', () => {
  it('R-MR-ACQ: neither doctor knew the person → 422 until a reason is given, then recorded with the reason', async () => {
    const s = lawfulS2();
    s.doctors[1]!.previousAcquaintance = false;
    const id = await build(s);
    const refused = await recordOutcome(id, s.outcome);
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('statutory_warning_reason_required');
    expect(refused.body.failures.map((f: { rule: string }) => f.rule)).toEqual(['R-MR-ACQ']);
    const accepted = await recordOutcome(id, { ...s.outcome, warningReasons: { 'R-MR-ACQ': 'GP unavailable overnight; no doctor who knew the person could attend.' } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const view = await call('GET', `/api/v1/referrals/${id}/assessment`);
    expect(view.body.record.warningReasons).toEqual({ 'R-MR-ACQ': 'GP unavailable overnight; no doctor who knew the person could attend.' });
  });

  it('R-S2-NR and R-136-CONSULT (s136 referral with no consultation recorded) each need a reason', async () => {
    const s = lawfulS2();
    s.nr = null;
    s.legal = { placeOfSafety: { power: 's136', clockStartedAt: iso(8 * HOUR) } };
    const id = await build(s);
    const refused = await recordOutcome(id, s.outcome);
    expect(refused.status).toBe(422);
    expect(refused.body.failures.map((f: { rule: string }) => f.rule).sort()).toEqual(['R-136-CONSULT', 'R-S2-NR']);
    const partly = await recordOutcome(id, { ...s.outcome, warningReasons: { 'R-S2-NR': 'Nearest relative abroad, no contact details yet.' } });
    expect(partly.body.failures.map((f: { rule: string }) => f.rule)).toEqual(['R-136-CONSULT']);
  });
});

describe('bad input and conflicts', () => {
  it('refuses an examination after the signature, and times in the future, with clear field errors', async () => {
    const id = await newReferral();
    const late = await call('POST', `/api/v1/referrals/${id}/assessment/doctors`, { name: 'Dr X', examinedAt: iso(HOUR), signedAt: iso(2 * HOUR) });
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.body)).toContain('The examination cannot be after the recommendation was signed');
    const future = await call('PUT', `/api/v1/referrals/${id}/assessment/interview`, { interviewAt: iso(-2 * HOUR), version: 1 });
    expect(future.status).toBe(400);
    expect(JSON.stringify(future.body)).toContain('cannot be in the future');
  });

  it('a second save with the same version is a conflict and nothing is lost', async () => {
    const id = await newReferral();
    const first = await call('PUT', `/api/v1/referrals/${id}/assessment/plan`, { plannedPlace: 'Ward 3', version: 1 });
    expect(first.status).toBe(200);
    const second = await call('PUT', `/api/v1/referrals/${id}/assessment/plan`, { plannedPlace: 'Home', version: 1 });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('version_conflict');
    expect((await call('GET', `/api/v1/referrals/${id}/assessment`)).body.record.plannedPlace).toBe('Ward 3');
  });

  it('managers can read but not edit', async () => {
    const id = await newReferral();
    const managerToken = await apiToken(t.app, 'manager@example.org');
    const read = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${id}/assessment`, headers: { authorization: `Bearer ${managerToken}` } });
    expect(read.statusCode).toBe(200);
    const write = await t.app.inject({ method: 'PUT', url: `/api/v1/referrals/${id}/assessment/plan`, headers: { authorization: `Bearer ${managerToken}` }, payload: { plannedPlace: 'x', version: 1 } });
    expect(write.statusCode).toBe(403);
  });
});

describe('pages, report and letter', () => {
  it('shows the deadlines, check results and sections; the outcome page lists rule IDs on refusal', async () => {
    const id = await newReferral({ legalStatus: 's136', legalStatusSince: new Date(now.getTime() - 3 * HOUR) });
    const browser = await signedInBrowser(t.app, 'amhp@example.org');
    const page = await browser.get(`/referrals/${id}/assessment`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Deadlines');
    expect(text).toMatch(/place of safety/i);
    expect(text).toContain('R-GEN-05');
    await browser.get(`/referrals/${id}/assessment/interview`);
    const saved = await browser.post(`/referrals/${id}/assessment/interview`, { interviewAt: '', lastSawAt: '', mostAppropriateReason: 'x', noPreviousAcquaintanceReason: '', notes: '', version: '1' });
    expect(saved.statusCode).toBe(303);
    await browser.get(`/referrals/${id}/assessment/outcome`);
    const refused = await browser.post(`/referrals/${id}/assessment/outcome`, { outcome: 's2', applicationAt: new Date(now.getTime() - HOUR).toISOString(), hospitalName: '', version: '2' });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('There is a problem');
    expect(textOf(refused.body)).toContain('R-MR-01');
  });

  it('the AMHP report PDF and the s13(4) letter', async () => {
    const s = lawfulS2();
    const id = await build(s);
    expect((await recordOutcome(id, s.outcome)).status).toBe(200);
    const pdf = await call('GET', `/api/v1/referrals/${id}/assessment/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.raw.headers['content-type']).toBe('application/pdf');
    expect(pdf.raw.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const view = await t.services.assessments.getRecord({ actor: { personId: amhpId, name: 'T', email: 'amhp@example.org', roles: ['amhp'], organisationId: '', teamId: null }, requestId: 'test' }, id);
    const plain = (await amhpReportPdf(view, { compress: false })).toString('latin1');
    expect(plain).toContain('%PDF');
    expect(plain).toMatch(/Dr Alys Marchbank|416c7973/);

    // s13(4): the nearest relative asked; no application → letter available.
    const r2 = await newReferral({ sourceType: 'nearest_relative' });
    const nr = await call('PUT', `/api/v1/referrals/${r2}/assessment/nearest-relative`, { name: 'Erik Testqvist', category: 'spouse_or_civil_partner', s13Request: true, s13Reasons: 'Home treatment is the less restrictive option.', version: 1 });
    expect(nr.status).toBe(200);
    expect((await call('GET', `/api/v1/referrals/${r2}/assessment/s13-letter.pdf`)).status).toBe(409);
    expect((await recordOutcome(r2, { outcome: 'crht_home_treatment' })).status).toBe(200);
    const letter = await call('GET', `/api/v1/referrals/${r2}/assessment/s13-letter.pdf`);
    expect(letter.status).toBe(200);
    expect(letter.raw.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
  });

  it('finalising makes the record read-only; addenda are added after', async () => {
    const s = lawfulS2();
    const id = await build(s);
    expect((await recordOutcome(id, s.outcome)).status).toBe(200);
    expect((await call('POST', `/api/v1/referrals/${id}/assessment/finalise`, { version: await version(id) })).status).toBe(204);
    const edit = await call('PUT', `/api/v1/referrals/${id}/assessment/plan`, { plannedPlace: 'x', version: await version(id) });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('assessment_finalised');
    expect((await call('POST', `/api/v1/referrals/${id}/assessment/addenda`, { text: 'Admission time confirmed by the ward.' })).status).toBe(204);
    void sql;
  });
});
