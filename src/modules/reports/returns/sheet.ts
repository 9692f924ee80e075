/** The reports' downloads as CSV (formula-injection safe) and XLSX, from one sheet description; and CSV reading. */
import { loadExcelJs } from '../../../platform/lazy-libraries.js';
import type { FastifyReply } from 'fastify';
import { parseCsv as readCsv } from '../../../platform/csv.js';
import { spreadsheetSafeText } from '../../../platform/spreadsheet-safe.js';

export type SheetCell = string | number | boolean | null;

export interface Sheet {
  name: string;
  headers: readonly string[];
  rows: ReadonlyArray<readonly SheetCell[]>;
}

/** A cell as CSV: quoted when needed; text a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(value: SheetCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  const text = spreadsheetSafeText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(sheet: Sheet): string {
  return [sheet.headers, ...sheet.rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export async function toXlsx(sheet: Sheet): Promise<Buffer> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'AMHP Hub reports';
  const ws = workbook.addWorksheet(sheet.name.slice(0, 31));
  ws.addRow([...sheet.headers]).font = { bold: true };
  for (const row of sheet.rows) ws.addRow(row.map((v) => (typeof v === 'boolean' ? (v ? 'Yes' : 'No') : typeof v === 'string' ? spreadsheetSafeText(v) : v)));
  ws.columns.forEach((c) => {
    c.width = 18;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const SHEET_CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
export type SheetFormat = keyof typeof SHEET_CONTENT_TYPES;
export const SHEET_FORMATS = ['csv', 'xlsx'] as const;

/** Sends a sheet as a download: `<name>.csv` or `.xlsx`. */
export async function sendSheet(reply: FastifyReply, sheet: Sheet, format: SheetFormat, filename: string): Promise<FastifyReply> {
  const body = format === 'csv' ? toCsv(sheet) : await toXlsx(sheet);
  return reply.header('content-type', SHEET_CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${filename}.${format}"`).header('cache-control', 'no-store').send(body);
}

/** The platform's CSV reader (platform/csv.ts), without blank lines. */
export function parseCsv(text: string): string[][] {
  return readCsv(text).filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}
