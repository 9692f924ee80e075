import { describe, it, expect } from 'vitest';
import {
  addDays,
  ageOn,
  addMinutes,
  endOfLondonDay,
  fromLocalInputValue,
  isIsoDate,
  isLocalTime,
  londonDate,
  londonInstant,
  londonMonth,
  londonParts,
  minutesBetween,
  startOfLondonDay,
} from './london-time.js';

const at = (iso: string): Date => new Date(iso);

describe('London time', () => {
  it('reads GMT in winter and BST in summer', () => {
    expect(londonInstant('2025-01-15', '17:30')).toEqual(at('2025-01-15T17:30:00Z'));
    expect(londonInstant('2025-07-15', '17:30')).toEqual(at('2025-07-15T16:30:00Z'));
  });

  it('in the hour that happens twice in October, takes the first (BST) one', () => {
    expect(londonInstant('2025-10-26', '01:30')).toEqual(at('2025-10-26T00:30:00Z'));
  });

  it('in the missing hour in March, reads the time as GMT', () => {
    expect(londonInstant('2025-03-30', '01:30')).toEqual(at('2025-03-30T01:30:00Z'));
  });

  it('gives London dates and months, which differ from UTC near midnight in summer', () => {
    expect(londonDate(at('2025-06-30T23:30:00Z'))).toBe('2025-07-01');
    expect(londonMonth(at('2025-06-30T23:30:00Z'))).toBe('2025-07');
    expect(londonMonth(at('2025-12-31T23:30:00Z'))).toBe('2025-12');
  });

  it('checks date and time strings', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('10/03/2025')).toBe(false);
    expect(isLocalTime('23:59')).toBe(true);
    expect(isLocalTime('24:00')).toBe(false);
    expect(isLocalTime('9:30')).toBe(false);
  });

  it('adds minutes and days, and counts whole minutes', () => {
    expect(addMinutes(at('2025-03-10T12:00:00Z'), -15)).toEqual(at('2025-03-10T11:45:00Z'));
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(minutesBetween(at('2025-03-10T12:00:00Z'), at('2025-03-10T12:01:59Z'))).toBe(1);
    expect(minutesBetween(at('2025-03-10T12:01:00Z'), at('2025-03-10T12:00:00Z'))).toBe(-1);
  });

  it('reads a form field the same way: first instant in autumn, GMT in the spring gap', () => {
    expect(fromLocalInputValue('2026-10-25T01:30')).toEqual(at('2026-10-25T00:30:00Z'));
    expect(fromLocalInputValue('2026-03-29T01:30')).toEqual(at('2026-03-29T01:30:00Z'));
    expect(londonParts(at('2026-03-29T01:30:00Z')).time).toBe('02:30');
    expect(fromLocalInputValue('29/03/2026 01:30')).toBeUndefined();
  });

  it('makes the clock-change days 23 and 25 hours long', () => {
    expect(startOfLondonDay('2026-07-15')).toEqual(at('2026-07-14T23:00:00Z'));
    expect(endOfLondonDay('2026-03-29').getTime() - startOfLondonDay('2026-03-29').getTime()).toBe(23 * 3_600_000);
    expect(endOfLondonDay('2026-10-25').getTime() - startOfLondonDay('2026-10-25').getTime()).toBe(25 * 3_600_000);
  });
});

describe('age', () => {
  it('turns a year older on the birthday, not the day before', () => {
    expect(ageOn('2010-03-10', '2026-03-09')).toBe(15);
    expect(ageOn('2010-03-10', '2026-03-10')).toBe(16);
  });
  it('treats a 29 February birthday as reached on 1 March in other years', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});

// Merged from the standards module's time wrapper tests (deleted): what the platform tests above
// did not cover. (A separate import here keeps this block apart from the list at the top.)
import { compareIsoDates, daysBetween, formatDate } from './london-time.js';

describe('London dates: comparing, counting and formatting', () => {
  it('compares dates and counts days across the spring clock change, either way round', () => {
    expect(compareIsoDates('2025-03-04', '2025-03-05')).toBe(-1);
    expect(compareIsoDates('2025-03-05', '2025-03-05')).toBe(0);
    expect(daysBetween('2025-03-29', '2025-04-01')).toBe(3);
    expect(daysBetween('2025-04-01', '2025-03-29')).toBe(-3);
  });

  it('refuses a thirteenth month and unpadded parts, and formats dates the GOV.UK way', () => {
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-3-4')).toBe(false);
    expect(formatDate('2025-03-04')).toBe('4 March 2025');
  });
});
