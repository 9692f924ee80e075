import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../platform/audit.js';
import { ManualClock } from '../../platform/clock.js';
import { addDays, londonParts } from '../../platform/london-time.js';
import type { Role } from '../../platform/roles.js';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import { policyKey } from './safety-service.js';

// Relative to the real now, like the demo data in the template database, at 10:00 UTC.
const START = `${new Date().toISOString().slice(0, 10)}T10:00:00Z`;

describe('safety service (real database, injected clock)', () => {
  let t: TestServices;
  let clock: ManualClock;
  const people = new Map<string, { id: string; roles: Role[]; teamId: string | null; organisationId: string; name: string }>();

  async function ctxOf(email: string): Promise<ServiceContext> {
    let person = people.get(email);
    if (!person) {
      const row = await t.services.db.selectFrom('people').select(['id', 'name', 'teamId', 'employingOrganisationId']).where('email', '=', email).executeTakeFirstOrThrow();
      const roles = (await t.services.db.selectFrom('personRoles').select('role').where('personId', '=', row.id).execute()).map((r) => r.role as Role);
      person = { id: row.id, roles, teamId: row.teamId, organisationId: row.employingOrganisationId, name: row.name };
      people.set(email, person);
    }
    return { actor: { personId: person.id, name: person.name, email, roles: person.roles, organisationId: person.organisationId, teamId: person.teamId }, requestId: 'test' };
  }

  const inMinutes = (m: number) => londonParts(new Date(clock.now().getTime() + m * 60_000));

  async function goOut(email: string, finishInMinutes: number, extra: Record<string, unknown> = {}) {
    const at = inMinutes(finishInMinutes);
    return t.services.safety.startVisit(await ctxOf(email), {
      place: '9 Example Street, Brackenford',
      with: ['colleague'],
      colleagueName: 'Sam Colleague',
      phone: '07700 900123',
      expectedFinishDate: at.date,
      expectedFinishTime: at.time,
      ...extra,
    });
  }

  async function trailTexts(visitId: string): Promise<string[]> {
    const record = await t.services.safety.visitRecord(await ctxOf('manager@example.org'), visitId);
    return record.trail.map((e) => e.text);
  }

  async function closeOpenVisits() {
    await t.services.db.updateTable('safetyVisits').set({ status: 'finished_safe', finishedAt: clock.now(), reportedFinish: 'safe' }).where('status', 'in', ['out', 'help_requested', 'duress']).execute();
  }

  beforeAll(async () => {
    clock = new ManualClock(START);
    t = await createTestServices({ clock });
    await closeOpenVisits();
  }, 60_000);
  afterAll(async () => t.close());

  it('escalates an overdue visit up the ladder, once per step, until the AMHP checks in safe', async () => {
    const safety = t.services.safety;
    const visitId = await goOut('amhp@example.org', 60);
    const lead = await ctxOf('lead@example.org');

    clock.advanceMinutes(60 + 14);
    await t.services.scheduler.runDue(true);
    expect(await safety.alerts(lead)).toHaveLength(0); // still in the grace period

    clock.advanceMinutes(2); // 16 minutes past the expected finish
    await t.services.scheduler.runDue(true);
    await t.services.scheduler.runDue(true); // running twice writes nothing more
    let alerts = (await safety.alerts(lead)).filter((a) => a.visitId === visitId);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.step.roleLabel).toBe('AMHP Lead');
    expect(alerts[0]?.forMe).toBe(true);
    expect(await safety.bannerFor(lead)).toMatchObject({ href: `/safety/visits/${visitId}` });
    const outbox = await t.services.db.selectFrom('notificationOutbox').select(['subject', 'recipientPersonId']).where('subject', 'like', 'Overdue:%').execute();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.recipientPersonId).toBe(lead.actor.personId);

    // Nobody acknowledges: 15 minutes later the next step is alerted, exactly once.
    clock.advanceMinutes(15);
    await t.services.scheduler.runDue(true);
    await t.services.scheduler.runDue(true);
    alerts = (await safety.alerts(lead)).filter((a) => a.visitId === visitId);
    expect(alerts.map((a) => a.stepIndex)).toEqual([0, 1]);
    const keys = await t.services.db.selectFrom('safetyEscalationRecords').select('key').where('visitId', '=', visitId).execute();
    expect(keys).toHaveLength(2);

    // The manager acknowledges, then the AMHP checks in safe: a stand-down follows.
    await safety.acknowledge(await ctxOf('manager@example.org'), alerts[1]?.key ?? '', { outcome: 'called_amhp' });
    clock.advanceMinutes(2);
    const view = await safety.checkIn(await ctxOf('amhp@example.org'), visitId, { action: 'safe' });
    expect(view.status).toBe('finished_safe');
    await t.services.scheduler.runDue(true);
    expect((await safety.alerts(lead)).filter((a) => a.visitId === visitId)).toHaveLength(0);
    expect(await trailTexts(visitId)).toEqual([
      'Went out to 9 Example Street, Brackenford',
      expect.stringMatching(/^Alerted AMHP Lead \(Morwenna Tregarth\) on 01632 960201$/),
      expect.stringMatching(/^Alerted AMHP operational manager \(Gareth Lindqvist\)/),
      'Called the AMHP, waiting for an answer',
      'Checked in: finished and safe',
      'Stand-down sent: the AMHP checked in safe',
    ]);
  });

  it('raises "I need help now" at once, on every lead’s banner', async () => {
    const visitId = await goOut('amhp@example.org', 60);
    await t.services.safety.checkIn(await ctxOf('amhp@example.org'), visitId, { action: 'help' });
    const banner = await t.services.safety.bannerFor(await ctxOf('lead@example.org'));
    expect(banner?.text).toContain('AMHP needs help now');
    expect(await t.services.safety.bannerFor(await ctxOf('edt-manager@example.org'))).not.toBeNull();
    expect(await t.services.safety.bannerFor(await ctxOf('amhp@example.org'))).toBeNull();
    const records = await t.services.db.selectFrom('safetyEscalationRecords').selectAll().where('visitId', '=', visitId).execute();
    expect(records.map((r) => [r.trigger, r.stepIndex])).toEqual([['help_requested', 0]]);
    await t.services.safety.resolveAlarm(await ctxOf('lead@example.org'), visitId, { note: 'Spoke to the AMHP, police attended' });
    expect(await t.services.safety.bannerFor(await ctxOf('lead@example.org'))).toBeNull();
  });

  it('a duress finish looks like a normal safe check-in to the AMHP but raises a silent alarm', async () => {
    const amhp = await ctxOf('edt@example.org');
    await expect(t.services.safety.setCodes(amhp, { checkinCode: '2580', checkinConfirmation: '2580', duressCode: '2580', duressConfirmation: '2580' })).rejects.toThrow();
    await t.services.safety.setCodes(amhp, { checkinCode: '2580', checkinConfirmation: '2580', duressCode: '7391', duressConfirmation: '7391' });
    const stored = await t.services.db.selectFrom('safetyCheckinCodes').selectAll().where('personId', '=', amhp.actor.personId).executeTakeFirstOrThrow();
    expect(stored.duressCodeHash).toMatch(/^\$argon2id\$/);

    const normalId = await goOut('edt@example.org', 30);
    await expect(t.services.safety.checkIn(amhp, normalId, { action: 'safe', code: '1111' })).rejects.toMatchObject({ fieldErrors: [{ field: 'code', message: 'Check-in code not recognised. Try again' }] });
    const normal = await t.services.safety.checkIn(amhp, normalId, { action: 'safe', code: '2580' });

    const duressId = await goOut('edt@example.org', 30);
    const duress = await t.services.safety.checkIn(amhp, duressId, { action: 'safe', code: '7391' });
    const strip = (v: typeof normal) => ({ ...v, id: '', startedAt: null, expectedFinishAt: null, finishedAt: null });
    expect(strip(duress)).toEqual(strip(normal));
    expect(duress.status).toBe('finished_safe');
    expect((await t.services.safety.ownVisit(amhp, duressId)).status).toBe('finished_safe');

    const row = await t.services.db.selectFrom('safetyVisits').select('status').where('id', '=', duressId).executeTakeFirstOrThrow();
    expect(row.status).toBe('duress');
    const edtManager = await ctxOf('edt-manager@example.org');
    expect((await t.services.safety.bannerFor(edtManager))?.text).toContain('Silent alarm');
    const board = await t.services.safety.board(edtManager);
    expect(board.rows[0]?.alert).toBe('duress');
    const alerted = await t.services.db.selectFrom('safetyEscalationRecords').select(['trigger', 'step']).where('visitId', '=', duressId).execute();
    expect(alerted).toHaveLength(1);
    expect(alerted[0]?.step?.roleLabel).toBe('EDT on-call manager');
    // The audit trail records a plain check-in for both.
    const audits = await t.services.db.selectFrom('auditLog').select(['action', 'summary']).where('entityId', 'in', [normalId, duressId]).where('action', 'like', 'visit_checked%').execute();
    expect(audits.map((a) => a.summary)).toEqual([{ how: 'safe' }, { how: 'safe' }]);
    await t.services.safety.resolveAlarm(edtManager, duressId, { note: 'Met the AMHP in person' });
  });

  it('refuses a check-in on someone else’s visit, and an expected finish in the past', async () => {
    const visitId = await goOut('amhp@example.org', 30);
    await expect(t.services.safety.checkIn(await ctxOf('lead@example.org'), visitId, { action: 'safe' })).rejects.toThrow(/only check in on your own visit/);
    const past = inMinutes(-5);
    await expect(
      t.services.safety.startVisit(await ctxOf('lead@example.org'), { place: 'Ward 3', with: ['police'], phone: '07700 900124', expectedFinishDate: past.date, expectedFinishTime: past.time }),
    ).rejects.toMatchObject({ fieldErrors: [{ field: 'expectedFinishTime', message: 'Expected finish must be in the future' }] });
    await expect(goOut('amhp@example.org', 30)).rejects.toThrow(/already recorded as out/);
    await expect(
      t.services.safety.startVisit(await ctxOf('lead@example.org'), { place: 'Ward 3', with: ['alone'], phone: '07700 900124', expectedFinishDate: inMinutes(30).date, expectedFinishTime: inMinutes(30).time }),
    ).rejects.toMatchObject({ fieldErrors: [{ field: 'aloneReason' }] });
    await t.services.safety.checkIn(await ctxOf('amhp@example.org'), visitId, { action: 'home' });
  });

  it('a check-in racing an escalation step keeps both records', async () => {
    const visitId = await goOut('amhp@example.org', 10);
    clock.advanceMinutes(10 + 15);
    await Promise.all([t.services.scheduler.runDue(true), t.services.safety.checkIn(await ctxOf('amhp@example.org'), visitId, { action: 'safe' })]);
    await t.services.scheduler.runDue(true);
    const texts = await trailTexts(visitId);
    expect(texts).toContain('Checked in: finished and safe');
    const row = await t.services.db.selectFrom('safetyVisits').select('status').where('id', '=', visitId).executeTakeFirstOrThrow();
    expect(row.status).toBe('finished_safe');
    // Either the alert landed first (then a stand-down follows) or the check-in did (no alert at all).
    if (texts.some((x) => x.startsWith('Alerted'))) expect(texts).toContain('Stand-down sent: the AMHP checked in safe');
  });

  it('alerts the AMHP Lead and line manager when a daytime shift passes 12 h, and an EDT shift 16 h', async () => {
    const amhp = await ctxOf('amhp@example.org');
    const edt = await ctxOf('edt@example.org');
    await t.services.db.updateTable('safetyWorkingDays').set({ endedAt: clock.now() }).where('endedAt', 'is', null).execute();
    clock.advanceMinutes(60);
    const started = londonParts(clock.now());
    await t.services.safety.startDay(amhp, { kind: 'daytime', startDate: started.date, startTime: started.time });
    await t.services.safety.startDay(edt, { kind: 'edt', startDate: started.date, startTime: started.time });
    const alertKinds = async () =>
      (await t.services.db.selectFrom('safetyLongShiftAlerts as a').innerJoin('safetyWorkingDays as d', 'd.id', 'a.workingDayId').select(['d.kind', 'a.kind as alert']).orderBy('a.at').execute()).map((r) => `${r.kind}:${r.alert}`);

    clock.advanceMinutes(10 * 60 + 59);
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toEqual([]);
    clock.advanceMinutes(1); // 11 h: an hour before the daytime limit
    await t.services.scheduler.runDue(true);
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toEqual(['daytime:pre_warning']);
    clock.advanceMinutes(60); // 12 h
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toEqual(['daytime:pre_warning', 'daytime:limit_passed']);
    const recipients = await t.services.db.selectFrom('notificationOutbox').select('recipientPersonId').where('subject', 'like', 'Long shift: Tobias%passed 12 hours').execute();
    const linemanager = await ctxOf('linemanager@example.org');
    expect(recipients.map((r) => r.recipientPersonId)).toEqual(expect.arrayContaining([linemanager.actor.personId, (await ctxOf('lead@example.org')).actor.personId]));

    // The EDT shift: the lead records a plan before the pre-warning, so only the limit alert goes.
    const day = await t.services.safety.longShifts(await ctxOf('edt-manager@example.org'));
    const edtDay = day.days.find((d) => d.amhpId === edt.actor.personId);
    await t.services.safety.recordPlan(await ctxOf('edt-manager@example.org'), edtDay?.id ?? '', { option: 'hand_over', agreedWith: 'EDT manager by phone', handOverTo: 'Daytime AMHP service' });
    clock.advanceMinutes(3 * 60 + 59);
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toHaveLength(2);
    clock.advanceMinutes(1); // 16 h
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toEqual(['daytime:pre_warning', 'daytime:limit_passed', 'edt:limit_passed']);
  });

  it('approves additional hours as TOIL (not one’s own), refuses overlapping claims, and updates the balance', async () => {
    const amhp = await ctxOf('amhp@example.org');
    const before = (await t.services.safety.myHours(amhp)).toilBalanceMinutes;
    const today = addDays(londonParts(clock.now()).date, -1);
    const claimId = await t.services.safety.submitClaim(amhp, { startDate: today, startTime: '00:10', endTime: '02:40', reason: 'bed_delay' });
    await expect(t.services.safety.submitClaim(amhp, { startDate: today, startTime: '02:00', endTime: '03:00', reason: 'late_referral' })).rejects.toThrow(/cannot be claimed twice/);
    await expect(t.services.safety.submitClaim(amhp, { startDate: today, startTime: '05:00', endTime: '04:00', reason: 'late_referral' })).rejects.toMatchObject({ fieldErrors: [{ field: 'endTime', message: 'End must be after start' }] });

    // Approving one's own claim is refused.
    const lead = await ctxOf('lead@example.org');
    const ownClaim = await t.services.safety.submitClaim(lead, { startDate: today, startTime: '00:10', endTime: '01:10', reason: 'transport_delay' });
    await expect(t.services.safety.decideClaim(await ctxOf('manager@example.org'), ownClaim, { decision: 'approve_toil' })).resolves.toBeUndefined();
    const manager = await ctxOf('manager@example.org');
    const managersOwn = await t.services.db
      .insertInto('safetyHoursClaims')
      .values({ amhpId: manager.actor.personId, startAt: new Date('2026-03-01T10:00:00Z'), endAt: new Date('2026-03-01T11:00:00Z'), reason: 'other', reasonDetail: 'x', referralId: null, referralReference: null, submittedAt: clock.now(), status: 'submitted', compensation: null, decidedBy: null, decidedAt: null, declineReason: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(t.services.safety.decideClaim(manager, managersOwn.id, { decision: 'approve_toil' })).rejects.toThrow(/your own claim/);

    // The AMHP's line manager approves as TOIL.
    await expect(t.services.safety.decideClaim(await ctxOf('edt-manager@example.org'), claimId, { decision: 'approve_toil' })).rejects.toThrow(/line manager/);
    await t.services.safety.decideClaim(await ctxOf('linemanager@example.org'), claimId, { decision: 'approve_toil' });
    expect((await t.services.safety.myHours(amhp)).toilBalanceMinutes).toBe(before + 150);
    const monthly = await t.services.safety.monthly(lead);
    expect(monthly.months.some((m) => m.rows.some((r) => r.name === 'Tobias Okonkwo-Reid'))).toBe(true);
  });

  it('tracks a debrief from request to held, with overdue ones first', async () => {
    const lead = await ctxOf('lead@example.org');
    const amhp = await ctxOf('amhp@example.org');
    const id = await t.services.safety.requestDebrief(lead, { amhpId: amhp.actor.personId, reason: 'Difficult assessment' });
    const list = await t.services.safety.debriefs(lead);
    expect(list.open[0]?.overdue).toBe(true); // the demo's ten-day-old request
    clock.advanceMinutes(60);
    const held = londonParts(clock.now());
    await expect(t.services.safety.debriefHeld(lead, id, { heldBy: amhp.actor.personId, heldDate: held.date, heldTime: held.time })).rejects.toThrow();
    await t.services.safety.debriefHeld(lead, id, { heldBy: lead.actor.personId, heldDate: held.date, heldTime: held.time });
    const after = await t.services.safety.debrief(amhp, id);
    expect(after.debrief.status).toBe('held');
    expect(after.debrief.heldByName).toBe('Morwenna Tregarth');
  });

  it('keeps the demo ladders as team configuration', async () => {
    const teams = await t.services.staff.teams();
    for (const team of teams) {
      const stored = await t.services.db.selectFrom('settings').select('key').where('key', '=', policyKey(team.id)).executeTakeFirst();
      expect(stored).toBeDefined();
    }
  });
});
