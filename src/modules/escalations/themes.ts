/**
 * Themes for governance (issue 14, point 8): escalations in the last 12 London months, counted by
 * category, receiving organisation and month, with the median time to acknowledge and to respond
 * and the deadlines missed; and police requests counted by Right Care, Right Person reason.
 * Aggregates only: no concern text, no referral, no name of a person.
 */
import { addMonthsClamped } from '../../platform/time/periods.js';
import { londonMonth } from '../../platform/time/london.js';
import { type EscalationState, clockView } from './escalation.js';
import { spreadsheetSafeText } from '../../platform/spreadsheet-safe.js';
import { type PoliceResponse, type ReasonCounts, THRESHOLDS, THRESHOLD_LABELS, type Threshold, countByReason } from './police-requests.js';

export const THEME_MONTHS = 12;
export const NO_ORGANISATION = 'No organisation linked';

export interface ThemeEscalation extends EscalationState {
  raisedAt: Date;
  category: string;
  partnerName: string | null;
}

export interface Themes {
  /** The London months covered, oldest first ("2026-01"). */
  months: string[];
  total: number;
  byCategory: Array<{ key: string; label: string; count: number }>;
  byOrganisation: Array<{ name: string; count: number }>;
  byMonth: Array<{ month: string; label: string; count: number }>;
  /** Minutes from the start of the (current level's) clock to the acknowledgement; null when none. */
  medianMinutesToAcknowledge: number | null;
  medianMinutesToRespond: number | null;
  /** Deadlines missed: acknowledgements and written responses late or still overdue. */
  missedDeadlines: { acknowledgement: number; response: number; total: number };
  policeRequests: { total: number; byReason: ReasonCounts };
}

/** The last `count` London months ending with the one `now` is in, oldest first. */
export function lastMonths(now: Date, count = THEME_MONTHS): string[] {
  const first = `${londonMonth(now)}-01`;
  return Array.from({ length: count }, (_, i) => addMonthsClamped(first, i - count + 1).slice(0, 7));
}

/** "2026-04" as "April 2026". */
export function monthLabel(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const names = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
  return `${names[m - 1]} ${year}`;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const minutesBetween = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / 60_000);

function counted<K>(keys: Iterable<K>): Map<K, number> {
  const map = new Map<K, number>();
  for (const key of keys) map.set(key, (map.get(key) ?? 0) + 1);
  return map;
}

export function themes(
  escalations: readonly ThemeEscalation[],
  policeRequests: ReadonlyArray<{ requestedAt: Date; threshold: Threshold; response: PoliceResponse }>,
  categories: ReadonlyArray<{ key: string; label: string }>,
  now: Date,
): Themes {
  const months = lastMonths(now);
  const inWindow = new Set(months);
  const rows = escalations.filter((e) => inWindow.has(londonMonth(e.raisedAt)));
  const labelOf = new Map(categories.map((c) => [c.key, c.label]));
  const byCount = <T extends { count: number }>(a: T & { sortKey: string }, b: T & { sortKey: string }) => b.count - a.count || a.sortKey.localeCompare(b.sortKey);
  const byCategory = [...counted(rows.map((e) => e.category))]
    .map(([key, count]) => ({ key, label: labelOf.get(key) ?? key, count, sortKey: labelOf.get(key) ?? key }))
    .sort(byCount)
    .map(({ key, label, count }) => ({ key, label, count }));
  const byOrganisation = [...counted(rows.map((e) => e.partnerName ?? NO_ORGANISATION))]
    .map(([name, count]) => ({ name, count, sortKey: name }))
    .sort(byCount)
    .map(({ name, count }) => ({ name, count }));
  const monthCounts = counted(rows.map((e) => londonMonth(e.raisedAt)));
  const missed = { acknowledgement: 0, response: 0, total: 0 };
  for (const e of rows) {
    const clock = clockView(e, now);
    if (clock.acknowledgement.state === 'missed' || clock.acknowledgement.state === 'met_late') missed.acknowledgement += 1;
    if (clock.response.state === 'missed' || clock.response.state === 'met_late') missed.response += 1;
  }
  missed.total = missed.acknowledgement + missed.response;
  const police = policeRequests.filter((r) => inWindow.has(londonMonth(r.requestedAt)));
  return {
    months,
    total: rows.length,
    byCategory,
    byOrganisation,
    byMonth: months.map((month) => ({ month, label: monthLabel(month), count: monthCounts.get(month) ?? 0 })),
    medianMinutesToAcknowledge: median(rows.flatMap((e) => (e.acknowledgedAt ? [minutesBetween(e.clockStartedAt, e.acknowledgedAt)] : []))),
    medianMinutesToRespond: median(rows.flatMap((e) => (e.respondedAt ? [minutesBetween(e.clockStartedAt, e.respondedAt)] : []))),
    missedDeadlines: missed,
    policeRequests: { total: police.length, byReason: countByReason(police) },
  };
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = spreadsheetSafeText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The themes as one CSV sheet: a row per figure, text cells made formula-safe. */
export function themesCsv(t: Themes): string {
  const rows: Array<Array<string | number | null>> = [['Section', 'Item', 'Count', 'Attended', 'Declined', 'No response']];
  rows.push(['Period', `${monthLabel(t.months[0]!)} to ${monthLabel(t.months[t.months.length - 1]!)}`, t.total, null, null, null]);
  for (const c of t.byCategory) rows.push(['By category', c.label, c.count, null, null, null]);
  for (const o of t.byOrganisation) rows.push(['By receiving organisation', o.name, o.count, null, null, null]);
  for (const m of t.byMonth) rows.push(['By month', m.label, m.count, null, null, null]);
  rows.push(['Median minutes to acknowledge', '', t.medianMinutesToAcknowledge, null, null, null]);
  rows.push(['Median minutes to respond', '', t.medianMinutesToRespond, null, null, null]);
  rows.push(['Missed deadlines', 'Acknowledgement', t.missedDeadlines.acknowledgement, null, null, null]);
  rows.push(['Missed deadlines', 'Written response', t.missedDeadlines.response, null, null, null]);
  for (const key of THRESHOLDS) {
    const c = t.policeRequests.byReason[key];
    rows.push(['Police requests by reason', THRESHOLD_LABELS[key], c.requested, c.attended, c.declined, c.noResponse]);
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
