import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonthsAnniversary,
  addYearsAnniversary,
  asLondonDate,
  daysBetween,
  formatDate,
  isIsoDate,
  londonDate,
  rangesOverlap,
} from './register-time.js';

describe('calendar dates', () => {
  it('accepts only real calendar days', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('2100-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-4-1')).toBe(false);
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2025-01-01', '2026-01-01')).toBe(365);
  });

  it('puts the anniversary of a missing day on the 1st of the next month', () => {
    expect(addYearsAnniversary('2024-02-29', 1)).toBe('2025-03-01');
    expect(addYearsAnniversary('2024-02-29', 4)).toBe('2028-02-29');
    expect(addMonthsAnniversary('2025-01-31', 1)).toBe('2025-03-01');
    expect(addMonthsAnniversary('2024-01-31', 1)).toBe('2024-03-01');
    expect(addMonthsAnniversary('2025-01-30', 1)).toBe('2025-03-01');
    expect(addMonthsAnniversary('2025-03-31', -1)).toBe('2025-03-01');
    expect(addMonthsAnniversary('2025-11-15', 2)).toBe('2026-01-15');
    expect(addMonthsAnniversary('2026-01-15', -12)).toBe('2025-01-15');
  });

  it('treats null range ends as open', () => {
    expect(rangesOverlap('2025-01-01', null, '2030-01-01', '2030-01-02')).toBe(true);
    expect(rangesOverlap('2025-01-01', '2025-01-31', '2025-02-01', null)).toBe(false);
    expect(rangesOverlap('2025-01-01', '2025-01-31', '2025-01-31', '2025-02-05')).toBe(true);
  });

  it('reads instants as the day in England, across midnight and clock changes', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(londonDate(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    // In winter London is on UTC.
    expect(londonDate(new Date('2025-12-31T23:30:00Z'))).toBe('2025-12-31');
    expect(asLondonDate('2025-05-05')).toBe('2025-05-05');
    expect(() => asLondonDate('2025-02-30')).toThrow();
  });

  it('formats dates the GOV.UK way', () => {
    expect(formatDate('2026-03-03')).toBe('3 March 2026');
  });
});
