import { afterCommit } from '../db/database.js';
import type { Clock } from './clock.js';

/**
 * A counter a module bumps whenever data behind a cached read changes: at the write (so a read
 * in the same transaction never sees an old list) and again once the transaction has committed
 * (so a read that ran between the write and the commit does not stay cached).
 */
export class ChangeStamp {
  private value = 0;

  get current(): number {
    return this.value;
  }

  changed(): void {
    this.value += 1;
    void afterCommit(() => {
      this.value += 1;
    });
  }
}

/**
 * One read shared by every request until the data behind it changes (its stamp moves) or it is
 * `maxAgeMs` old (a backstop for changes made by another instance). Option lists and settings:
 * small, read on every page, rarely written. A failed read is not kept.
 */
export class ReadCache<T> {
  private entry: { stamp: number; readAt: number; value: Promise<T> } | undefined;

  constructor(
    private readonly options: { load: () => Promise<T>; stamp: ChangeStamp; clock: Clock; maxAgeMs: number },
  ) {}

  /** Drops the shared read: the next `get` reads again (a change another instance announced). */
  clear(): void {
    this.entry = undefined;
  }

  get(): Promise<T> {
    const now = this.options.clock.now().getTime();
    const stamp = this.options.stamp.current;
    const entry = this.entry;
    if (entry && entry.stamp === stamp && now - entry.readAt >= 0 && now - entry.readAt < this.options.maxAgeMs) return entry.value;
    const value = this.options.load();
    const fresh = { stamp, readAt: now, value };
    this.entry = fresh;
    value.catch(() => {
      if (this.entry === fresh) this.entry = undefined;
    });
    return value;
  }
}

/** How long a cached option list may be used without a change this instance saw. */
export const OPTION_LIST_MAX_AGE_MS = 30_000;
