import { sql } from 'kysely';
import type { AnyDbHandle } from './platform-tables.js';

/**
 * Takes the job's transaction-scoped advisory lock if no other instance holds it. Works on any
 * handle: the lock touches no table, and it is released when the transaction ends.
 */
export async function tryJobLock(trx: AnyDbHandle, jobName: string): Promise<boolean> {
  const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(hashtext(${`job:${jobName}`})) as locked`.execute(trx);
  return lock.rows[0]?.locked === true;
}
