import { describe, it, expect } from 'vitest';
import {
  type Acknowledgement,
  type AlertRecord,
  type EscalationRecord,
  ACKNOWLEDGEMENT_MESSAGES,
  acknowledgeAlert,
  activeEpisode,
  planEscalation,
  unacknowledgedAlerts,
  validateEscalationPolicy,
  escalationPolicy,
} from './overdue-escalation.js';
import { type Visit, extendVisit, finishVisit, requestHelp, resolveAlarm } from '../visits/visit.js';
import { LADDER, aPolicy, aVisit, at, refusalOf, valueOf } from '../../../../test/support/builders/safety-builders.js';

const OVERDUE = 'overdue@2025-03-10T12:00:00.000Z';
const key = (episode: string, step: number | string) => `visit-1:${episode}:${step}`;

/** What the scheduler does: write each due record once (unique key), as of `now`. */
function run(visit: Visit, now: Date, records: EscalationRecord[], acks: Acknowledgement[] = [], policy = aPolicy()) {
  const plan = planEscalation({ visit, policy, records, acknowledgements: acks, now });
  for (const record of plan.due) if (!records.some((r) => r.key === record.key)) records.push(record);
  return plan;
}

function ack(
  alert: EscalationRecord | undefined,
  outcome: Acknowledgement['outcome'],
  when: string,
  note = 'tried mobile',
): Acknowledgement {
  if (!alert) throw new Error('no alert');
  return valueOf(acknowledgeAlert(alert, { by: 'lead-lee', at: at(when), outcome, note }));
}

describe('an overdue visit', () => {
  const visit = aVisit(); // expected finish 12:00

  it('raises nothing before the grace period has passed, and says when to look again', () => {
    const plan = planEscalation({
      visit,
      policy: aPolicy(),
      records: [],
      acknowledgements: [],
      now: at('2025-03-10T12:14:59Z'),
    });
    expect(plan).toEqual({ due: [], nextCheckAt: at('2025-03-10T12:15:00Z') });
  });

  it('alerts the first step of the ladder when the grace period passes', () => {
    const plan = planEscalation({
      visit,
      policy: aPolicy(),
      records: [],
      acknowledgements: [],
      now: at('2025-03-10T12:15:00Z'),
    });
    expect(plan.due).toEqual([
      {
        kind: 'alert',
        key: key(OVERDUE, 0),
        visitId: 'visit-1',
        episodeKey: OVERDUE,
        trigger: 'overdue',
        stepIndex: 0,
        step: LADDER[0],
        at: at('2025-03-10T12:15:00Z'),
      },
    ]);
    expect(plan.nextCheckAt).toEqual(at('2025-03-10T12:30:00Z'));
  });

  it('is idempotent: planning twice from the same records gives the same keys', () => {
    const input = { visit, policy: aPolicy(), records: [], acknowledgements: [], now: at('2025-03-10T12:20:00Z') };
    expect(planEscalation(input)).toEqual(planEscalation(input));
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:20:00Z'), records);
    const again = planEscalation({ ...input, records });
    expect(again.due).toEqual([]);
  });

  it('escalates to the next step when the alert is not acknowledged within the interval', () => {
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    expect(run(visit, at('2025-03-10T12:29:59Z'), records).due).toEqual([]);
    const plan = run(visit, at('2025-03-10T12:30:00Z'), records);
    expect(plan.due.map((r) => r.key)).toEqual([key(OVERDUE, 1)]);
    expect(plan.due[0]).toMatchObject({ stepIndex: 1, step: LADDER[1] });
  });

  it.each(['called_amhp', 'not_reached'] as const)('still escalates when acknowledged as %s', (outcome) => {
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    const acks = [ack(records[0], outcome, '2025-03-10T12:18:00Z')];
    expect(run(visit, at('2025-03-10T12:29:00Z'), records, acks).due).toEqual([]);
    expect(run(visit, at('2025-03-10T12:30:00Z'), records, acks).due.map((r) => r.key)).toEqual([key(OVERDUE, 1)]);
  });

  it('stops when the AMHP is reached, and tells those alerted', () => {
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    run(visit, at('2025-03-10T12:30:00Z'), records);
    const acks = [ack(records[0], 'reached_amhp', '2025-03-10T12:33:00Z')];
    const plan = run(visit, at('2025-03-10T12:45:00Z'), records, acks);
    expect(plan.due).toEqual([
      expect.objectContaining({
        kind: 'stand_down',
        key: key(OVERDUE, 'stand-down'),
        reason: 'reached',
        notifyStepIndexes: [0, 1],
      }),
    ]);
    expect(plan.nextCheckAt).toBeNull();
    expect(run(visit, at('2025-03-10T14:00:00Z'), records, acks).due).toEqual([]);
  });

  it('the latest acknowledgement counts: not reached after reached carries on up the ladder', () => {
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    const acks = [
      ack(records[0], 'reached_amhp', '2025-03-10T12:16:00Z'),
      ack(records[0], 'not_reached', '2025-03-10T12:25:00Z'),
    ];
    expect(run(visit, at('2025-03-10T12:30:00Z'), records, acks).due.map((r) => r.key)).toEqual([key(OVERDUE, 1)]);
  });

  it('alerts one step per run, so a scheduler that was down does not alert everyone at once', () => {
    const records: EscalationRecord[] = [];
    const plan = run(visit, at('2025-03-10T13:30:00Z'), records);
    expect(plan.due.map((r) => r.key)).toEqual([key(OVERDUE, 0)]);
    // Each step gets its full interval from when it was actually alerted.
    expect(plan.nextCheckAt).toEqual(at('2025-03-10T13:45:00Z'));
    expect(run(visit, at('2025-03-10T13:44:00Z'), records).due).toEqual([]);
  });

  it('after the top of the ladder, records once that everyone has been alerted', () => {
    const records: EscalationRecord[] = [];
    for (const time of ['12:15', '12:30', '12:45']) run(visit, at(`2025-03-10T${time}:00Z`), records);
    expect(records.map((r) => r.key)).toEqual([key(OVERDUE, 0), key(OVERDUE, 1), key(OVERDUE, 2)]);
    const plan = run(visit, at('2025-03-10T13:00:00Z'), records);
    expect(plan).toEqual({
      due: [expect.objectContaining({ kind: 'ladder_exhausted', key: key(OVERDUE, 'exhausted') })],
      nextCheckAt: null,
    });
    expect(run(visit, at('2025-03-10T15:00:00Z'), records).due).toEqual([]);
  });

  it("uses the team's grace period and interval", () => {
    const policy = aPolicy({ graceMinutes: 0, stepIntervalMinutes: 5 });
    const records: EscalationRecord[] = [];
    expect(run(visit, at('2025-03-10T11:59:59Z'), records, [], policy).due).toEqual([]);
    expect(run(visit, at('2025-03-10T12:00:00Z'), records, [], policy).due.map((r) => r.key)).toEqual([
      key(OVERDUE, 0),
    ]);
    expect(run(visit, at('2025-03-10T12:04:59Z'), records, [], policy).due).toEqual([]);
    expect(run(visit, at('2025-03-10T12:05:00Z'), records, [], policy).due.map((r) => r.key)).toEqual([
      key(OVERDUE, 1),
    ]);
  });

  it('records the ladder step as it was configured when alerted', () => {
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    const changed = aPolicy({}, [
      { roleLabel: 'New role', personLabel: null, contactNumber: '01632 960999' },
      ...LADDER.slice(1),
    ]);
    run(visit, at('2025-03-10T12:30:00Z'), records, [], changed);
    expect((records[0] as AlertRecord).step).toEqual(LADDER[0]);
  });

  it('if the ladder was shortened below the steps already alerted, records that everyone has been alerted', () => {
    const records: EscalationRecord[] = [];
    for (const time of ['12:15', '12:30', '12:45']) run(visit, at(`2025-03-10T${time}:00Z`), records);
    const short = aPolicy({}, LADDER.slice(0, 1));
    expect(run(visit, at('2025-03-10T13:00:00Z'), records, [], short).due.map((r) => r.kind)).toEqual([
      'ladder_exhausted',
    ]);
  });

  it('with no ladder configured, says at once that there is no one to alert', () => {
    const plan = planEscalation({
      visit,
      policy: aPolicy({}, []),
      records: [],
      acknowledgements: [],
      now: at('2025-03-10T12:15:00Z'),
    });
    expect(plan.due.map((r) => r.kind)).toEqual(['ladder_exhausted']);
  });

  it('ignores records belonging to other visits', () => {
    const other = aVisit({ id: 'visit-2' });
    const records: EscalationRecord[] = [];
    run(other, at('2025-03-10T12:15:00Z'), records);
    expect(run(visit, at('2025-03-10T12:15:00Z'), records).due.map((r) => r.key)).toEqual([key(OVERDUE, 0)]);
  });
});

describe('a check-in ends escalation', () => {
  const visit = aVisit();

  it('stops further steps, keeps those already raised, and stands down everyone alerted', () => {
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    run(visit, at('2025-03-10T12:30:00Z'), records);
    const safe = valueOf(
      finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T12:35:00Z'), how: 'safe', duress: false }),
    );
    const plan = run(safe, at('2025-03-10T12:36:00Z'), records);
    expect(plan.due).toEqual([
      {
        kind: 'stand_down',
        key: key(OVERDUE, 'stand-down'),
        visitId: 'visit-1',
        episodeKey: OVERDUE,
        trigger: 'overdue',
        at: at('2025-03-10T12:36:00Z'),
        reason: 'finished_safe',
        notifyStepIndexes: [0, 1],
      },
    ]);
    expect(plan.nextCheckAt).toBeNull();
    expect(records.filter((r) => r.kind === 'alert')).toHaveLength(2);
    expect(run(safe, at('2025-03-10T13:00:00Z'), records).due).toEqual([]);
  });

  it('going home is a finish too', () => {
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    const home = valueOf(
      finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T12:20:00Z'), how: 'home', duress: false }),
    );
    expect(run(home, at('2025-03-10T12:30:00Z'), records).due).toEqual([
      expect.objectContaining({ kind: 'stand_down', reason: 'finished_home' }),
    ]);
  });

  it('a check-in before anything was raised needs no stand-down', () => {
    const safe = valueOf(
      finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T12:10:00Z'), how: 'safe', duress: false }),
    );
    expect(
      planEscalation({
        visit: safe,
        policy: aPolicy(),
        records: [],
        acknowledgements: [],
        now: at('2025-03-10T12:30:00Z'),
      }),
    ).toEqual({
      due: [],
      nextCheckAt: null,
    });
  });

  it('a check-in that races a step keeps both records: the step stays and is stood down', () => {
    // The scheduler read the visit as still out and wrote step 1 at 12:30 while the AMHP
    // checked in at 12:30 too.
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    run(visit, at('2025-03-10T12:30:00Z'), records);
    const safe = valueOf(
      finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T12:30:00Z'), how: 'safe', duress: false }),
    );
    const plan = run(safe, at('2025-03-10T12:31:00Z'), records);
    expect(plan.due).toEqual([expect.objectContaining({ kind: 'stand_down', notifyStepIndexes: [0, 1] })]);
  });
});

describe('extending an overdue visit', () => {
  it('stands down the old episode and starts afresh from the new expected finish', () => {
    const visit = aVisit();
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    const extended = valueOf(
      extendVisit(visit, {
        by: { id: 'lead-lee', mayActForOthers: true },
        at: at('2025-03-10T12:20:00Z'),
        newExpectedFinishAt: at('2025-03-10T13:00:00Z'),
        reason: 'Reached by phone, doctor delayed',
      }),
    );
    const plan = run(extended, at('2025-03-10T12:21:00Z'), records);
    expect(plan.due).toEqual([
      expect.objectContaining({ kind: 'stand_down', reason: 'extended', episodeKey: OVERDUE }),
    ]);
    expect(plan.nextCheckAt).toEqual(at('2025-03-10T13:15:00Z'));
    const second = run(extended, at('2025-03-10T13:15:00Z'), records);
    expect(second.due.map((r) => r.key)).toEqual([key('overdue@2025-03-10T13:00:00.000Z', 0)]);
  });

  it('an extension before the grace period ran out raises nothing at all', () => {
    const visit = aVisit();
    const extended = valueOf(
      extendVisit(visit, {
        by: { id: 'amhp-ava', mayActForOthers: false },
        at: at('2025-03-10T11:55:00Z'),
        newExpectedFinishAt: at('2025-03-10T12:30:00Z'),
        reason: 'Bed search',
      }),
    );
    expect(
      planEscalation({
        visit: extended,
        policy: aPolicy(),
        records: [],
        acknowledgements: [],
        now: at('2025-03-10T12:20:00Z'),
      }),
    ).toEqual({
      due: [],
      nextCheckAt: at('2025-03-10T12:45:00Z'),
    });
  });
});

describe('"I need help now"', () => {
  const visit = aVisit();
  const help = valueOf(requestHelp(visit, { by: 'amhp-ava', at: at('2025-03-10T10:30:00Z') }));
  const HELP = 'help@2025-03-10T10:30:00.000Z';

  it('alerts the first step at once, with no grace period', () => {
    const plan = planEscalation({
      visit: help,
      policy: aPolicy(),
      records: [],
      acknowledgements: [],
      now: at('2025-03-10T10:30:00Z'),
    });
    expect(plan.due).toEqual([expect.objectContaining({ key: key(HELP, 0), trigger: 'help_requested', stepIndex: 0 })]);
    expect(plan.nextCheckAt).toEqual(at('2025-03-10T10:35:00Z'));
  });

  it('climbs after the shorter alarm interval when not reached', () => {
    const records: EscalationRecord[] = [];
    run(help, at('2025-03-10T10:30:00Z'), records);
    const acks = [ack(records[0], 'called_amhp', '2025-03-10T10:31:00Z')];
    expect(run(help, at('2025-03-10T10:34:59Z'), records, acks).due).toEqual([]);
    expect(run(help, at('2025-03-10T10:35:00Z'), records, acks).due.map((r) => r.key)).toEqual([key(HELP, 1)]);
  });

  it('stops climbing when the manager reaches the AMHP, but does not stand anyone down until closed', () => {
    const records: EscalationRecord[] = [];
    run(help, at('2025-03-10T10:30:00Z'), records);
    const acks = [ack(records[0], 'reached_amhp', '2025-03-10T10:32:00Z')];
    expect(run(help, at('2025-03-10T10:50:00Z'), records, acks)).toEqual({ due: [], nextCheckAt: null });
    const closed = valueOf(
      resolveAlarm(help, { by: 'lead-lee', at: at('2025-03-10T11:00:00Z'), note: 'Police attended' }),
    );
    expect(run(closed, at('2025-03-10T11:01:00Z'), records, acks).due).toEqual([
      expect.objectContaining({ kind: 'stand_down', reason: 'alarm_resolved', episodeKey: HELP }),
    ]);
  });

  it('takes over from an overdue episode without standing it down; both are stood down at the end', () => {
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    const lateHelp = valueOf(requestHelp(visit, { by: 'amhp-ava', at: at('2025-03-10T12:20:00Z') }));
    const plan = run(lateHelp, at('2025-03-10T12:20:00Z'), records);
    expect(plan.due.map((r) => r.key)).toEqual([key('help@2025-03-10T12:20:00.000Z', 0)]);
    const closed = valueOf(resolveAlarm(lateHelp, { by: 'lead-lee', at: at('2025-03-10T12:40:00Z'), note: 'Safe' }));
    const end = run(closed, at('2025-03-10T12:41:00Z'), records);
    expect(end.due.map((r) => [r.episodeKey, r.kind])).toEqual([
      ['help@2025-03-10T12:20:00.000Z', 'stand_down'],
      [OVERDUE, 'stand_down'],
    ]);
  });
});

describe('duress', () => {
  const visit = aVisit();
  const duress = valueOf(
    finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T11:00:00Z'), how: 'safe', duress: true }),
  );
  const DURESS = 'duress@2025-03-10T11:00:00.000Z';

  it('escalates at once although the AMHP appears to have finished', () => {
    const plan = planEscalation({
      visit: duress,
      policy: aPolicy(),
      records: [],
      acknowledgements: [],
      now: at('2025-03-10T11:00:00Z'),
    });
    expect(plan.due).toEqual([expect.objectContaining({ key: key(DURESS, 0), trigger: 'duress' })]);
  });

  it('keeps climbing even when the AMHP is "reached": they may be speaking under coercion', () => {
    const records: EscalationRecord[] = [];
    run(duress, at('2025-03-10T11:00:00Z'), records);
    const acks = [ack(records[0], 'reached_amhp', '2025-03-10T11:02:00Z', 'Said all fine')];
    expect(run(duress, at('2025-03-10T11:05:00Z'), records, acks).due.map((r) => r.key)).toEqual([key(DURESS, 1)]);
  });

  it('ends only when a lead closes the alarm', () => {
    const records: EscalationRecord[] = [];
    run(duress, at('2025-03-10T11:00:00Z'), records);
    const closed = valueOf(
      resolveAlarm(duress, { by: 'lead-lee', at: at('2025-03-10T11:20:00Z'), note: 'Seen in person' }),
    );
    expect(run(closed, at('2025-03-10T11:21:00Z'), records)).toEqual({
      due: [expect.objectContaining({ kind: 'stand_down', reason: 'alarm_resolved', notifyStepIndexes: [0] })],
      nextCheckAt: null,
    });
  });
});

describe('the whole journey with two scheduler instances ticking every minute', () => {
  it('writes each step exactly once and keeps the trail when the AMHP finally checks in', () => {
    let visit = aVisit();
    const records: EscalationRecord[] = [];
    const attempts: string[] = [];
    const tick = (minute: Date): void => {
      // Both instances read the same state before either writes.
      const snapshot = [...records];
      const plans = [0, 1].map(() =>
        planEscalation({ visit, policy: aPolicy(), records: snapshot, acknowledgements: [], now: minute }),
      );
      for (const plan of plans) {
        for (const record of plan.due) {
          attempts.push(record.key);
          if (!records.some((r) => r.key === record.key)) records.push(record); // unique key
        }
      }
    };
    for (let m = 0; m <= 40; m += 1) tick(new Date(at('2025-03-10T12:00:00Z').getTime() + m * 60_000));
    visit = valueOf(finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T12:41:00Z'), how: 'safe', duress: false }));
    for (let m = 41; m <= 60; m += 1) tick(new Date(at('2025-03-10T12:00:00Z').getTime() + m * 60_000));

    expect(records.map((r) => [r.kind, r.at.toISOString()])).toEqual([
      ['alert', '2025-03-10T12:15:00.000Z'],
      ['alert', '2025-03-10T12:30:00.000Z'],
      ['stand_down', '2025-03-10T12:41:00.000Z'],
    ]);
    // The second instance computed the same keys and was turned away by the unique key.
    expect(attempts).toHaveLength(6);
    expect(new Set(attempts).size).toBe(3);
  });
});

describe('acknowledging an alert', () => {
  const visit = aVisit();
  const [alert] = planEscalation({
    visit,
    policy: aPolicy(),
    records: [],
    acknowledgements: [],
    now: at('2025-03-10T12:15:00Z'),
  }).due;
  if (!alert) throw new Error('setup');

  it('records who, when and what they did', () => {
    expect(
      acknowledgeAlert(alert, { by: 'lead-lee', at: at('2025-03-10T12:17:00Z'), outcome: 'reached_amhp', note: '' }),
    ).toEqual({
      ok: true,
      value: {
        alertKey: alert.key,
        by: 'lead-lee',
        at: at('2025-03-10T12:17:00Z'),
        outcome: 'reached_amhp',
        note: null,
      },
    });
  });

  it('"not reached" needs a note of what was tried', () => {
    const result = acknowledgeAlert(alert, { by: 'lead-lee', at: at('2025-03-10T12:17:00Z'), outcome: 'not_reached' });
    expect(refusalOf(result)).toEqual({
      kind: 'invalid',
      errors: [{ field: 'note', message: ACKNOWLEDGEMENT_MESSAGES.noteRequiredWhenNotReached }],
    });
  });

  it('cannot be earlier than the alert, and only alerts can be acknowledged', () => {
    expect(
      acknowledgeAlert(alert, { by: 'lead-lee', at: at('2025-03-10T12:14:00Z'), outcome: 'called_amhp' }),
    ).toMatchObject({ ok: false });
    const standDown: EscalationRecord = {
      ...alert,
      kind: 'stand_down',
      reason: 'finished_safe',
      notifyStepIndexes: [0],
    };
    expect(refusalOf(
      acknowledgeAlert(standDown, { by: 'lead-lee', at: at('2025-03-10T12:20:00Z'), outcome: 'called_amhp' }),
    )).toMatchObject({
      kind: 'state',
    });
  });

  it('lists alerts nobody has acknowledged, oldest first, until the episode is stood down', () => {
    const records: EscalationRecord[] = [];
    run(visit, at('2025-03-10T12:15:00Z'), records);
    run(visit, at('2025-03-10T12:30:00Z'), records);
    const acks = [ack(records[0], 'called_amhp', '2025-03-10T12:16:00Z')];
    expect(unacknowledgedAlerts(records, acks).map((r) => r.key)).toEqual([key(OVERDUE, 1)]);
    expect(unacknowledgedAlerts(records, []).map((r) => r.key)).toEqual([key(OVERDUE, 0), key(OVERDUE, 1)]);
    const safe = valueOf(
      finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T12:35:00Z'), how: 'safe', duress: false }),
    );
    run(safe, at('2025-03-10T12:36:00Z'), records);
    expect(unacknowledgedAlerts(records, acks)).toEqual([]);
  });
});

describe('active episode', () => {
  it('is the expected finish while out, the alarm when raised, and none once finished', () => {
    const visit = aVisit();
    expect(activeEpisode(visit)).toEqual({ key: OVERDUE, trigger: 'overdue', anchor: at('2025-03-10T12:00:00Z') });
    const safe = valueOf(
      finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T11:00:00Z'), how: 'safe', duress: false }),
    );
    expect(activeEpisode(safe)).toBeNull();
  });
});

describe('escalation policy', () => {
  it('defaults to 15 minutes grace, 15 between steps and 5 for alarms', () => {
    expect(escalationPolicy(LADDER)).toEqual({
      graceMinutes: 15,
      stepIntervalMinutes: 15,
      alarmStepIntervalMinutes: 5,
      ladder: LADDER,
    });
    expect(validateEscalationPolicy(escalationPolicy(LADDER))).toEqual([]);
  });

  it('refuses out-of-range times and an empty or incomplete ladder', () => {
    const errors = validateEscalationPolicy({
      graceMinutes: 121,
      stepIntervalMinutes: 0,
      alarmStepIntervalMinutes: 2.5,
      ladder: [],
    });
    expect(errors.map((e) => e.field)).toEqual([
      'graceMinutes',
      'stepIntervalMinutes',
      'alarmStepIntervalMinutes',
      'ladder',
    ]);
    const incomplete = validateEscalationPolicy(
      escalationPolicy([{ roleLabel: ' ', personLabel: null, contactNumber: '' }]),
    );
    expect(incomplete.map((e) => e.field)).toEqual(['ladder.0.roleLabel', 'ladder.0.contactNumber']);
  });

  it('accepts the boundaries: 0 and 120 minutes grace, 1 and 120 minutes between steps', () => {
    expect(
      validateEscalationPolicy(
        escalationPolicy(LADDER, { graceMinutes: 0, stepIntervalMinutes: 1, alarmStepIntervalMinutes: 120 }),
      ),
    ).toEqual([]);
    expect(validateEscalationPolicy(escalationPolicy(LADDER, { graceMinutes: 120 }))).toEqual([]);
  });
});
