import { describe, expect, it } from 'vitest';
import {
  compareIsoDates,
  daysBetween,
  formatLongDate,
  isIsoDate,
  londonDateOf,
} from './standards-time.js';

describe('londonDateOf', () => {
  it('uses the London calendar day in summer time (23:30 UTC is already the next day)', () => {
    expect(londonDateOf(new Date('2025-06-30T22:59:59Z'))).toBe('2025-06-30');
    expect(londonDateOf(new Date('2025-06-30T23:00:00Z'))).toBe('2025-07-01');
  });
  it('matches UTC in winter', () => {
    expect(londonDateOf(new Date('2025-01-31T23:59:59Z'))).toBe('2025-01-31');
    expect(londonDateOf(new Date('2025-02-01T00:00:00Z'))).toBe('2025-02-01');
  });
});

describe('isIsoDate', () => {
  it.each([
    ['2025-03-04', true],
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2025-13-01', false],
    ['4/3/2025', false],
    ['2025-3-4', false],
  ])('%s → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe('date arithmetic', () => {
  it('compares and counts days across a clock change', () => {
    expect(compareIsoDates('2025-03-04', '2025-03-05')).toBe(-1);
    expect(compareIsoDates('2025-03-05', '2025-03-05')).toBe(0);
    expect(daysBetween('2025-03-29', '2025-04-01')).toBe(3);
    expect(daysBetween('2025-04-01', '2025-03-29')).toBe(-3);
  });
  it('formats dates the GOV.UK way', () => {
    expect(formatLongDate('2025-03-04')).toBe('4 March 2025');
  });
});
