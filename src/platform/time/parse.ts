/**
 * The one time rule, for everything people and programs type:
 *
 * - An instant with an offset or `Z` (RFC 3339: `2026-04-20T09:00:00+01:00`, `2026-04-20T08:00Z`)
 *   means exactly that instant.
 * - A wall-clock time without an offset (`2026-04-20T09:00`, seconds optional; a space instead of
 *   the `T` is also read) always means Europe/London, whatever the server's own time zone.
 * - A day that does not exist (30 February, 31 November), a partial string (`1`, `2026-04`) or a
 *   number out of range is refused, never rolled over.
 * - At the clock changes: a London time that never happens (01:30 on the last Sunday of March) is
 *   refused; one that happens twice (01:30 on the last Sunday of October) is refused unless the
 *   offset is given, because the law counts hours and the two readings are an hour apart.
 *
 * Nothing here reads the host's time zone: all arithmetic is in UTC milliseconds.
 */
import { type IsoDate, type LocalTime, MINUTE_MS, isoDate, pad2 } from './calendar.js';
import { londonParts } from './london.js';

export type ParsedInstant = { ok: true; instant: Date } | { ok: false; message: string };
export type ParsedDate = { ok: true; date: IsoDate } | { ok: false; message: string };

/** An example of each accepted shape, used in every message so that the example always parses. */
export const INSTANT_EXAMPLE = '2026-04-20T09:30';
export const INSTANT_WITH_OFFSET_EXAMPLE = '2026-04-20T09:30+01:00';
export const INSTANT_DESCRIPTION =
  'An instant. Either RFC 3339 with an offset or Z (e.g. 2026-04-20T08:30:00Z or 2026-04-20T09:30+01:00), ' +
  'or a wall-clock time YYYY-MM-DDTHH:mm, which always means Europe/London time. Days that do not exist are refused; ' +
  'a London time skipped when the clocks go forward is refused, and one that happens twice when they go back must carry its offset.';
export const DATE_DESCRIPTION = 'A calendar date, YYYY-MM-DD (e.g. 2026-04-20). Days that do not exist are refused.';

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

const INSTANT_SHAPE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
const DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Checks year, month and day; returns a message for a day that does not exist. */
function calendarProblem(year: number, month: number, day: number): string | null {
  if (year < MIN_YEAR || year > MAX_YEAR) return `The year must be between ${MIN_YEAR} and ${MAX_YEAR}`;
  if (month < 1 || month > 12) return 'The month must be between 01 and 12';
  const last = daysInMonth(year, month);
  if (day < 1 || day > last) return `${MONTH_NAMES[month - 1]} ${year} has ${last} days: ${pad2(day)} is not a real day`;
  return null;
}

function humanDay(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

/** A calendar date 'YYYY-MM-DD' that exists. */
export function parseIsoDate(text: string): ParsedDate {
  const match = DATE_SHAPE.exec(text.trim());
  if (!match) return { ok: false, message: 'Enter a date as YYYY-MM-DD, for example 2026-04-20' };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const problem = calendarProblem(year, month, day);
  if (problem) return { ok: false, message: problem };
  return { ok: true, date: isoDate(year, month, day) };
}

/**
 * Every UTC instant at which London's clocks show this wall-clock time: none in the spring gap,
 * two in the autumn repeat, one otherwise.
 */
export function londonReadings(date: IsoDate, time: LocalTime, second = 0): Date[] {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const readings: Date[] = [];
  for (const offsetMinutes of [60, 0]) {
    const candidate = new Date(wall - offsetMinutes * MINUTE_MS);
    const back = londonParts(candidate);
    if (back.date === date && back.hour === hour && back.minute === minute && back.second === second) readings.push(candidate);
  }
  return readings;
}

/** Reads a London wall-clock time, refusing the spring gap and the ambiguous autumn hour. */
export function parseLondonWallClock(date: IsoDate, time: LocalTime, second = 0): ParsedInstant {
  const readings = londonReadings(date, time, second);
  if (readings.length === 1) return { ok: true, instant: readings[0]! };
  if (readings.length === 0) {
    return {
      ok: false,
      message: `${time} on ${humanDay(date)} did not happen in the UK: the clocks went forward from 01:00 to 02:00. Enter the time as the clock showed it, for example ${date}T02:${time.slice(3)}`,
    };
  }
  return {
    ok: false,
    message: `${time} on ${humanDay(date)} happened twice in the UK because the clocks went back. Say which: ${date}T${time}+01:00 is the first (BST), ${date}T${time}+00:00 the second (GMT)`,
  };
}

/** Parses an instant by the one time rule (see the top of this file). */
export function parseInstant(text: string): ParsedInstant {
  const trimmed = text.trim();
  const match = INSTANT_SHAPE.exec(trimmed);
  if (!match) {
    return { ok: false, message: `Enter a date and time as YYYY-MM-DDTHH:mm (UK time), for example ${INSTANT_EXAMPLE}, or with an offset, for example ${INSTANT_WITH_OFFSET_EXAMPLE}` };
  }
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(match[i])) as [number, number, number, number, number];
  const second = match[6] === undefined ? 0 : Number(match[6]);
  const fraction = match[7] === undefined ? 0 : Math.floor(Number(`0.${match[7]}`) * 1000);
  const problem = calendarProblem(year, month, day);
  if (problem) return { ok: false, message: problem };
  if (hour > 23) return { ok: false, message: 'The hour must be between 00 and 23' };
  if (minute > 59) return { ok: false, message: 'The minutes must be between 00 and 59' };
  if (second > 59) return { ok: false, message: 'The seconds must be between 00 and 59' };

  const zulu = match[8] !== undefined;
  const sign = match[9];
  if (!zulu && sign === undefined) {
    const parsed = parseLondonWallClock(isoDate(year, month, day), `${pad2(hour)}:${pad2(minute)}`, second);
    return parsed.ok ? { ok: true, instant: new Date(parsed.instant.getTime() + fraction) } : parsed;
  }
  let offsetMinutes = 0;
  if (sign !== undefined) {
    const [offsetHours, offsetMins] = [Number(match[10]), Number(match[11])];
    if (offsetHours > 23 || offsetMins > 59) return { ok: false, message: 'The offset must be between -23:59 and +23:59' };
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes * MINUTE_MS;
  return { ok: true, instant: new Date(utc) };
}

/** Throws a RangeError with the message: for trusted inputs (seeds, tests) that must be valid. */
export function instantOf(text: string): Date {
  const parsed = parseInstant(text);
  if (!parsed.ok) throw new RangeError(parsed.message);
  return parsed.instant;
}

const TIME_OF_DAY = /^(\d{1,2})(?::|\.)?(\d{2})$/;

/**
 * The time field beside a GOV.UK date input: 24-hour, '9:30', '09:30', '0930' or '09.30'.
 * Returns 'HH:MM' or a message.
 */
export function parseTimeOfDay(text: string): { ok: true; time: LocalTime } | { ok: false; message: string } {
  const match = TIME_OF_DAY.exec(text.trim());
  if (!match) return { ok: false, message: 'Enter the time using the 24-hour clock, for example 09:30 or 21:30' };
  const [hour, minute] = [Number(match[1]), Number(match[2])];
  if (hour > 23 || minute > 59) return { ok: false, message: 'Enter a real time using the 24-hour clock, for example 09:30 or 21:30' };
  return { ok: true, time: `${pad2(hour)}:${pad2(minute)}` };
}

export interface DateInputParts {
  day?: unknown;
  month?: unknown;
  year?: unknown;
}

/** The GOV.UK date input's three boxes, as a real calendar date; the message names what is missing. */
export function parseDateInput(parts: DateInputParts, label = 'the date'): ParsedDate {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');
  const [day, month, year] = [text(parts.day), text(parts.month), text(parts.year)];
  if (!day && !month && !year) return { ok: false, message: `Enter ${label}` };
  const missing = [!day && 'day', !month && 'month', !year && 'year'].filter(Boolean) as string[];
  if (missing.length > 0) return { ok: false, message: `${label[0]!.toUpperCase()}${label.slice(1)} must include a ${missing.join(' and ')}` };
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) {
    return { ok: false, message: `${label[0]!.toUpperCase()}${label.slice(1)} must be a real date, for example 20 4 2026` };
  }
  const problem = calendarProblem(Number(year), Number(month), Number(day));
  if (problem) return { ok: false, message: `${label[0]!.toUpperCase()}${label.slice(1)} must be a real date: ${problem}` };
  return { ok: true, date: isoDate(Number(year), Number(month), Number(day)) };
}

/** The GOV.UK date input plus a 24-hour time field, read as London wall-clock time. */
export function parseDateTimeInput(parts: DateInputParts & { time?: unknown }, label = 'the date'): ParsedInstant {
  const date = parseDateInput(parts, label);
  if (!date.ok) return date;
  const time = parseTimeOfDay(typeof parts.time === 'string' ? parts.time : '');
  if (!time.ok) return time;
  return parseLondonWallClock(date.date, time.time);
}
