import { sql, type Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { PlatformTables } from '../platform-tables.js';

/** What `@fastify/rate-limit` asks of a store (its `CustomStore` shape, callback style). */
interface RateLimitStore {
  incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number, max: number): void;
  child(routeOptions: unknown): RateLimitStore;
}

type StoreConstructor = new (globalParams: unknown) => RateLimitStore;

/** One in this many increments also clears windows that ended an hour or more ago. */
const SWEEP_EVERY = 200;

/**
 * Counts attempts per key (an address and a group such as "sign-in") in the database, so every
 * instance behind a load balancer shares one allowance. The increment is one statement
 * (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), atomic on PostgreSQL and PGlite alike: a burst
 * of parallel requests gets consecutive counts, never the same one.
 */
export function databaseRateLimitStore(db: Kysely<PlatformTables>, clock: Clock): StoreConstructor {
  let increments = 0;

  async function increment(key: string, timeWindowMs: number): Promise<{ current: number; ttl: number }> {
    const now = clock.now();
    const windowEndsAt = new Date(now.getTime() + timeWindowMs);
    const row = await db
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
    increments += 1;
    if (increments % SWEEP_EVERY === 0) {
      await db.deleteFrom('rateLimitCounters').where('windowEndsAt', '<', new Date(now.getTime() - 3_600_000)).execute();
    }
    return { current: row.hits, ttl: Math.max(0, row.windowEndsAt.getTime() - now.getTime()) };
  }

  class DatabaseRateLimitStore implements RateLimitStore {
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      increment(key, timeWindow).then(
        (result) => callback(null, result),
        (error: unknown) => callback(error instanceof Error ? error : new Error('The rate limit could not be counted')),
      );
    }
    // Every route's window and limit arrive with each increment, so one store serves them all.
    child(): RateLimitStore {
      return this;
    }
  }
  return DatabaseRateLimitStore;
}
