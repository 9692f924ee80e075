/**
 * The ratings and the development plan as an Excel workbook (two sheets), from the same rows
 * as the CSV exports. Cells are written as values, never formulas; text that starts like a
 * formula is already prefixed with an apostrophe by the CSV row builders' guard in toCsv, so
 * here we guard again explicitly because exceljs writes strings verbatim.
 */
import { loadExcelJs } from '../../platform/lazy-libraries.js';
import { spreadsheetSafeText } from '../../platform/spreadsheet-safe.js';
import type { CsvCell } from './csv-text.js';

function cellValue(cell: CsvCell): string | number | boolean {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'number' || typeof cell === 'boolean') return cell;
  return spreadsheetSafeText(String(cell));
}

export async function standardsWorkbook(sheets: Array<{ name: string; rows: CsvCell[][] }>): Promise<Buffer> {
  const ExcelJS = await loadExcelJs();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'AMHP Hub';
  for (const sheet of sheets) {
    const ws = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row.map(cellValue));
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
    ws.columns.forEach((column) => {
      column.width = 18;
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
