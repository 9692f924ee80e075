// The assessment pages as a person uses them (GOV.UK date inputs and a 24-hour time box, forms
// shown again with what was typed, rule ids in the error summary), and the AMHP report and the
// s13(4) letter read back as text. On the base template, Tuesday 10 March 2026, 09:00 London.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../../test/support/base-data.js';
import { anAllocatedReferral, anApprovedAmhp } from '../../../../test/support/builders/assessment-builders.js';
import type { TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { signedInBrowser, textOf, type TestBrowser } from '../../../../test/support/http-client.js';
import { pdfText } from '../../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

let t: TestApp;
let ava: TestPerson;
let browser: TestBrowser;

/** A GOV.UK date input plus time box, as the browser posts it. */
function when(name: string, day: string, month: string, year: string, time: string): Record<string, string> {
  return { [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year, [`${name}-time`]: time };
}

async function versionOf(id: string): Promise<string> {
  return String((await t.services.assessments.getRecord(ava.ctx, id, { audit: false })).version);
}

/** Plan, interview, two doctors, nearest relative informed: ready for a section 2, through the pages. */
async function recordLawfulS2(id: string): Promise<void> {
  await browser.get(`/referrals/${id}/assessment/interview`);
  const interview = await browser.post(`/referrals/${id}/assessment/interview`, {
    ...when('interviewAt', '10', '3', '2026', '04:00'),
    ...when('lastSawAt', '10', '3', '2026', '04:00'),
    mostAppropriateReason: 'Refusing all support; risk to self rising daily.',
    version: await versionOf(id),
  });
  expect(interview.statusCode, textOf(interview.body)).toBe(303);
  const doctors = [
    { name: 'Dr Alys Marchbank', s12Approved: 'yes', examined: '03:00', signed: '03:30' },
    { name: 'Dr Tomasz Fenwright', previousAcquaintance: 'yes', examined: '05:00', signed: '05:30' },
  ];
  for (const d of doctors) {
    await browser.get(`/referrals/${id}/assessment/doctors/new`);
    const { examined, signed, ...fields } = d;
    const added = await browser.post(`/referrals/${id}/assessment/doctors`, { ...fields, ...when('examinedAt', '10', '3', '2026', examined), ...when('signedAt', '10', '3', '2026', signed), jointOrSeparate: 'separate' });
    expect(added.statusCode, textOf(added.body)).toBe(303);
  }
  await browser.get(`/referrals/${id}/assessment/nearest-relative`);
  const nr = await browser.post(`/referrals/${id}/assessment/nearest-relative`, {
    category: 'parent',
    name: 'Marta Testwood',
    ...when('informedAt', '10', '3', '2026', '07:00'),
    toldOfDischargePower: 'yes',
    version: await versionOf(id),
  });
  expect(nr.statusCode, textOf(nr.body)).toBe(303);
}

beforeAll(async () => {
  t = await createTestApp({ template: 'base' });
  ava = await anApprovedAmhp('Ava Amhp').build(t.services);
  browser = await signedInBrowser(t.app, ava.email, BASE.password);
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('the assessment pages', () => {
  it('the record shows the clocks of a s136 referral and what is still to record, with rule ids', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).underSection136('2026-03-10T06:00').build(t.services);
    const page = await browser.get(`/referrals/${id}/assessment`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Deadlines');
    expect(text).toMatch(/place of safety/i);
    expect(text).toContain('Mental Health Act checks (check now)');
    expect(text).toContain('R-GEN-05');
  });

  it('a form takes a GOV.UK date and a 24-hour time as London time, and shows what was typed again when it is refused', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    await browser.get(`/referrals/${id}/assessment/plan`);
    const refused = await browser.post(`/referrals/${id}/assessment/plan`, { ...when('plannedAt', '30', '2', '2026', '21:30'), plannedPlace: 'Ward 3', version: '1' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('There is a problem');
    expect(textOf(refused.body)).toContain('February 2026 has 28 days: 30 is not a real day');
    expect(refused.body).toContain('href="#plannedAt-day"');
    expect(refused.body).toMatch(/name="plannedAt-day"[^>]*value="30"/);
    expect(refused.body).toMatch(/name="plannedPlace"[^>]*value="Ward 3"/);
    const saved = await browser.post(`/referrals/${id}/assessment/plan`, { ...when('plannedAt', '1', '7', '2026', '9.30'), plannedPlace: 'Ward 3', version: '1' });
    expect(saved.statusCode).toBe(303);
    const record = await t.services.assessments.getRecord(ava.ctx, id, { audit: false });
    expect(record.assessment?.plannedAt?.toISOString()).toBe('2026-07-01T08:30:00.000Z');
    const form = await browser.get(`/referrals/${id}/assessment/plan`);
    expect(form.body).toMatch(/name="plannedAt-time"[^>]*value="09:30"/);
  });

  it('a doctor examined after signing is refused on the page with R-MR-03, and the form keeps what was typed', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    await browser.get(`/referrals/${id}/assessment/doctors/new`);
    const refused = await browser.post(`/referrals/${id}/assessment/doctors`, { name: 'Dr Late', ...when('examinedAt', '10', '3', '2026', '08:00'), ...when('signedAt', '10', '3', '2026', '07:00') });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('R-MR-03: Dr Late is recorded as examining the person');
    expect(refused.body).toContain('href="#examinedAt-day"');
    expect(refused.body).toMatch(/name="name"[^>]*value="Dr Late"/);
  });

  it('the outcome page lists rule ids when the checks refuse, and records a lawful section 2', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    await browser.get(`/referrals/${id}/assessment/outcome`);
    const outcome = { outcome: 's2', ...when('applicationAt', '10', '3', '2026', '08:00'), hospitalName: 'Elmbridge Lodge', hospitalAddressedToManagers: 'yes', ...when('admittedAt', '10', '3', '2026', '08:30') };
    const refused = await browser.post(`/referrals/${id}/assessment/outcome`, { ...outcome, version: await versionOf(id) });
    expect(refused.statusCode).toBe(422);
    expect(textOf(refused.body)).toContain('There is a problem');
    expect(textOf(refused.body)).toContain('R-MR-01');
    expect(refused.body).toMatch(/name="hospitalName"[^>]*value="Elmbridge Lodge"/);

    await recordLawfulS2(id);
    await browser.get(`/referrals/${id}/assessment/outcome`);
    const recorded = await browser.post(`/referrals/${id}/assessment/outcome`, { ...outcome, version: await versionOf(id) });
    expect(recorded.statusCode, textOf(recorded.body)).toBe(303);
    const page = textOf((await browser.get(`/referrals/${id}/assessment`)).body);
    expect(page).toContain('Outcome recorded');
    expect(page).toContain('Mental Health Act checks on the application as recorded');
    expect(page).toContain('Every rule that applies is met');
    expect(page).toContain('Section 2 (assessment): made 10 March 2026, 08:00 by Ava Amhp');
  });

  it('the lawful alternative can be recorded from the page: application lapsed, person not admitted under it', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    await browser.get(`/referrals/${id}/assessment/outcome`);
    const recorded = await browser.post(`/referrals/${id}/assessment/outcome`, {
      outcome: 'application_lapsed',
      lapsedSection: 's4',
      ...when('applicationAt', '9', '3', '2026', '04:00'),
      outcomeReason: 'No bed within 24 hours; the person was not admitted under the application.',
      version: await versionOf(id),
    });
    expect(recorded.statusCode, textOf(recorded.body)).toBe(303);
    const page = textOf((await browser.get(`/referrals/${id}/assessment`)).body);
    expect(page).toContain('Application lapsed: the person was not admitted under it');
    expect(page).toContain('lapsed, the person was not admitted under it');
  });
});

describe('the AMHP report and the section 13(4) letter, read back', () => {
  it('the report names the person, the outcome, the section and the doctors', async () => {
    const { id, name } = await anAllocatedReferral().named('Jordan', 'Reportwell').allocatedTo(ava).build(t.services);
    await recordLawfulS2(id);
    await browser.get(`/referrals/${id}/assessment/outcome`);
    const recorded = await browser.post(`/referrals/${id}/assessment/outcome`, {
      outcome: 's2',
      ...when('applicationAt', '10', '3', '2026', '08:00'),
      hospitalName: 'Elmbridge Lodge',
      hospitalAddressedToManagers: 'yes',
      ...when('admittedAt', '10', '3', '2026', '08:30'),
      version: await versionOf(id),
    });
    expect(recorded.statusCode, textOf(recorded.body)).toBe(303);
    const response = await browser.get(`/referrals/${id}/assessment/report.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const text = await pdfText(response.rawPayload);
    expect(text).toContain(name);
    expect(text).toContain('Application under section 2');
    expect(text).toContain('Section 2 (assessment)');
    expect(text).toContain('Dr Alys Marchbank');
    expect(text).toContain('Dr Tomasz Fenwright');
    expect(text).toContain('Elmbridge Lodge');
    expect(text).toContain('10 March 2026, 08:00 by Ava Amhp');
    expect(text).toContain('DRAFT: not finalised');
  });

  it('a doctor is recorded with a role (GP, consultant psychiatrist, approved clinician, other), shown on the record and its PDF', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    const form = await browser.get(`/referrals/${id}/assessment/doctors/new`);
    expect(textOf(form.body)).toContain('Role GP Consultant psychiatrist Approved clinician Other doctor');
    const bad = await browser.post(`/referrals/${id}/assessment/doctors`, { name: 'Dr Rhian Role', role: 'surgeon' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain("Choose the doctor's role: GP, consultant psychiatrist, approved clinician or other");
    const added = await browser.post(`/referrals/${id}/assessment/doctors`, { name: 'Dr Rhian Role', role: 'gp', ...when('examinedAt', '10', '3', '2026', '08:00') });
    expect(added.statusCode, textOf(added.body)).toBe(303);
    expect(textOf((await browser.get(`/referrals/${id}/assessment`)).body)).toContain('Role GP Approval Not section 12 approved');
    expect(await pdfText((await browser.get(`/referrals/${id}/assessment/report.pdf`)).rawPayload)).toContain('Doctor: Dr Rhian Role GP, no previous acquaintance');
  });

  it('the nearest relative reads "Mother", not "Father or mother (Mother)", on the record and its PDF', async () => {
    const { id } = await anAllocatedReferral().allocatedTo(ava).build(t.services);
    await browser.get(`/referrals/${id}/assessment/nearest-relative`);
    const nr = await browser.post(`/referrals/${id}/assessment/nearest-relative`, { category: 'parent', name: 'Marta Testwood', relationship: 'Mother', version: await versionOf(id) });
    expect(nr.statusCode, textOf(nr.body)).toBe(303);
    const page = textOf((await browser.get(`/referrals/${id}/assessment`)).body);
    expect(page).toContain('Marta Testwood — Mother');
    expect(page).not.toContain('Father or mother');
    const pdf = await pdfText((await browser.get(`/referrals/${id}/assessment/report.pdf`)).rawPayload);
    expect(pdf).toContain('Marta Testwood (Mother)');
    expect(pdf).not.toContain('Father or mother');
  });

  it('the s13(4) letter names the person and the nearest relative, gives the outcome and the reasons', async () => {
    const { id, name } = await anAllocatedReferral().named('Sofia', 'Lettersen').fromTheNearestRelative().allocatedTo(ava).build(t.services);
    await browser.get(`/referrals/${id}/assessment/nearest-relative`);
    const nr = await browser.post(`/referrals/${id}/assessment/nearest-relative`, {
      category: 'spouse_or_civil_partner',
      name: 'Erik Lettersen',
      s13Request: 'yes',
      s13Reasons: 'Home treatment by the crisis team is the less restrictive option.',
      version: await versionOf(id),
    });
    expect(nr.statusCode, textOf(nr.body)).toBe(303);
    expect((await browser.get(`/referrals/${id}/assessment/s13-letter.pdf`)).statusCode).toBe(409);
    await browser.get(`/referrals/${id}/assessment/outcome`);
    const recorded = await browser.post(`/referrals/${id}/assessment/outcome`, { outcome: 'crht_home_treatment', version: await versionOf(id) });
    expect(recorded.statusCode, textOf(recorded.body)).toBe(303);
    const letter = await browser.get(`/referrals/${id}/assessment/s13-letter.pdf`);
    expect(letter.statusCode).toBe(200);
    const text = await pdfText(letter.rawPayload);
    expect(text).toContain(`assessment of ${name}`);
    expect(text).toContain('Dear Erik Lettersen');
    expect(text).toContain('The outcome was: Home treatment by the crisis team (CRHT)');
    expect(text).toContain('Home treatment by the crisis team is the less restrictive option.');
    expect(text).toContain('Ava Amhp');
  });
});
