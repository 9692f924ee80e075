import type { Kysely } from 'kysely';
import type { ImportRow, SetupTables } from '../setup-tables.js';

type Db = Kysely<SetupTables>;


export interface StoredImport {
  id: string;
  kind: 'staff' | 'register' | 'referrals' | 'rota';
  fileName: string;
  fileSha256: string;
  headers: string[];
  rows: ImportRow[];
  problems: Array<{ row: number | null; column: string | null; message: string }>;
  createdBy: string;
  createdAt: Date;
  appliedAt: Date | null;
  appliedBy: string | null;
  result: Record<string, unknown> | null;
}

export async function insertImport(db: Db, upload: { kind: StoredImport['kind']; fileName: string; fileSha256: string; headers: string[]; rows: ImportRow[]; problems: StoredImport['problems']; createdBy: string; createdAt: Date }): Promise<string> {
  const row = await db
    .insertInto('setupImports')
    .values({ ...upload, headers: JSON.stringify(upload.headers), rows: JSON.stringify(upload.rows), problems: JSON.stringify(upload.problems) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findImport(db: Db, id: string): Promise<StoredImport | undefined> {
  return db
    .selectFrom('setupImports')
    .select(['id', 'kind', 'fileName', 'fileSha256', 'headers', 'rows', 'problems', 'createdBy', 'createdAt', 'appliedAt', 'appliedBy', 'result'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Marks an upload applied, only if it was not already (true when this call did it). */
export async function markApplied(db: Db, id: string, by: string, at: Date, result: Record<string, unknown>): Promise<boolean> {
  const updated = await db
    .updateTable('setupImports')
    .set({ appliedAt: at, appliedBy: by, result: JSON.stringify(result) })
    .where('id', '=', id)
    .where('appliedAt', 'is', null)
    .executeTakeFirst();
  return Number(updated.numUpdatedRows) === 1;
}
