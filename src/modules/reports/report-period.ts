/**
 * Reporting periods (pure): a month, quarter or year of the London calendar, the period before
 * it and the same period a year earlier. Periods run from London midnight on their first day to
 * London midnight after their last (exclusive), so clock changes are handled by the calendar.
 */
import { type Result, invalid, ok } from '../../platform/result.js';
import { MONTH_ABBR, londonInstant, type IsoDate } from '../../platform/london-time.js';

export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const PERIOD_KIND_LABELS: Record<PeriodKind, string> = { month: 'Month', quarter: 'Quarter', year: 'Year' };

export const SERVICES = ['both', 'daytime', 'edt'] as const;
export type ServiceFilter = (typeof SERVICES)[number];
export const SERVICE_LABELS: Record<ServiceFilter, string> = { both: 'Daytime service and EDT', daytime: 'Daytime AMHP service', edt: 'Emergency Duty Team (out of hours)' };

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;

export interface Period {
  kind: PeriodKind;
  /** The first month, YYYY-MM. */
  month: string;
  months: number;
  label: string;
  shortLabel: string;
  /** First day, and the day after the last (YYYY-MM-DD). */
  fromDate: IsoDate;
  toDate: IsoDate;
  from: Date;
  to: Date;
}

/** The three periods every figure is shown for. */
export type Slot = 'current' | 'previous' | 'yearEarlier';
export const SLOTS: readonly Slot[] = ['current', 'previous', 'yearEarlier'];
export type PeriodSet = Record<Slot, Period>;

function monthIndex(month: string): number {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return y * 12 + (m - 1);
}

function monthOf(index: number): string {
  const y = Math.floor(index / 12);
  return `${y}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The period of the given kind that contains `month` (YYYY-MM). */
export function periodOf(kind: PeriodKind, month: string): Period {
  const index = monthIndex(month);
  const year = Math.floor(index / 12);
  const start = kind === 'month' ? index : kind === 'quarter' ? index - (index % 3) : year * 12;
  return periodStarting(kind, start);
}

function periodStarting(kind: PeriodKind, start: number): Period {
  const months = kind === 'month' ? 1 : kind === 'quarter' ? 3 : 12;
  const year = Math.floor(start / 12);
  const m = start % 12;
  const fromDate = `${monthOf(start)}-01`;
  const toDate = `${monthOf(start + months)}-01`;
  const label = kind === 'month' ? `${MONTH_NAMES[m]} ${year}` : kind === 'quarter' ? `${MONTH_ABBR[m]}–${MONTH_ABBR[m + 2]} ${year} (Q${m / 3 + 1})` : `${year}`;
  const shortLabel = kind === 'month' ? `${MONTH_ABBR[m]} ${year}` : kind === 'quarter' ? `Q${m / 3 + 1} ${year}` : `${year}`;
  return { kind, month: monthOf(start), months, label, shortLabel, fromDate, toDate, from: londonInstant(fromDate), to: londonInstant(toDate) };
}

/** The period, the one before it, and the same period a year earlier. */
export function periodSet(current: Period): PeriodSet {
  const start = monthIndex(current.month);
  return { current, previous: periodStarting(current.kind, start - current.months), yearEarlier: periodStarting(current.kind, start - 12) };
}

/** The last whole month before today (the default report). */
export function lastWholeMonth(today: IsoDate): string {
  return monthOf(monthIndex(today.slice(0, 7)) - 1);
}

/**
 * The period asked for, refused when it has not begun (a month in the future). A period that has
 * begun but not ended is allowed and counted to date.
 */
export function checkPeriod(kind: PeriodKind, month: string, today: IsoDate): Result<Period> {
  const period = periodOf(kind, month);
  if (monthIndex(month) > monthIndex(today.slice(0, 7))) return invalid('month', `The month ${monthLabel(month)} is in the future: choose ${monthLabel(today.slice(0, 7))} or earlier`);
  return ok(period);
}

export function monthLabel(month: string): string {
  const index = monthIndex(month);
  return `${MONTH_NAMES[index % 12]} ${Math.floor(index / 12)}`;
}

/** The months before `month`, newest first (the Highlight Reports list). */
export function monthsBefore(month: string, count: number): string[] {
  const index = monthIndex(month);
  return Array.from({ length: count }, (_, i) => monthOf(index - i));
}

export function isPeriodKind(value: string): value is PeriodKind {
  return (PERIOD_KINDS as readonly string[]).includes(value);
}
