import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { londonParts } from '../../platform/london-time.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';

describe('safety pages and API', () => {
  let t: TestApp;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = new ManualClock(new Date());
    t = await createTestApp({ clock });
  }, 60_000);
  afterAll(async () => t.close());

  const inMinutes = (m: number) => londonParts(new Date(clock.now().getTime() + m * 60_000));

  it('an AMHP goes out from the home page in two taps, and the lead sees them on the board', async () => {
    const amhp = await signedInBrowser(t.app, 'lead-amhp@example.org');
    const home = await amhp.get('/');
    expect(home.body).toContain('href="/safety/visits/new"');
    const form = await amhp.get('/safety/visits/new');
    expect(form.statusCode).toBe(200);
    const bad = await amhp.post('/safety/visits', { place: '', with: 'alone', phone: 'nope', expectedFinishDate: inMinutes(-10).date, expectedFinishTime: inMinutes(-10).time });
    expect(bad.statusCode).toBe(400);
    const badText = textOf(bad.body);
    expect(badText).toContain('Enter where you are going');
    expect(badText).toContain('say why');
    expect(badText).toContain('Expected finish must be in the future');
    const at = inMinutes(45);
    const ok = await amhp.post('/safety/visits', { place: 'Corrington police station', with: 'alone', aloneReason: 'Contained setting with custody staff', phone: '07700 900777', expectedFinishDate: at.date, expectedFinishTime: at.time });
    expect(ok.statusCode).toBe(303);
    const visitUrl = ok.headers.location as string;
    const page = await amhp.get(visitUrl);
    expect(textOf(page.body)).toContain('I am safe and finished');

    const lead = await signedInBrowser(t.app, 'lead@example.org');
    const board = await lead.get('/safety/board');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('data-live-source="/safety/board/events"');
    expect(textOf(board.body)).toContain('Corrington police station');
    expect(board.body).toContain('app-row--overdue'); // the demo's overdue visit, in red at the top
    const audits = await t.services.db.selectFrom('auditLog').select('action').where('action', '=', 'whereabouts_viewed').execute();
    expect(audits.length).toBeGreaterThan(0);
    const record = await lead.get(visitUrl);
    expect(textOf(record.body)).toContain('Went out to Corrington police station');

    const checkIn = await amhp.post(`${visitUrl}/check-in`, { action: 'home' });
    expect(checkIn.headers.location).toBe('/safety');
  });

  it('every safety page renders for the people who use it', async () => {
    const pages: Record<string, string[]> = {
      'amhp@example.org': ['/safety', '/safety/hours', '/safety/debriefs', '/safety/debriefs/new', '/safety/codes'],
      'lead@example.org': ['/safety', '/safety/board', '/safety/alerts', '/safety/shifts', '/safety/debriefs', '/safety/hours/monthly'],
      'linemanager@example.org': ['/', '/safety', '/safety/hours/decide', '/safety/hours/monthly'],
      'admin@example.org': ['/admin/safety'],
    };
    for (const [email, urls] of Object.entries(pages)) {
      const browser = await signedInBrowser(t.app, email);
      for (const url of urls) {
        const response = await browser.get(url);
        expect(response.statusCode, `${email} ${url}`).toBe(200);
      }
    }
  });

  it('lets an administrator change a team’s ladder, grace and interval', async () => {
    const admin = await signedInBrowser(t.app, 'admin@example.org');
    const teams = await t.services.staff.teams();
    const team = teams.find((x) => x.kind === 'daytime');
    const form = await admin.get(`/admin/safety/${team?.id}`);
    expect(form.statusCode).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1] ?? '0';
    const bad = await admin.post(`/admin/safety/${team?.id}`, { version, graceMinutes: '500', stepIntervalMinutes: '1', alarmStepIntervalMinutes: '1', roleLabel0: 'AMHP Lead', contactNumber0: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Grace period must be a whole number of minutes from 0 to 120');
    const saved = await admin.post(`/admin/safety/${team?.id}`, { version, graceMinutes: '0', stepIntervalMinutes: '1', alarmStepIntervalMinutes: '1', roleLabel0: 'AMHP Lead', contactNumber0: '01632 960201', roleLabel1: 'Service manager', contactNumber1: '01632 960202' });
    expect(saved.statusCode).toBe(303);
    const list = await admin.get('/admin/safety');
    expect(textOf(list.body)).toContain('Grace period 0 min');
  });

  it('serves visits, check-ins, alerts, hours and debriefs on the API', async () => {
    const amhpToken = await apiToken(t.app, 'edt@example.org');
    const leadToken = await apiToken(t.app, 'lead@example.org');
    const call = (token: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload: payload as Record<string, unknown> } : {}) });

    const past = await call(amhpToken, 'POST', '/api/v1/safety/visits', { place: 'Ward 9', companions: [{ kind: 'police' }], phone: '07700 900321', expectedFinishAt: new Date(clock.now().getTime() - 60_000).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().details.fieldErrors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'expectedFinishAt', message: 'Expected finish must be in the future' })]));
    const created = await call(amhpToken, 'POST', '/api/v1/safety/visits', { place: 'Ward 9', companions: [{ kind: 'police' }], phone: '07700 900321', expectedFinishAt: new Date(clock.now().getTime() + 30 * 60_000).toISOString() });
    expect(created.statusCode).toBe(201);
    const { id } = created.json() as { id: string };

    const board = await call(leadToken, 'GET', '/api/v1/safety/visits');
    expect((board.json() as Array<{ visitId: string }>).some((r) => r.visitId === id)).toBe(true);

    const someoneElse = await call(leadToken, 'POST', `/api/v1/safety/visits/${id}/check-ins`, { action: 'safe' });
    expect(someoneElse.statusCode).toBe(403);
    expect(someoneElse.json().message).toContain('only check in on your own visit');

    clock.advanceMinutes(30 + 16);
    await t.services.scheduler.runDue(true);
    const alerts = (await call(leadToken, 'GET', '/api/v1/safety/alerts')).json() as Array<{ key: string; visitId: string }>;
    const mine = alerts.find((a) => a.visitId === id);
    expect(mine).toBeDefined();
    const ack = await call(leadToken, 'POST', `/api/v1/safety/alerts/${encodeURIComponent(mine?.key ?? '')}/acknowledgements`, { outcome: 'reached_amhp' });
    expect(ack.statusCode).toBe(204);

    const checkIn = await call(amhpToken, 'POST', `/api/v1/safety/visits/${id}/check-ins`, { action: 'safe' });
    expect(checkIn.statusCode).toBe(200);
    expect(checkIn.json().status).toBe('finished_safe');
    const record = (await call(leadToken, 'GET', `/api/v1/safety/visits/${id}`)).json() as { trail: Array<{ text: string }> };
    expect(record.trail.map((e) => e.text)).toEqual(expect.arrayContaining(['Reached the AMHP', 'Checked in: finished and safe']));

    const start = new Date(clock.now().getTime() - 5 * 3600_000).toISOString();
    const end = new Date(clock.now().getTime() - 3 * 3600_000).toISOString();
    const claim = await call(amhpToken, 'POST', '/api/v1/safety/hours', { startAt: start, endAt: end, reason: 'section_12_doctor' });
    expect(claim.statusCode).toBe(201);
    const twice = await call(amhpToken, 'POST', '/api/v1/safety/hours', { startAt: start, endAt: end, reason: 'section_12_doctor' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('hours cannot be claimed twice');
    const managerToken = await apiToken(t.app, 'edt-manager@example.org');
    const decided = await call(managerToken, 'POST', `/api/v1/safety/hours/${(claim.json() as { id: string }).id}/decision`, { decision: 'approve_toil' });
    expect(decided.statusCode).toBe(204);

    const debrief = await call(amhpToken, 'POST', '/api/v1/safety/debriefs', { reason: 'Hostile family' });
    expect(debrief.statusCode).toBe(201);
    const debriefs = (await call(leadToken, 'GET', '/api/v1/safety/debriefs')).json() as { open: unknown[] };
    expect(debriefs.open.length).toBeGreaterThan(0);

    const openapi = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, unknown> };
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/v1/safety/visits', '/api/v1/safety/hours', '/api/v1/safety/debriefs']));
  });
});
