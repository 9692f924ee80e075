import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { ConflictError, StateError, ValidationError } from '../../platform/errors.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Role } from '../../platform/roles.js';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import { londonInstant } from './duty-time.js';

// A Wednesday beyond the demo rota, inside the demo AMHPs' approvals, away from clock changes.
const DAY = '2027-03-10';
let t: TestServices;
let clock: ManualClock;

async function ctx(email: string): Promise<ServiceContext> {
  const row = await t.services.db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  const p = (await t.services.staff.findPerson(row.id))!;
  return { actor: { personId: p.id, name: p.name, email: p.email, roles: p.roles as Role[], organisationId: p.employingOrganisationId, teamId: p.teamId }, requestId: 'test' };
}

/** The sentence a user sees: the field error for a ValidationError, else the message. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'no refusal',
    (e: unknown) => (e instanceof ValidationError ? (e.fieldErrors[0]?.message ?? '') : e instanceof Error ? e.message : String(e)),
  );
}

async function personId(email: string): Promise<string> {
  return (await t.services.db.selectFrom('people').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

beforeAll(async () => {
  clock = new ManualClock(londonInstant(DAY, '10:00'));
  t = await createTestServices({ clock });
});
afterAll(async () => t.close());

describe('rota', () => {
  it('refuses an overlapping shift and an AMHP without a current approval, with the reason', async () => {
    const support = await ctx('support@example.org');
    const amhp = await personId('amhp@example.org');
    await t.services.duty.rota.planShift(support, { personId: amhp, date: DAY, kind: 'daytime' });
    expect(await refusal(t.services.duty.rota.planShift(support, { personId: amhp, date: DAY, kind: 'daytime', startTime: '12:00', endTime: '20:00' }))).toMatch(/already on the daytime shift .* which overlaps this shift/);
    // The demo AMHP whose register approval has lapsed (register-demo.ts: amhp26).
    const lapsed = await t.services.db.selectFrom('people').select('id').where('email', '=', 'zebedee.thistlewood@example.org').executeTakeFirst();
    if (lapsed) {
      const error = await t.services.duty.rota.planShift(support, { personId: lapsed.id, date: DAY, kind: 'edt' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors[0]?.message).toMatch(/cannot be put on the rota: .+/);
    }
  });

  it('records sickness: the AMHP is unavailable, the back-up covers the same hours and the board shows it', async () => {
    const support = await ctx('support@example.org');
    const manager = await ctx('manager@example.org');
    const sick = await personId('esther.valcourt@example.org');
    const backup = await personId('lead@example.org');
    const { id } = await t.services.duty.rota.planShift(support, { personId: sick, date: DAY, kind: 'daytime' });
    await expect(t.services.duty.rota.recordSickness(support, { shiftId: id, useBackup: 'no' })).rejects.toThrow(/permission/);
    const result = await t.services.duty.rota.recordSickness(manager, { shiftId: id, useBackup: 'yes', backupPersonId: backup });
    expect(result.backupShiftId).toBeTruthy();
    expect((await t.services.duty.rota.findShift(id))?.status).toBe('unavailable');
    const board = await t.services.duty.board.build(await ctx('lead@example.org'));
    expect(board.amhps.find((a) => a.personId === backup)?.coversForName).toBeTruthy();
    expect(board.changeRows.length).toBeGreaterThan(0);
    expect(await refusal(t.services.duty.rota.recordSickness(manager, { shiftId: id, useBackup: 'no' }))).toMatch(/already marked unavailable/);
  });
});

describe('allocation sheet', () => {
  it('finalising makes it read-only; later changes are amendments', async () => {
    const lead = await ctx('lead@example.org');
    const sheet = await t.services.duty.sheets.load(lead, DAY);
    await t.services.duty.sheets.recordAttendance(lead, DAY, { attendees: [`${lead.actor.personId}|amhp-lead`], expectedVersion: String(sheet.version) });
    const v = (await t.services.duty.sheets.load(lead, DAY)).version;
    await t.services.duty.sheets.finalise(lead, DAY, { expectedVersion: String(v) });
    const finalised = await t.services.duty.sheets.load(lead, DAY);
    expect(finalised.status).toBe('finalised');
    await expect(t.services.duty.sheets.recordAttendance(lead, DAY, { attendees: [], expectedVersion: String(finalised.version) })).rejects.toBeInstanceOf(StateError);
    const entry = finalised.entries.find((e) => e.section !== 'previous-day');
    if (entry) {
      const amhp = await personId('amhp@example.org');
      await t.services.duty.sheets.amend(lead, DAY, { referralId: entry.referralId, decision: 'allocate', amhpId: amhp, overrideReason: 'Reviewer is the only AMHP free today', reason: 'Allocated after the meeting', expectedVersion: String(finalised.version) });
      expect((await t.services.duty.sheets.load(lead, DAY)).amendments).toHaveLength(1);
    }
  });

  it('two leads deciding at once on the same sheet version: one wins, the other gets a conflict', async () => {
    const lead = await ctx('lead@example.org');
    const date = '2027-03-11';
    clock.set(londonInstant(date, '09:30'));
    const sheet = await t.services.duty.sheets.load(lead, date);
    const entry = sheet.entries.find((e) => e.section !== 'previous-day');
    const attempt = (reason: string) => t.services.duty.sheets.decide(lead, date, { referralId: entry?.referralId ?? 'x', decision: 'do-not-allocate', notAllocatedReason: reason, expectedVersion: String(sheet.version) });
    if (!entry) return;
    const results = await Promise.allSettled([attempt('Waiting for GP information'), attempt('Crisis team visiting first')]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toBeInstanceOf(ConflictError);
  });
});

describe('handovers', () => {
  async function referralId(): Promise<string> {
    const board = await t.services.duty.board.build(await ctx('lead@example.org'));
    const r = [...board.unallocated, ...board.amhps.flatMap((a) => a.allocations), ...board.allocatedOffDuty][0];
    if (!r) throw new Error('demo has no open referral');
    return r.referralId;
  }

  it('responsibility stays with the sender until someone in the receiving team accepts; a second acceptance is refused clearly', async () => {
    clock.set(londonInstant(DAY, '16:50'));
    const amhp = await ctx('amhp@example.org');
    const { id } = await t.services.duty.handovers.create(amhp, { direction: 'daytime-to-edt', items: [{ referralId: await referralId(), done: 'Reviewed', outstanding: 'Assessment', contingency: 'None agreed' }] });
    await expect(t.services.duty.handovers.accept(amhp, id, {})).rejects.toThrow(/Only someone in the EDT/);
    clock.set(londonInstant(DAY, '17:05'));
    const edt = await ctx('edt@example.org');
    const manager = await ctx('edt-manager@example.org');
    const results = await Promise.allSettled([t.services.duty.handovers.accept(edt, id, {}), t.services.duty.handovers.accept(manager, id, {})]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(loser.reason).toBeInstanceOf(StateError);
    expect(String(loser.reason.message)).toMatch(/already accepted by/);
    const view = await t.services.duty.handovers.get(edt, id);
    expect(view.status).toBe('accepted');
    await expect(t.services.duty.handovers.withdraw(amhp, id, { reason: 'Mistake' })).rejects.toThrow(/already accepted/);
  });

  it('a warrant handover needs a reason', async () => {
    const amhp = await ctx('amhp@example.org');
    await expect(t.services.duty.handovers.create(amhp, { direction: 'daytime-to-edt', items: [{ referralId: await referralId(), done: 'a', outstanding: 'b', contingency: 'c', warrantApplication: true }] })).rejects.toBeInstanceOf(ValidationError);
  });

  it('flags a handover not accepted within 30 minutes of the receiving service starting, once, to both leads', async () => {
    clock.set(londonInstant(DAY, '16:40'));
    const amhp = await ctx('amhp@example.org');
    const { id } = await t.services.duty.handovers.create(amhp, { direction: 'daytime-to-edt', items: [{ referralId: await referralId(), done: 'Reviewed', outstanding: 'Assessment', contingency: 'None agreed' }] });
    const outbox = () => t.services.db.selectFrom('notificationOutbox').select('id').where('subject', 'like', 'Handover not accepted%').execute();
    clock.set(londonInstant(DAY, '17:29'));
    await t.services.scheduler.runDue(true);
    expect((await t.services.duty.handovers.get(amhp, id)).flagged).toBe(false);
    const before = (await outbox()).length;
    clock.set(londonInstant(DAY, '17:31'));
    await t.services.scheduler.runDue(true);
    await t.services.scheduler.runDue(true);
    const leads = await t.services.staff.peopleWithRole(['amhp_lead', 'edt_manager']);
    expect((await outbox()).length).toBe(before + leads.length);
    expect((await t.services.duty.handovers.get(amhp, id)).flagged).toBe(true);
  });
});
