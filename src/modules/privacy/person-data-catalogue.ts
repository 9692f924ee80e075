import { sql, type Kysely, type RawBuilder } from 'kysely';

// The person-data walk (docs/privacy.md). Like the whole-service export (setup/export-repository),
// it reads the catalogue, not the modules' typed tables: which base tables hold a reference to a
// referral (its id, reference or the NHS number), directly or through a foreign key to a row
// that does. So a table a module adds later is found without anyone listing it, and the
// coverage test (privacy.test.ts) fails until it is named in subject-coverage.ts.

type AnyDb = Kysely<object>;

export interface Catalogue {
  /** Base tables and their columns. */
  tables: Map<string, string[]>;
  /** Foreign keys: table.column references refTable.refColumn. */
  foreignKeys: Array<{ table: string; column: string; refTable: string; refColumn: string }>;
}

/** How a table's rows are tied to the subject. */
export type Link =
  | { kind: 'key'; column: string }
  | { kind: 'reference'; column: string }
  | { kind: 'nhs_number'; column: string }
  | { kind: 'child'; column: string; parent: string; parentColumn: string };

/** The root a walk starts from: a referral (found by id, reference and NHS number), or a register entry. */
export interface Root {
  table: string;
  key: string;
  /** Also follow columns that name a referral without a foreign key (referral_id, referral_reference, nhs_number). */
  byName: boolean;
}

export const REFERRAL_ROOT: Root = { table: 'referrals', key: 'id', byName: true };
export const REGISTER_ENTRY_ROOT: Root = { table: 'register_entries', key: 'person_id', byName: false };

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

/** Every table that holds rows about the root, with how (pure: the catalogue in, the links out). */
export function subjectLinks(catalogue: Catalogue, root: Root): Map<string, Link[]> {
  const links = new Map<string, Link[]>();
  const add = (table: string, link: Link) => {
    const list = links.get(table) ?? [];
    if (!list.some((l) => l.column === link.column)) links.set(table, [...list, link]);
  };
  if (!catalogue.tables.has(root.table)) return links;
  add(root.table, { kind: 'key', column: root.key });
  for (const [table, columns] of catalogue.tables) {
    if (table === root.table || !root.byName) continue;
    for (const column of columns) {
      if (column === 'referral_id') add(table, { kind: 'key', column });
      else if (column === 'referral_reference') add(table, { kind: 'reference', column });
      else if (column === 'nhs_number') add(table, { kind: 'nhs_number', column });
    }
  }
  for (const fk of catalogue.foreignKeys) if (fk.refTable === root.table && fk.refColumn === root.key && fk.table !== root.table) add(fk.table, { kind: 'key', column: fk.column });
  // Rows that hang off a subject row (an assessment's doctors, an escalation's events) are about the subject too.
  for (let changed = true; changed; ) {
    changed = false;
    for (const fk of catalogue.foreignKeys) {
      if (fk.table === fk.refTable || !links.has(fk.refTable) || links.get(fk.table)?.some((l) => l.column === fk.column)) continue;
      add(fk.table, { kind: 'child', column: fk.column, parent: fk.refTable, parentColumn: fk.refColumn });
      changed = true;
    }
  }
  return links;
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

/** Tables in the order their subject rows can be deleted: a table before those it references. */
export function deletionOrder(catalogue: Catalogue, links: Map<string, Link[]>): string[] {
  const depth = new Map<string, number>();
  const depthOf = (table: string, path: ReadonlySet<string>): number => {
    const known = depth.get(table);
    if (known !== undefined) return known;
    const parents = catalogue.foreignKeys.filter((fk) => fk.table === table && fk.refTable !== table && links.has(fk.refTable) && !path.has(fk.refTable));
    const d = parents.length === 0 ? 0 : 1 + Math.max(...parents.map((fk) => depthOf(fk.refTable, new Set([...path, table]))));
    depth.set(table, d);
    return d;
  };
  return [...links.keys()].sort((a, b) => depthOf(b, new Set()) - depthOf(a, new Set()) || a.localeCompare(b));
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
