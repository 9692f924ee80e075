// Duty's calendar helpers. Europe/London conversions and date arithmetic are the platform's
// (src/platform/london-time.ts), re-exported here under the names the duty files use; only the
// rota's named weekdays and months, and the board's duration style, are duty's own.
import {
  type IsoDate,
  type LocalTime,
  daysInMonth,
  formatDate,
  formatWeekdayDate,
  isoDate,
  isoWeekday,
  londonParts,
} from '../../platform/london-time.js';

export {
  type IsoDate,
  type LocalTime,
  addDays,
  addMinutes,
  isIsoDate as isValidIsoDate,
  londonDate,
  londonInstant,
  londonParts,
  minutesBetween,
  minutesOf,
} from '../../platform/london-time.js';

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

export function weekdayOf(date: IsoDate): Weekday {
  return WEEKDAYS[isoWeekday(date) - 1] as Weekday;
}

/** 'YYYY-MM' of a date. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

export function daysOfMonth(month: string): IsoDate[] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`Not a month: ${month}`);
  const [y, m] = [Number(match[1]), Number(match[2])];
  return Array.from({ length: daysInMonth(y, m) }, (_, i) => isoDate(y, m, i + 1));
}

/** '45 min', '2 h 05 min', '1 d 3 h' — short, for boards and reports. */
export function formatDuration(minutes: number): string {
  const total = Math.max(0, Math.floor(minutes));
  if (total < 60) return `${total} min`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  return `${hours} h ${String(mins).padStart(2, '0')} min`;
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

/** 'Fri 14 Mar' */
export function formatLondonDateShort(date: IsoDate): string {
  return formatWeekdayDate(date, { year: false });
}

/** 'Friday 14 March 2025' */
export function formatLondonDateLong(date: IsoDate): string {
  const day = weekdayOf(date);
  return `${day.charAt(0).toUpperCase()}${day.slice(1)} ${formatDate(date)}`;
}
