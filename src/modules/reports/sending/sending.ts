// Reports sent by themselves (issue 15, point 6): the daily SITREP each morning and the monthly
// performance pack on the first working day of the month. Pure: which sends are due at a moment,
// and the words of the pack's e-mail.
import type { WorkingDayCalendar } from '../../../platform/working-days.js';
import { figureText, type Pack } from '../pack.js';

export const SEND_KINDS = ['daily_sitrep', 'monthly_summary'] as const;
export type SendKind = (typeof SEND_KINDS)[number];

/** `monthly_summary` is the stored name (migration 1650) of the monthly performance pack's send. */
export const SEND_KIND_LABELS: Record<SendKind, string> = { daily_sitrep: 'Daily SITREP', monthly_summary: 'Monthly performance pack' };

/** Sent from this London time on (the SITREP covers the day before). */
export const SEND_FROM = '07:00';

export interface DueSend {
  kind: SendKind;
  /** What the send covers: the day (YYYY-MM-DD) for the SITREP, the month (YYYY-MM) for the summary. Unique with the kind and recipient. */
  period: string;
}

function previousDay(date: string): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function previousMonth(date: string): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** The first working day of the month `date` falls in. */
export function firstWorkingDayOfMonth(date: string, calendar: WorkingDayCalendar): string {
  let day = `${date.slice(0, 7)}-01`;
  while (!calendar.isWorkingDay(day)) {
    const d = new Date(`${day}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() + 1);
    day = d.toISOString().slice(0, 10);
  }
  return day;
}

/**
 * What is due on a London day at a London time: from 07:00 every day, the SITREP for the day
 * before; on the first working day of the month, the performance pack of the month before. Sending twice
 * is prevented by the unique (kind, period, recipient) of the send log, not here.
 */
export function dueSends(date: string, time: string, calendar: WorkingDayCalendar): DueSend[] {
  if (time < SEND_FROM) return [];
  const due: DueSend[] = [{ kind: 'daily_sitrep', period: previousDay(date) }];
  if (firstWorkingDayOfMonth(date, calendar) === date) due.push({ kind: 'monthly_summary', period: previousMonth(date) });
  return due;
}

/** A recipient list as the administrator types it: addresses separated by commas, semicolons or lines. */
export function parseRecipients(text: string): { addresses: string[]; invalid: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  const valid = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
  const addresses = [...new Set(parts.filter((p) => valid.test(p)).map((p) => p.toLowerCase()))];
  return { addresses, invalid: parts.filter((p) => !valid.test(p)) };
}

/** The headline figures the pack's e-mail repeats in its text: [section id, figure key]. */
const HEADLINES: ReadonlyArray<[string, string]> = [
  ['referrals', 'referrals'],
  ['assessments', 'assessments'],
  ['assessments', 'outcome_s2'],
  ['assessments', 'outcome_s3'],
  ['assessments', 'outcome_s4'],
  ['assessments', 'all_median'],
  ['s136', 'all'],
  ['workforce', 'approved'],
  ['workforce', 'rota_fill'],
];

/**
 * The text of the monthly pack's e-mail: the month, a few headline figures beside the month
 * before and a year earlier (the full pack is attached as PDF and CSV).
 */
export function packMailBody(serviceName: string, pack: Pack, attachments: readonly string[]): string {
  const p = pack.periods;
  const lines = HEADLINES.flatMap(([sectionId, key]) => {
    const f = pack.sections.find((s) => s.id === sectionId)?.figures.find((x) => x.key === key);
    if (!f) return [];
    const label = sectionId === 'assessments' && key.startsWith('outcome_') ? `Outcome: ${f.label}` : f.label;
    return [`${label}: ${figureText(f.current, f.unit)} (${p.previous.label}: ${figureText(f.previous, f.unit)}; ${p.yearEarlier.label}: ${figureText(f.yearEarlier, f.unit)})`];
  });
  return [
    `${serviceName}: monthly performance pack, ${p.current.label}`,
    `${pack.serviceLabel}, all LSSAs.`,
    '',
    ...lines,
    '',
    `The full pack is attached: ${attachments.join(' and ')}. The same figures, by LSSA and team, are in AMHP Hub under Reports.`,
    'This message was sent automatically on the first working day of the month.',
  ].join('\n');
}
