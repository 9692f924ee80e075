import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysOfMonth,
  formatDuration,
  formatLondonDateLong,
  formatLondonDateTime,
  isValidIsoDate,
  londonInstant,
  londonParts,
  weekdayOf,
} from './duty-time.js';

describe('London local time', () => {
  it('reads winter instants as GMT and summer instants as BST', () => {
    expect(londonParts(new Date('2025-01-15T09:00:00Z')).time).toBe('09:00');
    expect(londonParts(new Date('2025-07-15T08:00:00Z')).time).toBe('09:00');
  });

  it('puts a late-evening UTC instant in summer on the next London day', () => {
    expect(londonParts(new Date('2025-07-15T23:30:00Z')).date).toBe('2025-07-16');
  });

  it('turns a London wall time into the right instant on both sides of each clock change', () => {
    expect(londonInstant('2025-03-29', '09:00').toISOString()).toBe('2025-03-29T09:00:00.000Z');
    expect(londonInstant('2025-03-31', '09:00').toISOString()).toBe('2025-03-31T08:00:00.000Z');
    expect(londonInstant('2025-10-25', '09:00').toISOString()).toBe('2025-10-25T08:00:00.000Z');
    expect(londonInstant('2025-10-27', '09:00').toISOString()).toBe('2025-10-27T09:00:00.000Z');
  });

  it('moves a wall time skipped in spring forward by the hour that never happened', () => {
    expect(londonInstant('2025-03-30', '01:30').toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(londonParts(londonInstant('2025-03-30', '01:30')).time).toBe('02:30');
  });

  it('reads a wall time that happens twice in autumn as the first one', () => {
    expect(londonInstant('2025-10-26', '01:30').toISOString()).toBe('2025-10-26T00:30:00.000Z');
  });
});

describe('calendar dates', () => {
  it('knows weekdays, leap days and month lengths', () => {
    expect(weekdayOf('2025-03-28')).toBe('friday');
    expect(weekdayOf('2025-03-30')).toBe('sunday');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysOfMonth('2024-02')).toHaveLength(29);
    expect(daysOfMonth('2025-02').at(-1)).toBe('2025-02-28');
  });

  it('rejects dates that do not exist', () => {
    expect(isValidIsoDate('2025-02-29')).toBe(false);
    expect(isValidIsoDate('2024-02-29')).toBe(true);
    expect(isValidIsoDate('2025-13-01')).toBe(false);
    expect(isValidIsoDate('25-01-01')).toBe(false);
  });
});

describe('formatting for people', () => {
  it('formats waiting times briefly', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(59)).toBe('59 min');
    expect(formatDuration(60)).toBe('1 h 00 min');
    expect(formatDuration(125)).toBe('2 h 05 min');
    expect(formatDuration(1440 + 180)).toBe('1 d 3 h');
  });

  it('formats dates and times in London', () => {
    expect(formatLondonDateTime(new Date('2025-03-28T16:50:00Z'))).toBe('Fri 28 Mar 16:50');
    expect(formatLondonDateTime(new Date('2025-07-04T15:50:00Z'))).toBe('Fri 4 Jul 16:50');
    expect(formatLondonDateLong('2025-03-28')).toBe('Friday 28 March 2025');
  });
});
