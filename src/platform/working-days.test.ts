import { describe, expect, it } from 'vitest';
import shipped from './calendar-england-wales-bank-holidays.json' with { type: 'json' };
import { WorkingDayCalendar } from './working-days.js';

const calendar = new WorkingDayCalendar(shipped.map((holiday) => holiday.date));

describe('working-days calendar', () => {
  it('ships the 2026 England and Wales bank holidays, with the Boxing Day substitute', () => {
    const in2026 = shipped.filter((h) => h.date.startsWith('2026')).map((h) => h.date);
    expect(in2026).toEqual([
      '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28',
    ]);
  });

  it('skips weekends and bank holidays when counting forward', () => {
    // Thursday 24 December 2026 + 1 working day: Christmas (Fri), weekend, substitute Boxing Day (Mon 28) → Tue 29.
    expect(calendar.addWorkingDays('2026-12-24', 1)).toBe('2026-12-29');
    expect(calendar.addWorkingDays('2026-11-20', 1)).toBe('2026-11-23');
  });

  it('finds the previous working day over a bank holiday weekend', () => {
    expect(calendar.previousWorkingDay('2026-04-07')).toBe('2026-04-02');
    expect(calendar.isWorkingDay('2026-04-06')).toBe(false);
    expect(calendar.isWorkingDay('2026-04-07')).toBe(true);
  });

  it('counts working days between two dates', () => {
    expect(calendar.workingDaysBetween('2026-11-20', '2026-11-27')).toBe(5);
    expect(calendar.workingDaysBetween('2026-11-27', '2026-11-20')).toBe(0);
  });
});
