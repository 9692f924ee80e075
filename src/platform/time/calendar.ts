/**
 * Calendar dates and elapsed time, with no time zone involved. A date without a time is an ISO
 * string 'YYYY-MM-DD' (such strings compare correctly as strings); a time of day is 'HH:MM'.
 * Functions that take a date throw a RangeError when it is not shaped 'YYYY-MM-DD'; a day the
 * month lacks ('2025-02-30') rolls over into the next month, as Date.UTC does. Use isIsoDate or
 * dateParts to reject such days.
 */

/** A calendar date without time, 'YYYY-MM-DD'. */
export type IsoDate = string;
/** A calendar month, 'YYYY-MM'. */
export type IsoMonth = string;
/** A wall-clock time, 'HH:MM' (24-hour). */
export type LocalTime = string;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

export const pad2 = (n: number): string => String(n).padStart(2, '0');

/** The numbers of a 'YYYY-MM-DD' string, without checking the day exists. */
export function splitIsoDate(date: IsoDate): DateParts {
  const match = ISO_DATE.exec(date);
  if (!match) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function isoDateOfUtcMs(ms: number): IsoDate {
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function utcMsOf(date: IsoDate): number {
  const { year, month, day } = splitIsoDate(date);
  return Date.UTC(year, month - 1, day);
}

/** True for a real calendar day shaped 'YYYY-MM-DD' (2024-02-29 yes, 2025-02-29 no). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/** The numbers of a real calendar day; throws a RangeError for anything else. */
export function dateParts(date: IsoDate): DateParts {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  return splitIsoDate(date);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return ((new Date(utcMsOf(date)).getUTCDay() + 6) % 7) + 1;
}

/** `date` plus `days` calendar days (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  const { year, month, day } = splitIsoDate(date);
  return isoDateOfUtcMs(Date.UTC(year, month - 1, day + days));
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((utcMsOf(to) - utcMsOf(from)) / DAY_MS);
}

/** Age in completed years on a date (born on 29 February: a year older on 1 March in other years). */
export function ageOn(dateOfBirth: IsoDate, on: IsoDate): number {
  const born = splitIsoDate(dateOfBirth);
  const today = splitIsoDate(on);
  const birthdayReached = today.month > born.month || (today.month === born.month && today.day >= born.day);
  return today.year - born.year - (birthdayReached ? 0 : 1);
}

/** ISO dates compare correctly as strings; this names the intent. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function isLocalTime(value: string): boolean {
  return LOCAL_TIME.test(value);
}

/** Minutes since midnight of an 'HH:MM' time; throws a RangeError for anything else. */
export function minutesOf(time: LocalTime): number {
  const match = LOCAL_TIME.exec(time);
  if (!match) throw new RangeError(`Not a time of day: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

export function addMinutes(instant: Date, minutes: number): Date {
  return new Date(instant.getTime() + minutes * MINUTE_MS);
}

/** Elapsed hours: statutory hour periods are real time, so a 24-hour period over the spring
 * clock change ends at 23:00 local time, not midnight. */
export function addHours(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * HOUR_MS);
}

/** Whole minutes from `from` to `to` (negative when `to` is earlier), rounded down. */
export function minutesBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / MINUTE_MS);
}
