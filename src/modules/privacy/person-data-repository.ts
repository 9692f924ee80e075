import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Catalogue, Link } from './person-data-walk.js';

// The person-data walk (docs/privacy.md). Like the whole-service export (setup/export-repository),
// it reads the catalogue, not the modules' typed tables: which base tables hold a reference to a
// referral (its id, reference or the NHS number), directly or through a foreign key to a row
// that does. So a table a module adds later is found without anyone listing it, and the
// coverage test (privacy.test.ts) fails until it is named in subject-coverage.ts.

type AnyDb = Kysely<object>;

export async function readCatalogue(db: AnyDb): Promise<Catalogue> {
  const columns = await sql<{ tableName: string; columnName: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
    where c.table_schema = current_schema() order by c.table_name, c.ordinal_position`.execute(db);
  const tables = new Map<string, string[]>();
  for (const row of columns.rows) tables.set(row.tableName, [...(tables.get(row.tableName) ?? []), row.columnName]);
  const keys = await sql<{ tableName: string; columnName: string; refTable: string; refColumn: string }>`
    select c.conrelid::regclass::text as table_name, a.attname as column_name, c.confrelid::regclass::text as ref_table, ra.attname as ref_column
    from pg_constraint c
    join pg_namespace n on n.oid = c.connamespace
    join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
    join pg_attribute ra on ra.attrelid = c.confrelid and ra.attnum = c.confkey[1]
    where c.contype = 'f' and n.nspname = current_schema() and array_length(c.conkey, 1) = 1`.execute(db);
  return { tables, foreignKeys: keys.rows.map((k) => ({ table: k.tableName, column: k.columnName, refTable: k.refTable, refColumn: k.refColumn })) };
}

/** What identifies the subject: the referrals' ids, their references and NHS numbers. */
export interface SubjectKeys {
  keys: readonly string[];
  references: readonly string[];
  nhsNumbers: readonly string[];
}

const inList = (column: RawBuilder<unknown>, values: readonly string[]) => (values.length === 0 ? sql<boolean>`false` : sql<boolean>`${column} in (${sql.join([...values])})`);

/** The condition on `table` that picks the subject's rows. */
export function conditionFor(links: Map<string, Link[]>, table: string, subject: SubjectKeys, seen: ReadonlySet<string> = new Set()): RawBuilder<boolean> {
  const own = links.get(table) ?? [];
  const parts = own.map((link): RawBuilder<boolean> => {
    const column = sql`${sql.table(table)}.${sql.ref(link.column)}::text`;
    if (link.kind === 'key') return inList(column, subject.keys);
    if (link.kind === 'reference') return inList(column, subject.references);
    if (link.kind === 'nhs_number') return inList(column, subject.nhsNumbers);
    if (seen.has(link.parent) || seen.size > 6) return sql<boolean>`false`;
    const parentCondition = conditionFor(links, link.parent, subject, new Set([...seen, table]));
    return sql<boolean>`${column} in (select ${sql.table(link.parent)}.${sql.ref(link.parentColumn)}::text from ${sql.table(link.parent)} where ${parentCondition})`;
  });
  return parts.length === 0 ? sql<boolean>`false` : sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** The subject's rows of one table, as PostgreSQL renders them in JSON (snake_case names). */
export async function subjectRows(db: AnyDb, links: Map<string, Link[]>, table: string, subject: SubjectKeys): Promise<Array<Record<string, unknown>>> {
  const result = await sql<{ row: string }>`select row_to_json(${sql.table(table)})::text as row from ${sql.table(table)} where ${conditionFor(links, table, subject)}`.execute(db);
  return result.rows.map((r) => JSON.parse(r.row) as Record<string, unknown>);
}

/** Deletes the subject's rows of one table; returns how many. */
export async function deleteSubjectRows(db: AnyDb, links: Map<string, Link[]>, table: string, subject: SubjectKeys): Promise<number> {
  const result = await sql`delete from ${sql.table(table)} where ${conditionFor(links, table, subject)}`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/** The audit rows about these records (who saw or changed them): read for the export, never changed. */
export async function auditRowsAbout(db: AnyDb, entityType: string, ids: readonly string[]): Promise<Array<Record<string, unknown>>> {
  if (ids.length === 0) return [];
  const result = await sql<{ row: string }>`
    select json_build_object('occurred_at', a.occurred_at, 'action', a.action, 'actor', p.name, 'actor_role', a.actor_role, 'record', a.entity_id)::text as row
    from audit_log a left join people p on p.id = a.actor_id
    where a.entity_type = ${entityType} and a.entity_id in (${sql.join([...ids])}) order by a.occurred_at`.execute(db);
  return result.rows.map((r) => JSON.parse(r.row) as Record<string, unknown>);
}

/** Lets a confirmed erasure remove signed statutory forms' signatures, for this transaction only (migration 1980). */
export async function allowErasure(trx: AnyDb, on: boolean): Promise<void> {
  await sql`select set_config('amhp.erasure', ${on ? 'on' : 'off'}, true)`.execute(trx);
}
