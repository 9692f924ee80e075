import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../platform/clock.js';
import { instantOf } from '../../platform/time/parse.js';
import { BASE } from '../../../test/support/base-data.js';
import { approvedAmhpForTest, approveForTest, aShift, dutyLead, referralForTest, rotaPlanner } from '../../../test/support/builders/duty-builders.js';
import { aReferral } from '../../../test/support/builders/referral-builders.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { TEST_TODAY, testClock } from '../../../test/support/test-clock.js';

// Issue 12, the duty day as it is lived: back-up cover (item 3), the morning meeting sheet
// (item 4), the s136 end where the Lead decides (item 6), handovers of several referrals
// (item 7) and an AMHP's own report of sickness (item 11). Tuesday 10 March 2026 unless said.

let t: TestApp;
let clock: ManualClock;
let lead: TestPerson;
let manager: TestPerson;
let lina: TestPerson;
let otherLineManager: TestPerson;
let edtOfficer: TestPerson;

const at = (time: string) => clock.set(instantOf(time));
const signIn = (person: { email: string }) => signedInBrowser(t.app, person.email, BASE.password);

beforeAll(async () => {
  clock = testClock();
  t = await createTestApp({ template: 'base', clock });
  lead = await dutyLead(t.services);
  manager = await aPerson('Meg Manager').withRoles('operational_manager').inTeam('daytime').build(t.services);
  lina = await aPerson('Lina Linemanager').withRoles('line_manager').build(t.services);
  otherLineManager = await aPerson('Owen Otherline').withRoles('line_manager').build(t.services);
  edtOfficer = await aPerson('Eddie Edt').withRoles('edt_officer').inTeam('edt').build(t.services);
}, 240_000);
afterAll(async () => t.close());

describe('back-up cover (item 3)', () => {
  it('refuses a back-up who is off sick, on leave or on duty with the reason and nothing changed, offers only those who can cover, and can be corrected', async () => {
    const s = t.services;
    const date = '2026-03-11';
    const ava = await approvedAmhpForTest(s, 'Ava Absent');
    const busy = await approvedAmhpForTest(s, 'Bo Busy');
    const sick = await approvedAmhpForTest(s, 'Sid Sick');
    const away = await approvedAmhpForTest(s, 'Lee Leave');
    const free = await approvedAmhpForTest(s, 'Fay Free');
    const later = await approvedAmhpForTest(s, 'Cal Cover');
    const avaShift = await aShift(ava).on(date).build(s);
    await aShift(busy).on(date).build(s);
    const sickShift = await aShift(sick).on(date).edt().build(s);
    await s.duty.rota.recordSickness(manager.ctx, sickShift.id, { backupPersonId: null, note: null });
    await s.duty.rota.recordAbsence((await rotaPlanner(s)).ctx, { personId: away.id, kind: 'leave', from: date, to: '2026-03-13', note: null });

    const cover = await s.duty.rota.coverOptions(manager.ctx, avaShift.id);
    const offered = cover.options.filter((o) => o.eligible).map((o) => o.name);
    expect(offered).toContain('Fay Free');
    expect(offered).toContain('Cal Cover');
    for (const name of ['Ava Absent', 'Bo Busy', 'Sid Sick', 'Lee Leave']) expect(offered).not.toContain(name);
    const reason = (name: string) => cover.options.find((o) => o.name === name)?.reason;
    expect(reason('Sid Sick')).toBe('The back-up AMHP is off sick that day: choose an AMHP who is well');
    expect(reason('Lee Leave')).toBe('The back-up AMHP is on leave that day: choose an AMHP who is working');
    expect(reason('Bo Busy')).toMatch(/^The back-up AMHP is already on duty then \(the daytime shift Wed 11 Mar 09:00/);

    const manage = await signIn(manager);
    const page = await manage.get(`/duty/rota/shifts/${avaShift.id}/sickness`);
    expect(page.statusCode).toBe(200);
    const select = page.body.slice(page.body.indexOf('id="backupPersonId"'), page.body.indexOf('</select>', page.body.indexOf('id="backupPersonId"')));
    expect(select).toContain('Fay Free');
    expect(select).not.toContain('Sid Sick');
    expect(select).not.toContain('Bo Busy');
    expect(textOf(page.body)).toContain('Lee Leave: The back-up AMHP is on leave that day');

    for (const [person, message] of [
      [sick, 'The back-up AMHP is off sick that day: choose an AMHP who is well'],
      [away, 'The back-up AMHP is on leave that day: choose an AMHP who is working'],
      [busy, 'The back-up AMHP is already on duty then'],
    ] as const) {
      const refused = await manage.post(`/duty/rota/shifts/${avaShift.id}/sickness`, { useBackup: 'yes', backupPersonId: person.id });
      expect(refused.statusCode).toBe(422);
      expect(textOf(refused.body)).toContain(message);
      expect((await s.duty.rota.shift(manager.ctx, avaShift.id)).status).toBe('planned');
    }
    expect((await s.duty.rota.changesOn(date)).filter((c) => c.absentPersonId === ava.id)).toEqual([]);

    const recorded = await manage.post(`/duty/rota/shifts/${avaShift.id}/sickness`, { useBackup: 'yes', backupPersonId: free.id });
    expect(recorded.statusCode).toBe(303);
    // The wrong back-up is corrected on the same page (once "already marked unavailable").
    const again = await manage.get(`/duty/rota/shifts/${avaShift.id}/sickness`);
    expect(textOf(again.body)).toMatch(/Back-up for a duty .*Back-up now: Fay Free ?, chosen by Meg Manager/);
    const sameOne = await manage.post(`/duty/rota/shifts/${avaShift.id}/backup`, { useBackup: 'yes', backupPersonId: free.id });
    expect(sameOne.statusCode).toBe(422);
    const toSick = await manage.post(`/duty/rota/shifts/${avaShift.id}/backup`, { useBackup: 'yes', backupPersonId: sick.id });
    expect(textOf(toSick.body)).toContain('The back-up AMHP is off sick that day');
    const corrected = await manage.post(`/duty/rota/shifts/${avaShift.id}/backup`, { useBackup: 'yes', backupPersonId: later.id });
    expect(corrected.statusCode).toBe(303);
    const shifts = await s.duty.rota.shiftsBetween(date, date);
    expect(shifts.filter((x) => x.personId === free.id).map((x) => x.status)).toEqual(['cancelled']);
    expect(shifts.filter((x) => x.personId === later.id).map((x) => [x.status, x.coversShiftId])).toEqual([['planned', avaShift.id]]);
    expect((await s.duty.rota.changesOn(date)).find((c) => c.absentPersonId === ava.id)).toMatchObject({ backupPersonId: later.id, decidedBy: manager.id });
  });

  it('never shows a sick AMHP on duty on the board or in the SITREP', async () => {
    const s = t.services;
    at(`${TEST_TODAY}T10:00`);
    const hal = await approvedAmhpForTest(s, 'Hal Unwell');
    const ivy = await approvedAmhpForTest(s, 'Ivy Well');
    await aShift(hal).build(s);
    await aShift(ivy).build(s);
    // Hal is recorded off sick for the day while still on a planned shift (as a wrongly kept back-up would be).
    await s.duty.rota.recordAbsence((await rotaPlanner(s)).ctx, { personId: hal.id, kind: 'sickness', from: TEST_TODAY, to: TEST_TODAY, note: null });
    const board = await s.duty.board.build(lead.ctx);
    expect(board.amhps.map((a) => a.name)).toContain('Ivy Well');
    expect(board.amhps.map((a) => a.name)).not.toContain('Hal Unwell');
    const sitrep = await s.duty.sitrep.build(lead.ctx, TEST_TODAY);
    expect(sitrep.staffing.onDuty.map((p) => p.name)).toContain('Ivy Well');
    expect(sitrep.staffing.onDuty.map((p) => p.name)).not.toContain('Hal Unwell');
    expect(sitrep.staffing.sick.map((p) => p.name)).toContain('Hal Unwell');
    at(`${TEST_TODAY}T09:00`);
  });
});

describe('an AMHP reports their own sickness (item 11)', () => {
  it('marks their duties unavailable, tells the line manager and managers, and the line manager chooses the back-up', async () => {
    const s = t.services;
    const day = '2026-03-16';
    const ned = await aPerson('Ned Poorly').withRoles('amhp').inTeam('daytime').managedBy(lina).build(s);
    await approveForTest(s, ned);
    const cover = await approvedAmhpForTest(s, 'Cora Cover');
    const shift = await aShift(ned).on(day).build(s);

    const browser = await signIn(ned);
    const form = await browser.get('/duty/my-sickness');
    expect(form.statusCode).toBe(200);
    expect(textOf(form.body)).toContain('Report your sickness');
    const bad = await browser.post('/duty/my-sickness', { 'from-day': '16', 'from-month': '3', 'from-year': '2026', 'to-day': '13', 'to-month': '3', 'to-year': '2026' });
    expect(bad.statusCode).toBe(422);
    expect(textOf(bad.body)).toContain('The last day off sick must be the same as or after the first day');
    expect((await s.duty.rota.shift(lead.ctx, shift.id)).status).toBe('planned');

    const reported = await browser.post('/duty/my-sickness', { 'from-day': '16', 'from-month': '3', 'from-year': '2026', 'to-day': '17', 'to-month': '3', 'to-year': '2026', note: 'Flu' });
    expect(reported.statusCode).toBe(303);
    expect(reported.headers.location).toBe('/duty/my-duties');
    expect(textOf((await browser.get('/duty/my-duties')).body)).toMatch(/Sickness reported 1 duty is marked unavailable\. 3 managers have been told/);
    expect((await s.duty.rota.shift(lead.ctx, shift.id)).status).toBe('unavailable');

    const outbox = await t.tables.selectFrom('notificationOutbox').select(['recipientAddress', 'subject', 'body']).where('subject', 'like', 'Sickness reported: Ned Poorly%').execute();
    expect(outbox.map((m) => m.recipientAddress).sort()).toEqual([lina.email, manager.email, lead.email].sort());
    expect(outbox[0]?.subject).toBe('Sickness reported: Ned Poorly, Monday 16 March 2026 to Tuesday 17 March 2026');
    expect(outbox[0]?.body).toContain(`/duty/rota/shifts/${shift.id}/sickness`);

    // Only his line manager (or a lead or operational manager) decides the back-up.
    const other = await signIn(otherLineManager);
    expect((await other.get(`/duty/rota/shifts/${shift.id}/sickness`)).statusCode).toBe(403);
    const manages = await signIn(lina);
    const page = await manages.get(`/duty/rota/shifts/${shift.id}/sickness`);
    expect(textOf(page.body)).toMatch(/reported by the AMHP themselves.*No back-up decided yet/);
    const chosen = await manages.post(`/duty/rota/shifts/${shift.id}/backup`, { useBackup: 'yes', backupPersonId: cover.id });
    expect(chosen.statusCode).toBe(303);
    expect((await s.duty.rota.changesOn(day)).find((c) => c.absentPersonId === ned.id)).toMatchObject({ backupPersonId: cover.id, decidedBy: lina.id, recordedBy: ned.id });
  });

  it('is an API operation too, refused for a day already past', async () => {
    const sam = await approvedAmhpForTest(t.services, 'Sam Selfreport');
    const token = await apiToken(t.app, sam.email, BASE.password);
    const past = await t.app.inject({ method: 'POST', url: '/api/v1/duty/my-sickness', headers: { authorization: `Bearer ${token}` }, payload: { from: '2026-03-09' } });
    expect(past.statusCode).toBe(422);
    expect(past.json()).toMatchObject({ code: 'sickness_in_past' });
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/duty/my-sickness', headers: { authorization: `Bearer ${token}` }, payload: { from: '2026-03-20' } });
    expect(ok.statusCode).toBe(201);
    expect(ok.json()).toMatchObject({ shifts: [], notified: 2 });
  });
});

describe('the morning meeting sheet (item 4)', () => {
  it('sorts the previous working day’s outcomes, pending and new referrals, and records a candidate attending', async () => {
    const s = t.services;
    // Monday 9 March is the previous working day for Tuesday 10 March.
    at('2026-03-02T11:00');
    const olderOpen = await referralForTest(s, { receivedAt: '2026-03-02T10:00' });
    at('2026-03-09T14:00');
    const closedMonday = await referralForTest(s, { receivedAt: '2026-03-05T10:00', decidedBy: lead, notProceeding: true, closed: true });
    const openFromMonday = await referralForTest(s, { receivedAt: '2026-03-09T10:00' });
    at(`${TEST_TODAY}T08:30`);
    const lastYearClosedToday = await referralForTest(s, { receivedAt: '2025-12-15T10:00', decidedBy: lead, notProceeding: true, closed: true });
    const overnight = await referralForTest(s, { receivedAt: '2026-03-09T22:00' });
    at(`${TEST_TODAY}T09:00`);

    const browser = await signIn(lead);
    const html = (await browser.get(`/duty/allocation-sheet/${TEST_TODAY}`)).body;
    const text = textOf(html);
    const section = (title: string, next: string) => text.slice(text.indexOf(title), text.indexOf(next, text.indexOf(title)));
    const previous = section("Outcomes of the previous working day's referrals", 'Pending or in progress from earlier days');
    const pending = section('Pending or in progress from earlier days', 'New referrals');
    const fresh = text.slice(text.indexOf('New referrals ('));
    expect(previous).toContain(closedMonday.reference);
    expect(previous).not.toContain(openFromMonday.reference);
    expect(previous).not.toContain(lastYearClosedToday.reference);
    expect(previous).not.toContain(olderOpen.reference);
    expect(pending).toContain(olderOpen.reference);
    expect(pending).toContain(openFromMonday.reference);
    expect(fresh).toContain(overnight.reference);
    expect(text).not.toMatch(new RegExp(`${lastYearClosedToday.reference}`));

    const sheet = await s.duty.sheets.load(lead.ctx, TEST_TODAY);
    const saved = await browser.post(`/duty/allocation-sheet/${TEST_TODAY}/attendance`, { attendees: [`${lead.id}|amhp-lead`, `${manager.id}|operational-manager`], candidates: 'Priya Candidate\nTom Trainee', version: String(sheet.version) });
    expect(saved.statusCode).toBe(303);
    const view = await s.duty.sheets.view(lead.ctx, TEST_TODAY, { audit: false });
    expect(view.attendees.map((a) => `${a.name} (${a.roleLabel})`)).toEqual(['Lena Lead (AMHP Lead)', 'Meg Manager (AMHP operational manager)', 'Priya Candidate (AMHP candidate or trainee)', 'Tom Trainee (AMHP candidate or trainee)']);
    const page = textOf((await browser.get(`/duty/allocation-sheet/${TEST_TODAY}`)).body);
    expect(page).toContain('Meg Manager AMHP operational manager');
    expect(page).not.toMatch(/Meg Manager admin/);
    const pdf = await pdfText((await browser.get(`/duty/allocation-sheet/${TEST_TODAY}/pdf`)).rawPayload);
    expect(pdf).toContain('Meg Manager (AMHP operational manager), Priya Candidate (AMHP candidate or trainee), Tom Trainee (AMHP candidate or trainee)');
    expect(pdf).not.toContain('(admin)');
  });
});

describe('the s136 end where the Lead decides (item 6) and handovers of several referrals (item 7)', () => {
  it('shows the s136 end on the referral, the board, the sheet and its PDF, and a two-referral handover sent and accepted', async () => {
    const s = t.services;
    at(`${TEST_TODAY}T08:00`);
    const held = await aReferral({ legalStatus: 's136' }).received(`${TEST_TODAY}T07:45`).underSection136(`${TEST_TODAY}T07:30`).build(s);
    const other = await referralForTest(s, { receivedAt: `${TEST_TODAY}T07:50` });
    at(`${TEST_TODAY}T16:50`);
    const ends = '11 March 2026, 07:30';

    const browser = await signIn(lead);
    expect(textOf((await browser.get(`/referrals/${held.id}`)).body)).toContain(`s136 ends ${ends}`);
    const board = textOf((await browser.get('/duty/board')).body);
    expect(board).toMatch(new RegExp(`${held.reference} .*11 Mar 07:30`));
    expect(textOf((await browser.get(`/duty/allocation-sheet/${TEST_TODAY}`)).body)).toMatch(new RegExp(`${held.reference}.*s136 ends ${ends}`));
    expect(await pdfText((await browser.get(`/duty/allocation-sheet/${TEST_TODAY}/pdf`)).rawPayload)).toMatch(new RegExp(`${held.reference} .*s136 ends Wed 11 Mar 07:30`));

    // A handover without referrals is refused, nothing sent.
    const before = (await s.duty.handovers.list(lead.ctx)).length;
    const empty = await browser.post('/duty/handovers', { direction: 'daytime-to-edt', documentsSent: '' });
    expect(empty.statusCode).toBe(400);
    expect(textOf(empty.body)).toContain('Select at least one referral to hand over');
    const token = await apiToken(t.app, lead.email, BASE.password);
    const emptyApi = await t.app.inject({ method: 'POST', url: '/api/v1/duty/handovers', headers: { authorization: `Bearer ${token}` }, payload: { from: { kind: 'team', team: 'daytime' }, to: { kind: 'team', team: 'edt' }, items: [] } });
    expect(emptyApi.statusCode).toBe(400);
    expect((await s.duty.handovers.list(lead.ctx)).length).toBe(before);

    const form = await browser.get('/duty/handovers/new');
    expect(form.body).toContain('name="items.1.referralId"');
    const sent = await browser.post('/duty/handovers', {
      direction: 'daytime-to-edt',
      'items.0.referralId': held.id,
      'items.0.done': 'Doctors booked for 18:30',
      'items.0.outstanding': 'Interview before the s136 ends',
      'items.0.contingency': 'Police to stay',
      'items.1.referralId': other.id,
      'items.1.done': 'Referral reviewed',
      'items.1.outstanding': 'Assessment tomorrow',
      'items.1.contingency': 'None agreed',
      documentsSent: 'Referral forms',
    });
    expect(sent.statusCode).toBe(303);
    const url = String(sent.headers.location);
    const own = textOf((await browser.get(url)).body);
    expect(own).toContain(`s136 ends ${ends}`);
    expect(own).toContain(held.reference);
    expect(own).toContain(other.reference);
    expect(own).not.toContain('Accept handover');
    expect(own).toContain('You sent this handover: someone else in the EDT must accept it');
    const ownAccept = await browser.post(`${url}/accept`, {});
    expect(ownAccept.statusCode).toBe(422);
    expect(textOf(ownAccept.body)).toContain('You sent this handover, so you cannot accept it');

    const edt = await signIn(edtOfficer);
    expect(textOf((await edt.get(url)).body)).toContain('Accept handover of all 2 referrals');
    expect((await edt.post(`${url}/accept`, {})).statusCode).toBe(303);
    const accepted = textOf((await edt.get(url)).body);
    expect(accepted).toMatch(/Accepted by Eddie Edt/);
    expect(accepted).toContain(`s136 ends ${ends}`);
    for (const referral of [held, other]) {
      const holders = await s.duty.handovers.responsibility(lead.ctx, referral.id);
      expect(holders.at(-1)?.holderLabel).toBe('EDT');
    }
    at(`${TEST_TODAY}T09:00`);
  });
});
