// The person-data walk (docs/privacy.md), pure: which base tables hold rows about a root record
// (a referral, by its id, reference or NHS number, or a register entry), directly or through a
// foreign key to a row that does. The catalogue itself is read by person-data-repository.ts.

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

