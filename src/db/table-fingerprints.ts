// Every table's row count and a checksum of its rows: what a backup records and a restore proves
// (src/cli/embedded-backup.ts). Works on PGlite and PostgreSQL alike.
import { sql } from 'kysely';
import type { DatabaseHandle } from './database.js';

export interface TableFingerprint {
  table: string;
  rows: number;
  /** md5 of every row's text, in a fixed order: equal only if the rows are equal. */
  checksum: string;
}

/** Every table of the public schema with its row count and checksum, by name. */
export async function tableFingerprints(handle: DatabaseHandle): Promise<TableFingerprint[]> {
  const tables = await sql<{ tableName: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(handle.db);
  const fingerprints: TableFingerprint[] = [];
  for (const { tableName } of tables.rows) {
    const result = await sql<{ rows: number; checksum: string }>`
      select count(*)::int as rows, md5(coalesce(string_agg(t::text, E'\n' order by t::text), '')) as checksum
      from ${sql.table(tableName)} t`.execute(handle.db);
    const row = result.rows[0];
    fingerprints.push({ table: tableName, rows: row?.rows ?? 0, checksum: row?.checksum ?? '' });
  }
  return fingerprints;
}

/** The last migration applied, or null on an empty database. */
export async function schemaVersion(handle: DatabaseHandle): Promise<string | null> {
  const result = await sql<{ name: string }>`select name from schema_migrations order by name desc limit 1`.execute(handle.db).catch(() => ({ rows: [] as Array<{ name: string }> }));
  return result.rows[0]?.name ?? null;
}
