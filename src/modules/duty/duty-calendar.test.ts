import { describe, expect, it } from 'vitest';
import { instantOf } from '../../platform/london-time.js';
import { daysOfMonth, formatDayTime, formatLongDate, formatWaiting, shiftMonth, weekdayOf } from './duty-calendar.js';

// London conversions and date arithmetic are tested with the platform (platform/london-time.test.ts).

describe('the rota calendar', () => {
  it('knows weekdays and month lengths, leap years included', () => {
    expect(weekdayOf('2025-03-28')).toBe('friday');
    expect(weekdayOf('2025-03-30')).toBe('sunday');
    expect(daysOfMonth('2024-02')).toHaveLength(29);
    expect(daysOfMonth('2025-02').at(-1)).toBe('2025-02-28');
  });

  it('moves between months across a year end', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
  });
});

describe('formatting for people', () => {
  it('formats waiting times briefly', () => {
    expect(formatWaiting(0)).toBe('0 min');
    expect(formatWaiting(59)).toBe('59 min');
    expect(formatWaiting(60)).toBe('1 h 00 min');
    expect(formatWaiting(125)).toBe('2 h 05 min');
    expect(formatWaiting(1440 + 180)).toBe('1 d 3 h');
  });

  it('formats days and times in London, in winter and in summer', () => {
    expect(formatDayTime(instantOf('2025-03-28T16:50Z'))).toBe('Fri 28 Mar 16:50');
    expect(formatDayTime(instantOf('2025-07-04T15:50Z'))).toBe('Fri 4 Jul 16:50');
    expect(formatLongDate('2025-03-28')).toBe('Friday 28 March 2025');
  });
});
