import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, openPglite, pgliteOf, type DatabaseHandle } from '../../db/database.js';

const MIGRATIONS = new URL('../../db/migrations/', import.meta.url);
const script = (file: string) => readFile(new URL(file, MIGRATIONS), 'utf8');

/** Migration 0800 moves credentials out of people without losing anyone's password or lock. */
describe('migration 0800: credentials move from people to the platform’s own table', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openPglite({});
    for (const file of (await listMigrations()).filter((name) => name < '0800')) await handle.execScript(await script(file));
  }, 180_000);
  afterAll(async () => handle.close());

  it('copies hash, failures, lock and last sign-in, then drops the columns from people', async () => {
    const pglite = pgliteOf(handle)!;
    await handle.execScript(`
      insert into organisations (id, name, short_name, kind) values ('11111111-1111-4111-8111-111111111111', 'Northshire County Council', 'Northshire', 'lssa');
      insert into people (id, email, name, employing_organisation_id, password_hash, failed_sign_in_count, locked_until, last_signed_in_at)
        values ('22222222-2222-4222-8222-222222222222', 'ava@example.org', 'Ava Amhp', '11111111-1111-4111-8111-111111111111', '$argon2id$hash', 2, '2026-03-10T09:15:00Z', '2026-03-09T17:00:00Z'),
               ('33333333-3333-4333-8333-333333333333', 'nopass@example.org', 'No Password', '11111111-1111-4111-8111-111111111111', null, 0, null, null);
    `);
    await handle.execScript(await script('0800-credentials.sql'));
    const rows = await pglite.query<{ person_id: string; password_hash: string; failed_sign_in_count: number; locked_until: Date; last_signed_in_at: Date }>('select * from credentials order by person_id');
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({ person_id: '22222222-2222-4222-8222-222222222222', password_hash: '$argon2id$hash', failed_sign_in_count: 2 });
    expect(rows.rows[0]?.locked_until.toISOString()).toBe('2026-03-10T09:15:00.000Z');
    expect(rows.rows[0]?.last_signed_in_at.toISOString()).toBe('2026-03-09T17:00:00.000Z');
    const columns = await pglite.query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'people'");
    const names = columns.rows.map((c) => c.column_name);
    for (const gone of ['password_hash', 'failed_sign_in_count', 'locked_until', 'last_signed_in_at']) expect(names).not.toContain(gone);
    expect(names).toContain('approval_expires_on');
    await handle.execScript(await script('0801-people-without-interim-approval.sql'));
    const after = await pglite.query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'people'");
    expect(after.rows.map((c) => c.column_name)).not.toContain('approval_expires_on');
  }, 60_000);
});
