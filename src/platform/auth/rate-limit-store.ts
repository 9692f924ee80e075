import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { PlatformTables } from '../platform-tables.js';
import { deleteRateLimitCountersEndedBefore, incrementRateLimitCounter } from './rate-limit-repository.js';

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
 * instance behind a load balancer shares one allowance (the increment is atomic: see the repository).
 */
export function databaseRateLimitStore(db: Kysely<PlatformTables>, clock: Clock): StoreConstructor {
  let increments = 0;

  async function increment(key: string, timeWindowMs: number): Promise<{ current: number; ttl: number }> {
    const now = clock.now();
    const row = await incrementRateLimitCounter(db, key, now, timeWindowMs);
    increments += 1;
    if (increments % SWEEP_EVERY === 0) await deleteRateLimitCountersEndedBefore(db, new Date(now.getTime() - 3_600_000));
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
