import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../test/support/base-data.js';
import { aHandover, approvedAmhpForTest, aShift, dutyLead, referralForTest, rotaPlanner, type TestReferral } from '../../../test/support/builders/duty-builders.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { TEST_TODAY, testClock } from '../../../test/support/test-clock.js';

// The duty pages through the real app (templates, CSRF, sessions) on the base template, on the
// test date: Tuesday 10 March 2026, 09:00.

let t: TestApp;
let ava: TestPerson;
let ben: TestPerson;
let lead: TestPerson;
let manager: TestPerson;
let support: TestPerson;
let edtOfficer: TestPerson;
let decided: TestReferral;
let waiting: TestReferral;

beforeAll(async () => {
  t = await createTestApp({ template: 'base', clock: testClock() });
  ava = await approvedAmhpForTest(t.services, 'Ava Amhp');
  ben = await approvedAmhpForTest(t.services, 'Ben Backup');
  lead = await dutyLead(t.services);
  support = await rotaPlanner(t.services);
  manager = await aPerson('Meg Manager').withRoles('operational_manager').inTeam('daytime').build(t.services);
  edtOfficer = await aPerson('Eddie Edt').withRoles('edt_officer').inTeam('edt').build(t.services);
  await aShift(ava).build(t.services);
  decided = await referralForTest(t.services, { decidedBy: lead });
  waiting = await referralForTest(t.services);
  await aHandover(waiting.id).sentBy(ava).build(t.services);
}, 180_000); // builds people (password hashing), slow on a shared machine
afterAll(async () => t.close());

const signIn = (person: { email: string }) => signedInBrowser(t.app, person.email, BASE.password);

describe('the duty day on the pages', () => {
  it('shows a lead the board, rota, sheet, handovers and SITREP with the day in them', async () => {
    const browser = await signIn(lead);
    const board = await browser.get('/duty/board');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('data-live-source="/duty/board/events"');
    const boardText = textOf(board.body);
    expect(boardText).toContain('Ava Amhp');
    expect(boardText).toContain(`${decided.reference}`);
    expect(boardText).toMatch(/Daytime AMHP service to EDT ?, sent 10 Mar 09:00/);
    expect(textOf((await browser.get('/duty/rota')).body)).toMatch(/Duty rota: 2026-03 .*Ava Amhp.*Agreed frequency against planned/);
    const sheet = await browser.get('/duty/allocation-sheet');
    expect(sheet.statusCode).toBe(303);
    expect(sheet.headers.location).toBe(`/duty/allocation-sheet/${TEST_TODAY}`);
    const sheetText = textOf((await browser.get(String(sheet.headers.location))).body);
    expect(sheetText).toMatch(/Allocation sheet: Tuesday 10 March 2026/);
    expect(sheetText).toMatch(new RegExp(`New referrals \\(2\\).*${decided.reference}.*Reviewed by Lena Lead`));
    expect(sheetText).toMatch(/Who attended the morning meeting .*Save attendance.*Save decision.*Finalise the sheet/);
    expect(textOf((await browser.get('/duty/handovers')).body)).toMatch(new RegExp(`Awaiting acceptance.*Daytime AMHP service to EDT.*${waiting.reference}`));
    expect(textOf((await browser.get('/duty/sitrep')).body)).toMatch(/Daily SITREP: Tuesday 10 March 2026 .*Referrals received 2 /);
  });

  it('serves the SITREP as PDF and text, and the finalised sheet as PDF, each with the names and figures', async () => {
    const browser = await signIn(lead);
    const sitrep = await browser.get(`/duty/sitrep/${TEST_TODAY}/pdf`);
    expect(sitrep.headers['content-type']).toBe('application/pdf');
    const sitrepText = await pdfText(sitrep.rawPayload);
    expect(sitrepText).toContain(`Daily SITREP: ${t.services.config.serviceName}`);
    expect(sitrepText).toContain('Tuesday 10 March 2026');
    expect(sitrepText).toContain('Referrals received: 2');
    expect(sitrepText).toContain('Open handovers: 1 (0 overdue)');
    expect(sitrepText).toContain('On duty (daytime): Ava Amhp');
    expect(sitrepText).toContain(waiting.reference);
    const text = await browser.get(`/duty/sitrep/${TEST_TODAY}/text`);
    expect(text.body).toMatch(/^Daily SITREP/);
    expect(text.body.split('\n').every((line) => line.length <= 80)).toBe(true);

    await browser.get(`/duty/allocation-sheet/${TEST_TODAY}`);
    const attended = await browser.post(`/duty/allocation-sheet/${TEST_TODAY}/attendance`, { attendees: [`${lead.id}|amhp-lead`, `${ava.id}|amhp`], challenges: 'Bed shortage in the north', version: '1' });
    expect(attended.statusCode).toBe(303);
    await browser.get(`/duty/allocation-sheet/${TEST_TODAY}`);
    const allocated = await browser.post(`/duty/allocation-sheet/${TEST_TODAY}/decisions`, { referralId: decided.id, decision: 'allocate', amhpId: ava.id, version: '2', referralVersion: String(decided.version) });
    expect(allocated.statusCode).toBe(303);
    const finalised = await browser.post(`/duty/allocation-sheet/${TEST_TODAY}/finalise`, { version: '3' });
    expect(finalised.statusCode).toBe(303);
    const pdf = await browser.get(`/duty/allocation-sheet/${TEST_TODAY}/pdf`);
    expect(pdf.headers['content-disposition']).toBe(`attachment; filename="allocation-sheet-${TEST_TODAY}.pdf"`);
    const sheetText = await pdfText(pdf.rawPayload);
    expect(sheetText).toContain('Daily allocation sheet: Tuesday 10 March 2026');
    expect(sheetText).toContain('Finalised by Lena Lead at Tue 10 Mar 09:00');
    expect(sheetText).toContain('Lena Lead (AMHP Lead), Ava Amhp (AMHP)');
    expect(sheetText).toContain('New referrals (2)');
    expect(sheetText).toContain(`${decided.reference} received Tue 10 Mar 08:30`);
    expect(sheetText).toContain('Allocated to Ava Amhp; reviewed by Lena Lead');
    expect(sheetText).toContain('Bed shortage in the north');
  });

  it('a decision refused on the sheet is shown on its card with what was typed', async () => {
    const date = '2026-03-12'; // the referral is pending from an earlier day there
    const browser = await signIn(lead);
    await browser.get(`/duty/allocation-sheet/${date}`);
    const refused = await browser.post(`/duty/allocation-sheet/${date}/decisions`, { referralId: decided.id, decision: 'do-not-allocate', notAllocatedReason: '', plan: 'Call the GP', version: '1' });
    expect(refused.statusCode).toBe(400);
    expect(textOf(refused.body)).toContain('There is a problem Enter why no AMHP is allocated');
    expect(refused.body).toContain(`href="#notAllocatedReason-${decided.id}"`);
    expect(refused.body).toContain('value="Call the GP"');
  });

  it('plans the rota with a GOV.UK date input; refuses an AMHP, an overlap and 30 February with what was typed kept', async () => {
    const amhp = await signIn(ava);
    await amhp.get('/duty/rota');
    expect((await amhp.post('/duty/rota/shifts', { personId: ben.id, 'date-day': '11', 'date-month': '3', 'date-year': '2026', kind: 'daytime' })).statusCode).toBe(403);

    const planner = await signIn(support);
    await planner.get('/duty/rota');
    const planned = await planner.post('/duty/rota/shifts', { personId: ben.id, 'date-day': '11', 'date-month': '3', 'date-year': '2026', kind: 'edt', startTime: '2000', endTime: '0830' });
    expect(planned.statusCode).toBe(303);
    expect(planned.headers.location).toBe('/duty/rota?month=2026-03');
    const rota = textOf((await planner.get('/duty/rota?month=2026-03')).body);
    expect(rota).toContain('Ben Backup is on the rota for Wed 11 Mar 2026');

    const overlap = await planner.post('/duty/rota/shifts', { personId: ben.id, 'date-day': '11', 'date-month': '3', 'date-year': '2026', kind: 'edt' });
    expect(overlap.statusCode).toBe(422);
    expect(textOf(overlap.body)).toContain('There is a problem This AMHP is already on the EDT shift Wed 11 Mar 20:00 to Thu 12 Mar 08:30, which overlaps this shift');

    const impossible = await planner.post('/duty/rota/shifts', { personId: ben.id, 'date-day': '30', 'date-month': '2', 'date-year': '2026', kind: 'daytime' });
    expect(impossible.statusCode).toBe(400);
    expect(textOf(impossible.body)).toContain('The date of the shift must be a real date: February 2026 has 28 days: 30 is not a real day');
    expect(impossible.body).toContain('href="#date-day"');
    expect(impossible.body).toMatch(/name="date-day"[^>]*value="30"|value="30"[^>]*name="date-day"/);
  });

  it('the operational manager records sickness and a back-up without JavaScript', async () => {
    const shift = await aShift(ava).on('2026-03-13').build(t.services);
    const browser = await signIn(manager);
    const page = await browser.get(`/duty/rota/shifts/${shift.id}/sickness`);
    expect(textOf(page.body)).toContain('Ava Amhp, daytime duty on Friday 13 March 2026 (09:00 to 16:30)');
    const missing = await browser.post(`/duty/rota/shifts/${shift.id}/sickness`, { useBackup: 'yes', note: 'Called in at 07:50' });
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Select the back-up AMHP');
    expect(missing.body).toContain('Called in at 07:50');
    const done = await browser.post(`/duty/rota/shifts/${shift.id}/sickness`, { useBackup: 'yes', backupPersonId: ben.id, note: 'Called in at 07:50' });
    expect(done.statusCode).toBe(303);
    expect(textOf((await browser.get('/duty/board')).body)).toContain('Sickness recorded The back-up AMHP is on the rota and shown on the duty board.');
  });

  it('sends a handover and someone in EDT accepts it; an AMHP cannot', async () => {
    const referral = await referralForTest(t.services);
    const sender = await signIn(ava);
    await sender.get('/duty/handovers/new');
    const sent = await sender.post('/duty/handovers', {
      direction: 'daytime-to-edt',
      'items.0.referralId': referral.id,
      'items.0.done': 'Doctors booked for 18:30',
      'items.0.outstanding': 'Interview and application',
      'items.0.contingency': 'Crisis team to visit',
      documentsSent: 'Referral form',
    });
    expect(sent.statusCode).toBe(303);
    const url = String(sent.headers.location);
    const own = await sender.get(url);
    expect(textOf(own.body)).toMatch(/Handover sent: your team stays responsible until it is accepted.*Awaiting acceptance/);
    // The sender is not offered "Accept", and accepting anyway is refused with the reason (not a 403 page).
    expect(own.body).not.toContain('Accept handover');
    expect(textOf(own.body)).toContain('You sent this handover: someone else in the EDT must accept it');
    const ownAccept = await sender.post(`${url}/accept`, {});
    expect(ownAccept.statusCode).toBe(422);
    expect(textOf(ownAccept.body)).toContain('You sent this handover, so you cannot accept it: someone else in the EDT must accept it');
    expect(textOf(ownAccept.body)).not.toContain('You do not have permission');
    expect(textOf((await sender.get(url)).body)).toContain('Awaiting acceptance');
    const edt = await signIn(edtOfficer);
    await edt.get(url);
    expect((await edt.post(`${url}/accept`, {})).statusCode).toBe(303);
    expect(textOf((await edt.get(url)).body)).toMatch(/Accepted by Eddie Edt at 10 March 2026, 09:00: EDT is responsible/);
  });

  it('lets an AMHP keep the day after a duty for reports from "My duties"', async () => {
    const browser = await signIn(ava);
    const mine = await browser.get('/duty/my-duties');
    expect(textOf(mine.body)).toMatch(/Report-writing day Tue 10 Mar Daytime 09:00 to 17:00 Keep the next day for reports/);
    const shift = (await t.services.duty.rota.myDuties(ava.ctx))[0]!;
    const kept = await browser.post(`/duty/rota/shifts/${shift.id}/report-day`, { flag: 'yes', returnTo: 'my' });
    expect(kept.headers.location).toBe('/duty/my-duties');
    expect(textOf((await browser.get('/duty/my-duties')).body)).toContain('Wed 11 Mar 2026 is kept for writing reports');
  });

  it('lets an administrator edit the service hours and reports bad times against the field', async () => {
    const admin = await signIn({ email: BASE.admin.email });
    expect(textOf((await admin.get('/admin')).body)).toMatch(/Service hours/);
    expect((await admin.get('/admin/service-hours')).statusCode).toBe(200);
    const bad = await admin.post('/admin/service-hours', { version: '0', 'monday.open': 'yes', 'monday.opens': '17:00', 'monday.closes': '09:00', bankHolidaysToEdt: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toMatch(/Monday: The daytime service must close after it opens/);
    expect(bad.body).toContain('href="#monday-closes"');
  });
});
