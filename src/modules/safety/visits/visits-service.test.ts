import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ManualClock } from '../../../platform/clock.js';
import { ForbiddenError, StateError, ValidationError } from '../../../platform/errors.js';
import { addMinutes } from '../../../platform/london-time.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';
import { testClock } from '../../../../test/support/test-clock.js';
import { type SafetyCast, aLadder, aSafetyCast, aVisitOut, withCodes } from '../../../../test/support/builders/safety-builders.js';

describe('visits: going out, checking in, escalation (base template, test clock)', () => {
  let t: TestServices;
  let clock: ManualClock;
  let cast: SafetyCast;

  const safety = () => t.services.safety;
  const runJobs = () => t.services.scheduler.runDue(true);
  const trailOf = async (visitId: string) => (await safety().whereabouts.visitRecord(cast.olu.ctx, visitId)).trail.map((e) => e.text);
  const outbox = (subjectLike: string) => t.tables.selectFrom('notificationOutbox').select(['subject', 'recipientPersonId', 'recipientAddress']).where('subject', 'like', subjectLike).execute();

  beforeAll(async () => {
    clock = testClock();
    t = await createTestServices({ template: 'base', clock });
    cast = await aSafetyCast(t.services);
    await aLadder('daytime').steps(['AMHP Lead', cast.lee], ['AMHP operational manager', cast.olu]).build(t.services);
    await aLadder('edt').alarmInterval(5).steps(['EDT on-call manager', cast.ed], ['AMHP operational manager', cast.olu]).build(t.services);
  }, 60_000);
  afterAll(async () => t.close());

  it('escalates an overdue visit up the ladder, once per step, until the AMHP checks in safe', async () => {
    const visit = await aVisitOut(cast.ava).finishingIn(60).build(t.services);

    clock.advanceMinutes(60 + 14);
    await runJobs();
    expect(await safety().alerts.alerts(cast.lee.ctx)).toHaveLength(0); // still in the grace period

    clock.advanceMinutes(2); // 16 minutes past the expected finish
    await runJobs();
    await runJobs(); // running twice writes nothing more
    let alerts = (await safety().alerts.alerts(cast.lee.ctx)).filter((a) => a.visitId === visit.id);
    expect(alerts.map((a) => [a.stepIndex, a.step.roleLabel, a.forMe])).toEqual([[0, 'AMHP Lead', true]]);
    expect(await safety().alerts.bannerFor(cast.lee.ctx)).toEqual({ text: 'Overdue: Ava Amhp has not checked in. Acknowledge the alert', href: `/safety/visits/${visit.id}` });
    expect((await outbox('Overdue:%')).map((m) => m.recipientPersonId)).toEqual([cast.lee.id]);

    // Nobody acknowledges: 15 minutes later the next step is alerted, exactly once.
    clock.advanceMinutes(15);
    await runJobs();
    await runJobs();
    alerts = (await safety().alerts.alerts(cast.lee.ctx)).filter((a) => a.visitId === visit.id);
    expect(alerts.map((a) => a.stepIndex)).toEqual([0, 1]);

    // The operational manager acknowledges, then the AMHP checks in safe: a stand-down follows.
    const ack = await safety().alerts.acknowledge(cast.olu.ctx, alerts[1]!.key, { outcome: 'called_amhp' });
    expect(ack).toMatchObject({ alertKey: alerts[1]!.key, visitId: visit.id, outcome: 'called_amhp', by: cast.olu.id });
    clock.advanceMinutes(2);
    const view = await safety().visits.checkIn(cast.ava.ctx, visit.id, { action: 'safe' });
    expect(view.status).toBe('finished_safe');
    await runJobs();
    expect((await safety().alerts.alerts(cast.lee.ctx)).filter((a) => a.visitId === visit.id)).toHaveLength(0);
    expect(await trailOf(visit.id)).toEqual([
      'Went out to 9 Example Street, Brackenford',
      'Alerted AMHP Lead (Lee Lead) on 01632 960201',
      'Alerted AMHP operational manager (Olu Opsmanager) on 01632 960202',
      'Called the AMHP, waiting for an answer',
      'Checked in: finished and safe',
      'Stand-down sent: the AMHP checked in safe',
    ]);
    expect((await outbox('Stand down: Ava Amhp')).map((m) => m.recipientPersonId).sort()).toEqual([cast.lee.id, cast.olu.id].sort());
  });

  it('raises "I need help now" at once, on every lead’s banner but never the AMHP’s own', async () => {
    const visit = await aVisitOut(cast.ava).finishingIn(60).build(t.services);
    await safety().visits.checkIn(cast.ava.ctx, visit.id, { action: 'help' });
    expect((await safety().alerts.bannerFor(cast.lee.ctx))?.text).toBe('AMHP needs help now: Ava Amhp at 9 Example Street, Brackenford. Open the visit record');
    expect(await safety().alerts.bannerFor(cast.ed.ctx)).not.toBeNull();
    expect(await safety().alerts.bannerFor(cast.ava.ctx)).toBeNull();
    const record = await safety().whereabouts.visitRecord(cast.lee.ctx, visit.id);
    expect(record.openAlerts.map((a) => [a.trigger, a.stepIndex])).toEqual([['help_requested', 0]]);

    // The AMHP cannot stand it down with a normal check-in; a lead closes it with a note.
    await expect(safety().visits.checkIn(cast.ava.ctx, visit.id, { action: 'safe' })).rejects.toBeInstanceOf(StateError);
    const closed = await safety().visits.resolveAlarm(cast.lee.ctx, visit.id, { note: 'Spoke to the AMHP, police attended' });
    expect(closed).toMatchObject({ status: 'finished_safe', alarmResolution: { by: cast.lee.id, note: 'Spoke to the AMHP, police attended' }, version: record.visit.version + 1 });
    expect(await safety().alerts.bannerFor(cast.lee.ctx)).toBeNull();
  });

  it('a duress finish answers exactly as a normal one, and raises a silent alarm', async () => {
    await expect(withCodes(t.services, cast.eli, '2580', '2580')).rejects.toMatchObject({ fieldErrors: [{ field: 'duressCode', message: 'The duress code must be different from your check-in code' }] });
    await expect(withCodes(t.services, cast.eli, '1234', '7391')).rejects.toMatchObject({ fieldErrors: [{ field: 'checkinCode' }] });
    const codes = await withCodes(t.services, cast.eli, '2580', '7391');
    expect(codes).toMatchObject({ set: true, version: 1 });

    const normalVisit = await aVisitOut(cast.eli).finishingIn(30).build(t.services);
    await expect(safety().visits.checkIn(cast.eli.ctx, normalVisit.id, { action: 'safe', code: '1111' })).rejects.toMatchObject({
      fieldErrors: [{ field: 'code', message: 'Check-in code not recognised. Try again' }],
    });
    await expect(safety().visits.checkIn(cast.eli.ctx, normalVisit.id, { action: 'safe' })).rejects.toMatchObject({ fieldErrors: [{ field: 'code', message: 'Enter your check-in code' }] });
    const normal = await safety().visits.checkIn(cast.eli.ctx, normalVisit.id, { action: 'safe', code: '2580' });

    const duressVisit = await aVisitOut(cast.eli).finishingIn(30).build(t.services);
    const duress = await safety().visits.checkIn(cast.eli.ctx, duressVisit.id, { action: 'safe', code: '73 91' });
    const sameFields = (v: typeof normal) => ({ ...v, id: '', startedAt: null, expectedFinishAt: null, finishedAt: null });
    expect(sameFields(duress)).toEqual(sameFields(normal));
    expect(Object.keys(duress)).toEqual(Object.keys(normal));
    expect(duress.status).toBe('finished_safe');
    expect(JSON.stringify(duress)).not.toMatch(/duress/i);
    expect((await safety().visits.ownVisit(cast.eli.ctx, duressVisit.id)).status).toBe('finished_safe');
    expect((await safety().visits.myRecentVisits(cast.eli.ctx)).map((v) => v.status)).toEqual(['finished_safe', 'finished_safe']);

    // The leads see the alarm: on the record, the board, the banner, and the ladder starts at once.
    const record = await safety().whereabouts.visitRecord(cast.ed.ctx, duressVisit.id);
    expect(record.visit.status).toBe('duress');
    expect(record.openAlerts.map((a) => [a.trigger, a.step.roleLabel])).toEqual([['duress', 'EDT on-call manager']]);
    expect((await safety().alerts.bannerFor(cast.ed.ctx))?.text).toContain('Silent alarm: Eli Edt');
    expect((await safety().whereabouts.board(cast.ed.ctx)).rows.map((r) => [r.visit.id, r.alert])).toEqual([[duressVisit.id, 'duress']]);
    // The audit trail records a plain check-in for both.
    const audits = await t.services.audit.search({ action: 'visit_checked_in' });
    const summaries = audits.rows.filter((r) => r.entityId === normalVisit.id || r.entityId === duressVisit.id).map((r) => r.summary);
    expect(summaries).toEqual([{ how: 'safe' }, { how: 'safe' }]);
    // A lead closing the alarm changes nothing the AMHP sees.
    const before = await safety().visits.ownVisit(cast.eli.ctx, duressVisit.id);
    await safety().visits.resolveAlarm(cast.ed.ctx, duressVisit.id, { note: 'Met the AMHP in person' });
    expect(await safety().visits.ownVisit(cast.eli.ctx, duressVisit.id)).toEqual(before);
  });

  it('refuses a check-in on someone else’s visit, a finish in the past, going alone without a reason, and going out twice', async () => {
    const visit = await aVisitOut(cast.ava).finishingIn(30).build(t.services);
    await expect(safety().visits.checkIn(cast.lee.ctx, visit.id, { action: 'safe' })).rejects.toEqual(new ForbiddenError('You can only check in on your own visit'));
    await expect(aVisitOut(cast.eli).finishingIn(-5).build(t.services)).rejects.toMatchObject({ fieldErrors: [{ field: 'expectedFinishAt', message: 'Expected finish must be in the future' }] });
    await expect(aVisitOut(cast.eli).finishingIn(24 * 60 + 1).build(t.services)).rejects.toMatchObject({ fieldErrors: [{ field: 'expectedFinishAt', message: 'Expected finish must be within 24 hours; extend the visit later if it runs on' }] });
    await expect(aVisitOut(cast.eli).alone('').build(t.services)).rejects.toBeInstanceOf(ValidationError);
    await expect(aVisitOut(cast.ava).build(t.services)).rejects.toMatchObject({ status: 409, code: 'already_out' });
    await safety().visits.checkIn(cast.ava.ctx, visit.id, { action: 'home' });
  });

  it('an extension stands the overdue episode down and starts afresh from the new finish', async () => {
    const visit = await aVisitOut(cast.ava).finishingIn(10).build(t.services);
    clock.advanceMinutes(10 + 16);
    await runJobs();
    clock.advanceMinutes(1);
    const extended = await safety().visits.extend(cast.lee.ctx, visit.id, { newExpectedFinishAt: addMinutes(clock.now(), 30), reason: 'Reached by phone, running on' });
    expect(extended).toMatchObject({ version: 2, extensions: [{ by: cast.lee.id, reason: 'Reached by phone, running on' }] });
    expect(await trailOf(visit.id)).toEqual([
      'Went out to 9 Example Street, Brackenford',
      'Alerted AMHP Lead (Lee Lead) on 01632 960201',
      'Expected finish extended: Reached by phone, running on',
      'Stand-down sent: the visit was extended',
    ]);
    await safety().visits.checkIn(cast.ava.ctx, visit.id, { action: 'safe' });
  });

  describe('a check-in racing an escalation step keeps both records', () => {
    it('the step first: the check-in then stands it down', async () => {
      const visit = await aVisitOut(cast.ava).finishingIn(10).build(t.services);
      clock.advanceMinutes(10 + 15);
      await runJobs();
      clock.advanceMinutes(1);
      await safety().visits.checkIn(cast.ava.ctx, visit.id, { action: 'safe' });
      await runJobs();
      expect(await trailOf(visit.id)).toEqual([
        'Went out to 9 Example Street, Brackenford',
        'Alerted AMHP Lead (Lee Lead) on 01632 960201',
        'Checked in: finished and safe',
        'Stand-down sent: the AMHP checked in safe',
      ]);
    });

    it('the check-in first: no step is raised', async () => {
      const visit = await aVisitOut(cast.ava).finishingIn(10).build(t.services);
      clock.advanceMinutes(10 + 15);
      await safety().visits.checkIn(cast.ava.ctx, visit.id, { action: 'safe' });
      await runJobs();
      expect(await trailOf(visit.id)).toEqual(['Went out to 9 Example Street, Brackenford', 'Checked in: finished and safe']);
    });

    it('at the same moment: whatever the order, every alert raised is stood down', async () => {
      const visit = await aVisitOut(cast.ava).finishingIn(10).build(t.services);
      clock.advanceMinutes(10 + 15);
      await Promise.all([runJobs(), safety().visits.checkIn(cast.ava.ctx, visit.id, { action: 'safe' })]);
      await runJobs();
      const trail = await trailOf(visit.id);
      expect(trail).toContain('Checked in: finished and safe');
      expect(trail.filter((x) => x.startsWith('Stand-down')).length).toBe(Math.min(1, trail.filter((x) => x.startsWith('Alerted')).length));
    });
  });
});
