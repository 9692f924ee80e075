import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.js';
import { reuseCounts } from './reused-pglite.js';
import { openTestDatabase } from './test-database.js';

// Each test file's database is a private copy of the template; on PGlite every copy in a worker
// is loaded from one tarball kept in memory, so a copy must never write through to it.
describe('a test database', () => {
  const opened: DatabaseHandle[] = [];
  const open = async () => {
    const handle = await openTestDatabase('base');
    opened.push(handle);
    return handle;
  };
  afterAll(async () => {
    for (const handle of opened) await handle.close();
  });

  it('is a private copy: what one copy writes, no other copy opened before or after sees', async () => {
    const first = await open();
    const second = await open();
    await first.execScript('create table copy_marker (note text); insert into copy_marker values (\'written\');');
    const seen = await sql<{ note: string }>`select note from copy_marker`.execute(first.db);
    expect(seen.rows).toEqual([{ note: 'written' }]);
    const markerIn = async (handle: DatabaseHandle) =>
      (await sql<{ present: boolean }>`select to_regclass('public.copy_marker') is not null as present`.execute(handle.db)).rows[0]?.present;
    expect(await markerIn(second)).toBe(false);
    const third = await open();
    expect(await markerIn(third)).toBe(false);
  });
});

/** Every table's rows (in their stored order) and every sequence's position, as one text. */
async function contentOf(handle: DatabaseHandle): Promise<string> {
  const tables = await sql<{ name: string }>`select relname as name from pg_class where relnamespace = 'public'::regnamespace and relkind = 'r' order by 1`.execute(handle.db);
  const parts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await sql<{ digest: string | null; n: number }>`select md5(string_agg(t::text, E'\n')) as digest, count(*)::int as n from ${sql.table(name)} t`.execute(handle.db);
    parts.push(`${name}:${rows.rows[0]!.n}:${rows.rows[0]!.digest ?? ''}`);
  }
  const sequences = await sql<{ name: string; lastValue: string | null }>`select sequencename as name, last_value::text as last_value from pg_sequences order by 1`.execute(handle.db);
  for (const sequence of sequences.rows) parts.push(`${sequence.name}=${sequence.lastValue ?? 'unused'}`);
  return parts.join('\n');
}

// A worker keeps its copy and puts it back to the template's state for the next file
// (reused-pglite.ts): what a file leaves behind must never reach the next one.
describe.skipIf(Boolean(process.env.DATABASE_URL))('a test database handed out again', () => {
  it('holds the template again: the rows, the sequences and the session a file changed are put back, as in a new copy', async () => {
    const first = await openTestDatabase('base');
    const untouched = await contentOf(first);
    await sql`insert into organisations (name, short_name, kind) select 'Left behind ' || g, 'LB' || g, 'other' from generate_series(1, 3) g`.execute(first.db);
    await sql`insert into audit_log (occurred_at, action, entity_type) values (now(), 'left_behind', 'test')`.execute(first.db);
    await sql`delete from bank_holidays where true`.execute(first.db);
    await sql`set timezone = 'America/New_York'`.execute(first.db);
    expect(await contentOf(first)).not.toEqual(untouched);
    await first.close();
    await expect(sql`select 1`.execute(first.db)).rejects.toThrow();

    const reusedBefore = reuseCounts.reused;
    const again = await openTestDatabase('base');
    try {
      expect(reuseCounts.reused).toBe(reusedBefore + 1);
      // A copy loaded from the template now (the reusable one is in use) is the reference.
      const fresh = await openTestDatabase('base');
      try {
        const expected = await contentOf(fresh);
        expect(expected).toEqual(untouched);
        expect(await contentOf(again)).toEqual(expected);
      } finally {
        await fresh.close();
      }
      const zone = await sql<{ timezone: string }>`select current_setting('timezone') as timezone`.execute(again.db);
      expect(zone.rows[0]!.timezone).not.toBe('America/New_York');
    } finally {
      await again.close();
    }
  });

  it('is replaced by a new copy when a file changed the schema', async () => {
    const first = await openTestDatabase('base');
    await first.execScript('create table schema_marker (note text)');
    await first.close();
    const discardedBefore = reuseCounts.discarded;
    const next = await openTestDatabase('base');
    try {
      expect(reuseCounts.discarded).toBe(discardedBefore + 1);
      const present = await sql<{ present: boolean }>`select to_regclass('public.schema_marker') is not null as present`.execute(next.db);
      expect(present.rows[0]!.present).toBe(false);
    } finally {
      await next.close();
    }
  });
});
