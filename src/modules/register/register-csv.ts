/** The register's downloads as CSV (formula-injection safe) and XLSX, from one sheet description. */
import { loadExcelJs } from '../../platform/lazy-libraries.js';
import type { FastifyReply } from 'fastify';
import { spreadsheetSafeText } from '../../platform/spreadsheet-safe.js';

export interface Sheet {
  name: string;
  headers: string[];
  rows: Array<Array<string | number | boolean | null>>;
}

/** A cell as CSV: quoted when needed; text starting with = + - @ or a control character is prefixed with ' so spreadsheets never run it. */
export function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
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
  workbook.creator = 'AMHP register';
  const ws = workbook.addWorksheet(sheet.name);
  ws.addRow(sheet.headers).font = { bold: true };
  for (const row of sheet.rows) {
    // Text cells that look like formulas are stored as plain strings (exceljs never evaluates them), prefixed like the CSV.
    ws.addRow(row.map((v) => (typeof v === 'boolean' ? (v ? 'Yes' : 'No') : typeof v === 'string' ? spreadsheetSafeText(v) : v)));
  }
  ws.columns.forEach((c) => {
    c.width = 20;
  });
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;
export type SheetFormat = keyof typeof CONTENT_TYPES;
export const SHEET_CONTENT_TYPES = CONTENT_TYPES;

/** Sends a sheet as a download: `<name>-<date>.csv` or `.xlsx`. */
export async function sendSheet(reply: FastifyReply, sheet: Sheet, format: SheetFormat, filename: string): Promise<FastifyReply> {
  const body = format === 'csv' ? toCsv(sheet) : await toXlsx(sheet);
  return reply.header('content-type', CONTENT_TYPES[format]).header('content-disposition', `attachment; filename="${filename}.${format}"`).header('cache-control', 'no-store').send(body);
}
