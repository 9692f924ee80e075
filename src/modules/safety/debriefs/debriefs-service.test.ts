import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock } from '../../../platform/clock.js';
import { ForbiddenError } from '../../../platform/errors.js';
import { addMinutes } from '../../../platform/london-time.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';
import { testClock } from '../../../../test/support/test-clock.js';
import { type SafetyCast, aDebriefRequest, aSafetyCast } from '../../../../test/support/builders/safety-builders.js';
import { aReferral } from '../../../../test/support/builders/referral-builders.js';

describe('debriefs (base template, test clock)', () => {
  let t: TestServices;
  let clock: ManualClock;
  let cast: SafetyCast;
  const debriefs = () => t.services.safety.debriefs;

  beforeAll(async () => {
    clock = testClock();
    t = await createTestServices({ template: 'base', clock });
    cast = await aSafetyCast(t.services);
  }, 60_000);
  afterAll(async () => t.close());

  it('tracks a request from asked to held, overdue ones first', async () => {
    const older = await aDebriefRequest(cast.eli).about('Threats made during the assessment').build(t.services);
    expect(older).toMatchObject({ overdue: false, dueBy: '2026-03-17', debrief: { amhpName: 'Eli Edt', requestedByName: 'Eli Edt', status: 'requested', version: 1 } });
    clock.advanceMinutes(8 * 24 * 60); // the older request is now overdue (due within 7 calendar days)
    const newer = await aDebriefRequest(cast.ava).requestedBy(cast.lee).about('Difficult assessment').build(t.services);
    expect(newer.debrief).toMatchObject({ amhpId: cast.ava.id, requestedBy: cast.lee.id });

    const list = await debriefs().debriefs(cast.lee.ctx);
    expect(list.all).toBe(true);
    expect(list.open.map((o) => [o.request.id, o.overdue])).toEqual([
      [older.debrief.id, true],
      [newer.debrief.id, false],
    ]);
    // An AMHP sees only their own.
    expect((await debriefs().debriefs(cast.ava.ctx)).open.map((o) => o.request.id)).toEqual([newer.debrief.id]);
    await expect(debriefs().debrief(cast.ava.ctx, older.debrief.id)).rejects.toBeInstanceOf(ForbiddenError);

    clock.advanceMinutes(60);
    await expect(debriefs().debriefHeld(cast.lee.ctx, newer.debrief.id, { heldBy: cast.ava.id, heldAt: clock.now() })).rejects.toMatchObject({ fieldErrors: [{ field: 'heldBy' }] });
    await expect(debriefs().debriefHeld(cast.lee.ctx, newer.debrief.id, { heldBy: cast.lee.id, heldAt: addMinutes(clock.now(), 5) })).rejects.toMatchObject({ fieldErrors: [{ field: 'heldAt' }] });
    const held = await debriefs().debriefHeld(cast.lee.ctx, newer.debrief.id, { heldBy: cast.lee.id, heldAt: clock.now() });
    expect(held.debrief).toMatchObject({ status: 'held', heldByName: 'Lee Lead', heldAt: clock.now(), version: 2 });
    await expect(debriefs().cancelDebrief(cast.ava.ctx, newer.debrief.id, { cancelReason: 'x' })).rejects.toMatchObject({ status: 409, code: 'debrief_closed' });
    expect((await debriefs().debrief(cast.ava.ctx, newer.debrief.id)).debrief.status).toBe('held');
  });

  it('only a lead asks on someone else’s behalf; the AMHP or a lead may cancel', async () => {
    await expect(debriefs().requestDebrief(cast.ava.ctx, { amhpId: cast.eli.id, reason: 'For Eli' })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(debriefs().requestDebrief(cast.lee.ctx, { reason: 'For myself' })).rejects.toBeInstanceOf(ForbiddenError);
    const request = await aDebriefRequest(cast.eli).build(t.services);
    await expect(debriefs().cancelDebrief(cast.ava.ctx, request.debrief.id, { cancelReason: 'Not mine' })).rejects.toBeInstanceOf(ForbiddenError);
    const cancelled = await debriefs().cancelDebrief(cast.eli.ctx, request.debrief.id, { cancelReason: 'Discussed in supervision' });
    expect(cancelled.debrief).toMatchObject({ status: 'cancelled', cancelledBy: cast.eli.id, cancelReason: 'Discussed in supervision', version: 2 });
  });

  it('links a referral the referrals module knows, and keeps other text as typed', async () => {
    const referral = await aReferral().underSection136('2026-03-10T08:00').build(t.services);
    const linked = await debriefs().requestDebrief(cast.ava.ctx, { reason: 'After the s136 assessment', referral: referral.reference.toLowerCase() });
    expect(linked.debrief).toMatchObject({ referralId: referral.id, referralReference: referral.reference });
    const typed = await debriefs().requestDebrief(cast.ava.ctx, { reason: 'After the other one', referral: 'NOT-A-REFERENCE' });
    expect(typed.debrief).toMatchObject({ referralId: null, referralReference: 'NOT-A-REFERENCE' });
  });
});
