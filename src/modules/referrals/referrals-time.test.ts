import { describe, expect, it } from 'vitest';
import {
  addDays,
  addHours,
  addMonthsClamped,
  daysBetween,
  endOfLondonDay,
  formatDuration,
  formatIsoDate,
  formatLondonDateTime,
  isIsoDate,
  londonDateOf,
  londonLocalToInstant,
  londonOffsetMinutes,
  startOfLondonDay,
} from './referrals-time.js';

describe('London dates of instants', () => {
  it('uses GMT in winter and BST in summer', () => {
    expect(londonDateOf(new Date('2026-01-15T23:30:00Z'))).toBe('2026-01-15');
    expect(londonDateOf(new Date('2026-07-15T23:30:00Z'))).toBe('2026-07-16');
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
  it('starts a winter day at midnight UTC', () => {
    expect(startOfLondonDay('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
  });
  it('starts a summer day at 23:00 UTC the day before', () => {
    expect(startOfLondonDay('2026-07-15').toISOString()).toBe('2026-07-14T23:00:00.000Z');
  });
  it('makes the spring clock-change day 23 hours long', () => {
    const length = endOfLondonDay('2026-03-29').getTime() - startOfLondonDay('2026-03-29').getTime();
    expect(length).toBe(23 * 3_600_000);
  });
  it('makes the autumn clock-change day 25 hours long', () => {
    const length = endOfLondonDay('2026-10-25').getTime() - startOfLondonDay('2026-10-25').getTime();
    expect(length).toBe(25 * 3_600_000);
  });
});

describe('local times typed into forms', () => {
  it('reads winter and summer times', () => {
    expect(londonLocalToInstant('2026-01-15T09:00').toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(londonLocalToInstant('2026-07-15 09:00').toISOString()).toBe('2026-07-15T08:00:00.000Z');
  });
  it('reads a time that never happened in spring as the hour after', () => {
    expect(londonLocalToInstant('2026-03-29 01:30').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(formatLondonDateTime(londonLocalToInstant('2026-03-29 01:30'))).toBe('Sun 29 Mar 2026, 02:30');
  });
  it('reads a time that happened twice in autumn as the first', () => {
    expect(londonLocalToInstant('2026-10-25 01:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
  it('refuses text that is not a date and time', () => {
    expect(() => londonLocalToInstant('tomorrow')).toThrow(RangeError);
  });
});

describe('calendar arithmetic', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-25', 13)).toBe('2027-01-07');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
  it('counts days between dates', () => {
    expect(daysBetween('2026-03-01', '2026-03-07')).toBe(6);
    expect(daysBetween('2026-03-07', '2026-03-01')).toBe(-6);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
  });
  it('adds months, clamping to the end of a shorter month', () => {
    expect(addMonthsClamped('2026-01-10', 6)).toBe('2026-07-10');
    expect(addMonthsClamped('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonthsClamped('2027-08-31', 6)).toBe('2028-02-29');
  });
  it('adds real hours, so 24 hours over the spring change ends at 23:00 on the clock', () => {
    const start = londonLocalToInstant('2026-03-28 23:00');
    expect(formatLondonDateTime(addHours(start, 24))).toBe('Mon 30 Mar 2026, 00:00');
    const start2 = londonLocalToInstant('2026-03-29 00:00');
    expect(formatLondonDateTime(addHours(start2, 24))).toBe('Mon 30 Mar 2026, 01:00');
  });
  it('validates ISO dates', () => {
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('26-01-01')).toBe(false);
  });
});

describe('formatting', () => {
  it('formats dates and times for people', () => {
    expect(formatIsoDate('2026-03-29')).toBe('Sun 29 Mar 2026');
    expect(formatLondonDateTime(new Date('2026-07-01T21:05:00Z'))).toBe('Wed 1 Jul 2026, 22:05');
  });
  it('formats durations', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration((3 * 60 + 5) * 60_000)).toBe('3 h 5 min');
    expect(formatDuration((49 * 60) * 60_000)).toBe('2 days 1 h');
  });
});
