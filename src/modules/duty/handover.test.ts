import { describe, expect, it } from 'vitest';
import {
  acceptanceDeadline,
  acceptHandover,
  createHandover,
  DAYTIME,
  EDT,
  handoverTiming,
  handoverWarnings,
  initialHolderAt,
  responsibilityIntervals,
  WARRANT_WARNING,
  withdrawHandover,
} from './handover.js';
import type { Handover, HandoverItem, HandoverParty, NewHandover, ResponsibilityInterval } from './handover.js';
import { DEFAULT_SERVICE_HOURS } from './service-hours.js';
import type { Refusal, Result } from '../../platform/result.js';

const config = DEFAULT_SERVICE_HOURS;
const bankHolidays = new Set(['2025-04-18', '2025-04-21']);
const crisisTeam: HandoverParty = { kind: 'other-service', name: 'North Crisis Team' };

const edtOfficer = { personId: 'edt-marta', teams: ['edt'] as const };
const daytimeLead = { personId: 'lead-kofi', teams: ['daytime'] as const };

function item(referralId: string, traits: Partial<HandoverItem> = {}): HandoverItem {
  return {
    referralId,
    done: 'Doctors arranged for 18:00',
    outstanding: 'Assessment; bed search',
    contingency: 'If the bed is not found by 21:00, call the bed manager',
    warrantApplication: false,
    warrantReason: null,
    ...traits,
  };
}

function newHandover(traits: Partial<NewHandover> = {}): NewHandover {
  return {
    id: 'h1',
    from: DAYTIME,
    to: EDT,
    sentBy: 'amhp-aisha',
    sentAt: new Date('2025-03-24T16:50:00Z'),
    items: [item('r1')],
    documentsSent: ['Referral form', ' Medical recommendation (Dr Example) ', ''],
    ...traits,
  };
}

/** The holder at an instant, read from the intervals. */
function holderAt(intervals: readonly ResponsibilityInterval[], instant: Date): HandoverParty | null {
  const t = instant.getTime();
  return intervals.find((i) => i.from.getTime() <= t && (i.to === null || t < i.to.getTime()))?.holder ?? null;
}

function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`Refused: ${JSON.stringify(result.refusal)}`);
  return result.value;
}

function refusalOf(result: Result<unknown>): Refusal {
  if (result.ok) throw new Error('Expected a refusal');
  return result.refusal;
}

/** The stable code of a rule or state refusal, else its kind. */
function codeOf(result: Result<unknown>): string {
  const refusal = refusalOf(result);
  return 'code' in refusal ? refusal.code : refusal.kind;
}

function sent(traits: Partial<NewHandover> = {}): Handover {
  return valueOf(createHandover(newHandover(traits)));
}

function accepted(
  h: Handover,
  at: string,
  by: { personId: string; teams: readonly ('daytime' | 'edt')[] } = edtOfficer,
): Handover {
  return valueOf(acceptHandover(h, { by, at: new Date(at) }));
}

describe('sending a handover', () => {
  it('is sent, with documents tidied and no warnings', () => {
    const handover = valueOf(createHandover(newHandover()));
    expect(handoverWarnings(handover)).toEqual([]);
    expect(handover.status).toBe('sent');
    expect(handover.documentsSent).toEqual(['Referral form', 'Medical recommendation (Dr Example)']);
  });

  it('refuses a handover to the same team, between two other services, or with no referrals', () => {
    expect(codeOf(createHandover(newHandover({ to: DAYTIME })))).toBe('same_team');
    expect(codeOf(createHandover(newHandover({ from: crisisTeam, to: { kind: 'other-service', name: 'Police' } })))).toBe('no_service_team');
    expect(refusalOf(createHandover(newHandover({ items: [] })))).toEqual({
      kind: 'invalid',
      fieldErrors: [{ field: 'items', message: 'Add at least one referral to the handover' }],
    });
    expect(refusalOf(createHandover(newHandover({ items: [item('r1'), item('r1')] })))).toMatchObject({
      code: 'duplicate_referral',
      failures: [{ field: 'items.1.referralId' }],
    });
  });

  it('refuses a warrant (s135) application without a reason', () => {
    const result = createHandover(
      newHandover({ items: [item('r1', { warrantApplication: true, warrantReason: '  ' })] }),
    );
    expect(refusalOf(result)).toMatchObject({ code: 'warrant_reason_required', failures: [{ field: 'items.0.warrantReason' }] });
  });

  it('accepts a warrant application with a reason, but warns', () => {
    const handover = valueOf(
      createHandover(
        newHandover({
          items: [item('r1', { warrantApplication: true, warrantReason: 'Magistrate only available at 18:00' })],
        }),
      ),
    );
    expect(handoverWarnings(handover)).toEqual([WARRANT_WARNING]);
  });
});

describe('accepting a handover', () => {
  it('records who accepted and when', () => {
    const h = accepted(sent(), '2025-03-24T17:05:00Z');
    expect(h).toMatchObject({
      status: 'accepted',
      acceptedBy: 'edt-marta',
      acceptedAt: new Date('2025-03-24T17:05:00Z'),
    });
  });

  it('only someone in the receiving team can accept', () => {
    const result = acceptHandover(sent(), { by: daytimeLead, at: new Date('2025-03-24T17:05:00Z') });
    expect(refusalOf(result)).toEqual({ kind: 'forbidden', message: 'Only someone in the EDT can accept this handover' });
  });

  it('accepting one already accepted says who accepted it and when', () => {
    const h = accepted(sent(), '2025-03-24T17:05:00Z');
    const again = acceptHandover(h, {
      by: { personId: 'edt-other', teams: ['edt'] },
      at: new Date('2025-03-24T17:06:00Z'),
    });
    expect(refusalOf(again)).toEqual({
      kind: 'state',
      code: 'already_accepted',
      message: 'This handover was already accepted by edt-marta at Mon 24 Mar 17:05',
    });
  });

  it('accepting one that was withdrawn is refused with a clear message', () => {
    const withdrawn = valueOf(withdrawHandover(sent(), 'amhp-aisha', new Date('2025-03-24T16:55:00Z'), 'Assessment finished after all'));
    expect(refusalOf(acceptHandover(withdrawn, { by: edtOfficer, at: new Date('2025-03-24T17:05:00Z') }))).toMatchObject({
      code: 'already_withdrawn',
      message: 'This handover was withdrawn at Mon 24 Mar 16:55, so it cannot be accepted',
    });
  });

  it('cannot be withdrawn once accepted, nor withdrawn without a reason', () => {
    const h = accepted(sent(), '2025-03-24T17:05:00Z');
    expect(codeOf(withdrawHandover(h, 'amhp-aisha', new Date(), 'x'))).toBe('already_accepted');
    expect(refusalOf(withdrawHandover(sent(), 'amhp-aisha', new Date(), ' '))).toMatchObject({ kind: 'invalid', fieldErrors: [{ field: 'reason' }] });
  });

  it('cannot be accepted before it was sent', () => {
    expect(codeOf(acceptHandover(sent(), { by: edtOfficer, at: new Date('2025-03-24T16:49:00Z') }))).toBe('accepted_before_sent');
  });

  it('to another service records the named person there who accepted', () => {
    const h = sent({ from: EDT, to: crisisTeam });
    expect(refusalOf(acceptHandover(h, { by: edtOfficer, at: new Date('2025-03-24T20:00:00Z') }))).toMatchObject({
      code: 'external_acceptor_required',
      failures: [{ field: 'externalAcceptorName' }],
    });
    const result = acceptHandover(h, {
      by: edtOfficer,
      at: new Date('2025-03-24T20:00:00Z'),
      externalAcceptorName: 'Sam Pereira',
    });
    expect(valueOf(result)).toMatchObject({ acceptedBy: 'edt-marta', acceptedByExternal: 'Sam Pereira' });
  });
});

describe('acceptance deadline: 30 minutes after the receiving service starts', () => {
  const deadline = (traits: Partial<NewHandover>) =>
    acceptanceDeadline(sent(traits), config, bankHolidays)?.toISOString();

  it('daytime to EDT at 16:50 on a Monday: by 17:30', () => {
    expect(deadline({})).toBe('2025-03-24T17:30:00.000Z');
  });

  it('on a Friday EDT takes MHA work at 17:00, so 17:30 even though EDT opened at 16:00', () => {
    expect(deadline({ sentAt: new Date('2025-03-28T16:20:00Z') })).toBe('2025-03-28T17:30:00.000Z');
  });

  it('EDT to daytime at 07:00 on a Monday after the spring change: by 09:30 BST', () => {
    expect(deadline({ from: EDT, to: DAYTIME, sentAt: new Date('2025-03-31T06:00:00Z') })).toBe(
      '2025-03-31T08:30:00.000Z',
    );
  });

  it('EDT to daytime on Good Friday: by 09:30 on the Tuesday after Easter', () => {
    expect(deadline({ from: EDT, to: DAYTIME, sentAt: new Date('2025-04-18T10:00:00Z') })).toBe(
      '2025-04-22T08:30:00.000Z',
    );
  });

  it('sent while the receiving service is already on: 30 minutes after sending', () => {
    expect(deadline({ from: crisisTeam, to: DAYTIME, sentAt: new Date('2025-03-24T11:00:00Z') })).toBe(
      '2025-03-24T11:30:00.000Z',
    );
  });

  it('another service: no deadline the hub can know', () => {
    expect(deadline({ from: EDT, to: crisisTeam })).toBeUndefined();
  });
});

describe('overdue handovers', () => {
  const h = sent();

  it('is not overdue at exactly 30 minutes, and is a minute later', () => {
    expect(handoverTiming(h, new Date('2025-03-24T17:30:00Z'), config, bankHolidays).overdue).toBe(false);
    const late = handoverTiming(h, new Date('2025-03-24T17:31:00Z'), config, bankHolidays);
    expect(late).toMatchObject({ overdue: true, minutesOverdue: 1, minutesWaiting: 41 });
  });

  it('an accepted handover is never overdue, but a late acceptance is noted', () => {
    const late = accepted(h, '2025-03-24T17:45:00Z');
    expect(handoverTiming(late, new Date('2025-03-24T19:00:00Z'), config, bankHolidays)).toMatchObject({
      overdue: false,
      acceptedLate: true,
      minutesWaiting: 55,
    });
    expect(
      handoverTiming(accepted(h, '2025-03-24T17:30:00Z'), new Date('2025-03-24T19:00:00Z'), config, bankHolidays)
        .acceptedLate,
    ).toBe(false);
  });
});

describe('who is responsible for a referral over time', () => {
  const received = { at: new Date('2025-03-24T10:00:00Z'), holder: DAYTIME };

  it('stays with the team that received it when nothing was handed over', () => {
    expect(responsibilityIntervals('r1', received, [])).toEqual([
      { from: received.at, to: null, holder: DAYTIME, viaHandoverId: null, pendingHandoverIds: [] },
    ]);
  });

  it('stays with the sender until acceptance, then moves to the receiver', () => {
    const h = accepted(sent(), '2025-03-24T17:05:00Z');
    const intervals = responsibilityIntervals('r1', received, [h]);
    expect(intervals).toEqual([
      { from: received.at, to: h.sentAt, holder: DAYTIME, viaHandoverId: null, pendingHandoverIds: [] },
      { from: h.sentAt, to: h.acceptedAt, holder: DAYTIME, viaHandoverId: null, pendingHandoverIds: ['h1'] },
      { from: h.acceptedAt, to: null, holder: EDT, viaHandoverId: 'h1', pendingHandoverIds: [] },
    ]);
    expect(holderAt(intervals, new Date('2025-03-24T17:04:00Z'))).toEqual(DAYTIME);
    expect(holderAt(intervals, new Date('2025-03-24T17:05:00Z'))).toEqual(EDT);
    expect(holderAt(intervals, new Date('2025-03-24T09:00:00Z'))).toBeNull();
  });

  it('comes back to daytime after the morning handover, and ignores other referrals and withdrawn handovers', () => {
    const evening = accepted(sent(), '2025-03-24T17:05:00Z');
    const withdrawn = valueOf(
      withdrawHandover(sent({ id: 'h2', from: EDT, to: DAYTIME, sentAt: new Date('2025-03-24T22:00:00Z') }), 'edt-marta', new Date('2025-03-24T22:10:00Z'), 'Sent by mistake'),
    );
    const morning = accepted(
      sent({ id: 'h3', from: EDT, to: DAYTIME, sentAt: new Date('2025-03-25T08:45:00Z') }),
      '2025-03-25T09:10:00Z',
      daytimeLead,
    );
    const unrelated = sent({ id: 'h4', items: [item('r2')], sentAt: new Date('2025-03-24T12:00:00Z') });
    const intervals = responsibilityIntervals('r1', received, [morning, unrelated, withdrawn, evening]);
    expect(
      intervals.map((i) => [i.holder.kind === 'team' ? i.holder.team : i.holder.name, i.pendingHandoverIds.join()]),
    ).toEqual([
      ['daytime', ''],
      ['daytime', 'h1'],
      ['edt', ''],
      ['edt', 'h2'],
      ['edt', ''],
      ['edt', 'h3'],
      ['daytime', ''],
    ]);
    expect(intervals.at(-1)?.viaHandoverId).toBe('h3');
  });

  it('a referral received by EDT on a Saturday starts with EDT', () => {
    expect(initialHolderAt(new Date('2025-03-29T12:00:00Z'), config, bankHolidays)).toEqual(EDT);
    expect(initialHolderAt(new Date('2025-03-28T16:15:00Z'), config, bankHolidays)).toEqual(DAYTIME);
    expect(initialHolderAt(new Date('2025-03-28T16:45:00Z'), config, bankHolidays)).toEqual(EDT);
  });
});
