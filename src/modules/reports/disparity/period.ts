// The months a report covers (pure). A month is YYYY-MM in London.
import { ValidationError } from '../../../platform/errors.js';
import { londonInstant, londonMonth } from '../../../platform/london-time.js';

export interface Period {
  from: string;
  to: string;
  /** [start, end) as instants: London midnight on the 1st of `from` to that of the month after `to`. */
  start: Date;
  end: Date;
  months: number;
  label: string;
}

export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

const NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export function monthName(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${NAMES[m - 1]} ${y}`;
}

/**
 * The period asked for: the last 12 complete months when not given. Refuses a month in the
 * future, `from` after `to`, and more than five years (clear 400s, nothing else happens).
 */
export function periodOf(now: Date, from: string | undefined, to: string | undefined): Period {
  const current = londonMonth(now);
  const lastComplete = addMonths(current, -1);
  const toMonth = to ?? (from && from > lastComplete ? from : lastComplete);
  const fromMonth = from ?? addMonths(toMonth, -11);
  if (toMonth > current) throw ValidationError.of('to', `${monthName(toMonth)} is in the future: choose ${monthName(current)} or earlier`);
  if (fromMonth > current) throw ValidationError.of('from', `${monthName(fromMonth)} is in the future: choose ${monthName(current)} or earlier`);
  if (fromMonth > toMonth) throw ValidationError.of('from', 'The first month must not be after the last');
  const months = (Number(toMonth.slice(0, 4)) - Number(fromMonth.slice(0, 4))) * 12 + Number(toMonth.slice(5)) - Number(fromMonth.slice(5)) + 1;
  if (months > 60) throw ValidationError.of('from', 'Choose at most five years (60 months)');
  return { from: fromMonth, to: toMonth, start: londonInstant(`${fromMonth}-01`), end: londonInstant(`${nextMonth(toMonth)}-01`), months, label: fromMonth === toMonth ? monthName(fromMonth) : `${monthName(fromMonth)} to ${monthName(toMonth)}` };
}
