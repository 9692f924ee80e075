import { sql } from 'kysely';
import type { AnyDbHandle } from './platform-tables.js';

/** Does the database answer? The cheapest possible query, for the health check. */
export async function databaseAnswers(db: AnyDbHandle): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
