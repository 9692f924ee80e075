// Local-time helpers for the safety module. Kept in one file so the platform's shared
// Europe/London helpers (src/platform/london-time.ts) can replace them later without touching
// the domain files; names and behaviour deliberately mirror that file.

export const LONDON = 'Europe/London';
export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

/** A calendar date without time, 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A calendar month, 'YYYY-MM'. */
export type IsoMonth = string;

const partsFormatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const pad = (n: number): string => String(n).padStart(2, '0');

export interface LondonParts {
  date: IsoDate;
  /** 'HH:MM', 24-hour. */
  time: string;
}

export function londonParts(instant: Date): LondonParts {
  const values: Record<string, number> = {};
  for (const part of partsFormatter.formatToParts(instant)) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  const date = `${values.year ?? 0}-${pad(values.month ?? 0)}-${pad(values.day ?? 0)}`;
  return { date, time: `${pad(values.hour ?? 0)}:${pad(values.minute ?? 0)}` };
}

export function londonDate(instant: Date): IsoDate {
  return londonParts(instant).date;
}

export function londonMonth(instant: Date): IsoMonth {
  return londonDate(instant).slice(0, 7);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

export function isLocalTime(value: string): boolean {
  return LOCAL_TIME.test(value);
}

/**
 * The UTC instant of a London wall-clock time. When clocks go back the earlier (BST) reading
 * wins; in the spring-forward gap the time is read as GMT, i.e. it lands an hour later on the
 * clock — the same as the platform helper.
 */
export function londonInstant(date: IsoDate, time: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(y, m - 1, d, hh, mm);
  for (const offsetHours of [1, 0]) {
    const candidate = new Date(asUtc - offsetHours * HOUR_MS);
    const back = londonParts(candidate);
    if (back.date === date && back.time === `${pad(hh)}:${pad(mm)}`) return candidate;
  }
  return new Date(asUtc);
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS);
}

/** Whole minutes from `from` to `to` (negative when `to` is earlier), rounded down. */
export function minutesBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / MINUTE_MS);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
