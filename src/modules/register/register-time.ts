/**
 * Calendar helpers for the register. Dates without times are ISO strings 'YYYY-MM-DD'
 * (they compare correctly as strings). Kept in one file so the platform's shared helpers
 * can replace them later.
 *
 * Anniversary rule used throughout the register: when a date's day does not exist in the
 * target month (29 February in a common year, 31st in a 30-day month), the anniversary is
 * the first day of the following month. So a five-year approval starting on 29 February 2024
 * runs to 28 February 2029, and every approval year is contiguous with the next.
 */

export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function dateParts(date: IsoDate): DateParts {
  if (!isIsoDate(date)) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${date}`);
  const [y, m, d] = date.split('-');
  return { year: Number(y), month: Number(m), day: Number(d) };
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function toDayNumber(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * MS_PER_DAY);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** The same day-of-month `months` later; a day the month lacks becomes the 1st of the next month. */
export function addMonthsAnniversary(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = dateParts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  if (day <= daysInMonth(targetYear, targetMonth)) return isoDate(targetYear, targetMonth, day);
  return addDays(isoDate(targetYear, targetMonth, daysInMonth(targetYear, targetMonth)), 1);
}

export function addYearsAnniversary(date: IsoDate, years: number): IsoDate {
  return addMonthsAnniversary(date, years * 12);
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

/** True when the inclusive ranges [aStart, aEnd] and [bStart, bEnd] share a day (null end = open). */
export function rangesOverlap(
  aStart: IsoDate,
  aEnd: IsoDate | null,
  bStart: IsoDate,
  bEnd: IsoDate | null,
): boolean {
  return (aEnd === null || bStart <= aEnd) && (bEnd === null || aStart <= bEnd);
}

export function isWithin(date: IsoDate, start: IsoDate, end: IsoDate | null): boolean {
  return date >= start && (end === null || date <= end);
}

const londonDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** The calendar day in England at the given instant. */
export function londonDate(instant: Date): IsoDate {
  return londonDateFormat.format(instant);
}

/** A date given either as a calendar day or as an instant (read in Europe/London). */
export function asLondonDate(date: IsoDate | Date): IsoDate {
  if (typeof date === 'string') {
    dateParts(date);
    return date;
  }
  return londonDate(date);
}

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** '3 March 2026', the GOV.UK style for dates in sentences. */
export function formatDate(date: IsoDate): string {
  const { year, month, day } = dateParts(date);
  return `${day} ${MONTH_NAMES[month - 1] ?? ''} ${year}`;
}
