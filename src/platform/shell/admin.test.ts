import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { apiToken, signedInBrowser, textOf, type TestBrowser } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { adminContext, aPerson } from '../../../test/support/builders/staff-builders.js';
import type { ManualClock } from '../clock.js';
import { instantOf } from '../time/parse.js';

describe('the administration the platform owns: bank holidays, the audit log, the outbox (pages and API)', () => {
  let t: TestApp;
  let admin: TestBrowser;
  let token: string;
  const api = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object, bearer = token) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    admin = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    token = await apiToken(t.app, BASE.admin.email, BASE.password);
  });
  afterAll(async () => t.close());

  it('adds a bank holiday from the GOV.UK date input, which the working-days calendar then uses', async () => {
    await admin.get('/admin/bank-holidays');
    const added = await admin.post('/admin/bank-holidays', { 'date-day': '6', 'date-month': '6', 'date-year': '2031', name: 'Special bank holiday' });
    expect(added.statusCode).toBe(303);
    expect((await t.services.calendar.calendar()).isWorkingDay('2031-06-06')).toBe(false);
    const duplicate = await admin.post('/admin/bank-holidays', { 'date-day': '6', 'date-month': '6', 'date-year': '2031', name: 'Again' });
    expect(duplicate.statusCode).toBe(400);
    expect(textOf(duplicate.body)).toContain('That date is already a bank holiday');
  });

  it('refuses 30 February on the page, keeping what was typed', async () => {
    const refused = await admin.post('/admin/bank-holidays', { 'date-day': '30', 'date-month': '2', 'date-year': '2031', name: 'Impossible day' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('href="#date-day"');
    expect(refused.body).toContain('value="30"');
    expect(refused.body).toContain('value="Impossible day"');
    expect((await t.services.calendar.list()).map((h) => h.name)).not.toContain('Impossible day');
  });

  it('removes a bank holiday from the page', async () => {
    await admin.get('/admin/bank-holidays');
    expect((await admin.post('/admin/bank-holidays/2031-06-06/delete')).statusCode).toBe(303);
    expect((await t.services.calendar.calendar()).isWorkingDay('2031-06-06')).toBe(true);
  });

  it('lists, adds and removes bank holidays through the API, returning what was stored', async () => {
    const list = await api('GET', '/api/v1/bank-holidays');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual(expect.arrayContaining([{ date: '2026-12-25', name: 'Christmas Day' }]));
    const added = await api('POST', '/api/v1/bank-holidays', { date: '2032-07-05', name: 'Coronation holiday' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toEqual({ date: '2032-07-05', name: 'Coronation holiday' });
    expect((await api('POST', '/api/v1/bank-holidays', { date: '2032-07-05', name: 'Twice' })).statusCode).toBe(400);
    expect((await api('DELETE', '/api/v1/bank-holidays/2032-07-05')).statusCode).toBe(204);
    expect((await api('DELETE', '/api/v1/bank-holidays/2032-07-05')).statusCode).toBe(404);
    expect((await t.services.calendar.calendar()).isWorkingDay('2032-07-05')).toBe(true);
  });

  it('refuses impossible and partial dates through the API, naming the field', async () => {
    for (const date of ['2031-02-30', '2031-11-31', '2031-02', '1', '']) {
      const response = await api('POST', '/api/v1/bank-holidays', { date, name: 'Not a day' });
      expect(response.statusCode, date).toBe(400);
      expect(response.json(), date).toMatchObject({ code: 'validation_failed', details: { fieldErrors: [{ field: 'date' }] } });
    }
    const badParam = await api('DELETE', '/api/v1/bank-holidays/2031-02-30');
    expect(badParam.statusCode).toBe(400);
    expect(badParam.json()).toMatchObject({ details: { fieldErrors: [{ field: 'date' }] } });
  });

  it('lets others read the bank holidays but only administrators change them', async () => {
    const amhp = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    const amhpToken = await apiToken(t.app, amhp.email, BASE.password);
    expect((await api('GET', '/api/v1/bank-holidays', undefined, amhpToken)).statusCode).toBe(200);
    expect((await api('POST', '/api/v1/bank-holidays', { date: '2032-07-06', name: 'No' }, amhpToken)).statusCode).toBe(403);
  });

  it('searches the audit log with the actors’ names, from the people directory', async () => {
    const page = await admin.get(`/admin/audit?entityType=bank_holiday`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('bank_holiday_added');
    expect(textOf(page.body)).toContain(BASE.admin.name);
    const response = await api('GET', '/api/v1/audit?entityType=bank_holiday&action=bank_holiday_added');
    expect(response.statusCode).toBe(200);
    const body = response.json() as { total: number; page: number; pages: number; rows: Array<{ action: string; actorName: string | null; entityId: string }> };
    expect(body.total).toBe(2);
    expect(body).toMatchObject({ page: 1, pages: 1 });
    expect(body.rows.map((r) => r.entityId)).toEqual(['2032-07-05', '2031-06-06']);
    expect(body.rows.every((r) => r.actorName === BASE.admin.name)).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit?entityType=session' })).statusCode).toBe(401);
  });

  it('shows the notification outbox with recipients’ names, on the page and through the API', async () => {
    const ava = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    await t.services.notifications.enqueue(t.services.db, { recipientPersonId: ava.id, recipientAddress: ava.email, subject: 'Check-in overdue', body: 'Please check in.' });
    const page = textOf((await admin.get('/admin/outbox')).body);
    expect(page).toContain('Check-in overdue');
    expect(page).toContain('Ava Amhp');
    const response = await api('GET', '/api/v1/outbox');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ deliversEmail: false, messages: [{ subject: 'Check-in overdue', recipientName: 'Ava Amhp', status: 'not_sent' }] });
  });
  it('(last: moves the clock) reads "from" and "to" as London days, so an entry at 00:30 in summer falls on the day it happened there', async () => {
    const clock = t.clock as ManualClock;
    const ctx = await adminContext(t.services);
    clock.set(instantOf('2026-07-01T00:30'));
    await t.services.calendar.add(ctx, { date: '2033-01-03', name: 'Summer night entry' });
    clock.set(instantOf('2026-07-01T23:30'));
    await t.services.calendar.add(ctx, { date: '2033-01-04', name: 'Late evening entry' });
    // A new day for the clock: sign in again (yesterday's token and session have expired).
    token = await apiToken(t.app, BASE.admin.email, BASE.password);
    admin = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    const ids = async (query: string) => ((await api('GET', `/api/v1/audit?action=bank_holiday_added&${query}`)).json() as { rows: Array<{ entityId: string }> }).rows.map((r) => r.entityId);
    expect(await ids('from=2026-07-01&to=2026-07-01')).toEqual(['2033-01-04', '2033-01-03']);
    expect(await ids('from=2026-06-30&to=2026-06-30')).toEqual([]);
    const refused = await api('GET', '/api/v1/audit?from=2026-02-30&actorId=someone');
    expect(refused.statusCode).toBe(400);
    const fields = (refused.json() as { details: { fieldErrors: Array<{ field: string }> } }).details.fieldErrors.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['from', 'actorId']));
    const page = await admin.get('/admin/audit?from=2026-02-30');
    expect(page.statusCode).toBe(400);
    expect(textOf(page.body)).toContain('There is a problem');
  });

});
