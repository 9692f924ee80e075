import { describe, expect, it } from 'vitest';
import {
  addDays,
  addHours,
  addMonthsClamped,
  daysBetween,
  endOfLondonDay,
  formatSpan,
  formatWeekdayDate,
  formatWeekdayDateTime,
  londonDate,
  londonInstant,
  londonOffsetMinutes,
  startOfLondonDay,
} from '../london-time.js';

// Moved here from the referrals module's former time wrapper (issue 11): one library, one set of tests.
describe('London dates of instants', () => {
  it('uses GMT in winter and BST in summer', () => {
    expect(londonDate(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
    expect(londonDate(new Date('2026-07-15T23:30:00Z'))).toBe('2026-07-16');
  });

  it('knows the offset either side of the spring clock change (Sun 29 Mar 2026, 01:00 UTC)', () => {
    expect(londonOffsetMinutes(new Date('2026-03-29T00:59:00Z'))).toBe(0);
    expect(londonOffsetMinutes(new Date('2026-03-29T01:00:00Z'))).toBe(60);
  });

  it('knows the offset either side of the autumn clock change (Sun 25 Oct 2026, 01:00 UTC)', () => {
    expect(londonOffsetMinutes(new Date('2026-10-25T00:59:00Z'))).toBe(60);
    expect(londonOffsetMinutes(new Date('2026-10-25T01:00:00Z'))).toBe(0);
  });
});

describe('start and end of a London day', () => {
  it('starts a winter day at midnight UTC and a summer day at 23:00 UTC the day before', () => {
    expect(startOfLondonDay('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(startOfLondonDay('2026-07-15').toISOString()).toBe('2026-07-14T23:00:00.000Z');
  });
  it('makes the spring clock-change day 23 hours long and the autumn one 25', () => {
    expect(endOfLondonDay('2026-03-29').getTime() - startOfLondonDay('2026-03-29').getTime()).toBe(23 * 3_600_000);
    expect(endOfLondonDay('2026-10-25').getTime() - startOfLondonDay('2026-10-25').getTime()).toBe(25 * 3_600_000);
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month and year ends, and counts days between dates', () => {
    expect(addDays('2026-12-25', 13)).toBe('2027-01-07');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-07', '2026-03-01')).toBe(-6);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonthsClamped('2026-01-10', 6)).toBe('2026-07-10');
    expect(addMonthsClamped('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsClamped('2027-08-31', 6)).toBe('2028-02-29');
  });
  it('adds real hours, so 24 hours over the spring change ends an hour later on the clock', () => {
    expect(formatWeekdayDateTime(addHours(londonInstant('2026-03-28', '23:00'), 24))).toBe('Mon 30 Mar 2026, 00:00');
    expect(formatWeekdayDateTime(addHours(londonInstant('2026-03-29', '00:00'), 24))).toBe('Mon 30 Mar 2026, 01:00');
  });
});

describe('formatting', () => {
  it('formats dates, times and spans for people', () => {
    expect(formatWeekdayDate('2026-03-29')).toBe('Sun 29 Mar 2026');
    expect(formatWeekdayDateTime(new Date('2026-07-01T21:05:00Z'))).toBe('Wed 1 Jul 2026, 22:05');
    expect(formatSpan(0)).toBe('0 min');
    expect(formatSpan(45)).toBe('45 min');
    expect(formatSpan(3 * 60 + 5)).toBe('3 h 5 min');
    expect(formatSpan(49 * 60)).toBe('2 days 1 h');
  });
});
