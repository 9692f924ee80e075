// TRANSITION: only the assessment half imports this file now (intake uses platform/london-time.ts).
// Delete it when the assessment half has moved to platform time (issue 11 §4).
//
// Calendar and clock helpers for the referrals domain. Instants are UTC `Date`s; anything about
// local days or hours is Europe/London, from the platform's shared library
// (src/platform/london-time.ts), re-exported here under the names the referral files use. Only the
// form-field parser, month and age arithmetic and the referral duration style are referrals' own.
import {
  type IsoDate,
  daysInMonth,
  formatWeekdayDate,
  isoDate,
  londonInstant,
  londonParts,
  splitIsoDate,
} from '../../platform/london-time.js';

export {
  type IsoDate,
  addDays,
  ageOn,
  addHours,
  compareIsoDates,
  daysBetween,
  endOfLondonDay,
  isIsoDate,
  londonDate as londonDateOf,
  londonOffsetMinutes,
  londonParts,
  startOfLondonDay,
} from '../../platform/london-time.js';

/**
 * A local England date and time ('YYYY-MM-DDTHH:mm', as a datetime-local form field sends it, or
 * with a space) as an instant. A time that happens twice (autumn, 01:00–01:59) is taken as the
 * first (BST); a time that never happens (spring, 01:00–01:59) is read as GMT, i.e. an hour later
 * on the clock — the platform's londonInstant rule.
 */
export function londonLocalToInstant(local: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)$/.exec(local.trim());
  if (!match) throw new RangeError(`Not a local date and time: ${local}`);
  return londonInstant(match[1]!, match[2]!);
}

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

/** 'Sun 29 Mar 2026' */
export function formatIsoDate(date: IsoDate): string {
  return formatWeekdayDate(date);
}

/** 'Sun 29 Mar 2026, 03:00' in England's local time. */
export function formatLondonDateTime(instant: Date): string {
  const p = londonParts(instant);
  return `${formatIsoDate(p.date)}, ${p.time}`;
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
