import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock } from '../../../platform/clock.js';
import type { MailTransport } from '../../../platform/notifications.js';
import { Scheduler } from '../../../platform/scheduler.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';
import { testClock } from '../../../../test/support/test-clock.js';
import { type SafetyCast, aLadder, aSafetyCast, aVisitOut } from '../../../../test/support/builders/safety-builders.js';

// Issue 17, point 7: what is due fires when it falls due, not at the next poll. The schedulers
// here never poll (no `start`, no `runDue`): only their timers, on the test clock, run the jobs.
describe('the overdue alert fires at its instant (timers, test clock, two instances)', () => {
  let t: TestServices;
  let clock: ManualClock;
  let cast: SafetyCast;
  const sent: Array<{ to: string; subject: string; text: string }> = [];
  const mailTransport: MailTransport = { send: async (message) => void sent.push({ to: message.to, subject: message.subject, text: message.text }) };
  // Two instances of the app on one database: each with its own scheduler and timers.
  const instances: Scheduler[] = [];
  const idle = () => Promise.all(instances.map((s) => s.idle()));
  const alertsFor = async (visitId: string) => (await t.services.safety.alerts.alerts(cast.lee.ctx)).filter((a) => a.visitId === visitId).map((a) => a.stepIndex);

  beforeAll(async () => {
    clock = testClock();
    t = await createTestServices({ template: 'base', clock, mailTransport });
    cast = await aSafetyCast(t.services);
    await aLadder('daytime').steps(['AMHP Lead', cast.lee], ['AMHP operational manager', cast.olu]).build(t.services);
    for (let i = 0; i < 2; i += 1) {
      const scheduler = new Scheduler(t.services.db, clock);
      for (const job of t.services.scheduler.registered()) scheduler.register(job);
      scheduler.startTimers(t.services.liveEvents);
      instances.push(scheduler);
    }
    await idle();
  }, 60_000);
  afterAll(async () => {
    for (const scheduler of instances) await scheduler.stop();
    await t.close();
  });

  it('raises the alert and sends its e-mail when the clock reaches the due instant, once, and arms the next step', async () => {
    const visit = await aVisitOut(cast.ava).finishingIn(60).build(t.services);
    await idle();
    // Due 15 minutes (the grace period) after the expected finish; both instances armed for it.
    const dueAt = new Date(visit.expectedFinishAt.getTime() + 15 * 60_000);
    for (const scheduler of instances) expect(scheduler.nextTimers()['safety-escalation']).toEqual(dueAt);

    clock.set(new Date(dueAt.getTime() - 1000)); // a second before: nothing yet
    await idle();
    expect(await alertsFor(visit.id)).toEqual([]);
    expect(sent).toEqual([]);

    clock.set(dueAt);
    await idle();
    expect(await alertsFor(visit.id)).toEqual([0]);
    // The e-mail went straight after the alert (no delivery poll ran), once though both instances fired.
    expect(sent.map((m) => [m.to, m.subject])).toEqual([[cast.lee.email, 'Overdue: Ava Amhp (step 1)']]);
    expect(sent[0]!.text).toContain('Ava Amhp was expected to finish at');

    // The next step is armed for 15 minutes after the first alert, and fires then.
    const stepTwo = new Date(dueAt.getTime() + 15 * 60_000);
    for (const scheduler of instances) expect(scheduler.nextTimers()['safety-escalation']).toEqual(stepTwo);
    clock.set(stepTwo);
    await idle();
    expect(await alertsFor(visit.id)).toEqual([0, 1]);
    expect(sent.map((m) => m.subject)).toEqual(['Overdue: Ava Amhp (step 1)', 'Overdue: Ava Amhp (step 2)']);

    // Checking in safe re-arms at once: the stand-down goes without a poll, and nothing more is due.
    await t.services.safety.visits.checkIn(cast.ava.ctx, visit.id, { action: 'safe' });
    await idle();
    expect(await alertsFor(visit.id)).toEqual([]);
    expect(sent.filter((m) => m.subject === 'Stand down: Ava Amhp').map((m) => m.to).sort()).toEqual([cast.lee.email, cast.olu.email].sort());
    for (const scheduler of instances) expect(scheduler.nextTimers()['safety-escalation']).toBeUndefined();
  });

  it('re-arms when an extension moves the due instant: nothing fires at the old one', async () => {
    const visit = await aVisitOut(cast.ava).finishingIn(30).build(t.services);
    await idle();
    const oldDue = new Date(visit.expectedFinishAt.getTime() + 15 * 60_000);
    expect(instances[0]!.nextTimers()['safety-escalation']).toEqual(oldDue);
    await t.services.safety.visits.extend(cast.ava.ctx, visit.id, { newExpectedFinishAt: new Date(visit.expectedFinishAt.getTime() + 60 * 60_000), reason: 'Waiting for the ambulance' });
    await idle();
    const newDue = new Date(visit.expectedFinishAt.getTime() + 60 * 60_000 + 15 * 60_000);
    expect(instances[0]!.nextTimers()['safety-escalation']).toEqual(newDue);
    clock.set(oldDue);
    await idle();
    expect(await alertsFor(visit.id)).toEqual([]);
    clock.set(newDue);
    await idle();
    expect(await alertsFor(visit.id)).toEqual([0]);
  });
});
