import { describe, expect, it } from 'vitest';
import { WorkingDayCalendar } from '../../../platform/working-days.js';
import { dueSends, firstWorkingDayOfMonth, parseRecipients } from '../sending/sending.js';
import { ascWdsRows, assessmentsPerAmhp, demandAgainstCover, hoursCovered, projectApproved } from './sufficiency.js';

describe('demand by hour against rota cover', () => {
  it('averages per day and marks hours with referrals and nobody on the rota', () => {
    // Two days: three referrals at 10:xx, one at 02:xx; one AMHP 09:00–17:00 each day.
    const cover = new Map<number, number>();
    for (let d = 0; d < 2; d += 1) for (const h of hoursCovered(9, 0, 8 * 60)) cover.set(h, (cover.get(h) ?? 0) + 1);
    const hours = demandAgainstCover([10, 10, 10, 2], cover, 2);
    expect(hours[10]).toEqual({ hour: 10, label: '10:00', demandPerDay: 1.5, coverPerDay: 1, demandPerAmhp: 1.5, gap: false });
    expect(hours[2]).toMatchObject({ demandPerDay: 0.5, coverPerDay: 0, demandPerAmhp: null, gap: true });
    expect(hours[20]).toMatchObject({ demandPerDay: 0, coverPerDay: 0, gap: false });
  });

  it('counts the hours a shift touches, across midnight', () => {
    expect(hoursCovered(9, 0, 480)).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
    expect(hoursCovered(17, 30, 90)).toEqual([17, 18]);
    expect(hoursCovered(22, 0, 240)).toEqual([22, 23, 0, 1]);
  });
});

describe('assessments per AMHP', () => {
  it('lists every AMHP, those with none as 0, with mean and median', () => {
    const s = assessmentsPerAmhp(
      [
        { personId: 'a', name: 'Ann' },
        { personId: 'b', name: 'Bo' },
        { personId: 'c', name: 'Cy' },
      ],
      ['a', 'a', 'a', 'b', 'x'],
    );
    expect(s.rows.map((r) => [r.name, r.assessments])).toEqual([
      ['Ann', 3],
      ['Bo', 1],
      ['Cy', 0],
    ]);
    expect(s).toMatchObject({ total: 4, amhps: 3, mean: 1.33, median: 1 });
  });
});

describe('three-year projection of approved AMHPs', () => {
  it('takes away approvals ending and leavers, adds re-approvals and trainees, against the target', () => {
    const years = projectApproved({
      today: '2026-12-02',
      approvals: [
        { personId: '1', endDate: '2027-03-01' }, // ends in year 1
        { personId: '2', endDate: '2027-06-01' }, // ends in year 1
        { personId: '3', endDate: '2028-12-01' }, // ends in year 2 (before 2028-12-02)
        { personId: '4', endDate: '2030-01-01' },
        { personId: '5', endDate: '2030-01-01' },
        { personId: '6', endDate: '2026-11-30' }, // already ended: not counted
      ],
      reapprovalRate: 0.5,
      leaversPerYear: 1,
      trainees: [{ expectedApproval: '2027-09-01' }, { expectedApproval: '2027-10-01' }, { expectedApproval: '2029-01-01' }],
      traineeCompletionRate: 1,
      target: 6,
    });
    expect(years.map((y) => [y.asOf, y.approvalsEnding, y.reapprovalsExpected, y.leavers, y.newlyApproved, y.approved, y.gap])).toEqual([
      ['2026-12-02', 0, 0, 0, 0, 5, -1],
      ['2027-12-02', 2, 1, 1, 2, 5, -1], // 5 − 2 + 1 − 1 + 2
      ['2028-12-02', 1, 1, 1, 0, 4, -2], // 5 − 1 + round(0.5) (=1, half rounds up) − 1
      ['2029-12-02', 0, 0, 1, 1, 4, -2], // 4 − 1 + 1
    ]);
  });

  it('has no gap without a target', () => {
    expect(projectApproved({ today: '2026-12-02', approvals: [], reapprovalRate: 1, leaversPerYear: 0, trainees: [], traineeCompletionRate: 1, target: null })[3]).toMatchObject({ approved: 0, gap: null });
  });
});

describe('ASC-WDS rows', () => {
  it('writes UK dates and 1/0 flags', () => {
    expect(ascWdsRows([{ uniqueWorkerId: 'w1', profession: 'Social worker', approvingLssa: 'Corrington', approvalStart: '2024-04-01', approvalEnd: '2029-03-31', onRota: true, assessments12m: 14 }])).toEqual([['w1', 'Social worker', 1, 'Corrington', '01/04/2024', '31/03/2029', 1, 14]]);
  });
});

describe('when the reports are sent', () => {
  const calendar = new WorkingDayCalendar(['2026-01-01', '2026-06-01']);

  it('sends the SITREP for the day before from 07:00', () => {
    expect(dueSends('2026-12-03', '06:59', calendar)).toEqual([]);
    expect(dueSends('2026-12-03', '07:00', calendar)).toEqual([{ kind: 'daily_sitrep', period: '2026-12-02' }]);
  });

  it('sends the monthly summary on the first working day only (weekend and bank holiday skipped)', () => {
    expect(firstWorkingDayOfMonth('2026-11-15', calendar)).toBe('2026-11-02'); // 1 Nov 2026 is a Sunday
    expect(firstWorkingDayOfMonth('2026-06-10', calendar)).toBe('2026-06-02'); // 1 June a bank holiday here
    expect(dueSends('2026-11-02', '08:00', calendar)).toEqual([
      { kind: 'daily_sitrep', period: '2026-11-01' },
      { kind: 'monthly_summary', period: '2026-10' },
    ]);
    expect(dueSends('2026-11-01', '08:00', calendar)).toHaveLength(1);
    expect(dueSends('2026-01-02', '08:00', calendar)[1]).toEqual({ kind: 'monthly_summary', period: '2025-12' });
  });

  it('reads a recipient list and names the bad addresses', () => {
    expect(parseRecipients('duty@corrington.example; Ops@Westford.example,\nnot-an-address')).toEqual({ addresses: ['duty@corrington.example', 'ops@westford.example'], invalid: ['not-an-address'] });
  });
});
