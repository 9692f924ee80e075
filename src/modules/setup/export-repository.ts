import { sql, type Kysely } from 'kysely';

// The full export (and its reload) reads the catalogue, not the modules' typed tables: every
// base table in the schema, whatever module owns it, with rows as PostgreSQL's own JSON
// (row_to_json), so names stay snake_case and every type round-trips on PGlite and PostgreSQL.

type AnyDb = Kysely<object>;

export interface TableShape {
  name: string;
  columns: Array<{ name: string; type: string }>;
  primaryKey: string[];
  /** Tables this one references (foreign keys), for loading in order. */
  references: string[];
}

export async function listTables(db: AnyDb): Promise<TableShape[]> {
  const tables = await sql<{ tableName: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE'
    order by table_name`.execute(db);
  const columns = await sql<{ tableName: string; columnName: string; dataType: string }>`
    select table_name, column_name, data_type from information_schema.columns
    where table_schema = current_schema() order by table_name, ordinal_position`.execute(db);
  const keys = await sql<{ tableName: string; columnName: string }>`
    select tc.table_name, kcu.column_name
    from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
    where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY'
    order by tc.table_name, kcu.ordinal_position`.execute(db);
  const references = await sql<{ tableName: string; referenced: string }>`
    select distinct c.conrelid::regclass::text as table_name, c.confrelid::regclass::text as referenced
    from pg_constraint c join pg_namespace n on n.oid = c.connamespace
    where c.contype = 'f' and n.nspname = current_schema()`.execute(db);
  return tables.rows.map(({ tableName }) => ({
    name: tableName,
    columns: columns.rows.filter((c) => c.tableName === tableName).map((c) => ({ name: c.columnName, type: c.dataType })),
    primaryKey: keys.rows.filter((k) => k.tableName === tableName).map((k) => k.columnName),
    references: references.rows.filter((r) => r.tableName === tableName && r.referenced !== tableName).map((r) => r.referenced),
  }));
}

/** Every row of a table as PostgreSQL renders it in JSON, in primary-key order. */
export async function tableRows(db: AnyDb, table: TableShape): Promise<Array<Record<string, unknown>>> {
  const order = table.primaryKey.length > 0 ? sql.join(table.primaryKey.map((column) => sql.ref(`t.${column}`))) : sql`1`;
  const result = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(table.name)} as t order by ${order}`.execute(db);
  return result.rows.map((r) => JSON.parse(r.row) as Record<string, unknown>);
}

export async function countRows(db: AnyDb, table: string): Promise<number> {
  const result = await sql<{ count: number | string }>`select count(*) as count from ${sql.table(table)}`.execute(db);
  return Number(result.rows[0]?.count ?? 0);
}

/** Empties a table (reference data a migration seeded, before the export's own copy is loaded). */
export async function deleteAllRows(db: AnyDb, table: string): Promise<void> {
  await sql`delete from ${sql.table(table)}`.execute(db);
}

export async function appliedMigrations(db: AnyDb): Promise<string[]> {
  const result = await sql<{ name: string }>`select name from schema_migrations order by name`.execute(db);
  return result.rows.map((r) => r.name);
}

/**
 * Loads exported rows into a table (PostgreSQL parses each value as the column's type), keeping
 * identity values as they were and moving each serial's sequence past them.
 */
export async function insertRows(db: AnyDb, table: TableShape, rows: readonly unknown[]): Promise<void> {
  if (rows.length === 0) return;
  await sql`insert into ${sql.table(table.name)} overriding system value select * from json_populate_recordset(null::${sql.table(table.name)}, ${JSON.stringify(rows)}::json)`.execute(db);
  for (const column of table.columns) {
    const sequence = await sql<{ sequence: string | null }>`select pg_get_serial_sequence(${table.name}, ${column.name}) as sequence`.execute(db);
    const name = sequence.rows[0]?.sequence;
    if (name) await sql`select setval(${name}::regclass, (select coalesce(max(${sql.ref(column.name)}), 0) + 1 from ${sql.table(table.name)}), false)`.execute(db);
  }
}

/** For this transaction only: the restriction-of-processing guard (migration 1980) lets the export's rows in as they were. */
export async function markLoadingExport(db: AnyDb): Promise<void> {
  await sql`select set_config('amhp.loading_export', 'on', true)`.execute(db);
}
