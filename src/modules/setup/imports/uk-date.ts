import { isIsoDate, type IsoDate } from '../../../platform/time/calendar.js';
import { parseLondonWallClock } from '../../../platform/time/parse.js';
import type { LocalTime } from '../../../platform/time/calendar.js';

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

/**
 * A date and time typed in a UK spreadsheet, as the London clock showed it: "DD/MM/YYYY HH:MM"
 * (or ISO "YYYY-MM-DD HH:MM"). The spring gap and the doubled autumn hour are refused.
 */
export function parseUkDateTime(text: string): { ok: true; instant: Date } | { ok: false; message: string } {
  const match = /^(\S+)[\sT]+(\d{1,2})[:.](\d{2})$/.exec(text.trim());
  if (!match) return { ok: false, message: `Give the date and time as DD/MM/YYYY HH:MM (24-hour, London time), for example 03/04/2026 14:30 (not ${text.trim()})` };
  const day = parseUkDate(match[1]!);
  if (!day.ok) return day;
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  if (hour > 23 || minute > 59) return { ok: false, message: `${match[2]}:${match[3]} is not a time of day (24-hour clock, 00:00 to 23:59)` };
  return parseLondonWallClock(day.date, `${String(hour).padStart(2, '0')}:${match[3]}` as LocalTime);
}
