import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.js';
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
