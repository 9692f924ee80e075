import { describe, expect, it } from 'vitest';
import { formatWeekdayDateTime } from './format.js';
import { instantOf } from './parse.js';
import { ageOn } from './calendar.js';
import { addMonthsClamped, formatSpan } from './periods.js';

describe('calendar months, ages and long spans', () => {
  it('adds months, clamping to the end of a shorter month (and counts back the same way)', () => {
    expect(addMonthsClamped('2026-01-10', 6)).toBe('2026-07-10');
    expect(addMonthsClamped('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsClamped('2027-08-31', 6)).toBe('2028-02-29');
    expect(addMonthsClamped('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonthsClamped('2026-01-15', -60)).toBe('2021-01-15');
  });

  it('turns a year older on the birthday, not the day before; 29 February on 1 March', () => {
    expect(ageOn('2010-03-10', '2026-03-09')).toBe(15);
    expect(ageOn('2010-03-10', '2026-03-10')).toBe(16);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });

  it('says spans as people do, with days once they pass 24 hours', () => {
    expect(formatSpan(0)).toBe('0 min');
    expect(formatSpan(45)).toBe('45 min');
    expect(formatSpan(3 * 60 + 5)).toBe('3 h 5 min');
    expect(formatSpan(49 * 60)).toBe('2 days 1 h');
    expect(formatSpan(-90)).toBe('-1 h 30 min');
  });

  it('writes an instant with its London weekday, across the clock change', () => {
    expect(formatWeekdayDateTime(instantOf('2026-03-29T03:00'))).toBe('Sun 29 Mar 2026, 03:00');
    expect(formatWeekdayDateTime(new Date('2026-07-01T21:05:00Z'))).toBe('Wed 1 Jul 2026, 22:05');
  });
});
