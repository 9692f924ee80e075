import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { anApprovedAmhp, apiAs, browserAs } from '../../../../test/support/builders/register-builders.js';
import { textOf } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

describe('training pages and API', () => {
  let t: TestApp;
  let lead: TestPerson;
  let ava: TestPerson;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lena Lead').withRoles('lead_amhp').build(t.services);
    ava = await aPerson('Ava Amhp').build(t.services);
    await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2025-06-01' });
  });
  afterAll(async () => t.close());

  it('lets the AMHP record their own training on a form that keeps what was typed when refused', async () => {
    const browser = await browserAs(t.app, ava);
    const form = await browser.get(`/register/people/${ava.id}/training`);
    expect(form.statusCode).toBe(200);
    const tooLong = await browser.post(`/register/people/${ava.id}/training`, { 'date-day': '9', 'date-month': '3', 'date-year': '2026', title: 'Legal update', provider: 'Chambers', hours: '25', legalUpdate: 'yes' });
    expect(tooLong.statusCode).toBe(400);
    expect(textOf(tooLong.body)).toContain('Training hours must be 24 or fewer in one day');
    expect(tooLong.body).toContain('value="Legal update"');
    const saved = await browser.post(`/register/people/${ava.id}/training`, { 'date-day': '9', 'date-month': '3', 'date-year': '2026', title: 'Legal update', provider: 'Chambers', hours: '20', legalUpdate: 'yes' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/register/me');
    expect(textOf((await browser.get('/register/me')).body)).toContain('Training recorded');
    const overDay = await browser.post(`/register/people/${ava.id}/training`, { 'date-day': '9', 'date-month': '3', 'date-year': '2026', title: 'More', provider: 'Chambers', hours: '5' });
    expect(overDay.statusCode).toBe(422);
    expect(textOf(overDay.body)).toContain('This would make more than 24 hours of training on one day: 20 hours are already recorded for that day');
    expect((await browser.post(`/register/people/${ava.id}/event`, { 'date-day': '2', 'date-month': '3', 'date-year': '2026', kind: 'away_day' })).statusCode).toBe(303);
    const me = textOf((await browser.get('/register/me')).body);
    expect(me).toContain('Attendance recorded');
    expect(me).toContain('20 of 18');
  });

  it('shows training compliance to register viewers, with downloads', async () => {
    const browser = await browserAs(t.app, lead);
    const page = textOf((await browser.get('/register/compliance')).body);
    expect(page).toContain('Ava Amhp');
    expect(page).toContain('Met');
    expect((await browser.get('/register/export/compliance.csv')).body).toContain('Ava Amhp');
  });

  it('records training and meetings through the API, refusing a day over 24 hours by rule', async () => {
    const bea = await aPerson('Bea Amhp').build(t.services);
    await anApprovedAmhp(t.services, bea, { lssa: 'northshire', from: '2025-04-01' });
    const call = await apiAs(t.app, bea);
    const record = await call('POST', `/api/v1/register/people/${bea.id}/training`, { date: '2026-03-02', title: 'Case law', provider: 'Chambers', hours: 7.5, amhpSpecific: true, legalUpdate: true });
    expect(record).toMatchObject({ status: 201, body: { personId: bea.id, date: '2026-03-02', hours: 7.5, legalUpdate: true } });
    const tooMuch = await call('POST', `/api/v1/register/people/${bea.id}/training`, { date: '2026-03-02', title: 'More', provider: 'Chambers', hours: 17 });
    expect(tooMuch).toMatchObject({ status: 422, body: { code: 'day_over_24', details: { failures: [{ rule: 'day_over_24', severity: 'E' }], warnings: [] } } });
    expect(await call('POST', `/api/v1/register/people/${bea.id}/events`, { date: '2026-03-03', kind: 'professional_meeting' })).toMatchObject({ status: 201, body: { kind: 'professional_meeting' } });
    expect((await call('POST', `/api/v1/register/people/${ava.id}/training`, { date: '2026-03-02', title: 'x', provider: 'y', hours: 1 })).status).toBe(403);
    const lead = await apiAs(t.app, await aPerson('Lou Lead').withRoles('lead_amhp').build(t.services));
    const rows = (await lead('GET', '/api/v1/register/compliance')).raw.json() as Array<{ name: string; hours: number }>;
    expect(rows.find((r) => r.name === 'Bea Amhp')).toMatchObject({ hours: 7.5 });
    expect((await lead('GET', '/api/v1/register/export/compliance.csv')).raw.body).toContain('Bea Amhp');
  });
});
