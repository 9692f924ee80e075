import { describe, expect, it } from 'vitest';
import { instantOf } from '../../platform/london-time.js';
import { WorkingDayCalendar } from '../../platform/working-days.js';
import { type EscalationState, acknowledge, clockView, countdownText, deadlines, dispute, isOutOfHours, remindersDue, resolve, respond } from './escalation.js';

// England and Wales, Easter 2026: Good Friday 3 April, Easter Monday 6 April.
const calendar = new WorkingDayCalendar(['2026-04-03', '2026-04-06', '2026-05-04']);

function anEscalation(over: Partial<EscalationState> = {}): EscalationState {
  const started = instantOf('2026-03-10T22:00');
  return {
    id: 'e1',
    raisedBy: 'officer',
    status: 'awaiting_acknowledgement',
    rung: 1,
    receiverPersonId: 'manager',
    receiverName: 'Mo Manager',
    clockStartedAt: started,
    ...deadlines(started, calendar),
    acknowledgedAt: null,
    respondedAt: null,
    ...over,
  };
}

describe('the clock (§2.3: acknowledge within 24 hours, respond within 7 working days)', () => {
  it('acknowledgement is due 24 hours after the clock starts', () => {
    expect(deadlines(instantOf('2026-03-10T22:00'), calendar).acknowledgeBy).toEqual(instantOf('2026-03-11T22:00'));
  });

  it('the response is due at 17:00 on the seventh working day, skipping the weekend', () => {
    // Tuesday 10 March: 11,12,13,16,17,18,19 → Thursday 19 March.
    expect(deadlines(instantOf('2026-03-10T22:00'), calendar).respondBy).toEqual(instantOf('2026-03-19T17:00'));
  });

  it('skips bank holidays: raised on Thursday 2 April 2026, Good Friday and Easter Monday do not count', () => {
    // 7, 8, 9, 10, 13, 14, 15 April.
    expect(deadlines(instantOf('2026-04-02T10:00'), calendar).respondBy).toEqual(instantOf('2026-04-15T17:00'));
  });

  it('counts down, then flags a missed deadline', () => {
    const e = anEscalation();
    const before = clockView(e, instantOf('2026-03-11T18:40'));
    expect(before.acknowledgement.state).toBe('running');
    expect(countdownText(before.acknowledgement, instantOf('2026-03-11T18:40'))).toBe('3 hours 20 minutes left');
    const after = clockView(e, instantOf('2026-03-11T23:05'));
    expect(after.acknowledgement.state).toBe('missed');
    expect(countdownText(after.acknowledgement, instantOf('2026-03-11T23:05'))).toBe('Missed by 1 hour 5 minutes');
    expect(countdownText(clockView(e, instantOf('2026-03-12T09:00')).response, instantOf('2026-03-12T09:00'))).toBe('7 days 8 hours left');
  });

  it('a deadline met late says so', () => {
    const e = anEscalation({ status: 'acknowledged', acknowledgedAt: instantOf('2026-03-12T08:00') });
    expect(clockView(e, instantOf('2026-03-12T09:00')).acknowledgement.state).toBe('met_late');
  });

  it('out of hours is before 09:00, from 17:00, weekends and bank holidays', () => {
    expect(isOutOfHours(instantOf('2026-03-10T16:59'), calendar)).toBe(false);
    expect(isOutOfHours(instantOf('2026-03-10T17:00'), calendar)).toBe(true);
    expect(isOutOfHours(instantOf('2026-03-14T12:00'), calendar)).toBe(true);
    expect(isOutOfHours(instantOf('2026-04-06T12:00'), calendar)).toBe(true);
  });
});

describe('acknowledging and responding', () => {
  const receiver = { personId: 'manager', mayRecordForOutsideReceiver: false };
  const now = instantOf('2026-03-11T08:00');

  it('the receiver acknowledges', () => {
    expect(acknowledge(anEscalation(), receiver, now)).toEqual({ ok: true, value: { status: 'acknowledged', acknowledgedAt: now } });
  });

  it('refuses an acknowledgement by someone who is not the receiver', () => {
    const result = acknowledge(anEscalation(), { personId: 'someone', mayRecordForOutsideReceiver: true }, now);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.refusal.kind).toBe('forbidden');
  });

  it('refuses a response before an acknowledgement', () => {
    const result = respond(anEscalation(), receiver, now);
    expect(!result.ok && result.refusal).toMatchObject({ kind: 'state', code: 'not_acknowledged' });
  });

  it('an outside receiver’s reply is recorded by the raiser or a coordinator, not by anyone else', () => {
    const outside = anEscalation({ receiverPersonId: null, receiverName: 'Inspector Ola Oduya' });
    expect(acknowledge(outside, { personId: 'officer', mayRecordForOutsideReceiver: true }, now).ok).toBe(true);
    expect(acknowledge(outside, { personId: 'amhp', mayRecordForOutsideReceiver: false }, now).ok).toBe(false);
  });

  it('responds once acknowledged', () => {
    expect(respond(anEscalation({ status: 'acknowledged', acknowledgedAt: now }), receiver, now).ok).toBe(true);
  });
});

describe('disputing a response moves it one rung up with a new clock (§3.3)', () => {
  const responded = anEscalation({ status: 'responded', acknowledgedAt: instantOf('2026-03-11T08:00'), respondedAt: instantOf('2026-03-12T10:00') });
  const next = { personId: null, name: 'Sam Senior', contact: '01632 960102' };
  const now = instantOf('2026-03-13T09:00');

  it('goes to the next rung, waiting for acknowledgement, with deadlines from now', () => {
    const result = dispute(responded, 'officer', false, next, now, calendar);
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ rung: 2, status: 'awaiting_acknowledgement', receiverName: 'Sam Senior', acknowledgeBy: instantOf('2026-03-14T09:00'), respondBy: instantOf('2026-03-24T17:00'), acknowledgedAt: null, respondedAt: null }),
    });
  });

  it('refuses at the top of the ladder, before a response, and from someone unconcerned', () => {
    expect(dispute({ ...responded, rung: 3 }, 'officer', false, next, now, calendar).ok).toBe(false);
    expect(dispute(anEscalation(), 'officer', false, next, now, calendar).ok).toBe(false);
    expect(dispute(responded, 'stranger', false, next, now, calendar).ok).toBe(false);
  });

  it('the raiser resolves a response', () => {
    expect(resolve(responded, 'officer', false)).toEqual({ ok: true, value: { status: 'resolved' } });
    expect(resolve(anEscalation(), 'officer', false).ok).toBe(false);
  });
});

describe('reminders', () => {
  it('reminds the receiver 4 hours before the acknowledgement is due, the AMHP Lead once it is missed', () => {
    const e = anEscalation();
    expect(remindersDue(e, instantOf('2026-03-11T17:00'))).toEqual([]);
    expect(remindersDue(e, instantOf('2026-03-11T18:00'))).toEqual([{ key: 'e1:1:acknowledge_soon', kind: 'acknowledge_soon', to: 'receiver' }]);
    expect(remindersDue(e, instantOf('2026-03-11T22:00'))).toEqual([{ key: 'e1:1:acknowledgement_missed', kind: 'acknowledgement_missed', to: 'amhp_lead' }]);
  });

  it('reminds about the response a day before it is due, and the AMHP Lead once missed', () => {
    const e = anEscalation({ status: 'acknowledged', acknowledgedAt: instantOf('2026-03-11T08:00') });
    expect(remindersDue(e, instantOf('2026-03-18T17:00')).map((r) => r.kind)).toEqual(['respond_soon']);
    expect(remindersDue(e, instantOf('2026-03-19T17:00')).map((r) => r.kind)).toEqual(['response_missed']);
    expect(remindersDue({ ...e, status: 'responded', respondedAt: instantOf('2026-03-12T10:00') }, instantOf('2026-03-20T09:00'))).toEqual([]);
  });
});
