import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, organisationId, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { anApprovedAmhp, apiAs, browserAs } from '../../../../test/support/builders/register-builders.js';
import { textOf, type TestBrowser } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

const day = (name: string, d: string, m: string, y: string) => ({ [`${name}-day`]: d, [`${name}-month`]: m, [`${name}-year`]: y });

describe('register pages: adding, approving, suspending (no JavaScript needed)', () => {
  let t: TestApp;
  let lead: TestPerson;
  let browser: TestBrowser;
  let ava: TestPerson;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lena Lead').withRoles('lead_amhp').build(t.services);
    ava = await aPerson('Ava Amhp').build(t.services);
    browser = await browserAs(t.app, lead);
  });
  afterAll(async () => t.close());

  it('adds a person to the register, showing the form again with what was typed when something is missing', async () => {
    expect((await browser.get('/register')).statusCode).toBe(200);
    const form = await browser.get('/register/people/new');
    expect(textOf(form.body)).toContain('Ava Amhp (Northshire County Council)');
    const refused = await browser.post('/register/people', { profession: 'social_worker', registrationNumber: 'SW771204', arrangement: 'rota' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('There is a problem Choose the person');
    expect(refused.body).toContain('value="SW771204"');
    const added = await browser.post('/register/people', { personId: ava.id, profession: 'social_worker', registrationNumber: 'SW771204', arrangement: 'rota' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/register/people/${ava.id}`);
    expect(textOf((await browser.get(`/register/people/${ava.id}`)).body)).toContain('Added to the register');
  });

  it('approves with GOV.UK date inputs: 30 February and an end before the start are refused with the boxes kept', async () => {
    const northshire = await organisationId(t.services, 'northshire');
    const form = await browser.get(`/register/people/${ava.id}/approval`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('name="startDate-day" type="text" value="10"');
    const impossible = await browser.post(`/register/people/${ava.id}/approval`, { approvingLssaId: northshire, ...day('startDate', '30', '2', '2026') });
    expect(impossible.statusCode).toBe(400);
    expect(textOf(impossible.body)).toContain('The approval start date must be a real date: February 2026 has 28 days: 30 is not a real day');
    expect(impossible.body).toContain('href="#startDate-day"');
    expect(impossible.body).toContain('value="30"');
    const backwards = await browser.post(`/register/people/${ava.id}/approval`, { approvingLssaId: northshire, ...day('startDate', '1', '4', '2025'), ...day('endDate', '1', '3', '2025') });
    expect(backwards.statusCode).toBe(400);
    expect(textOf(backwards.body)).toContain('The approval end date must be after the start date');
    const approved = await browser.post(`/register/people/${ava.id}/approval`, { approvingLssaId: northshire, ...day('startDate', '1', '4', '2025'), ...day('endDate', '', '', '') });
    expect(approved.statusCode).toBe(303);
    const page = textOf((await browser.get(`/register/people/${ava.id}`)).body);
    expect(page).toContain('Approved until 31 March 2030');
  });

  it('authorises, suspends, lifts and ends from the AMHP’s page', async () => {
    const westford = await organisationId(t.services, 'westford');
    const view = await t.services.register.people.view((await aPerson().withRoles('admin').build(t.services)).ctx, ava.id, { audit: false });
    const approvalId = view.onRegister ? view.approvals[0]!.id : '';
    expect((await browser.post(`/register/people/${ava.id}/authorisation`, { approvalId, lssaId: westford, ...day('startDate', '1', '5', '2025') })).statusCode).toBe(303);
    expect((await browser.get(`/register/people/${ava.id}/suspension`)).statusCode).toBe(200);
    expect((await browser.post(`/register/people/${ava.id}/suspension`, { approvalId, ...day('startDate', '1', '3', '2026'), reason: 'Registration under review' })).statusCode).toBe(303);
    const suspended = textOf((await browser.get('/register?status=suspended')).body);
    expect(suspended).toContain('Ava Amhp');
    expect(suspended).toContain('Registration under review');
    const person = (await browser.get(`/register/people/${ava.id}`)).body;
    const suspensionId = /suspensions\/([0-9a-f-]{36})\/lift/.exec(person)?.[1] ?? '';
    const early = await browser.post(`/register/people/${ava.id}/suspensions/${suspensionId}/lift`, day('endDate', '1', '1', '2026'));
    expect(early.statusCode).toBe(303);
    expect(textOf((await browser.get(`/register/people/${ava.id}`)).body)).toContain('The suspension was not lifted The suspension cannot end before it started on 1 March 2026');
    expect((await browser.post(`/register/people/${ava.id}/suspensions/${suspensionId}/lift`, day('endDate', '5', '3', '2026'))).statusCode).toBe(303);
    expect((await browser.get(`/register/people/${ava.id}/approvals/${approvalId}/end`)).statusCode).toBe(200);
    const noReason = await browser.post(`/register/people/${ava.id}/approvals/${approvalId}/end`, day('endedOn', '9', '3', '2026'));
    expect(noReason.statusCode).toBe(400);
    expect(textOf(noReason.body)).toContain('Choose why the approval is ending');
    expect((await browser.post(`/register/people/${ava.id}/approvals/${approvalId}/end`, { ...day('endedOn', '9', '3', '2026'), reason: 'amhp_request' })).statusCode).toBe(303);
    expect(textOf((await browser.get(`/register/people/${ava.id}`)).body)).toContain('Approval ended on 9 March 2026');
  });

  it('changes register details from the version shown, and downloads the register', async () => {
    const details = await browser.get(`/register/people/${ava.id}/details`);
    expect(details.body).toContain('name="version" value="1"');
    expect((await browser.post(`/register/people/${ava.id}/details`, { profession: 'social_worker', registrationNumber: 'SW000001', arrangement: 'edt', version: '1' })).statusCode).toBe(303);
    const stale = await browser.post(`/register/people/${ava.id}/details`, { profession: 'social_worker', registrationNumber: 'SW000002', arrangement: 'edt', version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Someone else changed this register entry');
    expect(stale.body).toContain('value="SW000002"');
    const csv = await browser.get('/register/export/register.csv');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.body).toContain('Ava Amhp');
    expect((await browser.get('/register/export/register.xlsx')).rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses the pages to an AMHP who is not a register editor', async () => {
    const amhpBrowser = await browserAs(t.app, ava);
    expect((await amhpBrowser.get('/register')).statusCode).toBe(403);
    expect((await amhpBrowser.get(`/register/people/${ava.id}/approval`)).statusCode).toBe(403);
    expect((await amhpBrowser.get(`/register/people/${ava.id}`)).statusCode).toBe(200);
  });
});

describe('register API: entries, approvals, authorisations, suspensions and eligibility', () => {
  let t: TestApp;
  let call: Awaited<ReturnType<typeof apiAs>>;
  let northshire: string;
  let westford: string;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    call = await apiAs(t.app, await aPerson('Lena Lead').withRoles('lead_amhp').build(t.services));
    northshire = await organisationId(t.services, 'northshire');
    westford = await organisationId(t.services, 'westford');
  });
  afterAll(async () => t.close());

  it('adds an entry and changes it from the version read, answering a stale version with 409 and the current version', async () => {
    const bea = await aPerson('Bea Amhp').build(t.services);
    const added = await call('POST', '/api/v1/register/people', { personId: bea.id, profession: 'social_worker', registrationNumber: 'SW1', arrangement: 'rota' });
    expect(added).toMatchObject({ status: 201, body: { personId: bea.id, name: 'Bea Amhp', arrangement: 'rota', version: 1 } });
    const changed = await call('PUT', `/api/v1/register/people/${bea.id}`, { profession: 'social_worker', registrationNumber: 'SW2', arrangement: 'edt', version: 1 });
    expect(changed).toMatchObject({ status: 200, body: { registrationNumber: 'SW2', arrangement: 'edt', version: 2 } });
    const stale = await call('PUT', `/api/v1/register/people/${bea.id}`, { profession: 'social_worker', registrationNumber: 'SW3', arrangement: 'edt', version: 1 });
    expect(stale).toMatchObject({ status: 409, body: { code: 'version_conflict', details: { currentVersion: 2 } } });
  });

  it('approves (201 with the approval and its version), refuses overlaps by rule (422), ends early', async () => {
    const cai = await aPerson('Cai Amhp').build(t.services);
    await call('POST', '/api/v1/register/people', { personId: cai.id, profession: 'social_worker', registrationNumber: 'SW4', arrangement: 'rota' });
    const approved = await call('POST', `/api/v1/register/people/${cai.id}/approvals`, { approvingLssaId: northshire, startDate: '2025-04-01' });
    expect(approved).toMatchObject({ status: 201, body: { personId: cai.id, startDate: '2025-04-01', endDate: '2030-03-31', earlyEnd: null, version: 1 } });
    const overlap = await call('POST', `/api/v1/register/people/${cai.id}/approvals`, { approvingLssaId: northshire, startDate: '2028-01-01' });
    expect(overlap.status).toBe(422);
    expect(overlap.body.details?.failures).toEqual([{ rule: 'overlapping_approval', severity: 'E', message: expect.stringContaining('must start on or after 1 April 2030'), field: 'startDate' }]);
    const authorised = await call('POST', `/api/v1/register/people/${cai.id}/authorisations`, { approvalId: approved.body.id, lssaId: westford, startDate: '2025-05-01' });
    expect(authorised).toMatchObject({ status: 201, body: { lssaId: westford, endDate: '2030-03-31' } });
    expect((await call('GET', `/api/v1/register/people/${cai.id}/eligibility?lssaId=${westford}&date=2026-03-10`)).body).toEqual({ eligible: true });
    const suspended = await call('POST', `/api/v1/register/people/${cai.id}/suspensions`, { approvalId: approved.body.id, startDate: '2026-03-01', reason: 'Under review' });
    expect(suspended).toMatchObject({ status: 201, body: { endDate: null, version: 1 } });
    expect((await call('GET', `/api/v1/register/people/${cai.id}/eligibility`)).body).toMatchObject({ eligible: false, code: 'suspended' });
    const lifted = await call('POST', `/api/v1/register/people/${cai.id}/suspensions/${suspended.body.id}/lift`, { endDate: '2026-03-05' });
    expect(lifted).toMatchObject({ status: 200, body: { endDate: '2026-03-05', version: 2 } });
    const ended = await call('POST', `/api/v1/register/people/${cai.id}/approvals/${approved.body.id}/end`, { endedOn: '2026-03-09', reason: 'amhp_request', note: 'Moving abroad' });
    expect(ended).toMatchObject({ status: 200, body: { earlyEnd: { endedOn: '2026-03-09', reason: 'amhp_request', note: 'Moving abroad' }, version: 2 } });
    expect((await call('POST', `/api/v1/register/people/${cai.id}/approvals/${approved.body.id}/end`, { endedOn: '2026-03-09', reason: 'other' })).body).toMatchObject({ code: 'approval_already_ended' });
  });

  it('keeps to the time rule: 30 February and a wall-clock instant for a date are refused, a non-UUID id is named', async () => {
    const dee = await aPerson('Dee Amhp').build(t.services);
    await anApprovedAmhp(t.services, dee, { lssa: 'northshire', from: '2025-04-01' });
    const impossible = await call('POST', `/api/v1/register/people/${dee.id}/approvals`, { approvingLssaId: northshire, startDate: '2026-02-30' });
    expect(impossible).toMatchObject({ status: 400, body: { code: 'validation_failed', details: { fieldErrors: [{ field: 'startDate', message: 'February 2026 has 28 days: 30 is not a real day' }] } } });
    const instant = await call('POST', `/api/v1/register/people/${dee.id}/suspensions`, { approvalId: dee.id, startDate: '2026-07-01T09:00', reason: 'x' });
    expect(instant.body.details?.fieldErrors).toEqual([{ field: 'startDate', message: 'Enter a date as YYYY-MM-DD, for example 2026-04-20' }]);
    const badId = await call('POST', '/api/v1/register/people/not-a-uuid/approvals', { approvingLssaId: northshire, startDate: '2026-04-01' });
    expect(badId).toMatchObject({ status: 400, body: { details: { fieldErrors: [{ field: 'id', message: 'Not a valid id' }] } } });
    const badQuery = await call('GET', `/api/v1/register/people/${dee.id}/eligibility?date=2026-11-31`);
    expect(badQuery.body.details?.fieldErrors).toEqual([{ field: 'date', message: 'November 2026 has 30 days: 31 is not a real day' }]);
  });

  it('lists the register and re-approvals due, and gives it as CSV and Excel', async () => {
    const eli = await aPerson('Eli Amhp').build(t.services);
    await anApprovedAmhp(t.services, eli, { lssa: 'westford', from: '2021-04-25', to: '2026-04-24' });
    const rows = (await call('GET', '/api/v1/register')).raw.json() as Array<{ name: string; reapprovalState: string }>;
    expect(rows.find((r) => r.name === 'Eli Amhp')).toMatchObject({ reapprovalState: 'due_soon' });
    expect(((await call('GET', '/api/v1/register/reapprovals-due')).raw.json() as Array<{ name: string }>).map((r) => r.name)).toContain('Eli Amhp');
    const csv = await call('GET', '/api/v1/register/export/register.csv');
    expect(csv.raw.headers['content-disposition']).toBe('attachment; filename="amhp-register-2026-03-10.csv"');
    expect(csv.raw.body).toContain('Eli Amhp');
    const xlsx = await call('GET', '/api/v1/register/export/register.xlsx');
    expect(xlsx.raw.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });
});
