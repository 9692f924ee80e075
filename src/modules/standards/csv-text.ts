/**
 * Plain CSV reading and writing (RFC 4180), with protection against spreadsheet formula
 * injection on the way out. Kept separate from the standards-specific row builders so the
 * catalogue import can read CSV without depending on evaluation types.
 */

import { spreadsheetSafeText } from '../../platform/spreadsheet-safe.js';

export type CsvCell = string | number | boolean | null | undefined;

/**
 * Escapes one cell. Text that a spreadsheet would run as a formula is prefixed with a single
 * quote (OWASP "CSV injection" advice); numbers are written as numbers, so a genuine negative
 * number stays numeric.
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const guarded = spreadsheetSafeText(value);
  return /[",\r\n]/.test(guarded) || /^\s|\s$/.test(guarded)
    ? `"${guarded.replace(/"/g, '""')}"`
    : guarded;
}

/** Rows to CSV text, CRLF line endings as RFC 4180 asks (and Excel expects). */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export interface CsvRecord {
  /** 1-based line in the file where the record starts, for error messages. */
  line: number;
  cells: string[];
}

export type CsvParseResult =
  { ok: true; records: CsvRecord[] } | { ok: false; line: number; message: string };

/** Parses CSV text; quoted cells may hold commas, quotes ("") and line breaks. Blank lines are skipped. */
export function parseCsv(text: string): CsvParseResult {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let quotedCellEnded = false;
  let line = 1;
  let recordLine = 1;
  let quoteStartLine = 1;

  const endCell = (): void => {
    cells.push(cell);
    cell = '';
    quotedCellEnded = false;
  };
  const endRecord = (): void => {
    endCell();
    const blank = cells.length === 1 && cells[0] === '';
    if (!blank) records.push({ line: recordLine, cells });
    cells = [];
  };

  for (let i = 0; i < source.length; i++) {
    const ch = source.charAt(i);
    if (inQuotes) {
      if (ch === '"') {
        if (source.charAt(i + 1) === '"') {
          cell += '"';
          i++;
        } else {
          inQuotes = false;
          quotedCellEnded = true;
        }
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (cell.length > 0 || quotedCellEnded) {
        return { ok: false, line, message: 'A quote mark appears inside an unquoted cell' };
      }
      inQuotes = true;
      quoteStartLine = line;
    } else if (ch === ',') {
      endCell();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && source.charAt(i + 1) === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (quotedCellEnded) {
      return { ok: false, line, message: 'Unexpected text after a closing quote mark' };
    } else {
      cell += ch;
    }
  }
  if (inQuotes) {
    return { ok: false, line: quoteStartLine, message: 'A quoted cell is never closed' };
  }
  if (cell.length > 0 || cells.length > 0 || quotedCellEnded) endRecord();
  return { ok: true, records };
}
