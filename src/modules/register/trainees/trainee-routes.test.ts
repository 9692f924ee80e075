import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, organisationId, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { aNomination, apiAs, browserAs } from '../../../../test/support/builders/register-builders.js';
import { textOf } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

const nomination = (lssaId: string) => ({
  name: 'Robin Candidate',
  role: 'Senior practitioner',
  team: 'CMHT north',
  lssaId,
  employer: 'Northshire County Council',
  employerType: 'lssa',
  profession: 'social_worker',
  contactNumber: '01632 960 001',
  email: 'robin@test.example.org',
  cohort: 'april-2027',
  priority: 'no',
  managerName: 'Sam Manager',
  managerContactNumber: '01632 960 002',
  managerEmail: 'sam@test.example.org',
  allocation: 'Funding confirmed for the April 2027 intake',
});

describe('trainee pipeline and funding pages', () => {
  let t: TestApp;
  let manager: TestPerson;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    manager = await aPerson('Omar Manager').withRoles('operational_manager').build(t.services);
  });
  afterAll(async () => t.close());

  it('records a nomination on the form, keeping what was typed when something is wrong', async () => {
    const browser = await browserAs(t.app, manager);
    const form = textOf((await browser.get('/register/trainees/new')).body);
    expect(form).toContain('April 2027 (nominations close 30 June 2026)');
    const northshire = await organisationId(t.services, 'northshire');
    const bad = await browser.post('/register/trainees', { ...nomination(northshire), email: 'robin', priority: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Enter an email address in the correct format');
    expect(textOf(bad.body)).toContain('Say why this nomination is a priority');
    expect(bad.body).toContain('value="Robin Candidate"');
    const late = await browser.post('/register/trainees', { ...nomination(northshire), cohort: 'september-2026' });
    expect(late.statusCode).toBe(422);
    expect(textOf(late.body)).toContain('Nominations for the September 2026 intake closed on 31 January 2026');
    const saved = await browser.post('/register/trainees', nomination(northshire));
    expect(saved.statusCode).toBe(303);
    const page = textOf((await browser.get(saved.headers.location as string)).body);
    expect(page).toContain('Nomination recorded');
    expect(page).toContain('Robin Candidate');
  });

  it('moves a trainee along from their page; a step out of turn is shown on the page', async () => {
    const browser = await browserAs(t.app, manager);
    const trainee = await aNomination(t.services, { name: 'Sky Candidate' });
    const early = await browser.post(`/register/trainees/${trainee.id}/approve`, { 'on-day': '10', 'on-month': '3', 'on-year': '2026' });
    expect(early.statusCode).toBe(422);
    expect(textOf(early.body)).toContain('Still needed: Learning agreement signed by the candidate and the nominating organisation');
    expect((await browser.post(`/register/trainees/${trainee.id}/checklist`, { items: ['nominationForm', 'learningAgreementSigned', 'managerSupport', 'shadowingAvailability'] })).statusCode).toBe(303);
    expect((await browser.post(`/register/trainees/${trainee.id}/approve`, { 'on-day': '10', 'on-month': '3', 'on-year': '2026' })).statusCode).toBe(303);
    const outOfTurn = await browser.post(`/register/trainees/${trainee.id}/first-approval`, { 'on-day': '1', 'on-month': '1', 'on-year': '2028' });
    expect(outOfTurn.statusCode).toBe(409);
    expect(textOf(outOfTurn.body)).toContain('Cannot record the first approval: the candidate is at the stage "Nomination approved: shadowing"');
    expect(textOf((await browser.get('/register/trainees')).body)).toContain('Sky Candidate');
  });

  it('works out funding on the page', async () => {
    const browser = await browserAs(t.app, manager);
    await browser.get('/register/funding');
    const repayment = await browser.post('/register/funding/repayment', { fundingPence: '3000', 'qualifiedOn-day': '10', 'qualifiedOn-month': '1', 'qualifiedOn-year': '2024', 'lastDayOfEmployment-day': '20', 'lastDayOfEmployment-month': '4', 'lastDayOfEmployment-year': '2025', reason: 'left_employment' });
    expect(textOf(repayment.body)).toContain('Repayment: £1,125.00');
    const split = await browser.post('/register/funding/split', { course: '1,000.01', candidates: '6' });
    expect(textOf(split.body)).toContain('£500.01');
    const bad = await browser.post('/register/funding/repayment', { fundingPence: '3000', 'lastDayOfEmployment-day': '31', 'lastDayOfEmployment-month': '11', 'lastDayOfEmployment-year': '2025', reason: 'left_employment' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('The last day of employment must be a real date: November 2025 has 30 days: 31 is not a real day');
    expect(bad.body).toContain('value="3000"');
  });
});

describe('trainee pipeline and funding API', () => {
  let t: TestApp;
  let call: Awaited<ReturnType<typeof apiAs>>;
  let northshire: string;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    call = await apiAs(t.app, await aPerson('Lena Lead').withRoles('lead_amhp').build(t.services));
    northshire = await organisationId(t.services, 'northshire');
  });
  afterAll(async () => t.close());

  it('takes a nomination to first approval, returning the trainee with its version at each step', async () => {
    const body = { ...nomination(northshire), cohort: { intake: 'april', year: 2027 }, priority: true, priorityReason: 'No AMHP cover on Fridays' };
    const created = await call('POST', '/api/v1/register/trainees', body);
    expect(created).toMatchObject({ status: 201, body: { stage: 'nominated', cohortLabel: 'April 2027', nomination: { priority: true }, version: 1 } });
    expect(await call('POST', '/api/v1/register/trainees', { ...body, cohort: { intake: 'september', year: 2026 } })).toMatchObject({ status: 422, body: { code: 'after_deadline' } });
    const id = created.body.id as string;
    expect(await call('POST', `/api/v1/register/trainees/${id}/approve`, { on: '2026-03-10' })).toMatchObject({ status: 422, body: { code: 'checklist_incomplete' } });
    expect(await call('POST', `/api/v1/register/trainees/${id}/checklist`, { items: ['nominationForm', 'learningAgreementSigned', 'managerSupport', 'shadowingAvailability'] })).toMatchObject({ status: 200, body: { version: 2 } });
    expect(await call('POST', `/api/v1/register/trainees/${id}/approve`, { on: '2026-03-10' })).toMatchObject({ status: 200, body: { stage: 'nomination_approved' } });
    for (const date of ['2026-04-01', '2026-04-08', '2026-04-15', '2026-04-22', '2026-04-29']) await call('POST', `/api/v1/register/trainees/${id}/shadowing-days`, { date });
    expect(await call('POST', `/api/v1/register/trainees/${id}/first-approval`, { on: '2028-01-01' })).toMatchObject({ status: 409, body: { code: 'wrong_stage' } });
    expect(await call('POST', `/api/v1/register/trainees/${id}/course-start`, { on: '2027-04-01' })).toMatchObject({ status: 200, body: { stage: 'on_course' } });
    expect(await call('POST', `/api/v1/register/trainees/${id}/outcome`, { result: 'passed', on: '2027-12-01' })).toMatchObject({ status: 200, body: { stage: 'passed' } });
    expect(await call('POST', `/api/v1/register/trainees/${id}/first-approval`, { on: '2028-01-10' })).toMatchObject({ status: 200, body: { stage: 'approved', firstApprovalStart: '2028-01-10', version: 11 } });
    expect(await call('GET', `/api/v1/register/trainees/${id}`)).toMatchObject({ status: 200, body: { stage: 'approved', shadowingDays: expect.arrayContaining([{ date: '2026-04-01', note: '' }]) } });
    expect(((await call('GET', '/api/v1/register/trainees')).raw.json() as unknown[]).length).toBe(1);
    expect(await call('GET', '/api/v1/register/trainees/per-year?year=2027')).toMatchObject({ status: 200, body: { year: 2027, total: 1, nominated: 1 } });
    expect((await call('GET', '/api/v1/register/trainees/per-year?year=99999999999')).status).toBe(400);
    expect(await call('POST', '/api/v1/register/trainees/not-an-id/approve', { on: '2026-03-10' })).toMatchObject({ status: 400, body: { details: { fieldErrors: [{ field: 'id' }] } } });
  });

  it('calculates funding in whole pence', async () => {
    expect(await call('POST', '/api/v1/register/funding/repayment', { fundingPence: 300_000, qualifiedOn: '2024-01-10', lastDayOfEmployment: '2025-04-20', reason: 'left_employment' })).toMatchObject({
      status: 200,
      body: { rule: 'second_year', completedMonths: 15, amountPence: 112_500 },
    });
    expect(await call('POST', '/api/v1/register/funding/split', { coursePence: 100_000, candidates: 3 })).toMatchObject({ status: 200, body: { adminTotal: 12_000, course: [{ pence: 50_000 }, { pence: 50_000 }] } });
    expect((await call('POST', '/api/v1/register/funding/split', { coursePence: 2 ** 40, candidates: 3 })).status).toBe(400);
  });
});
