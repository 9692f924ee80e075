// Duty's own calendar words, on top of the platform's Europe/London library
// (platform/london-time.ts): the rota's named weekdays and months, the board's short waiting
// times and the day-and-time style of the SITREP and the rota's messages.
import { type IsoDate, daysInMonth, formatDate, formatTime, formatWeekdayDate, isoDate, isoWeekday, londonDate } from '../../platform/london-time.js';

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export function weekdayOf(date: IsoDate): Weekday {
  return WEEKDAYS[isoWeekday(date) - 1] as Weekday;
}

/** 'YYYY-MM' of a date. */
export function monthOf(date: IsoDate): string {
  return date.slice(0, 7);
}

/** Every day of a month 'YYYY-MM'. */
export function daysOfMonth(month: string): IsoDate[] {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) throw new RangeError(`Not a month: ${month}`);
  const [y, m] = [Number(match[1]), Number(match[2])];
  return Array.from({ length: daysInMonth(y, m) }, (_, i) => isoDate(y, m, i + 1));
}

/** The month before or after 'YYYY-MM'. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + delta, 1)).toISOString().slice(0, 7);
}

/** '45 min', '2 h 05 min', '1 d 3 h': short, for a board read from across the room. */
export function formatWaiting(minutes: number): string {
  const total = Math.max(0, Math.floor(minutes));
  if (total < 60) return `${total} min`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const mins = total % 60;
  if (days > 0) return `${days} d ${hours} h`;
  return `${hours} h ${String(mins).padStart(2, '0')} min`;
}

/** 'Fri 14 Mar 16:50' in London. */
export function formatDayTime(instant: Date): string {
  return `${formatWeekdayDate(londonDate(instant), { year: false })} ${formatTime(instant)}`;
}

/** 'Friday 14 March 2025' */
export function formatLongDate(date: IsoDate): string {
  const day = weekdayOf(date);
  return `${day.charAt(0).toUpperCase()}${day.slice(1)} ${formatDate(date)}`;
}
