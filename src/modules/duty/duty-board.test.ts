import { describe, expect, it } from 'vitest';
import { buildDutyBoard } from './duty-board.js';
import type { BoardAmhp, BoardInput, BoardReferral } from './duty-board.js';
import { createHandover, DAYTIME, EDT } from './handover.js';
import type { Handover } from './handover.js';
import { DEFAULT_SERVICE_HOURS } from './service-hours.js';

const amhps: BoardAmhp[] = [
  { personId: 'tomasz', name: 'Tomasz Nowak', team: 'daytime', coversForName: null },
  { personId: 'aisha', name: 'Aisha Bello', team: 'daytime', coversForName: 'Priya Shah' },
  { personId: 'marta', name: 'Marta Silva', team: 'edt', coversForName: null },
];

function ref(
  id: string,
  receivedAt: string,
  allocatedAmhpId: string | null = null,
  stage = 'Gathering information',
): BoardReferral {
  return { referralId: id, label: `REF-${id}`, stage, receivedAt: new Date(receivedAt), allocatedAmhpId };
}

function handover(id: string, sentAt: string): Handover {
  const result = createHandover({
    id,
    from: DAYTIME,
    to: EDT,
    sentBy: 'tomasz',
    sentAt: new Date(sentAt),
    items: [
      {
        referralId: 'r1',
        done: 'x',
        outstanding: 'y',
        contingency: 'z',
        warrantApplication: false,
        warrantReason: null,
      },
    ],
    documentsSent: [],
  });
  if (!result.ok) throw new Error(JSON.stringify(result.refusal));
  return result.value;
}

function board(now: string, traits: Partial<BoardInput> = {}) {
  return buildDutyBoard({
    now: new Date(now),
    config: DEFAULT_SERVICE_HOURS,
    bankHolidays: new Set(),
    onDuty: amhps,
    referrals: [],
    handovers: [],
    ...traits,
  });
}

describe('the live duty board', () => {
  const referrals = [
    ref('r1', '2025-03-24T09:30:00Z', 'tomasz', 'Doctors arranged'),
    ref('r2', '2025-03-24T08:00:00Z'),
    ref('r3', '2025-03-21T15:00:00Z'),
    ref('r4', '2025-03-24T11:00:00Z', 'tomasz'),
    ref('r5', '2025-03-24T11:00:00Z'),
  ];

  it('shows the daytime AMHPs during the day, sorted by name, with back-up cover marked', () => {
    const b = board('2025-03-24T12:00:00Z', { referrals });
    expect(b.cover.team).toBe('daytime');
    expect(b.amhps.map((a) => a.name)).toEqual(['Aisha Bello', 'Tomasz Nowak']);
    expect(b.amhps[0]?.coversForName).toBe('Priya Shah');
  });

  it('lists each AMHP’s allocations with stage and waiting time, longest waiting first', () => {
    const tomasz = board('2025-03-24T12:00:00Z', { referrals }).amhps.find((a) => a.personId === 'tomasz');
    expect(tomasz?.allocations.map((r) => [r.referralId, r.stage, r.waitingLabel])).toEqual([
      ['r1', 'Doctors arranged', '2 h 30 min'],
      ['r4', 'Gathering information', '1 h 00 min'],
    ]);
  });

  it('lists unallocated referrals longest waiting first, across the weekend', () => {
    const b = board('2025-03-24T12:00:00Z', { referrals });
    expect(b.unallocated.map((r) => [r.referralId, r.waitingLabel])).toEqual([
      ['r3', '2 d 21 h'],
      ['r2', '4 h 00 min'],
      ['r5', '1 h 00 min'],
    ]);
    expect(b.counts).toEqual({
      onDuty: 2,
      openReferrals: 5,
      allocated: 2,
      unallocated: 3,
      awaitingAcceptance: 0,
      overdueHandovers: 0,
      longestUnallocatedWaitMinutes: 4140,
    });
  });

  it('after 17:00 shows EDT on duty and daytime allocations as off duty', () => {
    const b = board('2025-03-24T17:10:00Z', { referrals });
    expect(b.cover.team).toBe('edt');
    expect(b.amhps.map((a) => a.name)).toEqual(['Marta Silva']);
    expect(b.allocatedOffDuty.map((r) => [r.referralId, r.allocatedAmhpId])).toEqual([
      ['r1', 'tomasz'],
      ['r4', 'tomasz'],
    ]);
  });

  it('on a Friday between 16:00 and 16:30 shows both teams, daytime first', () => {
    const b = board('2025-03-28T16:10:00Z');
    expect(b.cover.edtAlsoOpen).toBe(true);
    expect(b.amhps.map((a) => a.team)).toEqual(['daytime', 'daytime', 'edt']);
  });

  it('shows handovers awaiting acceptance, overdue ones first', () => {
    const b = board('2025-03-24T17:35:00Z', {
      handovers: [handover('h-recent', '2025-03-24T17:20:00Z'), handover('h-old', '2025-03-24T16:45:00Z')],
    });
    expect(b.handoversAwaiting.map((h) => [h.handoverId, h.from, h.to, h.overdue, h.waitingLabel])).toEqual([
      ['h-old', 'Daytime AMHP service', 'EDT', true, '50 min'],
      ['h-recent', 'Daytime AMHP service', 'EDT', false, '15 min'],
    ]);
    expect(b.counts).toMatchObject({ awaitingAcceptance: 2, overdueHandovers: 1 });
  });

  it('shows nothing waiting on an empty day', () => {
    const b = board('2025-03-29T12:00:00Z', { onDuty: [] });
    expect(b.counts).toMatchObject({ onDuty: 0, unallocated: 0, longestUnallocatedWaitMinutes: 0 });
  });

  it('lists today’s sickness changes in the order they happened', () => {
    const change = (at: string, absent: string) => ({
      kind: 'sickness' as const,
      at: new Date(at),
      date: '2025-03-24',
      shiftKind: 'daytime' as const,
      shiftId: absent,
      absentPersonId: absent,
      backupPersonId: null,
      backupShiftId: null,
      recordedBy: 'sam',
      decidedBy: 'ops',
      note: null,
    });
    const b = board('2025-03-24T12:00:00Z', {
      rotaChanges: [change('2025-03-24T08:00:00Z', 'b'), change('2025-03-24T07:00:00Z', 'a')],
    });
    expect(b.rotaChanges.map((c) => c.absentPersonId)).toEqual(['a', 'b']);
  });
});
