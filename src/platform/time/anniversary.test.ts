import { describe, expect, it } from 'vitest';
import { addMonthsAnniversary, addYearsAnniversary, asLondonDate, isWithin, rangesOverlap } from './anniversary.js';

describe('anniversaries and date ranges', () => {
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
    expect(isWithin('2025-01-31', '2025-01-01', null)).toBe(true);
    expect(isWithin('2025-02-01', '2025-01-01', '2025-01-31')).toBe(false);
  });

  it('reads an instant as the day in England, and refuses a day that does not exist', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    expect(asLondonDate(new Date('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(asLondonDate('2025-05-05')).toBe('2025-05-05');
    expect(() => asLondonDate('2025-02-30')).toThrow();
  });
});
