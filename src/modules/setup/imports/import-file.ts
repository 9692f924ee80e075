import { createHash } from 'node:crypto';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../../platform/lazy-libraries.js';
import { CHUNK, runChunked, turn } from '../../../platform/chunked.js';
import { parseCsv, parseCsvSteps } from '../../../platform/csv.js';

export { parseCsv };
import type { ImportRow } from '../setup-tables.js';

// Reading an uploaded spreadsheet (CSV or XLSX) into header → text rows. Nothing is interpreted
// here (dates, roles, names): each import's own rules do that, row by row, with row and column.

export const MAX_IMPORT_ROWS = 50_000;

export type ImportFormat = 'csv' | 'xlsx';

export interface FileProblem {
  row: number | null;
  column: string | null;
  message: string;
}

export interface ReadFile {
  sha256: string;
  headers: string[];
  rows: ImportRow[];
  problems: FileProblem[];
}

export function fileSha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The header as the import matches it: lower case, spaces and dashes as underscores. */
export function normaliseHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function toRows(records: string[][], problems: FileProblem[]): { headers: string[]; rows: ImportRow[] } {
  const [head, ...body] = records;
  const headers = (head ?? []).map(normaliseHeader);
  const seen = new Set<string>();
  for (const header of headers) {
    if (header && seen.has(header)) problems.push({ row: 1, column: header, message: `The column ${header} appears twice` });
    seen.add(header);
  }
  const rows: ImportRow[] = [];
  body.forEach((record, index) => {
    if (record.every((cell) => cell.trim() === '')) return; // blank lines
    rows.push({ row: index + 2, values: headers.map((_header, column) => (record[column] ?? '').trim()) });
  });
  if (rows.length > MAX_IMPORT_ROWS) problems.push({ row: null, column: null, message: `The file has ${rows.length} rows; an import takes at most ${MAX_IMPORT_ROWS}. Split it into several files.` });
  return { headers, rows: rows.slice(0, MAX_IMPORT_ROWS) };
}

function cellText(value: ExcelJS.CellValue): { text: string; formula: boolean } {
  if (value === null || value === undefined) return { text: '', formula: false };
  if (value instanceof Date) {
    // Excel dates are calendar days: exceljs gives them as UTC midnight.
    return { text: `${String(value.getUTCDate()).padStart(2, '0')}/${String(value.getUTCMonth() + 1).padStart(2, '0')}/${value.getUTCFullYear()}`, formula: false };
  }
  if (typeof value === 'object') {
    if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
    if ('richText' in value) return { text: value.richText.map((part) => part.text).join(''), formula: false };
    if ('text' in value) return { text: String(value.text), formula: false };
    if ('error' in value) return { text: '', formula: true };
    return { text: '', formula: false };
  }
  return { text: String(value), formula: false };
}

/**
 * A workbook's sheet: the only one, or the one named like the import (e.g. "Staff"). Formulas
 * are refused cell by cell (paste values instead): what an import reads must be what people see.
 */
async function readXlsx(bytes: Uint8Array, sheetName: string, problems: FileProblem[]): Promise<string[][]> {
  const workbook = new (await loadExcelJs()).Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    problems.push({ row: null, column: null, message: 'The file is not an Excel workbook (.xlsx) that can be read. Save it as .xlsx or CSV and try again.' });
    return [];
  }
  const sheets = workbook.worksheets;
  const sheet = sheets.length === 1 ? sheets[0] : sheets.find((s) => s.name.trim().toLowerCase() === sheetName.toLowerCase());
  if (!sheet) {
    problems.push({ row: null, column: null, message: `The workbook has ${sheets.length} sheets: put the rows on a sheet named ${sheetName} (or leave only one sheet).` });
    return [];
  }
  const records: string[][] = [];
  const width = sheet.getRow(1).cellCount;
  const headerRow = sheet.getRow(1);
  const headerOf = (column: number) => normaliseHeader(cellText(headerRow.getCell(column).value).text);
  for (let r = 1; r <= sheet.rowCount; r += 1) {
    if (r % CHUNK === 0) await turn();
    const row = sheet.getRow(r);
    const record: string[] = [];
    for (let c = 1; c <= width; c += 1) {
      const { text, formula } = cellText(row.getCell(c).value);
      if (formula) problems.push({ row: r, column: headerOf(c) || null, message: 'This cell holds a formula: copy the sheet and paste values only, then import that' });
      record.push(text);
    }
    records.push(record);
  }
  return records;
}

export async function readImportFile(bytes: Uint8Array, format: ImportFormat, sheetName: string): Promise<ReadFile> {
  const problems: FileProblem[] = [];
  let records: string[][];
  if (format === 'csv') {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      problems.push({ row: null, column: null, message: 'The CSV file is not UTF-8 text. In Excel, save as "CSV UTF-8 (comma delimited)".' });
      text = '';
    }
    records = await runChunked(parseCsvSteps(text));
  } else {
    records = await readXlsx(bytes, sheetName, problems);
  }
  const { headers, rows } = toRows(records, problems);
  return { sha256: fileSha256(bytes), headers, rows, problems };
}
