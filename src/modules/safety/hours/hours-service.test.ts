import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock } from '../../../platform/clock.js';
import { ForbiddenError, RuleViolationError } from '../../../platform/errors.js';
import { addMinutes } from '../../../platform/london-time.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';
import { testClock } from '../../../../test/support/test-clock.js';
import { aPerson } from '../../../../test/support/builders/staff-builders.js';
import { type SafetyCast, aSafetyCast, aWorkingDay, anHoursClaim } from '../../../../test/support/builders/safety-builders.js';

describe('hours: the working day, long shifts, additional hours and TOIL (base template, test clock)', () => {
  let t: TestServices;
  let clock: ManualClock;
  let cast: SafetyCast;
  const safety = () => t.services.safety;

  beforeAll(async () => {
    clock = testClock();
    t = await createTestServices({ template: 'base', clock });
    cast = await aSafetyCast(t.services);
  }, 60_000);
  afterAll(async () => t.close());

  it('alerts the AMHP Lead and line manager when a daytime shift passes 12 h, and when an EDT shift passes 16 h (staff welfare guidance §2.4)', async () => {
    const daytime = await aWorkingDay(cast.ava).build(t.services);
    const edt = await aWorkingDay(cast.eli).edt().build(t.services);
    expect(daytime).toMatchObject({ amhpId: cast.ava.id, kind: 'daytime', startedAt: clock.now(), endedAt: null, version: 1 });
    expect(await safety().workingDays.myWorkingDay(cast.eli.ctx)).toMatchObject({ id: edt.id, kind: 'edt' });
    const alertKinds = async () => (await safety().workingDays.longShifts(cast.lee.ctx)).alerts.map((a) => `${a.amhpName}:${a.kind}`).sort();

    clock.advanceMinutes(10 * 60 + 59);
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toEqual([]);
    clock.advanceMinutes(1); // 11 h: an hour before the daytime limit
    await t.services.scheduler.runDue(true);
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toEqual(['Ava Amhp:pre_warning']);
    clock.advanceMinutes(60); // 12 h
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toEqual(['Ava Amhp:limit_passed', 'Ava Amhp:pre_warning']);
    const recipients = await t.tables.selectFrom('notificationOutbox').select('recipientPersonId').where('subject', '=', 'Long shift: Ava Amhp has passed 12 hours').execute();
    expect(recipients.map((r) => r.recipientPersonId).sort()).toEqual([cast.lina.id, cast.lee.id].sort());

    // The EDT shift: the manager records a plan before the pre-warning, so only the limit alert goes.
    const shifts = await safety().workingDays.longShifts(cast.ed.ctx);
    expect(shifts.days.find((d) => d.id === edt.id)).toMatchObject({ limitHours: 16, elapsedMinutes: 12 * 60, nearLimit: false });
    const planned = await safety().workingDays.recordPlan(cast.ed.ctx, edt.id, { option: 'hand_over', agreedWith: 'EDT manager by phone', handOverTo: 'Daytime AMHP service' });
    expect(planned).toMatchObject({ version: 2, plans: [{ option: 'hand_over', handOverTo: 'Daytime AMHP service', recordedBy: cast.ed.id }] });
    clock.advanceMinutes(3 * 60 + 59);
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toHaveLength(2);
    clock.advanceMinutes(1); // 16 h
    await t.services.scheduler.runDue(true);
    expect(await alertKinds()).toEqual(['Ava Amhp:limit_passed', 'Ava Amhp:pre_warning', 'Eli Edt:limit_passed']);
    const edtRecipients = await t.tables.selectFrom('notificationOutbox').select('recipientPersonId').where('subject', '=', 'Long shift: Eli Edt has passed 16 hours').execute();
    // The guidance names the AMHP Lead and the line manager for EDT too, not the EDT manager.
    expect(edtRecipients.map((r) => r.recipientPersonId).sort()).toEqual([cast.lina.id, cast.lee.id].sort());

    // Ending: only one's own day, and only once.
    await expect(safety().workingDays.endDay(cast.ava.ctx, edt.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await safety().workingDays.endMyDay(cast.ava.ctx)).toMatchObject({ id: daytime.id, endedAt: clock.now(), version: 2 });
    await expect(safety().workingDays.endMyDay(cast.ava.ctx)).rejects.toMatchObject({ status: 409, code: 'no_working_day' });
    await safety().workingDays.endDay(cast.eli.ctx, edt.id);
  });

  it('refuses a start in the future, more than a day ago, or while a day is open', async () => {
    await expect(safety().workingDays.startDay(cast.ava.ctx, { kind: 'daytime', startedAt: addMinutes(clock.now(), 5) })).rejects.toMatchObject({ fieldErrors: [{ field: 'startedAt' }] });
    await expect(safety().workingDays.startDay(cast.ava.ctx, { kind: 'daytime', startedAt: addMinutes(clock.now(), -24 * 60 - 1) })).rejects.toMatchObject({ fieldErrors: [{ field: 'startedAt' }] });
    await aWorkingDay(cast.ava).startedMinutesAgo(30).build(t.services);
    await expect(aWorkingDay(cast.ava).build(t.services)).rejects.toMatchObject({ status: 409, code: 'working_day_open' });
    await safety().workingDays.endMyDay(cast.ava.ctx);
  });

  it('approves additional hours as TOIL (never one’s own), refuses overlapping claims, and updates the balance', async () => {
    const before = (await safety().hours.myHours(cast.ava.ctx)).toilBalanceMinutes;
    const claim = await anHoursClaim(cast.ava).from(-10 * 60).to(-10 * 60 + 150).build(t.services);
    expect(claim).toMatchObject({ status: 'submitted', amhpName: 'Ava Amhp', lineManagerId: cast.lina.id, version: 1 });
    const twice = await anHoursClaim(cast.ava).from(-10 * 60 + 60).to(-10 * 60 + 200).build(t.services).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(RuleViolationError);
    expect(twice).toMatchObject({ status: 422, code: 'hours_claimed_twice', failures: [{ rule: 'hours_claimed_twice', field: 'startAt' }] });
    await expect(anHoursClaim(cast.ava).from(-60).to(-120).build(t.services)).rejects.toMatchObject({ fieldErrors: [{ field: 'endAt', message: 'End must be after start' }] });
    await expect(anHoursClaim(cast.ava).from(-60).to(30).build(t.services)).rejects.toMatchObject({ fieldErrors: [{ field: 'endAt', message: 'You cannot claim hours that have not been worked yet' }] });

    // Someone else's line manager cannot decide; nor can anyone decide their own claim.
    await expect(safety().hours.decideClaim(cast.ed.ctx, claim.id, { outcome: 'approve', compensation: 'toil' })).rejects.toThrow(/Your role|permission/);
    const otherManager = await aPerson('Mo Othermanager').withRoles('line_manager').inTeam(null).build(t.services);
    await expect(safety().hours.decideClaim(otherManager.ctx, claim.id, { outcome: 'approve', compensation: 'toil' })).rejects.toThrow(/line manager/);
    const managerAndAmhp = await aPerson('Mia Manageramhp').withRoles('amhp', 'operational_manager').inTeam('daytime').build(t.services);
    const own = await anHoursClaim(managerAndAmhp).build(t.services);
    await expect(safety().hours.decideClaim(managerAndAmhp.ctx, own.id, { outcome: 'approve', compensation: 'toil' })).rejects.toThrow(/your own claim/);
    expect((await safety().hours.claimsToDecide(cast.lina.ctx)).map((c) => c.id)).toEqual([claim.id]);

    const decided = await safety().hours.decideClaim(cast.lina.ctx, claim.id, { outcome: 'approve', compensation: 'toil' });
    expect(decided).toMatchObject({ status: 'approved', compensation: 'toil', decidedBy: cast.lina.id, decidedByName: 'Lina Linemanager', version: 2 });
    await expect(safety().hours.decideClaim(cast.lina.ctx, claim.id, { outcome: 'decline', reason: 'x' })).rejects.toMatchObject({ status: 409, code: 'claim_decided' });
    expect((await safety().hours.myHours(cast.ava.ctx)).toilBalanceMinutes).toBe(before + 150);

    // TOIL taken comes off the balance, never below nothing.
    await expect(safety().hours.recordToil(cast.lina.ctx, cast.ava.id, { date: '2026-03-09', minutes: 151 })).rejects.toMatchObject({ status: 422, code: 'toil_more_than_balance' });
    expect(await safety().hours.recordToil(cast.lina.ctx, cast.ava.id, { date: '2026-03-09', minutes: 90 })).toMatchObject({ minutes: 90, date: '2026-03-09', toilBalanceMinutes: 60 });
    await expect(safety().hours.recordToil(otherManager.ctx, cast.ava.id, { date: '2026-03-09', minutes: 10 })).rejects.toBeInstanceOf(ForbiddenError);

    const monthly = await safety().hours.monthly(cast.lee.ctx);
    expect(monthly.months[0]).toMatchObject({ month: '2026-03', rows: expect.arrayContaining([expect.objectContaining({ name: 'Ava Amhp', totalMinutes: 150, mainReasonLabel: 'Bed delay' })]) });
    expect(monthly.balances).toEqual(expect.arrayContaining([{ amhpId: cast.ava.id, name: 'Ava Amhp', minutes: 60 }]));
  });

  it('lets the AMHP withdraw a claim before it is decided, and only their own', async () => {
    const claim = await anHoursClaim(cast.eli).from(-30 * 60).to(-29 * 60).build(t.services);
    await expect(safety().hours.withdrawClaim(cast.ava.ctx, claim.id)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await safety().hours.withdrawClaim(cast.eli.ctx, claim.id)).toMatchObject({ status: 'withdrawn', version: 2 });
    // The withdrawn period may be claimed again.
    await expect(anHoursClaim(cast.eli).from(-30 * 60).to(-29 * 60).build(t.services)).resolves.toMatchObject({ status: 'submitted' });
  });
});
