import { sql, type Kysely } from 'kysely';
import type { PlatformTables } from '../platform-tables.js';

/**
 * One more hit on a key in the current window (a new window when the last one ended), in one
 * statement (`INSERT … ON CONFLICT DO UPDATE … RETURNING`): atomic on PostgreSQL and PGlite, so a
 * burst of parallel requests gets consecutive counts, never the same one.
 */
export async function incrementRateLimitCounter(db: Kysely<PlatformTables>, key: string, now: Date, windowMs: number): Promise<{ hits: number; windowEndsAt: Date }> {
  const windowEndsAt = new Date(now.getTime() + windowMs);
  return db
    .insertInto('rateLimitCounters')
    .values({ key, hits: 1, windowEndsAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_counters.window_ends_at <= ${now} then 1 else rate_limit_counters.hits + 1 end`,
        windowEndsAt: sql<Date>`case when rate_limit_counters.window_ends_at <= ${now} then ${windowEndsAt} else rate_limit_counters.window_ends_at end`,
      }),
    )
    .returning(['hits', 'windowEndsAt'])
    .executeTakeFirstOrThrow();
}

export async function deleteRateLimitCountersEndedBefore(db: Kysely<PlatformTables>, before: Date): Promise<void> {
  await db.deleteFrom('rateLimitCounters').where('windowEndsAt', '<', before).execute();
}
