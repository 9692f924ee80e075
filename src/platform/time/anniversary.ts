/**
 * Anniversaries and inclusive date ranges, for rules counted in months and years (five-year
 * approvals, approval years, six-monthly reviews, completed months of service).
 *
 * Anniversary rule: when a date's day does not exist in the target month (29 February in a
 * common year, the 31st in a 30-day month), the anniversary is the first day of the following
 * month. So a five-year term starting on 29 February 2024 runs to 28 February 2029, and
 * consecutive years are contiguous.
 */
import { type IsoDate, addDays, dateParts, daysInMonth, isoDate } from './calendar.js';
import { londonDate } from './london.js';

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
export function rangesOverlap(aStart: IsoDate, aEnd: IsoDate | null, bStart: IsoDate, bEnd: IsoDate | null): boolean {
  return (aEnd === null || bStart <= aEnd) && (bEnd === null || aStart <= bEnd);
}

/** True when `date` falls in the inclusive range (null end = open). */
export function isWithin(date: IsoDate, start: IsoDate, end: IsoDate | null): boolean {
  return date >= start && (end === null || date <= end);
}

/** A date given either as a calendar day (checked to exist) or as an instant (read in Europe/London). */
export function asLondonDate(date: IsoDate | Date): IsoDate {
  if (typeof date === 'string') {
    dateParts(date);
    return date;
  }
  return londonDate(date);
}
