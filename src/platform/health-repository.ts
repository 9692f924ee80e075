import { sql } from 'kysely';
import { connectionFailureOf } from '../db/database.js';
import type { AnyDbHandle } from './platform-tables.js';

/**
 * Does the database answer? The cheapest possible query, for the health check. A connection
 * failure is tried twice more, 50 ms apart: right after a database restart the pool may hand out
 * connections the server has just closed, and stale connections are not an outage.
 */
export async function databaseAnswers(db: AnyDbHandle): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    try {
      await sql`select 1`.execute(db);
      return true;
    } catch (error) {
      if (!connectionFailureOf(error)) return false;
    }
  }
  return false;
}
