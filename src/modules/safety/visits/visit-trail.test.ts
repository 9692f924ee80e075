import { describe, it, expect } from 'vitest';
import { visitTrail } from './visit-trail.js';
import { type EscalationRecord, acknowledgeAlert, planEscalation } from '../ladders/overdue-escalation.js';
import { extendVisit, finishVisit, resolveAlarm, type Visit } from './visit.js';
import { aPolicy, aVisit, at, valueOf } from '../../../../test/support/builders/safety-builders.js';

function tick(visit: Visit, records: EscalationRecord[], when: string): void {
  records.push(...planEscalation({ visit, policy: aPolicy(), records, acknowledgements: [], now: at(when) }).due);
}

describe('the visit trail', () => {
  it('tells the whole story: out, not checked in, lead alerted, next step alerted, checked in safe', () => {
    let visit = aVisit();
    const records: EscalationRecord[] = [];
    tick(visit, records, '2025-03-10T12:15:00Z');
    tick(visit, records, '2025-03-10T12:30:00Z');
    const ack = valueOf(
      acknowledgeAlert(records[0]!, {
        by: 'lead-lee',
        at: at('2025-03-10T12:20:00Z'),
        outcome: 'not_reached',
        note: 'Voicemail twice',
      }),
    );
    visit = valueOf(finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T12:40:00Z'), how: 'safe', duress: false }));
    tick(visit, records, '2025-03-10T12:41:00Z');

    expect(visitTrail(visit, records, [ack]).map((e) => [e.at.toISOString().slice(11, 16), e.kind, e.text])).toEqual([
      ['10:00', 'started', 'Went out to 14 Example Road, Anytown'],
      ['12:15', 'alert', 'Alerted On-call manager (Pat Oncall) on 01632 960001'],
      ['12:20', 'acknowledged', 'Could not reach the AMHP: Voicemail twice'],
      ['12:30', 'alert', 'Alerted Team manager on 01632 960002'],
      ['12:40', 'finished', 'Checked in: finished and safe'],
      ['12:41', 'stand_down', 'Stand-down sent: the AMHP checked in safe'],
    ]);
  });

  it('shows extensions, a duress finish and its closure; a check-in and an alert at the same instant both appear', () => {
    let visit = aVisit();
    visit = valueOf(
      extendVisit(visit, {
        by: { id: 'amhp-ava', mayActForOthers: false },
        at: at('2025-03-10T11:50:00Z'),
        newExpectedFinishAt: at('2025-03-10T12:30:00Z'),
        reason: 'Waiting for ambulance',
      }),
    );
    visit = valueOf(finishVisit(visit, { by: 'amhp-ava', at: at('2025-03-10T12:10:00Z'), how: 'home', duress: true }));
    const records: EscalationRecord[] = [];
    tick(visit, records, '2025-03-10T12:10:00Z');
    visit = valueOf(
      resolveAlarm(visit, { by: 'lead-lee', at: at('2025-03-10T12:35:00Z'), note: 'Police found AMHP safe' }),
    );
    tick(visit, records, '2025-03-10T12:36:00Z');

    const trail = visitTrail(visit, records, []);
    expect(trail.map((e) => e.kind)).toEqual([
      'started',
      'extended',
      'duress',
      'alert',
      'alarm_resolved',
      'stand_down',
    ]);
    expect(trail[1]).toMatchObject({ by: 'amhp-ava', text: 'Expected finish extended: Waiting for ambulance' });
    expect(trail[2]?.at).toEqual(trail[3]?.at);
    expect(trail[4]).toMatchObject({ by: 'lead-lee', text: 'Alarm closed: Police found AMHP safe' });
  });

  it('ignores records and acknowledgements belonging to other visits', () => {
    const visit = aVisit();
    const other = aVisit({ id: 'visit-2' });
    const records: EscalationRecord[] = [];
    tick(other, records, '2025-03-10T12:15:00Z');
    const ack = valueOf(
      acknowledgeAlert(records[0]!, { by: 'lead-lee', at: at('2025-03-10T12:16:00Z'), outcome: 'called_amhp' }),
    );
    expect(visitTrail(visit, records, [ack]).map((e) => e.kind)).toEqual(['started']);
  });
});
