// Calendar and clock helpers for the referrals domain. Kept in one file so the platform's shared
// clock helpers can replace them later. Instants are UTC `Date`s; anything about local days or
// hours is Europe/London, so the same code is right in GMT and BST and across clock changes.

/** A date without a time, 'YYYY-MM-DD'. */
export type IsoDate = string;

const LONDON = 'Europe/London';
const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

const londonFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export interface LondonParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function londonParts(instant: Date): LondonParts {
  const parts: Record<string, number> = {};
  for (const part of londonFormatter.formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 0,
    day: parts['day'] ?? 0,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
    second: parts['second'] ?? 0,
  };
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** The calendar date in England at that instant. */
export function londonDateOf(instant: Date): IsoDate {
  const p = londonParts(instant);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Minutes London is ahead of UTC at that instant: 0 in GMT, 60 in BST. */
export function londonOffsetMinutes(instant: Date): number {
  const p = londonParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  const wholeSeconds = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - wholeSeconds) / 60_000);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function splitIsoDate(date: IsoDate): [number, number, number] {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function isoFromUtcMs(ms: number): IsoDate {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = splitIsoDate(date);
  return isoFromUtcMs(Date.UTC(y, m - 1, d + days));
}

/** Whole calendar days from `from` to `to` (negative if `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const [y1, m1, d1] = splitIsoDate(from);
  const [y2, m2, d2] = splitIsoDate(to);
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / MS_PER_DAY);
}

/**
 * Adds calendar months; when the target month is shorter, lands on its last day
 * (31 August + 6 months = 28 or 29 February).
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const [y, m, d] = splitIsoDate(date);
  const firstOfTarget = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth() + 1, 0),
  ).getUTCDate();
  return isoFromUtcMs(
    Date.UTC(firstOfTarget.getUTCFullYear(), firstOfTarget.getUTCMonth(), Math.min(d, lastDay)),
  );
}

/** Elapsed hours: statutory hour periods are real time, so a 24-hour period over the spring
 * clock change ends at 23:00 local time, not midnight. */
export function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * MS_PER_HOUR);
}

/** The instant local midnight begins that day in England. */
export function startOfLondonDay(date: IsoDate): Date {
  const [y, m, d] = splitIsoDate(date);
  const utcMidnight = Date.UTC(y, m - 1, d);
  let guess = utcMidnight - londonOffsetMinutes(new Date(utcMidnight)) * 60_000;
  const check = londonOffsetMinutes(new Date(guess));
  guess = utcMidnight - check * 60_000;
  return new Date(guess);
}

/** The first instant after that day has ended in England (exclusive end). */
export function endOfLondonDay(date: IsoDate): Date {
  return startOfLondonDay(addDays(date, 1));
}

/**
 * A local England date and time ('YYYY-MM-DDTHH:mm', as a datetime-local form field sends it)
 * as an instant. A time that happens twice (autumn, 01:00–01:59) is taken as the first (BST);
 * a time that never happens (spring, 01:00–01:59) is read as GMT, i.e. an hour later on the clock.
 */
export function londonLocalToInstant(local: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local.trim());
  if (!match) throw new RangeError(`Not a local date and time: ${local}`);
  const naive = Date.UTC(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]),
    Number(match[4]),
    Number(match[5]),
    Number(match[6] ?? '0'),
  );
  for (const offset of [60, 0]) {
    const candidate = new Date(naive - offset * 60_000);
    if (londonOffsetMinutes(candidate) === offset) return candidate;
  }
  return new Date(naive);
}

export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Age in completed years on a date (a person born on 29 February turns a year older on 1 March
 * in non-leap years). */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const [by, bm, bd] = splitIsoDate(dateOfBirth);
  const [oy, om, od] = splitIsoDate(on);
  let age = oy - by;
  if (om < bm || (om === bm && od < bd)) age -= 1;
  return age;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'Sun 29 Mar 2026' */
export function formatIsoDate(date: IsoDate): string {
  const [y, m, d] = splitIsoDate(date);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${WEEKDAYS[weekday] ?? ''} ${d} ${MONTHS[m - 1] ?? ''} ${y}`;
}

/** 'Sun 29 Mar 2026, 03:00' in England's local time. */
export function formatLondonDateTime(instant: Date): string {
  const p = londonParts(instant);
  return `${formatIsoDate(londonDateOf(instant))}, ${pad(p.hour)}:${pad(p.minute)}`;
}

/** '3 h 5 min', '45 min', '2 days 1 h' */
export function formatDuration(ms: number): string {
  const totalMinutes = Math.round(Math.abs(ms) / 60_000);
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  const pieces: string[] = [];
  if (days > 0) pieces.push(`${days} day${days === 1 ? '' : 's'}`);
  if (hours > 0) pieces.push(`${hours} h`);
  if (minutes > 0 || pieces.length === 0) pieces.push(`${minutes} min`);
  return (ms < 0 ? '-' : '') + pieces.join(' ');
}

export const MS_IN = { hour: MS_PER_HOUR, day: MS_PER_DAY } as const;
