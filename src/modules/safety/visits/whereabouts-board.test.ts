import { describe, it, expect } from 'vitest';
import { currentVisitOf, whereaboutsBoard } from './whereabouts-board.js';
import { type Visit, finishVisit, requestHelp } from './visit.js';
import { aVisit, at, valueOf } from '../../../../test/support/builders/safety-builders.js';

const NOW = at('2025-03-10T12:30:00Z');

describe('whereabouts board', () => {
  const onTime = aVisit({ id: 'on-time', amhpId: 'a1', expectedFinishAt: at('2025-03-10T14:00:00Z') });
  const soon = aVisit({ id: 'soon', amhpId: 'a2', expectedFinishAt: at('2025-03-10T12:45:00Z') });
  const slightlyLate = aVisit({ id: 'slightly-late', amhpId: 'a3', expectedFinishAt: at('2025-03-10T12:20:00Z') });
  const veryLate = aVisit(
    { id: 'very-late', amhpId: 'a4', expectedFinishAt: at('2025-03-10T11:30:00Z') },
    at('2025-03-10T09:00:00Z'),
  );
  const help = valueOf(requestHelp(aVisit({ id: 'help', amhpId: 'a5' }), { by: 'a5', at: at('2025-03-10T12:10:00Z') }));
  const duress = valueOf(
    finishVisit(aVisit({ id: 'duress', amhpId: 'a6' }), {
      by: 'a6',
      at: at('2025-03-10T12:25:00Z'),
      how: 'safe',
      duress: true,
    }),
  );
  const finished = valueOf(
    finishVisit(aVisit({ id: 'finished', amhpId: 'a7' }), {
      by: 'a7',
      at: at('2025-03-10T11:00:00Z'),
      how: 'home',
      duress: false,
    }),
  );
  const lone = aVisit({
    id: 'lone',
    amhpId: 'a8',
    companions: [],
    aloneReason: 'Ward',
    expectedFinishAt: at('2025-03-10T15:00:00Z'),
  });
  const all: Visit[] = [onTime, finished, lone, soon, slightlyLate, help, veryLate, duress];

  it('shows everyone out, alarms first, then overdue (worst first), then by time left', () => {
    const rows = whereaboutsBoard(all, NOW);
    expect(rows.map((r) => [r.visit.id, r.alert])).toEqual([
      ['duress', 'duress'],
      ['help', 'help_requested'],
      ['very-late', 'overdue'],
      ['slightly-late', 'overdue'],
      ['soon', null],
      ['on-time', null],
      ['lone', null],
    ]);
  });

  it('gives time remaining (negative when overdue), lone working and when the trouble began', () => {
    const rows = whereaboutsBoard(all, NOW);
    const byId = new Map(rows.map((r) => [r.visit.id, r]));
    expect(byId.get('soon')).toMatchObject({ minutesRemaining: 15, lone: false, alertSince: null });
    expect(byId.get('very-late')).toMatchObject({ minutesRemaining: -60, alertSince: at('2025-03-10T11:30:00Z') });
    expect(byId.get('lone')?.lone).toBe(true);
    expect(byId.get('duress')?.alertSince).toEqual(at('2025-03-10T12:25:00Z'));
  });

  it('a visit exactly at its expected finish is not yet overdue', () => {
    const [row] = whereaboutsBoard([aVisit({ expectedFinishAt: NOW }, at('2025-03-10T12:00:00Z'))], NOW);
    expect(row?.alert).toBeNull();
  });

  it('answers "where is X now?"', () => {
    expect(currentVisitOf('a4', all)?.place).toBe('14 Example Road, Anytown');
    expect(currentVisitOf('a6', all)?.id).toBe('duress');
    expect(currentVisitOf('a7', all)).toBeNull();
    expect(currentVisitOf('nobody', all)).toBeNull();
  });
});
