import { sql } from 'kysely';
import { connectionFailureOf } from '../db/database.js';
import type { AnyDbHandle } from './platform-tables.js';

/**
 * Does the database answer? The cheapest possible query, for the health check. A connection
 * failure is tried once more: right after a database restart the pool may hand out a connection
 * the server has just closed, and one stale connection is not an outage.
 */
export async function databaseAnswers(db: AnyDbHandle): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await sql`select 1`.execute(db);
      return true;
    } catch (error) {
      if (!connectionFailureOf(error)) return false;
    }
  }
  return false;
}
