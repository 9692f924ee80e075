/**
 * Stored instants are UTC; people read Europe/London. These are the only conversions between
 * the two. London is UTC+0 (GMT) in winter and UTC+1 (BST) from 01:00 UTC on the last Sunday of
 * March to 01:00 UTC on the last Sunday of October.
 */
import {
  type IsoDate,
  type IsoMonth,
  type LocalTime,
  MINUTE_MS,
  addDays,
  isoDate,
  pad2,
  splitIsoDate,
} from './calendar.js';

export const LONDON = 'Europe/London';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
  weekday: 'short',
});

export interface LondonParts {
  date: IsoDate;
  /** 'HH:MM', 24-hour. */
  time: LocalTime;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Minutes since local midnight. */
  minuteOfDay: number;
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function londonParts(instant: Date): LondonParts {
  const parts: Record<string, string> = {};
  for (const part of partsFormat.formatToParts(instant)) parts[part.type] = part.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour) % 24;
  const minute = Number(parts.minute);
  return {
    date: isoDate(year, month, day),
    time: `${pad2(hour)}:${pad2(minute)}`,
    year,
    month,
    day,
    hour,
    minute,
    second: Number(parts.second),
    minuteOfDay: hour * 60 + minute,
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
  };
}

/** The calendar day in England at an instant (23:30 UTC on 30 June is already 1 July). */
export function londonDate(instant: Date): IsoDate {
  return londonParts(instant).date;
}

export function londonMonth(instant: Date): IsoMonth {
  return londonDate(instant).slice(0, 7);
}

/** Minutes London is ahead of UTC at an instant: 0 in GMT, 60 in BST. */
export function londonOffsetMinutes(instant: Date): number {
  const p = londonParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / MINUTE_MS);
}

const TIME_SHAPE = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The UTC instant at which London's clocks show `time` ('HH:MM' or 'HH:MM:SS') on `date`.
 *
 * - A time that happens twice (01:00–01:59 on the last Sunday of October) is the EARLIER
 *   instant, the first time round, in BST.
 * - A time that never happens (01:00–01:59 on the last Sunday of March) is read as GMT, so it
 *   lands an hour later on the clock (01:30 becomes 02:30 BST).
 *
 * Throws a RangeError unless the date is 'YYYY-MM-DD' and the time 'HH:MM[:SS]'; numbers out of
 * range (25:00) are read as GMT after rolling over, as Date.UTC does.
 */
export function londonInstant(date: IsoDate, time: LocalTime = '00:00'): Date {
  const { year, month, day } = splitIsoDate(date);
  const match = TIME_SHAPE.exec(time);
  if (!match) throw new RangeError(`Not a time of day: ${time}`);
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3] ?? '0')];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  // BST (UTC+1) first, so that a repeated autumn time resolves to the earlier instant.
  for (const offsetMinutes of [60, 0]) {
    const candidate = new Date(wall - offsetMinutes * MINUTE_MS);
    const back = londonParts(candidate);
    if (back.date === date && back.hour === hour && back.minute === minute && back.second === second) {
      return candidate;
    }
  }
  return new Date(wall); // the spring gap: read as GMT
}

/** The instant local midnight begins that day in England. */
export function startOfLondonDay(date: IsoDate): Date {
  return londonInstant(date, '00:00');
}

/** The first instant after that day has ended in England (exclusive end). */
export function endOfLondonDay(date: IsoDate): Date {
  return startOfLondonDay(addDays(date, 1));
}

/** `datetime-local` input value (London) for an instant. */
export function toLocalInputValue(instant: Date | null | undefined): string {
  if (!instant) return '';
  const p = londonParts(instant);
  return `${p.date}T${p.time}`;
}

/** Parses a `datetime-local` value entered in London time (seconds ignored); undefined if malformed. */
export function fromLocalInputValue(value: string): Date | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(value.trim());
  if (!match) return undefined;
  return londonInstant(match[1]!, match[2]!);
}
