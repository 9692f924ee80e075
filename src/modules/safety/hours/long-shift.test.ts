import { describe, it, expect } from 'vitest';
import {
  type WorkingDay,
  LONG_SHIFT_MESSAGES,
  currentPlan,
  endWorkingDay,
  planLongShiftAlerts,
  recordLongShiftPlan,
  shiftElapsedMinutes,
  shiftLimitAt,
  startWorkingDay,
} from './long-shift.js';
import { at, refusalOf, valueOf } from '../../../../test/support/builders/safety-builders.js';

const START = at('2025-03-10T08:30:00Z');
const daytime = valueOf(
  startWorkingDay({ id: 'day-1', amhpId: 'amhp-ava', kind: 'daytime', startedAt: START }, at('2025-03-10T08:35:00Z')),
);
const edt = valueOf(
  startWorkingDay(
    { id: 'day-2', amhpId: 'amhp-eli', kind: 'edt', startedAt: at('2025-03-10T16:30:00Z') },
    at('2025-03-10T16:30:00Z'),
  ),
);

function keysDue(day: WorkingDay, now: string, raisedKeys: string[] = []): string[] {
  return planLongShiftAlerts({ day, now: at(now), raisedKeys }).due.map((a) => a.key);
}

describe('shift limits', () => {
  it('is 12 hours for the daytime service and 16 for EDT', () => {
    expect(shiftLimitAt(START, 'daytime')).toEqual(at('2025-03-10T20:30:00Z'));
    expect(shiftLimitAt(START, 'edt')).toEqual(at('2025-03-11T00:30:00Z'));
  });

  it('counts elapsed minutes up to now, or to the recorded end', () => {
    expect(shiftElapsedMinutes(daytime, at('2025-03-10T10:00:00Z'))).toBe(90);
    const ended = valueOf(endWorkingDay(daytime, at('2025-03-10T17:00:00Z'), at('2025-03-10T18:00:00Z')));
    expect(shiftElapsedMinutes(ended, at('2025-03-10T23:00:00Z'))).toBe(510);
  });
});

describe('long-shift alerts (daytime, started 08:30)', () => {
  it('nothing before 19:30; says when to look next', () => {
    expect(planLongShiftAlerts({ day: daytime, now: at('2025-03-10T19:29:59Z'), raisedKeys: [] })).toEqual({
      due: [],
      nextCheckAt: at('2025-03-10T19:30:00Z'),
    });
  });

  it('a pre-warning asking for a plan an hour before 12 hours', () => {
    const plan = planLongShiftAlerts({ day: daytime, now: at('2025-03-10T19:30:00Z'), raisedKeys: [] });
    expect(plan.due).toEqual([
      {
        key: 'day-1:pre-warning',
        kind: 'pre_warning',
        workingDayId: 'day-1',
        amhpId: 'amhp-ava',
        limitAt: at('2025-03-10T20:30:00Z'),
        limitHours: 12,
        planAgreed: false,
        at: at('2025-03-10T19:30:00Z'),
      },
    ]);
    expect(plan.nextCheckAt).toEqual(at('2025-03-10T20:30:00Z'));
  });

  it('the 12-hour alert at 12 hours exactly, once', () => {
    expect(keysDue(daytime, '2025-03-10T20:29:59Z', ['day-1:pre-warning'])).toEqual([]);
    expect(keysDue(daytime, '2025-03-10T20:30:00Z', ['day-1:pre-warning'])).toEqual(['day-1:limit-passed']);
    const after = planLongShiftAlerts({
      day: daytime,
      now: at('2025-03-10T21:00:00Z'),
      raisedKeys: ['day-1:pre-warning', 'day-1:limit-passed'],
    });
    expect(after).toEqual({ due: [], nextCheckAt: null });
  });

  it('a scheduler first looking after the limit sends only the 12-hour alert', () => {
    expect(keysDue(daytime, '2025-03-10T20:45:00Z')).toEqual(['day-1:limit-passed']);
  });

  it('no pre-warning once a plan is agreed; the 12-hour alert still goes, saying so', () => {
    const planned = valueOf(
      recordLongShiftPlan(
        daytime,
        {
          option: 'continue',
          recordedBy: 'lead-lee',
          agreedWith: 'AMHP Lead and line manager',
          expectedEndAt: at('2025-03-10T21:30:00Z'),
        },
        at('2025-03-10T18:00:00Z'),
      ),
    );
    expect(keysDue(planned, '2025-03-10T19:45:00Z')).toEqual([]);
    expect(planLongShiftAlerts({ day: planned, now: at('2025-03-10T19:45:00Z'), raisedKeys: [] }).nextCheckAt).toEqual(
      at('2025-03-10T20:30:00Z'),
    );
    const [limit] = planLongShiftAlerts({ day: planned, now: at('2025-03-10T20:30:00Z'), raisedKeys: [] }).due;
    expect(limit).toMatchObject({ kind: 'limit_passed', planAgreed: true });
  });

  it('no alerts once the working day has ended', () => {
    const ended = valueOf(endWorkingDay(daytime, at('2025-03-10T19:00:00Z'), at('2025-03-10T19:05:00Z')));
    expect(planLongShiftAlerts({ day: ended, now: at('2025-03-10T21:00:00Z'), raisedKeys: [] })).toEqual({
      due: [],
      nextCheckAt: null,
    });
  });

  it('takes a different pre-warning time', () => {
    const plan = planLongShiftAlerts({
      day: daytime,
      now: at('2025-03-10T20:00:00Z'),
      raisedKeys: [],
      preWarningMinutes: 30,
    });
    expect(plan.due.map((a) => a.kind)).toEqual(['pre_warning']);
  });
});

describe('long-shift alerts (EDT, started 16:30)', () => {
  it('pre-warning at 15 hours and the alert at 16 hours', () => {
    expect(keysDue(edt, '2025-03-11T07:29:00Z')).toEqual([]);
    expect(keysDue(edt, '2025-03-11T07:30:00Z')).toEqual(['day-2:pre-warning']);
    expect(keysDue(edt, '2025-03-11T08:29:59Z', ['day-2:pre-warning'])).toEqual([]);
    const [limit] = planLongShiftAlerts({
      day: edt,
      now: at('2025-03-11T08:30:00Z'),
      raisedKeys: ['day-2:pre-warning'],
    }).due;
    expect(limit).toMatchObject({ key: 'day-2:limit-passed', limitHours: 16 });
  });
});

describe('starting and ending a working day', () => {
  const now = at('2025-03-10T09:00:00Z');

  it('refuses a start in the future or more than 24 hours ago', () => {
    expect(refusalOf(
      startWorkingDay({ id: 'd', amhpId: 'a', kind: 'daytime', startedAt: at('2025-03-10T09:01:00Z') }, now),
    )).toMatchObject({
      errors: [{ message: LONG_SHIFT_MESSAGES.startInFuture }],
    });
    expect(
      startWorkingDay({ id: 'd', amhpId: 'a', kind: 'daytime', startedAt: at('2025-03-09T09:00:00Z') }, now).ok,
    ).toBe(true);
    expect(refusalOf(
      startWorkingDay({ id: 'd', amhpId: 'a', kind: 'daytime', startedAt: at('2025-03-09T08:59:00Z') }, now),
    )).toMatchObject({
      errors: [{ message: LONG_SHIFT_MESSAGES.startTooOld }],
    });
  });

  it('refuses a second working day while one is open', () => {
    expect(refusalOf(
      startWorkingDay({ id: 'd', amhpId: 'amhp-ava', kind: 'daytime', startedAt: now }, now, [daytime]),
    )).toMatchObject({
      kind: 'state',
    });
  });

  it('refuses an end before the start, in the future, or twice', () => {
    expect(refusalOf(endWorkingDay(daytime, START, now))).toMatchObject({
      errors: [{ message: LONG_SHIFT_MESSAGES.endBeforeStart }],
    });
    expect(refusalOf(endWorkingDay(daytime, at('2025-03-10T09:01:00Z'), now))).toMatchObject({
      errors: [{ message: LONG_SHIFT_MESSAGES.endInFuture }],
    });
    const ended = valueOf(endWorkingDay(daytime, now, now));
    expect(refusalOf(endWorkingDay(ended, now, now))).toMatchObject({ kind: 'state' });
  });
});

describe('the agreed plan', () => {
  const now = at('2025-03-10T19:40:00Z');
  const base = { recordedBy: 'lead-lee', agreedWith: 'AMHP Lead and line manager' };

  it('continue needs when the AMHP now expects to stop, in the future', () => {
    expect(refusalOf(recordLongShiftPlan(daytime, { ...base, option: 'continue' }, now))).toMatchObject({
      errors: [{ field: 'expectedEndAt', message: LONG_SHIFT_MESSAGES.expectedEndRequired }],
    });
    expect(refusalOf(recordLongShiftPlan(daytime, { ...base, option: 'continue', expectedEndAt: now }, now))).toMatchObject({
      errors: [{ message: LONG_SHIFT_MESSAGES.expectedEndInPast }],
    });
  });

  it('hand over needs to whom', () => {
    expect(refusalOf(recordLongShiftPlan(daytime, { ...base, option: 'hand_over', handOverTo: ' ' }, now))).toMatchObject({
      errors: [{ field: 'handOverTo' }],
    });
    const day = valueOf(recordLongShiftPlan(daytime, { ...base, option: 'hand_over', handOverTo: 'EDT' }, now));
    expect(currentPlan(day)).toMatchObject({
      option: 'hand_over',
      handOverTo: 'EDT',
      recordedAt: now,
      expectedEndAt: null,
    });
  });

  it('another AMHP allocated needs a different AMHP', () => {
    expect(refusalOf(
      recordLongShiftPlan(daytime, { ...base, option: 'another_amhp_allocated', allocatedAmhpId: 'amhp-ava' }, now),
    )).toMatchObject({
      errors: [{ message: LONG_SHIFT_MESSAGES.allocatedSameAmhp }],
    });
    expect(refusalOf(recordLongShiftPlan(daytime, { ...base, option: 'another_amhp_allocated' }, now))).toMatchObject({
      });
    const day = valueOf(
      recordLongShiftPlan(daytime, { ...base, option: 'another_amhp_allocated', allocatedAmhpId: 'amhp-bo' }, now),
    );
    expect(currentPlan(day)?.allocatedAmhpId).toBe('amhp-bo');
  });

  it('needs who agreed it; a revised plan replaces the current one; none after the day ends', () => {
    expect(refusalOf(
      recordLongShiftPlan(daytime, { ...base, agreedWith: '', option: 'hand_over', handOverTo: 'EDT' }, now),
    )).toMatchObject({
      errors: [{ message: LONG_SHIFT_MESSAGES.agreedWithRequired }],
    });
    const first = valueOf(
      recordLongShiftPlan(daytime, { ...base, option: 'continue', expectedEndAt: at('2025-03-10T21:00:00Z') }, now),
    );
    const revised = valueOf(
      recordLongShiftPlan(first, { ...base, option: 'hand_over', handOverTo: 'EDT' }, at('2025-03-10T20:10:00Z')),
    );
    expect(revised.plans).toHaveLength(2);
    expect(currentPlan(revised)?.option).toBe('hand_over');
    const ended = valueOf(endWorkingDay(daytime, now, now));
    expect(refusalOf(recordLongShiftPlan(ended, { ...base, option: 'hand_over', handOverTo: 'EDT' }, now))).toMatchObject({
      kind: 'state',
    });
  });
});
