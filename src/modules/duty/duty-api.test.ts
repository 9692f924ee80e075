import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../test/support/base-data.js';
import { aHandover, approvedAmhpForTest, approveForTest, aShift, dutyLead, referralForTest, rotaPlanner } from '../../../test/support/builders/duty-builders.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { apiToken } from '../../../test/support/http-client.js';
import { pdfText } from '../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import type { ManualClock } from '../../platform/clock.js';
import { TEST_NOW, TEST_TODAY, testClock } from '../../../test/support/test-clock.js';

// The duty API on the base template: the one time rule, one error shape, writes that return the
// resource with its version, and every operation the pages have.

let t: TestApp;
let clock: ManualClock;
let ava: TestPerson;
let ben: TestPerson;
let lead: TestPerson;
let manager: TestPerson;
let edtOfficer: TestPerson;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  clock = testClock();
  t = await createTestApp({ template: 'base', clock });
  ava = await approvedAmhpForTest(t.services, 'Ava Amhp');
  ben = await approvedAmhpForTest(t.services, 'Ben Backup');
  lead = await dutyLead(t.services);
  manager = await aPerson('Meg Manager').withRoles('operational_manager').inTeam('daytime').build(t.services);
  edtOfficer = await aPerson('Eddie Edt').withRoles('edt_officer').inTeam('edt').build(t.services);
  const support = await rotaPlanner(t.services);
  for (const [key, person] of Object.entries({ ava, lead, manager, edt: edtOfficer, support, admin: { email: BASE.admin.email } })) tokens[key] = await apiToken(t.app, person.email, BASE.password);
}, 180_000); // builds people (password hashing), slow on a shared machine
afterAll(async () => t.close());

function call(who: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
  return t.app.inject({ method, url, headers: { authorization: `Bearer ${tokens[who]}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** The fields a 400 names. */
const fieldsOf = (response: LightMyRequestResponse) => (response.json() as { details: { fieldErrors: Array<{ field: string; message: string }> } }).details.fieldErrors;

describe('the rota', () => {
  it('reads a wall-clock time as London time, in summer too, and returns the shift with its version', async () => {
    const response = await call('support', 'POST', '/api/v1/duty/rota/shifts', { personId: ava.id, date: '2026-07-14', kind: 'edt', startsAt: '2026-07-14T20:00', endsAt: '2026-07-15T08:30' });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ personName: 'Ava Amhp', date: '2026-07-14', kind: 'edt', start: '2026-07-14T19:00:00.000Z', end: '2026-07-15T07:30:00.000Z', status: 'planned', version: 1 });
  });

  it('refuses 30 February, a time the clocks skip and a malformed id, naming the field', async () => {
    const february = await call('support', 'POST', '/api/v1/duty/rota/shifts', { personId: ava.id, date: '2026-02-30', kind: 'daytime' });
    expect(february.statusCode).toBe(400);
    expect(fieldsOf(february)).toEqual([{ field: 'date', message: 'February 2026 has 28 days: 30 is not a real day' }]);
    const gap = await call('support', 'POST', '/api/v1/duty/rota/shifts', { personId: ava.id, date: '2026-03-28', kind: 'edt', startsAt: '2026-03-29T01:30', endsAt: '2026-03-29T09:00' });
    expect(fieldsOf(gap)).toEqual([{ field: 'startsAt', message: expect.stringMatching(/^01:30 on 29 March 2026 did not happen in the UK/) }]);
    const sheet = await call('lead', 'GET', '/api/v1/duty/allocation-sheets/2026-02-30');
    expect(sheet.statusCode).toBe(400);
    expect(fieldsOf(sheet).map((f) => f.field)).toEqual(['date']);
    const id = await call('support', 'POST', '/api/v1/duty/rota/shifts/not-a-uuid/cancel');
    expect(id.statusCode).toBe(400);
    expect(fieldsOf(id)).toEqual([{ field: 'id', message: 'Not a valid id' }]);
  });

  it('refuses an AMHP who may not act, with the rule and the field', async () => {
    const lapsed = await aPerson('Lars Lapsed').withRoles('amhp').build(t.services);
    await approveForTest(t.services, lapsed, { from: '2020-01-01' });
    const response = await call('support', 'POST', '/api/v1/duty/rota/shifts', { personId: lapsed.id, date: TEST_TODAY, kind: 'daytime' });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ code: 'amhp_not_eligible', details: { failures: [{ rule: 'amhp_not_eligible', severity: 'E', field: 'personId' }], warnings: [] } });
    const options = (await call('lead', 'GET', `/api/v1/duty/rota/amhps?date=${TEST_TODAY}`)).json() as Array<{ name: string; eligible: boolean; reason: string | null }>;
    expect(options.find((o) => o.name === 'Ava Amhp')).toMatchObject({ eligible: true, reason: null });
    expect(options.find((o) => o.name === 'Lars Lapsed')).toMatchObject({ eligible: false, reason: expect.stringMatching(/^Lars Lapsed: /) });
  });

  it('cancels, flags report days, records agreed frequency and sickness, each returning what changed', async () => {
    const shift = await aShift(ava).on('2026-03-11').build(t.services);
    const reportDay = await call('ava', 'POST', `/api/v1/duty/rota/shifts/${shift.id}/report-day`, { flag: true });
    expect(reportDay.json()).toMatchObject({ reportWritingDay: '2026-03-12', version: 2 });
    expect((await call('ava', 'GET', '/api/v1/duty/my-duties')).json()).toContainEqual(expect.objectContaining({ id: shift.id, reportWritingDay: '2026-03-12' }));

    const sick = await call('manager', 'POST', `/api/v1/duty/rota/shifts/${shift.id}/sickness`, { backupPersonId: ben.id, note: 'Called in at 07:50' });
    expect(sick.statusCode).toBe(200);
    expect(sick.json()).toMatchObject({ shift: { status: 'unavailable', version: 3 }, backupShift: { personName: 'Ben Backup', coversName: 'Ava Amhp', version: 1 }, warnings: [] });
    const again = await call('manager', 'POST', `/api/v1/duty/rota/shifts/${shift.id}/sickness`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'already_unavailable' });

    const other = await aShift(ben).on('2026-03-16').build(t.services);
    const cancelled = await call('support', 'POST', `/api/v1/duty/rota/shifts/${other.id}/cancel`);
    expect(cancelled.json()).toMatchObject({ id: other.id, status: 'cancelled', version: 2 });
    expect((await call('support', 'POST', `/api/v1/duty/rota/shifts/${other.id}/cancel`)).json()).toMatchObject({ code: 'already_cancelled' });
    expect((await call('lead', 'GET', `/api/v1/duty/rota/shifts/${other.id}`)).json()).toMatchObject({ status: 'cancelled', version: 2 });

    const agreed = await call('support', 'POST', '/api/v1/duty/rota/agreements', { personId: ava.id, shiftsPerMonth: 3 });
    expect(agreed.json()).toEqual({ personId: ava.id, shiftsPerMonth: 3, version: 1 });
    const rota = (await call('lead', 'GET', '/api/v1/duty/rota?month=2026-03')).json() as { frequency: Array<{ name: string; agreed: number | null; planned: number }>; changes: unknown[] };
    expect(rota.frequency.find((f) => f.name === 'Ava Amhp')).toMatchObject({ agreed: 3, planned: 1 });
    expect(rota.changes).toEqual([expect.objectContaining({ absentName: 'Ava Amhp', backupName: 'Ben Backup', decidedByName: 'Meg Manager' })]);
  });
});

describe('handovers', () => {
  it('sends, accepts once, and withdraws, each returning the handover with its version', async () => {
    clock.set(`${TEST_TODAY}T10:00:00Z`);
    const referral = await referralForTest(t.services);
    const sent = await call('ava', 'POST', '/api/v1/duty/handovers', {
      from: { kind: 'team', team: 'daytime' },
      to: { kind: 'team', team: 'edt' },
      items: [{ referralId: referral.id, done: 'Doctors booked', outstanding: 'Assessment', contingency: 'None agreed' }],
    });
    expect(sent.statusCode).toBe(201);
    const handover = sent.json() as { id: string };
    expect(handover).toMatchObject({ status: 'sent', version: 1, sentByName: 'Ava Amhp', referralLabels: { [referral.id]: referral.reference }, warnings: [] });
    expect((await call('lead', 'GET', `/api/v1/duty/handovers/${handover.id}`)).json()).toMatchObject({ id: handover.id, canAccept: false });

    clock.set(`${TEST_TODAY}T10:05:00Z`);
    const accepted = await call('edt', 'POST', `/api/v1/duty/handovers/${handover.id}/accept`, {});
    expect(accepted.json()).toMatchObject({ status: 'accepted', acceptedByName: 'Eddie Edt', version: 2 });
    const again = await call('edt', 'POST', `/api/v1/duty/handovers/${handover.id}/accept`, {});
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'already_accepted', message: 'This handover was already accepted by Eddie Edt at Tue 10 Mar 10:05' });
    expect((await call('lead', 'GET', `/api/v1/duty/referrals/${referral.id}/responsibility`)).json()).toEqual([
      { from: '2026-03-10T09:30:00.000Z', to: '2026-03-10T10:00:00.000Z', holder: { kind: 'team', team: 'daytime' }, holderLabel: 'Daytime AMHP service', viaHandoverId: null, pendingHandoverIds: [] },
      { from: '2026-03-10T10:00:00.000Z', to: '2026-03-10T10:05:00.000Z', holder: { kind: 'team', team: 'daytime' }, holderLabel: 'Daytime AMHP service', viaHandoverId: null, pendingHandoverIds: [handover.id] },
      { from: '2026-03-10T10:05:00.000Z', to: null, holder: { kind: 'team', team: 'edt' }, holderLabel: 'EDT', viaHandoverId: handover.id, pendingHandoverIds: [] },
    ]);

    const second = await aHandover(referral.id).from('edt').to('daytime').sentBy(edtOfficer).build(t.services);
    const withdrawn = await call('edt', 'POST', `/api/v1/duty/handovers/${second.id}/withdraw`, { reason: 'Sent by mistake' });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', withdrawnReason: 'Sent by mistake', withdrawnByName: 'Eddie Edt', version: 2 });
    expect(fieldsOf(await call('edt', 'POST', `/api/v1/duty/handovers/${second.id}/withdraw`, {}))).toEqual([{ field: 'reason', message: 'Enter why the handover is being withdrawn' }]);
    clock.set(TEST_NOW);
  });

  it('refuses a warrant without a reason, naming the item field', async () => {
    const referral = await referralForTest(t.services);
    const response = await call('ava', 'POST', '/api/v1/duty/handovers', {
      from: { kind: 'team', team: 'daytime' },
      to: { kind: 'team', team: 'edt' },
      items: [{ referralId: referral.id, done: 'a', outstanding: 'b', contingency: 'c', warrantApplication: true }],
    });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual([{ field: 'items.0.warrantReason', message: 'Enter why the warrant (s135) application is being handed over' }]);
  });
});

describe('the allocation sheet', () => {
  it('runs the morning meeting: attendance, decisions, finalising and an amendment, each returning the sheet with its version', async () => {
    const date = '2026-03-17';
    const referral = await referralForTest(t.services, { decidedBy: lead, receivedAt: '2026-03-10T08:45' });
    const sheet = (await call('lead', 'GET', `/api/v1/duty/allocation-sheets/${date}`)).json() as { version: number };
    expect(sheet).toMatchObject({ date, status: 'draft', previousWorkingDay: '2026-03-16' });
    const attended = await call('lead', 'POST', `/api/v1/duty/allocation-sheets/${date}/attendance`, { attendees: [{ personId: lead.id, role: 'amhp-lead' }], challenges: 'No beds in the north', version: sheet.version });
    expect(attended.json()).toMatchObject({ attendees: [{ name: 'Lena Lead', role: 'amhp-lead' }], challenges: 'No beds in the north', version: sheet.version + 1 });

    const reviewer = await call('lead', 'POST', `/api/v1/duty/allocation-sheets/${date}/decisions`, { referralId: referral.id, decision: { kind: 'allocated', amhpId: lead.id }, version: sheet.version + 1 });
    expect(reviewer.statusCode).toBe(422);
    expect(reviewer.json()).toMatchObject({ code: 'reviewer_cannot_assess', details: { failures: [{ rule: 'reviewer_cannot_assess', field: 'amhpId' }] } });
    const stale = await call('lead', 'POST', `/api/v1/duty/allocation-sheets/${date}/decisions`, { referralId: referral.id, decision: { kind: 'not-allocated', reason: 'x' }, version: sheet.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', details: { currentVersion: sheet.version + 1 } });

    const decided = await call('lead', 'POST', `/api/v1/duty/allocation-sheets/${date}/decisions`, { referralId: referral.id, decision: { kind: 'allocated', amhpId: ava.id }, version: sheet.version + 1 });
    expect(decided.json()).toMatchObject({ version: sheet.version + 2, warnings: ['This AMHP is not on the duty rota today'] });
    const finalised = await call('lead', 'POST', `/api/v1/duty/allocation-sheets/${date}/finalise`, { version: sheet.version + 2 });
    expect(finalised.json()).toMatchObject({ status: 'finalised', finalisedByName: 'Lena Lead', version: sheet.version + 3 });
    const amended = await call('lead', 'POST', `/api/v1/duty/allocation-sheets/${date}/amendments`, { referralId: referral.id, decision: { kind: 'allocated', amhpId: ben.id }, reason: 'Ava called away', version: sheet.version + 3 });
    expect(amended.json()).toMatchObject({ version: sheet.version + 4, amendments: [{ byName: 'Lena Lead', reason: 'Ava called away', what: `Allocation changed from allocated to ${ava.id} to allocated to ${ben.id}` }] });

    const pdf = await call('lead', 'GET', `/api/v1/duty/allocation-sheets/${date}/pdf`);
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Daily allocation sheet: Tuesday 17 March 2026');
    expect(text).toContain('Allocated to Ben Backup; reviewed by Lena Lead');
    expect(text).toContain('Lena Lead: Allocation changed from allocated to');
  });
});

describe('board, SITREP and service hours', () => {
  it('answers who is responsible now and shows the board', async () => {
    expect((await call('lead', 'GET', '/api/v1/duty/responsible-team')).json()).toMatchObject({ team: 'daytime', mhaWorkTeam: 'daytime', localDate: TEST_TODAY, localTime: '09:00' });
    await aShift(ava).build(t.services);
    const board = (await call('lead', 'GET', '/api/v1/duty/board')).json() as { amhps: Array<{ name: string }>; counts: { onDuty: number } };
    expect(board.amhps.map((a) => a.name)).toEqual(['Ava Amhp']);
    expect(board.counts.onDuty).toBe(1);
  });

  it('gives the SITREP as data, text and PDF with the same figures', async () => {
    const sitrep = (await call('lead', 'GET', `/api/v1/duty/sitrep/${TEST_TODAY}`)).json() as { totals: { received: number; openHandovers: number }; staffing: { onDuty: Array<{ name: string }> }; text: string };
    expect(sitrep.staffing.onDuty.map((p) => p.name)).toEqual(['Ava Amhp']);
    expect(sitrep.text).toContain(`Referrals received:      ${sitrep.totals.received}`);
    const text = await pdfText((await call('lead', 'GET', `/api/v1/duty/sitrep/${TEST_TODAY}/pdf`)).rawPayload);
    expect(text).toContain(`Referrals received: ${sitrep.totals.received}`);
    expect(text).toContain(`Open handovers: ${sitrep.totals.openHandovers}`);
    expect(text).toContain('On duty (daytime): Ava Amhp');
  });

  it('lets an administrator change the service hours with the version read; a stale version is a conflict with the current one', async () => {
    const current = (await call('lead', 'GET', '/api/v1/duty/service-hours')).json() as { config: { days: Record<string, unknown> }; version: number };
    expect(current.version).toBe(0);
    const friday = { daytime: { opens: '09:00', closes: '17:00' }, edtOpens: '16:00' };
    const config = { ...current.config, days: { ...current.config.days, friday } };
    expect((await call('lead', 'PUT', '/api/v1/duty/service-hours', { config, version: 0 })).statusCode).toBe(403);
    const saved = await call('admin', 'PUT', '/api/v1/duty/service-hours', { config, version: 0 });
    expect(saved.json()).toMatchObject({ config: { days: { friday } }, version: 1 });
    const stale = await call('admin', 'PUT', '/api/v1/duty/service-hours', { config, version: 0 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', details: { currentVersion: 1 } });
  });

  it('documents every duty operation, instants as date-time', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as { paths: Record<string, Record<string, { requestBody?: { content: { 'application/json': { schema: { properties: Record<string, { format?: string }> } } } } }>> };
    expect(Object.keys(spec.paths).filter((p) => p.startsWith('/api/v1/duty/')).sort()).toEqual(
      [
        '/api/v1/duty/absences',
        '/api/v1/duty/allocation-sheets/{date}',
        '/api/v1/duty/allocation-sheets/{date}/amendments',
        '/api/v1/duty/allocation-sheets/{date}/attendance',
        '/api/v1/duty/allocation-sheets/{date}/decisions',
        '/api/v1/duty/allocation-sheets/{date}/finalise',
        '/api/v1/duty/allocation-sheets/{date}/pdf',
        '/api/v1/duty/board',
        '/api/v1/duty/handovers',
        '/api/v1/duty/handovers/{id}',
        '/api/v1/duty/handovers/{id}/accept',
        '/api/v1/duty/handovers/{id}/withdraw',
        '/api/v1/duty/my-duties',
        '/api/v1/duty/my-sickness',
        '/api/v1/duty/referrals/{id}/responsibility',
        '/api/v1/duty/responsible-team',
        '/api/v1/duty/rota',
        '/api/v1/duty/rota/agreements',
        '/api/v1/duty/rota/amhps',
        '/api/v1/duty/rota/shifts',
        '/api/v1/duty/rota/shifts/{id}',
        '/api/v1/duty/rota/shifts/{id}/backup',
        '/api/v1/duty/rota/shifts/{id}/cancel',
        '/api/v1/duty/rota/shifts/{id}/cover-options',
        '/api/v1/duty/rota/shifts/{id}/report-day',
        '/api/v1/duty/rota/shifts/{id}/sickness',
        '/api/v1/duty/service-hours',
        '/api/v1/duty/sitrep/{date}',
        '/api/v1/duty/sitrep/{date}/pdf',
      ].sort(),
    );
    const plan = spec.paths['/api/v1/duty/rota/shifts']!.post!.requestBody!.content['application/json'].schema.properties;
    expect(plan.startsAt?.format).toBe('date-time');
    expect(plan.date?.format).toBe('date');
  });
});
