import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../platform/http/openapi.js';
import type { ManualClock } from '../../platform/clock.js';
import { addMinutes, dateTimeInputValues, londonParts } from '../../platform/london-time.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BASE } from '../../../test/support/base-data.js';
import { testClock } from '../../../test/support/test-clock.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { adminContext, teamId } from '../../../test/support/builders/staff-builders.js';
import { type SafetyCast, aLadder, aSafetyCast, aVisitOut, anHoursClaim } from '../../../test/support/builders/safety-builders.js';

const FAKE_ID = '00000000-0000-4000-8000-000000000000';

/** The value of the form input named `name` on the page, as the browser would show it. */
function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return tag ? /value="([^"]*)"/.exec(tag)?.[1] : undefined;
}

describe('safety pages and API (base template, test clock)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let cast: SafetyCast;

  const browser = (person: { email: string }) => signedInBrowser(t.app, person.email, BASE.password);
  const token = (person: { email: string }) => apiToken(t.app, person.email, BASE.password);
  const call = (bearer: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${bearer}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  /** The form fields of a GOV.UK date input plus time box, for an instant this many minutes from now. */
  const finishIn = (name: string, minutes: number) => dateTimeInputValues(name, addMinutes(clock.now(), minutes));

  beforeAll(async () => {
    clock = testClock();
    t = await createTestApp({ template: 'base', clock });
    cast = await aSafetyCast(t.services);
    await aLadder('daytime').steps(['AMHP Lead', cast.lee], ['AMHP operational manager', cast.olu]).build(t.services);
  }, 60_000);
  afterAll(async () => t.close());

  it('an AMHP goes out from the home page in two taps, and the lead sees them on the board', async () => {
    const amhp = await browser(cast.ava);
    const home = await amhp.get('/');
    expect(home.body).toContain('href="/safety/visits/new"');
    const form = await amhp.get('/safety/visits/new');
    expect(form.statusCode).toBe(200);
    // The expected finish is a time box and a date input, prefilled 90 minutes ahead (today).
    expect([inputValue(form.body, 'expectedFinishAt-time'), inputValue(form.body, 'expectedFinishAt-day'), inputValue(form.body, 'expectedFinishAt-month'), inputValue(form.body, 'expectedFinishAt-year')]).toEqual(['10:30', '10', '3', '2026']);
    expect(form.body).not.toContain('type="date"');
    expect(form.body).not.toContain('type="time"');

    const bad = await amhp.post('/safety/visits', { place: '', with: 'alone', phone: 'nope', ...finishIn('expectedFinishAt', 30) });
    expect(bad.statusCode).toBe(400);
    const badText = textOf(bad.body);
    expect(badText).toContain('Enter where you are going');
    expect(badText).toContain('You are going alone: say why');
    expect(badText).toContain('Enter a UK phone number, like 07700 900123');
    expect(inputValue(bad.body, 'phone')).toBe('nope'); // what was typed is kept
    const past = await amhp.post('/safety/visits', { place: 'Ward 9', with: 'police', phone: '07700 900777', ...finishIn('expectedFinishAt', -10) });
    expect(past.statusCode).toBe(400);
    expect(textOf(past.body)).toContain('Expected finish must be in the future');
    expect(past.body).toContain('href="#expectedFinishAt-time"');

    const ok = await amhp.post('/safety/visits', { place: 'Corrington police station', with: 'alone', aloneReason: 'Contained setting with custody staff', phone: '07700 900777', 'expectedFinishAt-time': '9:45', 'expectedFinishAt-day': '10', 'expectedFinishAt-month': '3', 'expectedFinishAt-year': '2026' });
    expect(ok.statusCode).toBe(303);
    const visitUrl = ok.headers.location as string;
    expect(visitUrl).toMatch(/^\/safety\/visits\/[0-9a-f-]{36}$/);
    const page = await amhp.get(visitUrl);
    const pageText = textOf(page.body);
    expect(pageText).toContain('I am safe and finished');
    expect(pageText).toMatch(/Expected finish .*09:45/);

    const lead = await browser(cast.lee);
    const board = await lead.get('/safety/board');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('data-live-source="/safety/board/events"');
    expect(textOf(board.body)).toContain('Corrington police station');
    expect(textOf(board.body)).toContain('Alone');
    expect((await t.services.audit.search({ action: 'whereabouts_viewed' })).total).toBeGreaterThan(0);
    const record = await lead.get(visitUrl);
    expect(textOf(record.body)).toContain('Went out to Corrington police station');

    const checkIn = await amhp.post(`${visitUrl}/check-in`, { action: 'home' });
    expect(checkIn.headers.location).toBe('/safety');
    expect(textOf((await amhp.get('/safety')).body)).toContain('Checked in: finished and going home');
  });

  it('every safety page renders for the people who use it', async () => {
    const claim = await anHoursClaim(cast.ava).build(t.services);
    const debrief = await t.services.safety.debriefs.requestDebrief(cast.ava.ctx, { reason: 'Hostile family' });
    const daytime = await teamId(t.services, 'daytime');
    const pages: Array<[{ email: string }, string[]]> = [
      [cast.ava, ['/', '/safety', '/safety/visits/new', '/safety/hours', `/safety/hours/${claim.id}`, '/safety/debriefs', '/safety/debriefs/new', `/safety/debriefs/${debrief.debrief.id}`, '/safety/codes']],
      [cast.lee, ['/', '/safety', '/safety/board', '/safety/alerts', '/safety/shifts', '/safety/debriefs', '/safety/debriefs/new', `/safety/debriefs/${debrief.debrief.id}`, '/safety/hours/monthly']],
      [cast.lina, ['/', '/safety', '/safety/hours/decide', '/safety/hours/monthly', `/safety/hours/${claim.id}`]],
      [{ email: BASE.admin.email }, ['/admin/safety', `/admin/safety/${daytime}`]],
    ];
    for (const [person, urls] of pages) {
      const b = await browser(person);
      for (const url of urls) expect((await b.get(url)).statusCode, `${person.email} ${url}`).toBe(200);
    }
    const lina = await browser(cast.lina);
    expect(textOf((await lina.get('/')).body)).toContain('Additional hours to decide');
    await t.services.safety.hours.withdrawClaim(cast.ava.ctx, claim.id);
  });

  it('lets an administrator change a team’s ladder; errors land on the row that was typed', async () => {
    const admin = await browser({ email: BASE.admin.email });
    const team = await teamId(t.services, 'edt');
    const form = await admin.get(`/admin/safety/${team}`);
    expect(form.statusCode).toBe(200);
    const version = /name="version" value="(\d+)"/.exec(form.body)?.[1];
    expect(version).toBe('0');
    const bad = await admin.post(`/admin/safety/${team}`, { version, graceMinutes: '500', stepIntervalMinutes: '1', alarmStepIntervalMinutes: '1', roleLabel0: 'EDT on-call manager', contactNumber0: '01632 960211', roleLabel2: 'Head of service', contactNumber2: 'x' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Grace period must be a whole number of minutes from 0 to 120');
    expect(bad.body).toContain('href="#contactNumber2"');
    expect(inputValue(bad.body, 'graceMinutes')).toBe('500');
    const saved = await admin.post(`/admin/safety/${team}`, { version, graceMinutes: '0', stepIntervalMinutes: '1', alarmStepIntervalMinutes: '1', roleLabel0: 'EDT on-call manager', personId0: cast.ed.id, contactNumber0: '01632 960211', roleLabel1: 'Service manager', contactNumber1: '01632 960202' });
    expect(saved.statusCode).toBe(303);
    expect(textOf((await admin.get('/admin/safety')).body)).toContain('Grace period 0 min; next step after 1 min');
    const stale = await admin.post(`/admin/safety/${team}`, { version, graceMinutes: '5', stepIntervalMinutes: '1', alarmStepIntervalMinutes: '1', roleLabel0: 'EDT on-call manager', contactNumber0: '01632 960211' });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Someone else changed this escalation ladder');
  });

  it('serves visits, check-ins, alerts and acknowledgements on the API, with the resource as it now is', async () => {
    const amhpToken = await token(cast.eli);
    const leadToken = await token(cast.lee);

    const past = await call(amhpToken, 'POST', '/api/v1/safety/visits', { place: 'Ward 9', companions: [{ kind: 'police' }], phone: '07700 900321', expectedFinishAt: addMinutes(clock.now(), -1).toISOString() });
    expect(past.statusCode).toBe(400);
    expect(past.json().details.fieldErrors).toEqual([{ field: 'expectedFinishAt', message: 'Expected finish must be in the future' }]);
    const created = await call(amhpToken, 'POST', '/api/v1/safety/visits', { place: 'Ward 9', companions: [{ kind: 'police' }], phone: '07700 900321', expectedFinishAt: '2026-03-10T09:30' });
    expect(created.statusCode).toBe(201);
    const visit = created.json() as { id: string; status: string; expectedFinishAt: string; version?: number };
    expect(visit).toMatchObject({ status: 'out', expectedFinishAt: '2026-03-10T09:30:00.000Z', companions: [{ kind: 'police', name: null }] });
    expect(visit).not.toHaveProperty('version');
    expect((await call(amhpToken, 'GET', '/api/v1/safety/my-visits')).json()).toMatchObject({ open: { id: visit.id }, recent: [{ id: visit.id }] });

    const board = (await call(leadToken, 'GET', '/api/v1/safety/visits')).json() as Array<{ visitId: string; alert: string | null }>;
    expect(board).toEqual([expect.objectContaining({ visitId: visit.id, alert: null, amhpName: 'Eli Edt' })]);

    const someoneElse = await call(leadToken, 'POST', `/api/v1/safety/visits/${visit.id}/check-ins`, { action: 'safe' });
    expect(someoneElse.statusCode).toBe(403);

    clock.advanceMinutes(30 + 16);
    await t.services.scheduler.runDue(true);
    const alerts = (await call(leadToken, 'GET', '/api/v1/safety/alerts')).json() as Array<{ key: string; visitId: string }>;
    const mine = alerts.find((a) => a.visitId === visit.id);
    expect(mine).toMatchObject({ triggerText: 'Overdue', step: { roleLabel: 'EDT on-call manager' } });
    const edToken = await token(cast.ed);
    const missingNote = await call(edToken, 'POST', `/api/v1/safety/alerts/${encodeURIComponent(mine!.key)}/acknowledgements`, { outcome: 'not_reached' });
    expect(missingNote.statusCode).toBe(400);
    expect(missingNote.json().details.fieldErrors).toEqual([{ field: 'note', message: 'Say what you have tried, so the next person up knows' }]);
    const ack = await call(edToken, 'POST', `/api/v1/safety/alerts/${encodeURIComponent(mine!.key)}/acknowledgements`, { outcome: 'reached_amhp' });
    expect(ack.statusCode).toBe(201);
    expect(ack.json()).toMatchObject({ alertKey: mine!.key, visitId: visit.id, outcome: 'reached_amhp', by: cast.ed.id });
    expect((await call(edToken, 'POST', `/api/v1/safety/alerts/${encodeURIComponent('no-such-alert')}/acknowledgements`, { outcome: 'reached_amhp' })).statusCode).toBe(404);

    const extended = await call(amhpToken, 'POST', `/api/v1/safety/visits/${visit.id}/extensions`, { newExpectedFinishAt: '2026-03-10T10:30', reason: 'Waiting for the ambulance' });
    expect(extended.statusCode).toBe(200);
    expect(extended.json()).toMatchObject({ expectedFinishAt: '2026-03-10T10:30:00.000Z', extensions: [{ reason: 'Waiting for the ambulance' }] });
    const checkIn = await call(amhpToken, 'POST', `/api/v1/safety/visits/${visit.id}/check-ins`, { action: 'safe' });
    expect(checkIn.statusCode).toBe(200);
    expect(checkIn.json().status).toBe('finished_safe');
    const record = (await call(leadToken, 'GET', `/api/v1/safety/visits/${visit.id}`)).json() as { visit: { version: number }; trail: Array<{ text: string }> };
    expect(record.trail.map((e) => e.text)).toEqual(expect.arrayContaining(['Reached the AMHP', 'Checked in: finished and safe']));
    expect(record.visit.version).toBe(3);
  });

  it('answers a duress check-in on the API exactly as a normal one', async () => {
    const amhpToken = await token(cast.ava);
    const codes = await call(amhpToken, 'PUT', '/api/v1/safety/codes', { checkinCode: '2580', checkinConfirmation: '2580', duressCode: '7391', duressConfirmation: '7391' });
    expect(codes.statusCode).toBe(200);
    expect(codes.json()).toMatchObject({ set: true, version: 1 });
    expect((await call(amhpToken, 'GET', '/api/v1/safety/codes')).json()).toMatchObject({ set: true });
    const checkInWith = async (code: string) => {
      const out = await aVisitOut(cast.ava).finishingIn(30).build(t.services);
      const response = await call(amhpToken, 'POST', `/api/v1/safety/visits/${out.id}/check-ins`, { action: 'safe', code });
      return { id: out.id, response };
    };
    const normal = await checkInWith('2580');
    const duress = await checkInWith('7391');
    expect(duress.response.statusCode).toBe(normal.response.statusCode);
    expect(duress.response.headers['content-type']).toBe(normal.response.headers['content-type']);
    expect(duress.response.body.replaceAll(duress.id, 'ID')).toBe(normal.response.body.replaceAll(normal.id, 'ID'));
    // The lead's view of the same visit shows the alarm.
    const leadToken = await token(cast.lee);
    expect((await call(leadToken, 'GET', `/api/v1/safety/visits/${duress.id}`)).json()).toMatchObject({ visit: { status: 'duress' }, openAlerts: [{ trigger: 'duress' }] });
    const resolved = await call(leadToken, 'POST', `/api/v1/safety/visits/${duress.id}/resolution`, { note: 'Met the AMHP in person' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'finished_safe', alarmResolution: { note: 'Met the AMHP in person' }, version: 3 });
    // Still nothing for the AMHP to see.
    expect((await call(amhpToken, 'GET', `/api/v1/safety/visits/${duress.id}`)).body.replaceAll(duress.id, 'ID')).toBe((await call(amhpToken, 'GET', `/api/v1/safety/visits/${normal.id}`)).body.replaceAll(normal.id, 'ID'));
    expect((await call(amhpToken, 'DELETE', '/api/v1/safety/codes')).json()).toEqual({ set: false, version: null, updatedAt: null });
  });

  it('serves the working day, long shifts, hours, TOIL and debriefs on the API', async () => {
    const amhpToken = await token(cast.ava);
    const leadToken = await token(cast.lee);
    const linaToken = await token(cast.lina);

    const day = await call(amhpToken, 'POST', '/api/v1/safety/working-days', { kind: 'daytime', startedAt: '2026-03-10T08:00' });
    expect(day.statusCode).toBe(201);
    const dayId = (day.json() as { id: string }).id;
    expect((await call(amhpToken, 'GET', '/api/v1/safety/my-working-day')).json()).toMatchObject({ id: dayId, startedAt: '2026-03-10T08:00:00.000Z' });
    expect((await call(leadToken, 'GET', '/api/v1/safety/shifts')).json()).toMatchObject({ days: [{ id: dayId, limitHours: 12 }] });
    const plan = await call(leadToken, 'POST', `/api/v1/safety/working-days/${dayId}/plans`, { option: 'continue', agreedWith: 'Lead and line manager', expectedEndAt: '2026-03-10T21:00' });
    expect(plan.statusCode).toBe(200);
    expect(plan.json()).toMatchObject({ version: 2, plans: [{ option: 'continue', expectedEndAt: '2026-03-10T21:00:00.000Z' }] });
    const planWithoutEnd = await call(leadToken, 'POST', `/api/v1/safety/working-days/${dayId}/plans`, { option: 'continue', agreedWith: 'Lead' });
    expect(planWithoutEnd.json().details.fieldErrors).toEqual([{ field: 'expectedEndAt', message: 'Enter when the AMHP now expects to finish' }]);
    expect((await call(amhpToken, 'POST', `/api/v1/safety/working-days/${dayId}/end`)).json()).toMatchObject({ endedAt: clock.now().toISOString(), version: 3 });

    const claim = await call(amhpToken, 'POST', '/api/v1/safety/hours', { startAt: '2026-03-09T17:00', endAt: '2026-03-09T19:30', reason: 'section_12_doctor' });
    expect(claim.statusCode).toBe(201);
    const claimId = (claim.json() as { id: string }).id;
    expect(claim.json()).toMatchObject({ status: 'submitted', version: 1, amhpName: 'Ava Amhp' });
    const twice = await call(amhpToken, 'POST', '/api/v1/safety/hours', { startAt: '2026-03-09T17:00', endAt: '2026-03-09T19:30', reason: 'section_12_doctor' });
    expect(twice.statusCode).toBe(422);
    expect(twice.json()).toMatchObject({ code: 'hours_claimed_twice', details: { failures: [{ rule: 'hours_claimed_twice', severity: 'E', field: 'startAt' }], warnings: [] } });
    expect((await call(linaToken, 'GET', '/api/v1/safety/hours/to-decide')).json()).toEqual([expect.objectContaining({ id: claimId })]);
    expect((await call(linaToken, 'GET', `/api/v1/safety/hours/${claimId}`)).json()).toMatchObject({ mayDecide: true, claim: { id: claimId } });
    const decided = await call(linaToken, 'POST', `/api/v1/safety/hours/${claimId}/decision`, { decision: 'approve_toil' });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'approved', compensation: 'toil', version: 2 });
    expect((await call(amhpToken, 'POST', `/api/v1/safety/hours/${claimId}/withdrawal`)).statusCode).toBe(409);
    const toil = await call(linaToken, 'POST', '/api/v1/safety/toil', { amhpId: cast.ava.id, date: '2026-03-12', minutes: 60 });
    expect(toil.statusCode).toBe(201);
    expect(toil.json()).toMatchObject({ minutes: 60, date: '2026-03-12', toilBalanceMinutes: 90 });
    expect((await call(amhpToken, 'GET', '/api/v1/safety/hours')).json()).toMatchObject({ toilBalanceMinutes: 90 });
    expect((await call(leadToken, 'GET', '/api/v1/safety/hours/monthly')).json()).toMatchObject({ months: [{ month: '2026-03' }] });

    const debrief = await call(amhpToken, 'POST', '/api/v1/safety/debriefs', { reason: 'Hostile family' });
    expect(debrief.statusCode).toBe(201);
    const debriefId = (debrief.json() as { debrief: { id: string } }).debrief.id;
    expect(debrief.json()).toMatchObject({ dueBy: '2026-03-17', overdue: false, debrief: { status: 'requested', version: 1 } });
    expect((await call(leadToken, 'GET', '/api/v1/safety/debriefs')).json()).toMatchObject({ all: true, open: expect.arrayContaining([expect.objectContaining({ request: expect.objectContaining({ id: debriefId }) })]) });
    const held = await call(leadToken, 'POST', `/api/v1/safety/debriefs/${debriefId}/held`, { heldBy: cast.lee.id, heldAt: clock.now().toISOString() });
    expect(held.json()).toMatchObject({ debrief: { status: 'held', heldByName: 'Lee Lead', version: 2 } });
    const other = (await call(amhpToken, 'POST', '/api/v1/safety/debriefs', { reason: 'Another' })).json() as { debrief: { id: string } };
    expect((await call(amhpToken, 'POST', `/api/v1/safety/debriefs/${other.debrief.id}/cancellation`, { cancelReason: 'Talked it through' })).json()).toMatchObject({ debrief: { status: 'cancelled', version: 2 } });
    expect((await call(amhpToken, 'GET', `/api/v1/safety/debriefs/${other.debrief.id}`)).json()).toMatchObject({ debrief: { cancelReason: 'Talked it through' } });
  });

  it('serves the escalation ladders on the API, refusing a stale version with the current one', async () => {
    const admin = await adminContext(t.services);
    const adminToken = await apiToken(t.app, admin.actor.email, BASE.password);
    const daytime = await teamId(t.services, 'daytime');
    const ladder = (await call(adminToken, 'GET', `/api/v1/safety/ladders/${daytime}`)).json() as { version: number };
    expect(ladder).toMatchObject({ teamName: 'Northshire AMHP Service', configured: true, version: 1 });
    const body = { graceMinutes: 10, stepIntervalMinutes: 10, alarmStepIntervalMinutes: 3, ladder: [{ roleLabel: 'AMHP Lead', personId: cast.lee.id, contactNumber: '01632 960201' }], version: ladder.version };
    const saved = await call(adminToken, 'PUT', `/api/v1/safety/ladders/${daytime}`, body);
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, policy: { graceMinutes: 10, ladder: [{ personLabel: 'Lee Lead' }] } });
    const stale = await call(adminToken, 'PUT', `/api/v1/safety/ladders/${daytime}`, body);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } });
    expect(((await call(adminToken, 'GET', '/api/v1/safety/ladders')).json() as unknown[]).length).toBe(2);
    const leadToken = await token(cast.lee);
    expect((await call(leadToken, 'GET', '/api/v1/safety/ladders')).statusCode).toBe(403);
  });

  it('refuses bad input with 400 naming the field: a non-UUID id, an impossible date, a partial instant', async () => {
    const amhpToken = await token(cast.ava);
    const notAnId = await call(amhpToken, 'GET', '/api/v1/safety/visits/not-a-uuid');
    expect(notAnId.statusCode).toBe(400);
    expect(notAnId.json().details.fieldErrors).toEqual([{ field: 'id', message: 'Not a valid id' }]);
    const feb30 = await call(amhpToken, 'POST', '/api/v1/safety/visits', { place: 'Ward 9', companions: [{ kind: 'police' }], phone: '07700 900321', expectedFinishAt: '2026-02-30T10:00' });
    expect(feb30.statusCode).toBe(400);
    expect(feb30.json().details.fieldErrors).toEqual([{ field: 'expectedFinishAt', message: 'February 2026 has 28 days: 30 is not a real day' }]);
    const partial = await call(amhpToken, 'POST', '/api/v1/safety/hours', { startAt: '1', endAt: '2026-03-09T19:30', reason: 'bed_delay' });
    expect(partial.json().details.fieldErrors).toEqual([{ field: 'startAt', message: expect.stringContaining('for example 2026-04-20T09:30') }]);
    const missing = await call(amhpToken, 'POST', '/api/v1/safety/visits', { companions: [], phone: '07700 900321', expectedFinishAt: '2026-03-10T10:00' });
    expect(missing.json().details.fieldErrors).toEqual([{ field: 'place', message: 'Enter where you are going' }]);
    const page = await (await browser(cast.ava)).get(`/safety/visits/${FAKE_ID}`);
    expect(page.statusCode).toBe(404);
    const form = await browser(cast.ava);
    await form.get('/safety/visits/new');
    const impossible = await form.post('/safety/visits', { place: 'Ward 9', with: 'police', phone: '07700 900777', 'expectedFinishAt-time': '10:00', 'expectedFinishAt-day': '30', 'expectedFinishAt-month': '2', 'expectedFinishAt-year': '2026' });
    expect(impossible.statusCode).toBe(400);
    expect(textOf(impossible.body)).toContain('February 2026 has 28 days: 30 is not a real day');
    expect(inputValue(impossible.body, 'expectedFinishAt-day')).toBe('30');
  });

  it('reads a wall-clock time in summer as London time, on the API and on the form', async () => {
    clock.set(new Date('2026-07-14T08:00:00Z')); // 09:00 BST
    const amhpToken = await token(cast.ava);
    const api = await call(amhpToken, 'POST', '/api/v1/safety/visits', { place: 'Ward 9', companions: [{ kind: 'police' }], phone: '07700 900321', expectedFinishAt: '2026-07-14T10:30' });
    expect(api.statusCode).toBe(201);
    expect(api.json().expectedFinishAt).toBe('2026-07-14T09:30:00.000Z');
    await call(amhpToken, 'POST', `/api/v1/safety/visits/${(api.json() as { id: string }).id}/check-ins`, { action: 'safe' });

    const form = await browser(cast.ava);
    const page = await form.get('/safety/visits/new');
    expect(inputValue(page.body, 'expectedFinishAt-time')).toBe('10:30'); // 90 minutes from 09:00 BST
    const posted = await form.post('/safety/visits', { place: 'Ward 9', with: 'police', phone: '07700 900777', 'expectedFinishAt-time': '11:15', 'expectedFinishAt-day': '14', 'expectedFinishAt-month': '7', 'expectedFinishAt-year': '2026' });
    expect(posted.statusCode).toBe(303);
    const mine = (await call(amhpToken, 'GET', '/api/v1/safety/my-visits')).json() as { open: { expectedFinishAt: string } };
    expect(mine.open.expectedFinishAt).toBe('2026-07-14T10:15:00.000Z');
    expect(londonParts(new Date(mine.open.expectedFinishAt)).time).toBe('11:15');
  });

  it('documents every safety API operation, with what it takes and gives, in a valid OpenAPI 3.1 document', async () => {
    const safetyRoutes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/safety/'));
    expect(safetyRoutes.every((r) => r.declaration !== undefined)).toBe(true);
    const document = buildOpenApiDocument(safetyRoutes) as { paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>> };
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.length).toBe(safetyRoutes.length);
    expect(operations).toEqual(
      expect.arrayContaining([
        'POST /api/v1/safety/visits',
        'POST /api/v1/safety/visits/{id}/check-ins',
        'POST /api/v1/safety/visits/{id}/resolution',
        'PUT /api/v1/safety/codes',
        'PUT /api/v1/safety/ladders/{id}',
        'POST /api/v1/safety/working-days/{id}/plans',
        'POST /api/v1/safety/hours/{id}/withdrawal',
        'POST /api/v1/safety/toil',
        'POST /api/v1/safety/debriefs/{id}/cancellation',
      ]),
    );
    // Every operation documents its success; every write (but DELETE) the resource it returns.
    const successes = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => {
        const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
        return { operation: `${method} ${path}`, method, documented: success !== undefined, withBody: (success?.[1] as { content?: unknown } | undefined)?.content !== undefined };
      }),
    );
    expect(successes.filter((s) => !s.documented).map((s) => s.operation)).toEqual([]);
    expect(successes.filter((s) => !['get', 'delete'].includes(s.method) && !s.withBody).map((s) => s.operation)).toEqual([]);
    const visitBody = document.paths['/api/v1/safety/visits']!.post!.requestBody as { content: { 'application/json': { schema: { properties: Record<string, { format?: string }>; required: string[] } } } };
    expect(visitBody.content['application/json'].schema.required.sort()).toEqual(['expectedFinishAt', 'phone', 'place']);
    expect(visitBody.content['application/json'].schema.properties.expectedFinishAt!.format).toBe('date-time');
    const result = await new Validator().validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });
});
