/**
 * Calendar-month and age arithmetic for statutory periods (the Mental Health Act counts some
 * periods in months and some rules by age), and long spans as people say them.
 */
import { type IsoDate, daysInMonth, isoDate, splitIsoDate } from './calendar.js';

/**
 * Adds calendar months; when the target month is shorter, lands on its last day
 * (31 August + 6 months = 28 or 29 February).
 */
export function addMonthsClamped(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = splitIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const [targetYear, targetMonth] = [Math.floor(index / 12), (index % 12) + 1];
  return isoDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** A span of minutes that may run to days: '45 min', '3 h 5 min', '2 days 1 h'. */
export function formatSpan(minutes: number): string {
  const total = Math.round(Math.abs(minutes));
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  const pieces: string[] = [];
  if (days > 0) pieces.push(`${days} day${days === 1 ? '' : 's'}`);
  if (hours > 0) pieces.push(`${hours} h`);
  if (mins > 0 || pieces.length === 0) pieces.push(`${mins} min`);
  return (minutes < 0 && total > 0 ? '-' : '') + pieces.join(' ');
}
