import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { anApprovedAmhp, apiAs, browserAs } from '../../../../test/support/builders/register-builders.js';
import { textOf } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

describe('supervision pages and API', () => {
  let t: TestApp;
  let lead: TestPerson;
  let mo: TestPerson;
  let ava: TestPerson;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lena Lead').withRoles('lead_amhp').build(t.services);
    mo = await aPerson('Mo Supervisor').withRoles('amhp_lead').build(t.services);
    ava = await aPerson('Ava Amhp').build(t.services);
    await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2025-04-01' });
  });
  afterAll(async () => t.close());

  it('the supervisee cannot write a record: no button, 403 on the form and the API, nothing written', async () => {
    const browser = await browserAs(t.app, ava);
    const mine = await browser.get('/register/me');
    expect(textOf(mine.body)).not.toContain('Record supervision');
    expect((await browser.get(`/register/people/${ava.id}/supervision`)).statusCode).toBe(403);
    const posted = await browser.post(`/register/people/${ava.id}/supervision`, { supervisorId: mo.id, 'date-day': '5', 'date-month': '3', 'date-year': '2026', type: 'professional_1_1', casesDiscussed: 'Case ref 5521\nCase ref 5522' });
    expect(posted.statusCode).toBe(403);
    const api = await apiAs(t.app, ava);
    expect(await api('POST', `/api/v1/register/people/${ava.id}/supervision`, { supervisorId: mo.id, date: '2026-03-04', type: 'group', casesDiscussed: ['Case ref 1', 'Case ref 2'], topic: null })).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    const director = await aPerson('Dora Director').withRoles('governance_viewer').build(t.services);
    expect(await (await apiAs(t.app, director))('POST', `/api/v1/register/people/${ava.id}/supervision`, { supervisorId: mo.id, date: '2026-03-04', type: 'group', casesDiscussed: ['Case ref 1', 'Case ref 2'], topic: null })).toMatchObject({ status: 403 });
    expect(textOf((await browser.get('/register/me')).body)).toContain('No supervision recorded.');
  });

  it('the supervisor under contract writes it from the supervisee’s page, choosing only themself', async () => {
    const cy = await aPerson('Cy Supervisee').build(t.services);
    const sol = await aPerson('Sol Supervisor').build(t.services);
    await anApprovedAmhp(t.services, cy, { lssa: 'northshire', from: '2025-04-01' });
    const asSol = await browserAs(t.app, sol);
    // No contract yet: neither the page nor the form.
    expect((await asSol.get(`/register/people/${cy.id}`)).statusCode).toBe(403);
    expect((await asSol.get(`/register/people/${cy.id}/supervision`)).statusCode).toBe(403);
    await t.services.register.supervision.addContract(lead.ctx, cy.id, { supervisorId: sol.id, arrangement: 'rota', startDate: '2025-05-01' });
    expect(textOf((await asSol.get('/register/me')).body)).toContain('People you supervise You write their supervision records and sign them from their page. Cy Supervisee');
    expect(textOf((await asSol.get(`/register/people/${cy.id}`)).body)).toContain('Record supervision');
    const form = (await asSol.get(`/register/people/${cy.id}/supervision`)).body;
    expect(form).toContain(`value="${sol.id}"`);
    expect(form).not.toContain(`value="${mo.id}"`);
    const saved = await asSol.post(`/register/people/${cy.id}/supervision`, { supervisorId: sol.id, 'date-day': '5', 'date-month': '3', 'date-year': '2026', type: 'professional_1_1', casesDiscussed: 'Case ref 7001\nCase ref 7002' });
    expect(saved).toMatchObject({ statusCode: 303, headers: { location: `/register/people/${cy.id}` } });
    // Naming someone else as supervisor is refused.
    expect((await asSol.post(`/register/people/${cy.id}/supervision`, { supervisorId: mo.id, 'date-day': '6', 'date-month': '3', 'date-year': '2026', type: 'professional_1_1', casesDiscussed: 'Case ref 7003\nCase ref 7004' })).statusCode).toBe(403);
    const cyPage = textOf((await (await browserAs(t.app, cy)).get('/register/me')).body);
    expect(cyPage).toContain('Case ref 7001, Case ref 7002');
    expect(cyPage).not.toContain('Case ref 7003');
  });

  it('records a session on the page (Lead AMHP), then each party signs or disputes it from the AMHP’s page', async () => {
    const leadPages = await browserAs(t.app, lead);
    const oneCase = await leadPages.post(`/register/people/${ava.id}/supervision`, { supervisorId: mo.id, 'date-day': '5', 'date-month': '3', 'date-year': '2026', type: 'professional_1_1', casesDiscussed: 'Case ref 5521' });
    expect(oneCase.statusCode).toBe(400);
    expect(textOf(oneCase.body)).toContain('Enter at least two cases discussed, or the topic discussed if there were no assessments');
    expect(oneCase.body).toContain('Case ref 5521');
    const saved = await leadPages.post(`/register/people/${ava.id}/supervision`, { supervisorId: mo.id, 'date-day': '5', 'date-month': '3', 'date-year': '2026', type: 'professional_1_1', casesDiscussed: 'Case ref 5521\nCase ref 5522' });
    expect(saved.statusCode).toBe(303);
    const browser = await browserAs(t.app, ava);
    const page = (await browser.get('/register/me')).body;
    expect(textOf(page)).toContain('Awaiting signatures');
    const recordId = /supervision\/([0-9a-f-]{36})\/sign/.exec(page)?.[1] ?? '';
    expect((await browser.post(`/register/supervision/${recordId}/sign`)).headers.location).toBe('/register/me');
    expect(textOf((await browser.get('/register/me')).body)).toContain('Supervision record signed');
    expect((await browser.post(`/register/supervision/${recordId}/sign`)).statusCode).toBe(303);
    expect(textOf((await browser.get('/register/me')).body)).toContain('Nothing was changed You have already signed this supervision record');
    await browser.post(`/register/supervision/${recordId}/dispute`, { note: 'Case 2 was not discussed' });
    const leadBrowser = await browserAs(t.app, lead);
    const onLeadPage = textOf((await leadBrowser.get(`/register/people/${ava.id}`)).body);
    expect(onLeadPage).toContain('Disputed: mediation');
    expect((await leadBrowser.post(`/register/supervision/${recordId}/resolve`, { resolution: 'Corrected at mediation' })).headers.location).toBe(`/register/people/${ava.id}`);
    expect(textOf((await leadBrowser.get(`/register/people/${ava.id}`)).body)).toContain('Mediation outcome recorded');
  });

  it('starts and reviews contracts on the page, and shows the quarterly audit', async () => {
    const browser = await browserAs(t.app, lead);
    const form = await browser.get(`/register/people/${ava.id}/contract`);
    expect(form.body).toContain('value="rota" checked');
    expect((await browser.post(`/register/people/${ava.id}/contract`, { supervisorId: mo.id, arrangement: 'rota', 'startDate-day': '1', 'startDate-month': '5', 'startDate-year': '2025' })).statusCode).toBe(303);
    const page = (await browser.get(`/register/people/${ava.id}`)).body;
    const contractId = /contracts\/([0-9a-f-]{36})\/review/.exec(page)?.[1] ?? '';
    expect((await browser.post(`/register/people/${ava.id}/contracts/${contractId}/review`, { reviewedOn: '2026-03-10' })).statusCode).toBe(303);
    expect(textOf((await browser.get(`/register/people/${ava.id}`)).body)).toContain('Contract review recorded');
    const audit = textOf((await browser.get('/register/supervision-audit?date=2026-02-01')).body);
    expect(audit).toContain('Supervision audit: Q4 2025/26');
    expect(audit).toContain('Ava Amhp');
    expect((await browser.get('/register/supervision-audit?date=2026-02-30')).statusCode).toBe(400);
  });

  it('does everything through the API too, returning the record with its state and version', async () => {
    const bea = await aPerson('Bea Amhp').build(t.services);
    await anApprovedAmhp(t.services, bea, { lssa: 'northshire', from: '2025-04-01' });
    const asBea = await apiAs(t.app, bea);
    const asMo = await apiAs(t.app, mo);
    const asLead = await apiAs(t.app, lead);
    const record = await asMo('POST', `/api/v1/register/people/${bea.id}/supervision`, { supervisorId: mo.id, date: '2026-03-04', type: 'group', casesDiscussed: ['Case ref 1', 'Case ref 2'], topic: null });
    expect(record).toMatchObject({ status: 201, body: { superviseeId: bea.id, state: 'awaiting_signatures', version: 1 } });
    const signed = await asMo('POST', `/api/v1/register/supervision/${record.body.id}/sign`);
    expect(signed).toMatchObject({ status: 200, body: { state: 'awaiting_signatures', signatures: [{ personId: mo.id }], version: 2 } });
    expect(await asLead('POST', `/api/v1/register/supervision/${record.body.id}/sign`)).toMatchObject({ status: 422, body: { code: 'not_a_party' } });
    expect(await asBea('POST', `/api/v1/register/supervision/${record.body.id}/dispute`, { note: 'Not agreed' })).toMatchObject({ status: 200, body: { state: 'disputed', version: 3 } });
    expect(await asBea('POST', `/api/v1/register/supervision/${record.body.id}/resolve`, { resolution: 'x' })).toMatchObject({ status: 403 });
    expect(await asLead('POST', `/api/v1/register/supervision/${record.body.id}/resolve`, { resolution: 'Agreed at mediation' })).toMatchObject({ status: 200, body: { state: 'awaiting_signatures' } });
    const contract = await asLead('POST', `/api/v1/register/people/${bea.id}/supervision-contracts`, { supervisorId: mo.id, arrangement: 'substantive_daytime', startDate: '2025-04-15' });
    expect(contract).toMatchObject({ status: 201, body: { arrangement: 'substantive_daytime', endDate: null, reviewDates: [], version: 1 } });
    expect(await asLead('POST', `/api/v1/register/people/${bea.id}/supervision-contracts/${contract.body.id}/reviews`, { reviewedOn: '2025-10-15' })).toMatchObject({ status: 200, body: { reviewDates: ['2025-10-15'], version: 2 } });
    const audit = await asLead('GET', '/api/v1/register/supervision-audit');
    expect((audit.body.rows as Array<{ name: string; arrangement: string }>).find((r) => r.name === 'Bea Amhp')).toMatchObject({ arrangement: 'substantive_daytime' });
    expect((await asLead('GET', '/api/v1/register/supervision-audit?date=2026-13-01')).status).toBe(400);
  });
});
