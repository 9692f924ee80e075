import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as fs from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from '../platform/data-dir-lock.js';
import { allTables } from '../../test/support/all-tables.js';
import { openTestDatabase } from '../../test/support/test-database.js';
import { afterCommit, inTransaction, listMigrations, migrate, OuterHandleInTransactionError, type DatabaseHandle } from './database.js';

describe('the database', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase();
  });
  afterAll(async () => handle.close());

  it('has applied every numbered migration, and a second run applies none', async () => {
    const applied = await allTables(handle.db).selectFrom('schemaMigrations').select('name').orderBy('name').execute();
    expect(applied.map((m) => m.name)).toEqual(await listMigrations());
    const again = await migrate(handle);
    expect(again.applied).toEqual([]);
  });

  it('refuses to update or delete audit rows, even from SQL', async () => {
    await allTables(handle.db)
      .insertInto('auditLog')
      .values({ occurredAt: new Date(), action: 'test_entry', entityType: 'test', summary: JSON.stringify({ a: 1 }) })
      .execute();
    await expect(sql`update audit_log set action = 'rewritten' where action = 'test_entry'`.execute(handle.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where action = 'test_entry'`.execute(handle.db)).rejects.toThrow(/append-only/);
    // Its seals refer to it, so a plain TRUNCATE is refused by the foreign key and CASCADE by
    // the seals' own append-only guard.
    await expect(sql`truncate audit_log`.execute(handle.db)).rejects.toThrow(/append-only|referenced in a foreign key/);
    await expect(sql`truncate audit_log cascade`.execute(handle.db)).rejects.toThrow(/append-only/);
    const still = await allTables(handle.db).selectFrom('auditLog').select('action').where('action', '=', 'test_entry').execute();
    expect(still).toHaveLength(1);
  });

  it('refuses the outer handle inside a transaction instead of deadlocking', async () => {
    await expect(
      inTransaction(handle.db, async (trx) => {
        await allTables(trx).selectFrom('people').select('id').limit(1).execute();
        await allTables(handle.db).selectFrom('people').select('id').limit(1).execute();
      }),
    ).rejects.toBeInstanceOf(OuterHandleInTransactionError);
    // The handle still works afterwards.
    const row = await allTables(handle.db).selectFrom('people').select('id').limit(1).executeTakeFirst();
    expect(row).toBeDefined();
  });

  it('rolls back everything in a failed transaction', async () => {
    const before = await allTables(handle.db).selectFrom('bankHolidays').select('holidayDate').execute();
    await expect(
      inTransaction(handle.db, async (trx) => {
        await allTables(trx).insertInto('bankHolidays').values({ holidayDate: '2040-01-02', name: 'Rolled back' }).execute();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const after = await allTables(handle.db).selectFrom('bankHolidays').select('holidayDate').execute();
    expect(after).toHaveLength(before.length);
  });

  it('runs a transaction again when the server picks it as a deadlock victim, keeping only the second run', async () => {
    let attempts = 0;
    const afterCommitRuns: number[] = [];
    const result = await inTransaction(handle.db, async (trx) => {
      attempts += 1;
      await allTables(trx).insertInto('bankHolidays').values({ holidayDate: `2041-01-0${attempts}`, name: `Attempt ${attempts}` }).execute();
      const attempt = attempts;
      await afterCommit(() => void afterCommitRuns.push(attempt));
      // The error PostgreSQL raises in the transaction it aborts to break a deadlock.
      if (attempts === 1) await sql`do $$ begin raise exception 'deadlock detected' using errcode = 'deadlock_detected'; end $$`.execute(trx);
      return 'done';
    });
    expect(result).toBe('done');
    expect(attempts).toBe(2);
    const rows = await allTables(handle.db).selectFrom('bankHolidays').select('name').where('holidayDate', 'in', ['2041-01-01', '2041-01-02']).execute();
    expect(rows.map((r) => r.name)).toEqual(['Attempt 2']);
    expect(afterCommitRuns).toEqual([2]);
  });

  it('gives up on a transaction that keeps deadlocking, with the server\'s error', async () => {
    let attempts = 0;
    await expect(
      inTransaction(handle.db, async (trx) => {
        attempts += 1;
        await sql`do $$ begin raise exception 'deadlock detected' using errcode = 'deadlock_detected'; end $$`.execute(trx);
      }),
    ).rejects.toThrow(/deadlock detected/);
    expect(attempts).toBe(3);
  });

  it('joins an outer transaction when given one, so use cases compose', async () => {
    await inTransaction(handle.db, async (trx) => {
      await inTransaction(trx, async (inner) => {
        await allTables(inner).insertInto('bankHolidays').values({ holidayDate: '2040-01-03', name: 'Joined' }).execute();
      });
    });
    const row = await allTables(handle.db).selectFrom('bankHolidays').select('name').where('holidayDate', '=', '2040-01-03').executeTakeFirst();
    expect(row?.name).toBe('Joined');
  });
});

describe('the data-directory lock', () => {
  it('lets one process hold a data directory and refuses a second with a clear message', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amhp-lock-'));
    try {
      const release = lockDataDir(dir);
      // A lock file naming a live process (this one's parent) is respected.
      rmSync(path.join(dir, '.amhp-hub.lock'));
      
      fs.writeFileSync(path.join(dir, '.amhp-hub.lock'), String(process.ppid));
      expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
      expect(() => lockDataDir(dir)).toThrow(/already in use by another AMHP Hub process/);
      release();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes over a lock left by a process that no longer runs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'amhp-lock-'));
    try {
      
      fs.writeFileSync(path.join(dir, '.amhp-hub.lock'), '999999');
      const release = lockDataDir(dir);
      expect(fs.readFileSync(path.join(dir, '.amhp-hub.lock'), 'utf8')).toBe(String(process.pid));
      release();
      expect(fs.existsSync(path.join(dir, '.amhp-hub.lock'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
