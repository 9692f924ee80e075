import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock(new Date()) });
});
afterAll(async () => t.close());

describe('duty pages', () => {
  it('shows the board, rota, sheet, handovers and SITREP to a lead, with the demo day in them', async () => {
    const lead = await signedInBrowser(t.app, 'lead@example.org');
    const board = await lead.get('/duty/board');
    expect(board.statusCode).toBe(200);
    expect(textOf(board.body)).toMatch(/Handovers awaiting acceptance/);
    expect(board.body).toContain('data-live-source="/duty/board"');
    expect(textOf((await lead.get('/duty/rota')).body)).toMatch(/Agreed frequency against planned/);
    const sheet = await lead.get('/duty/allocation-sheet');
    expect(sheet.statusCode).toBe(303);
    const sheetPage = await lead.get(String(sheet.headers.location));
    expect(textOf(sheetPage.body)).toMatch(/Allocation sheet/);
    expect(textOf((await lead.get('/duty/handovers')).body)).toMatch(/Awaiting acceptance/);
    const sitrep = await lead.get('/duty/sitrep');
    expect(textOf(sitrep.body)).toMatch(/Daily SITREP/);
  });

  it('serves the SITREP as PDF and plain text, and the sheet as PDF', async () => {
    const lead = await signedInBrowser(t.app, 'lead@example.org');
    const today = new Date().toISOString().slice(0, 10);
    const pdf = await lead.get(`/duty/sitrep/${today}/pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const text = await lead.get(`/duty/sitrep/${today}/text`);
    expect(text.body).toMatch(/^Daily SITREP/);
    expect(text.body.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect((await lead.get(`/duty/allocation-sheet/${today}/pdf`)).headers['content-type']).toBe('application/pdf');
  });

  it('refuses rota planning to an AMHP and shows the overlap reason to business support', async () => {
    const amhp = await signedInBrowser(t.app, 'amhp@example.org');
    await amhp.get('/duty/rota');
    expect((await amhp.post('/duty/rota/shifts', { personId: 'x', date: '2027-01-01', kind: 'daytime' })).statusCode).toBe(403);
    expect(textOf((await amhp.get('/duty/my-duties')).body)).toMatch(/My duties/);
  });

  it('lets an administrator edit the service hours and reports bad times against the field', async () => {
    const admin = await signedInBrowser(t.app, 'admin@example.org');
    expect(textOf((await admin.get('/admin')).body)).toMatch(/Service hours/);
    const page = await admin.get('/admin/service-hours');
    expect(page.statusCode).toBe(200);
    const bad = await admin.post('/admin/service-hours', { version: '0', 'monday.open': 'yes', 'monday.opens': '17:00', 'monday.closes': '09:00', bankHolidaysToEdt: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toMatch(/Monday: The daytime service must close after it opens/);
  });
});

describe('duty API', () => {
  it('answers who is responsible now, the rota, handovers and the SITREP, and documents them in OpenAPI', async () => {
    const token = await apiToken(t.app, 'lead@example.org');
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
    expect(['daytime', 'edt']).toContain((await get('/api/v1/duty/responsible-team')).json().team);
    expect((await get('/api/v1/duty/rota')).json().shifts.length).toBeGreaterThan(0);
    const handovers = (await get('/api/v1/duty/handovers')).json() as Array<{ id: string; status: string }>;
    expect(handovers.some((h) => h.status === 'sent')).toBe(true);
    const open = handovers.find((h) => h.status === 'accepted');
    if (open) {
      const again = await t.app.inject({ method: 'POST', url: `/api/v1/duty/handovers/${open.id}/accept`, headers: { authorization: `Bearer ${token}` }, payload: {} });
      expect(again.statusCode).toBe(409);
      expect(again.json().message).toMatch(/already accepted/);
    }
    const today = new Date().toISOString().slice(0, 10);
    expect((await get(`/api/v1/duty/sitrep/${today}`)).json().text).toMatch(/Daily SITREP/);
    const spec = (await get('/api/v1/openapi.json')).json() as { paths: Record<string, unknown> };
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/duty/rota', '/api/v1/duty/handovers']));
  });
});
