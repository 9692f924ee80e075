/** Dates and times as people read them, in Europe/London. */
import { type IsoDate, isoWeekday, splitIsoDate } from './calendar.js';
import { LONDON, londonParts } from './london.js';

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, day: 'numeric', month: 'long', year: 'numeric' });
const calendarDateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const shortDateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: LONDON,
  day: '2-digit',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON, hour: '2-digit', minute: '2-digit', hour12: false });

export const WEEKDAY_ABBR = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export const MONTH_ABBR = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** '3 March 2026, 14:05' in London. */
export function formatDateTime(instant: Date | null | undefined): string {
  return instant ? dateTimeFormat.format(instant).replace(' at ', ', ') : '';
}

/** '3 March 2026', the GOV.UK style: a calendar date as written, or an instant's day in London. */
export function formatDate(value: Date | IsoDate | null | undefined): string {
  if (!value) return '';
  if (typeof value === 'string') {
    const { year, month, day } = splitIsoDate(value);
    return calendarDateFormat.format(new Date(Date.UTC(year, month - 1, day)));
  }
  return dateFormat.format(value);
}

/** 'Sun 29 Mar 2026', or 'Sun 29 Mar' without the year. */
export function formatWeekdayDate(date: IsoDate, { year: withYear = true }: { year?: boolean } = {}): string {
  const { year, month, day } = splitIsoDate(date);
  const short = `${WEEKDAY_ABBR[isoWeekday(date) - 1] ?? ''} ${day} ${MONTH_ABBR[month - 1] ?? ''}`;
  return withYear ? `${short} ${year}` : short;
}

/** '03 Mar 14:05' in London. */
export function formatShortDateTime(instant: Date | null | undefined): string {
  return instant ? shortDateTimeFormat.format(instant).replace(',', '') : '';
}

/** '14:05' in London. */
export function formatTime(instant: Date | null | undefined): string {
  return instant ? timeFormat.format(instant) : '';
}

/** Minutes between two instants, as a person would say it: "1 h 25 min". */
export function formatDuration(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const total = Math.abs(Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${sign}${m} min`;
  return m === 0 ? `${sign}${h} h` : `${sign}${h} h ${m} min`;
}

/** 'Sun 29 Mar 2026, 03:00' in London: the weekday helps when a statutory clock crosses days. */
export function formatWeekdayDateTime(instant: Date): string {
  const p = londonParts(instant);
  return `${formatWeekdayDate(p.date)}, ${p.time}`;
}
