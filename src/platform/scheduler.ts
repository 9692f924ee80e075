import type { FastifyBaseLogger } from 'fastify';
import { inTransaction, type Tx, type UntypedDb } from '../db/database.js';
import { type Clock, wakeAt } from './clock.js';
import { loggableError } from './loggable-error.js';
import { tryJobLock } from './scheduler-repository.js';

export interface Job {
  name: string;
  /** The safety-net poll: the job runs at least this often, timer or not. */
  intervalSeconds: number;
  /**
   * Runs inside a transaction that holds this job's advisory lock: do the work with `trx`. It is
   * the root handle's transaction (the scheduler knows no module's tables): a module narrows it to
   * its own tables with `tablesFor` before handing it to its repositories. May return how many
   * records it wrote (a number): more than none runs `then` straight after the commit.
   */
  run(trx: Tx<object>, now: Date): Promise<unknown>;
  /**
   * A timed job: the earliest instant at which `run` has something to do (at or before `now`: it
   * is due already), or null when nothing is pending. The scheduler keeps a timer set to it, so
   * what is due runs when it falls due rather than at the next poll. Reads only.
   */
  nextDue?(db: UntypedDb, now: Date): Promise<Date | null>;
  /** Live-event topics published by the writes that can change `nextDue` (re-armed after they commit). */
  rearmOn?: readonly string[];
  /** Another job's name, run at once after this one wrote something (the outbox sender after an alert). */
  then?: string;
}

/** How the scheduler hears that data changed (the live events: after commit, on every instance). */
export interface ChangeEvents {
  subscribe(topic: string, callback: () => void): () => void;
}

/** After losing the lock to another instance, look again this much later (that instance runs it meanwhile). */
const LOCK_RETRY_MS = 1_000;

/**
 * In-process timed checks. Several instances may share one PostgreSQL: each run takes a
 * transaction-scoped advisory lock on the job's name and skips if another instance holds it,
 * so a job never runs twice at once; jobs make each step idempotent (unique keys) so a step is
 * recorded exactly once.
 *
 * Timed jobs (`nextDue`) also keep a timer set to their next due instant, re-armed after every
 * run and whenever one of their `rearmOn` topics is published; the poll stays as a safety net
 * (a change that publishes no topic, a missed event). Every instance keeps its timers: at the
 * due instant they race for the same lock and the unique keys, so the step is still written once.
 * Runs within one instance are queued one after another.
 */
export class Scheduler {
  private readonly jobs: Job[] = [];
  private readonly lastRun = new Map<string, number>();
  private readonly armed = new Map<string, { at: number; cancel: () => void }>();
  private readonly rearming = new Set<string>();
  private readonly unsubscribe: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private timersOn = false;

  constructor(
    private readonly db: UntypedDb,
    private readonly clock: Clock,
    private log?: FastifyBaseLogger,
  ) {}

  /** Where failed runs are logged (the app's logger, once the app is built). */
  useLogger(log: FastifyBaseLogger): void {
    this.log = log;
  }

  register(job: Job): void {
    this.jobs.push(job);
  }

  registered(): readonly Job[] {
    return this.jobs;
  }

  /** Runs every job whose interval has passed (tests call this with an injected clock). */
  async runDue(force = false): Promise<string[]> {
    const now = this.clock.now();
    const ran: string[] = [];
    for (const job of this.jobs) {
      const last = this.lastRun.get(job.name) ?? 0;
      if (!force && now.getTime() - last < job.intervalSeconds * 1000) continue;
      this.lastRun.set(job.name, now.getTime());
      const outcome = await this.runLocked(job, now);
      if (outcome.acquired) ran.push(job.name);
      await this.afterRun(job, outcome);
    }
    return ran;
  }

  private async runLocked(job: Job, now: Date): Promise<{ acquired: boolean; wrote: number }> {
    try {
      return await inTransaction(this.db, async (trx) => {
        if (!(await tryJobLock(trx, job.name))) return { acquired: false, wrote: 0 };
        const wrote = await job.run(trx, now);
        return { acquired: true, wrote: typeof wrote === 'number' ? wrote : 0 };
      });
    } catch (error) {
      this.log?.error({ job: job.name, err: loggableError(error) }, 'job failed');
      return { acquired: false, wrote: 0 };
    }
  }

  /** What follows a run: its `then` job when it wrote something, and (timers on) a fresh timer. */
  private async afterRun(job: Job, outcome: { acquired: boolean; wrote: number }): Promise<void> {
    const follow = outcome.wrote > 0 && job.then ? this.jobs.find((j) => j.name === job.then) : undefined;
    if (follow) await this.runLocked(follow, this.clock.now());
    if (!this.timersOn || !job.nextDue) return;
    if (outcome.acquired) await this.arm(job);
    else this.setTimer(job, new Date(this.clock.now().getTime() + LOCK_RETRY_MS));
  }

  /** Queues work behind whatever this instance is running (one run at a time per instance). */
  private enqueue(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Resolves once every run queued so far (timer, re-arm or poll) has finished. */
  async idle(): Promise<void> {
    for (;;) {
      const current = this.queue;
      await current;
      if (current === this.queue) return;
    }
  }

  private async arm(job: Job): Promise<void> {
    if (!this.timersOn || !job.nextDue) return;
    let due: Date | null;
    try {
      due = await job.nextDue(this.db, this.clock.now());
    } catch (error) {
      this.log?.error({ job: job.name, err: loggableError(error) }, 'job next-due check failed');
      return; // the poll still runs it
    }
    this.setTimer(job, due);
  }

  private setTimer(job: Job, due: Date | null): void {
    this.armed.get(job.name)?.cancel();
    this.armed.delete(job.name);
    if (!this.timersOn || !due) return;
    const cancel = wakeAt(this.clock, due, () => {
      if (this.armed.get(job.name)?.cancel !== cancel) return;
      this.armed.delete(job.name);
      void this.enqueue(async () => {
        const now = this.clock.now();
        this.lastRun.set(job.name, now.getTime());
        await this.afterRun(job, await this.runLocked(job, now));
      });
    });
    this.armed.set(job.name, { at: due.getTime(), cancel });
  }

  /** Re-arms a job once whatever is queued has run (several changes in a row: one look). */
  private rearm(job: Job): void {
    if (this.rearming.has(job.name)) return;
    this.rearming.add(job.name);
    void this.enqueue(async () => {
      this.rearming.delete(job.name);
      await this.arm(job);
    });
  }

  /** When each timed job is next due, as armed (for the operations doc's check and tests). */
  nextTimers(): Record<string, Date> {
    return Object.fromEntries([...this.armed].map(([name, { at }]) => [name, new Date(at)]));
  }

  /**
   * Arms the timed jobs and re-arms them when their topics are published. `start` does this;
   * tests call it alone (no poll) with the test clock, then move the clock.
   */
  startTimers(events?: ChangeEvents): void {
    if (this.timersOn) return;
    this.timersOn = true;
    for (const job of this.jobs) {
      if (!job.nextDue) continue;
      for (const topic of job.rearmOn ?? []) {
        if (events) this.unsubscribe.push(events.subscribe(topic, () => this.rearm(job)));
      }
      this.rearm(job);
    }
  }

  start(tickSeconds: number, events?: ChangeEvents): void {
    this.startTimers(events);
    const tick = () => void this.enqueue(async () => void (await this.runDue()));
    this.timer = setInterval(tick, tickSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timersOn = false;
    for (const stop of this.unsubscribe.splice(0)) stop();
    for (const { cancel } of this.armed.values()) cancel();
    this.armed.clear();
    await this.idle();
  }
}
