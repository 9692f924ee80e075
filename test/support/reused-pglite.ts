import type { PGlite } from '@electric-sql/pglite';
import { handleOfPglite, type DatabaseHandle } from '../../src/db/database.js';

/**
 * One embedded database per template and test worker, put back to the template's state for the
 * next test file instead of loading a new copy (a copy costs ~0.6 s of CPU to unpack 45 MB into
 * PGlite's file system and start PostgreSQL; putting one back ~0.05 s). docs/performance.md.
 *
 * What "back" means, and how it is checked each time before the copy is handed out again:
 * - the previous handle is closed, and from then on refuses every statement (a straggling
 *   promise of the previous file fails as it did on a closed copy, instead of writing into the
 *   next file's database);
 * - no transaction is open, and the session is reset (`DISCARD ALL`: settings, role, prepared
 *   statements, temporary tables, LISTEN);
 * - the schema, roles and privileges are the template's (a fingerprint of the catalogues): a file
 *   that created or dropped a table, a trigger, a role or a grant gets a fresh copy instead;
 * - every table holds exactly the template's rows (every table with a row is emptied, the
 *   template's rows copied back in their order) and every sequence is where the template left it.
 * A copy that fails any of these is closed and a fresh one is loaded.
 */
interface ReusableCopy {
  pglite: PGlite;
  inUse: boolean;
  tables: string[];
  /** The template's rows of each table that has any, in COPY format. */
  rows: Map<string, Blob>;
  sequences: Array<{ name: string; value: number; called: boolean }>;
  fingerprint: string;
}

const copies = new Map<string, ReusableCopy>();

/** Tallies for the suite's own test of this module. */
export const reuseCounts = { reused: 0, discarded: 0 };

const SCHEMA_FINGERPRINT = `
  select md5(string_agg(item, '|' order by item)) as fingerprint from (
    select concat_ws('/', 'c', c.oid, c.relname, c.relkind, c.relnamespace, c.relacl) as item from pg_class c where c.relpersistence <> 't'
    union all select concat_ws('/', 'a', a.attrelid, a.attnum, a.attname, a.atttypid, a.attnotnull, a.attisdropped) from pg_attribute a where a.attnum > 0 and a.attrelid >= 16384
    union all select concat_ws('/', 't', t.oid, t.tgname, t.tgenabled) from pg_trigger t
    union all select concat_ws('/', 'k', k.oid, k.conname) from pg_constraint k
    union all select concat_ws('/', 'p', p.oid, p.proname) from pg_proc p where p.oid >= 16384
    union all select concat_ws('/', 'r', r.oid, r.rolname) from pg_authid r
    union all select concat_ws('/', 'n', n.oid, n.nspname, n.nspacl) from pg_namespace n
    union all select concat_ws('/', 'd', d.oid, d.adrelid, d.adnum) from pg_attrdef d
    union all select concat_ws('/', 'e', e.oid, e.evtname) from pg_event_trigger e
  ) catalogue`;

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function fingerprintOf(pglite: PGlite): Promise<string> {
  return (await pglite.query<{ fingerprint: string }>(SCHEMA_FINGERPRINT)).rows[0]!.fingerprint;
}

async function tablesWithRows(pglite: PGlite, tables: string[]): Promise<string[]> {
  if (tables.length === 0) return [];
  const probe = tables.map((table) => `select '${table.replaceAll("'", "''")}' as name where exists (select from ${quoted(table)})`).join(' union all ');
  return (await pglite.query<{ name: string }>(probe)).rows.map((row) => row.name);
}

/** Records what the template holds, on a copy nobody has used yet. */
async function recordTemplate(pglite: PGlite): Promise<ReusableCopy> {
  const tables = (
    await pglite.query<{ name: string }>(
      `select c.relname as name from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') order by 1`,
    )
  ).rows.map((row) => row.name);
  const rows = new Map<string, Blob>();
  for (const table of await tablesWithRows(pglite, tables)) {
    const copied = await pglite.query(`copy ${quoted(table)} to '/dev/blob'`);
    rows.set(table, copied.blob!);
  }
  const sequences = (
    await pglite.query<{ name: string; value: number; called: boolean }>(
      `select format('%I.%I', schemaname, sequencename) as name, coalesce(last_value, start_value)::float8 as value, last_value is not null as called from pg_sequences`,
    )
  ).rows;
  return { pglite, inUse: false, tables, rows, sequences, fingerprint: await fingerprintOf(pglite) };
}

/** Puts the copy back to the template's state; false when it cannot be trusted to be. */
async function putBack(copy: ReusableCopy): Promise<boolean> {
  const { pglite } = copy;
  if (pglite.closed || pglite.isInTransaction()) return false;
  await pglite.exec('discard all');
  if ((await fingerprintOf(pglite)) !== copy.fingerprint) return false;
  const emptied = [...new Set([...(await tablesWithRows(pglite, copy.tables)), ...copy.rows.keys()])];
  await pglite.transaction(async (tx) => {
    // Triggers (the audit trail's guards, the maintained counts, foreign keys) stay quiet: the
    // rows put back are the template's own, already consistent.
    await tx.exec('set local session_replication_role = replica');
    if (emptied.length > 0) await tx.exec(`truncate ${emptied.map(quoted).join(', ')} cascade`);
    for (const [table, blob] of copy.rows) await tx.query(`copy ${quoted(table)} from '/dev/blob'`, [], { blob });
    if (copy.sequences.length > 0) {
      await tx.query(
        `select setval(name::regclass, value::bigint, called) from jsonb_to_recordset($1::jsonb) as s(name text, value float8, called boolean)`,
        [JSON.stringify(copy.sequences)],
      );
    }
  });
  return true;
}

/**
 * A copy of the template at `key` in the template's state: the worker's reusable copy when it is
 * free and can be put back, else a new one from `load` (kept for reuse if there was none).
 */
export async function reusableCopy(key: string, load: () => Promise<PGlite>): Promise<DatabaseHandle> {
  let copy = copies.get(key);
  if (copy && !copy.inUse) {
    if (await putBack(copy).catch(() => false)) {
      reuseCounts.reused += 1;
      return handOut(copy);
    }
    reuseCounts.discarded += 1;
    copies.delete(key);
    if (!copy.pglite.closed) await copy.pglite.close().catch(() => undefined);
    copy = undefined;
  }
  const pglite = await load();
  if (copy) return handleOfPglite(pglite); // the reusable one is in use: this one is closed after
  const fresh = await recordTemplate(pglite);
  copies.set(key, fresh);
  return handOut(fresh);
}

function handOut(copy: ReusableCopy): DatabaseHandle {
  copy.inUse = true;
  let closed = false;
  return handleOfPglite(copy.pglite, {
    beforeQuery: () => {
      if (closed) throw new Error('This test database handle is closed');
    },
    close: async () => {
      if (closed) return;
      closed = true;
      copy.inUse = false;
    },
  });
}
