// Local-time helpers for the duty module. Kept in one file so the platform's shared
// Europe/London helpers can replace them later without touching the domain files.

export const LONDON = 'Europe/London';

/** A calendar date without time, 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A wall-clock time, 'HH:MM' (24-hour). */
export type LocalTime = string;

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export const WEEKDAYS: readonly Weekday[] = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
];

export const MINUTE_MS = 60_000;

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

export interface LondonParts {
  date: IsoDate;
  time: LocalTime;
  /** Minutes since local midnight. */
  minuteOfDay: number;
  weekday: Weekday;
}

function numericParts(instant: Date): { y: number; m: number; d: number; h: number; mi: number; s: number } {
  const values: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    y: values.year ?? 0,
    m: values.month ?? 0,
    d: values.day ?? 0,
    h: values.hour ?? 0,
    mi: values.minute ?? 0,
    s: values.second ?? 0,
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

export function londonParts(instant: Date): LondonParts {
  const p = numericParts(instant);
  const date = `${String(p.y).padStart(4, '0')}-${pad(p.m)}-${pad(p.d)}`;
  return {
    date,
    time: `${pad(p.h)}:${pad(p.mi)}`,
    minuteOfDay: p.h * 60 + p.mi,
    weekday: weekdayOf(date),
  };
}

export function londonDate(instant: Date): IsoDate {
  return londonParts(instant).date;
}

/** Offset of London from UTC at an instant, in milliseconds (0 in winter, +1 h in summer). */
function londonOffsetMs(instant: Date): number {
  const p = numericParts(instant);
  const asUtc = Date.UTC(p.y, p.m - 1, p.d, p.h, p.mi, p.s);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant at which London's clocks show `time` on `date`. A time skipped by the spring
 * clock change (01:00–01:59 on the last Sunday of March) resolves to the instant one hour
 * later on the clock; a time that happens twice in autumn resolves to the first (BST) one.
 */
export function londonInstant(date: IsoDate, time: LocalTime): Date {
  const { y, m, d } = splitDate(date);
  const minutes = minutesOf(time);
  const wall = Date.UTC(y, m - 1, d, Math.floor(minutes / 60), minutes % 60);
  const offsetBefore = londonOffsetMs(new Date(wall - 12 * 3_600_000));
  const offsetAfter = londonOffsetMs(new Date(wall + 12 * 3_600_000));
  const candidates = [wall - Math.max(offsetBefore, offsetAfter), wall - Math.min(offsetBefore, offsetAfter)];
  for (const candidate of candidates) {
    if (localWallMs(new Date(candidate)) === wall) return new Date(candidate);
  }
  // Spring gap: the wall time does not exist; read it with the offset in force before the gap.
  return new Date(wall - offsetBefore);
}

function localWallMs(instant: Date): number {
  return instant.getTime() + londonOffsetMs(instant);
}

export function splitDate(date: IsoDate): { y: number; m: number; d: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Not an ISO date: ${date}`);
  return { y: Number(match[1]), m: Number(match[2]), d: Number(match[3]) };
}

export function minutesOf(time: LocalTime): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) throw new RangeError(`Not a time of day: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function isValidIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const { y, m, d } = splitDate(date);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function weekdayOf(date: IsoDate): Weekday {
  const { y, m, d } = splitDate(date);
  const sundayFirst = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return WEEKDAYS[(sundayFirst + 6) % 7] as Weekday;
}

/** 'YYYY-MM' of a date. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

export function daysOfMonth(month: string): IsoDate[] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`Not a month: ${month}`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const count = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: count }, (_, i) => `${match[1]}-${match[2]}-${pad(i + 1)}`);
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS);
}

export function minutesBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / MINUTE_MS);
}

/** '45 min', '2 h 05 min', '1 d 3 h' — short, for boards and reports. */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.floor(minutes));
  if (total < 60) return `${total} min`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  return `${hours} h ${pad(mins)} min`;
}

/** '16:50' in London. */
export function formatLondonTime(instant: Date): LocalTime {
  return londonParts(instant).time;
}

/** 'Fri 14 Mar 16:50' in London. */
export function formatLondonDateTime(instant: Date): string {
  const p = londonParts(instant);
  return `${formatLondonDateShort(p.date)} ${p.time}`;
}

const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** 'Fri 14 Mar' */
export function formatLondonDateShort(date: IsoDate): string {
  const { m, d } = splitDate(date);
  const day = weekdayOf(date);
  return `${day.charAt(0).toUpperCase()}${day.slice(1, 3)} ${d} ${MONTH_ABBR[m - 1] ?? ''}`;
}

/** 'Friday 14 March 2025' */
export function formatLondonDateLong(date: IsoDate): string {
  const { y, m } = splitDate(date);
  const monthName = new Intl.DateTimeFormat('en-GB', { month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
  const day = weekdayOf(date);
  return `${day.charAt(0).toUpperCase()}${day.slice(1)} ${splitDate(date).d} ${monthName} ${y}`;
}
