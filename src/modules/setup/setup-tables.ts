import type { Generated, JSONColumnType } from 'kysely';
import type { InstantDefaultNow } from '../../db/column-types.js';

// The setup module's own table: uploads waiting for confirmation (imports/).

export interface ImportRow {
  /** The spreadsheet row number (the header is row 1). */
  row: number;
  /**
   * Cell text in the order of the headers, as read (trimmed). An array, not an object keyed by
   * header: the database layer renames snake_case keys inside JSON it reads back.
   */
  values: string[];
}

/** A row's cells by column header. */
export function cellsOf(headers: readonly string[], row: ImportRow): Record<string, string> {
  const cells: Record<string, string> = {};
  headers.forEach((header, index) => {
    if (header) cells[header] = row.values[index] ?? '';
  });
  return cells;
}

export interface SetupImportsTable {
  id: Generated<string>;
  kind: 'staff' | 'register' | 'referrals' | 'rota';
  fileName: string;
  fileSha256: string;
  headers: JSONColumnType<string[], string, string>;
  rows: JSONColumnType<ImportRow[], string, string>;
  problems: JSONColumnType<Array<{ row: number | null; column: string | null; message: string }>, string | undefined, string>;
  createdBy: string;
  createdAt: InstantDefaultNow;
  appliedAt: Date | null;
  appliedBy: string | null;
  result: JSONColumnType<Record<string, unknown>, string, string> | null;
}

export interface SetupTables {
  setupImports: SetupImportsTable;
}
