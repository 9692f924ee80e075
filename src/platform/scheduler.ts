import type { FastifyBaseLogger } from 'fastify';
import { inTransaction, type Tx, type UntypedDb } from '../db/database.js';
import type { Clock } from './clock.js';
import { loggableError } from './loggable-error.js';
import { tryJobLock } from './scheduler-repository.js';

export interface Job {
  name: string;
  intervalSeconds: number;
  /**
   * Runs inside a transaction that holds this job's advisory lock: do the work with `trx`. It is
   * the root handle's transaction (the scheduler knows no module's tables): a module narrows it to
   * its own tables with `tablesFor` before handing it to its repositories.
   */
  run(trx: Tx<object>, now: Date): Promise<void>;
}

/**
 * In-process timed checks. Several instances may share one PostgreSQL: each run takes a
 * transaction-scoped advisory lock on the job's name and skips if another instance holds it,
 * so a job never runs twice at once; jobs make each step idempotent (unique keys) so a step is
 * recorded exactly once.
 */
export class Scheduler {
  private readonly jobs: Job[] = [];
  private readonly lastRun = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

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
      const acquired = await this.runLocked(job, now);
      if (acquired) ran.push(job.name);
    }
    return ran;
  }

  private async runLocked(job: Job, now: Date): Promise<boolean> {
    try {
      return await inTransaction(this.db, async (trx) => {
        if (!(await tryJobLock(trx, job.name))) return false;
        await job.run(trx, now);
        return true;
      });
    } catch (error) {
      this.log?.error({ job: job.name, err: loggableError(error) }, 'job failed');
      return false;
    }
  }

  start(tickSeconds: number): void {
    const tick = () => {
      this.running = this.runDue().then(() => undefined);
    };
    this.timer = setInterval(tick, tickSeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
