import { isIsoDate, type IsoDate } from '../../../platform/time/calendar.js';

/**
 * A date typed in a UK spreadsheet: day first (03/04/2026 is 3 April 2026), with / . or - and a
 * four-digit year, or ISO (2026-04-03). A day-first date that cannot exist (31/02/2026, or
 * 04/13/2026 — a 13th month) is refused with a message, never reread as month-first.
 */
export function parseUkDate(text: string): { ok: true; date: IsoDate } | { ok: false; message: string } {
  const value = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (iso) return isIsoDate(value) ? { ok: true, date: value } : { ok: false, message: `${value} is not a real date` };
  const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  if (!uk) return { ok: false, message: `Give the date day first as DD/MM/YYYY, for example 03/04/2026 for 3 April 2026 (not ${value})` };
  const [, d, m, y] = uk;
  const date = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  if (Number(m) > 12) return { ok: false, message: `${value} has no month ${m}: dates are read day first (DD/MM/YYYY), never month first` };
  if (!isIsoDate(date)) return { ok: false, message: `${value} is not a real date (read day first, DD/MM/YYYY)` };
  return { ok: true, date };
}
