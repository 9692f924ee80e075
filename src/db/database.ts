import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { CamelCasePlugin, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.js';

/**
 * A handle typed with the tables it may touch. A module's repository is typed with its own
 * tables plus the read models lower modules publish (see `tablesFor`), so a query into another
 * module's table does not compile.
 */
export type Db<T> = Kysely<T>;
export type Tx<T> = Transaction<T>;
/** Either the pool handle or an open transaction: what repositories accept. */
export type DbOrTx<T> = Kysely<T>;

/**
 * A pool handle or transaction typed with any module's tables: what a method takes when the
 * caller's transaction comes from another module (audit, a lower module's lifecycle call).
 * It only says "a handle"; `tablesFor` gives the callee its own view of it.
 */
export type AnyHandle = Pick<Kysely<object>, 'isTransaction' | 'executeQuery' | 'getExecutor'>;

/**
 * The same connection (or transaction) seen through a module's own table types. The composition
 * root calls it once per module; a module never widens its view.
 */
export function tablesFor<T>(db: AnyHandle): Kysely<T> {
  // Any handle (the pool or an open transaction, typed with any tables): a module's trx passed
  // to the platform (audit) or to a lower module's method is the same connection.
  return db as unknown as Kysely<T>;
}

export interface DatabaseHandle {
  readonly db: UntypedDb;
  readonly kind: 'pglite' | 'postgres';
  /** Runs a multi-statement SQL script in one transaction (migrations, test setup). */
  execScript(script: string): Promise<void>;
  /**
   * Runs `work` holding the session-level advisory lock `key` on a connection of its own (other
   * processes wait for it); on the embedded database, which one process owns, it just runs.
   */
  withAdvisoryLock<T>(key: number, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class OuterHandleInTransactionError extends Error {
  constructor() {
    super(
      'A query used the outer database handle inside a transaction. Use the transaction handle ' +
        '(trx) for every query in the callback: on PGlite the outer handle waits for the ' +
        'transaction to finish and deadlocks.',
    );
  }
}

/** The open transaction of this async context, with the work to do once it has committed. */
interface TransactionScope {
  afterCommit: Array<() => void | Promise<void>>;
}

const transactionScope = new AsyncLocalStorage<TransactionScope>();

function assertOutsideTransaction(): void {
  if (transactionScope.getStore()) throw new OuterHandleInTransactionError();
}

/**
 * The one way to open a transaction. Passing a transaction handle joins it instead of nesting,
 * so a use case can call another use case inside its own unit of work.
 */
export async function inTransaction<DB, T>(db: Kysely<DB> | Transaction<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>);
  let scope: TransactionScope = { afterCommit: [] };
  let result: T;
  for (let attempt = 1; ; attempt += 1) {
    scope = { afterCommit: [] };
    try {
      const current = scope;
      // eslint-disable-next-line no-restricted-syntax -- this is the sanctioned wrapper
      result = await db.transaction().execute((trx) => transactionScope.run(current, () => work(trx)));
      break;
    } catch (error) {
      // PostgreSQL chose this transaction as a deadlock's victim and rolled it back whole (the
      // maintained counters, e.g. referral_status_counts, can meet in two writers' transactions):
      // nothing of it was kept and nothing after-commit ran, so running it again is safe.
      if (!isDeadlockVictim(error) || attempt >= DEADLOCK_ATTEMPTS) throw error;
    }
  }
  // Committed: now what must only happen after commit (live events, e-mail delivery). A failure
  // here cannot undo the commit, so it must not turn the caller's success into an error: each
  // callback handles its own failures.
  for (const callback of scope.afterCommit) {
    try {
      await callback();
    } catch {
      // the callback's own concern (see above)
    }
  }
  return result;
}

const DEADLOCK_ATTEMPTS = 3;

/** SQLSTATE 40P01: the server aborted this transaction to break a deadlock. */
export function isDeadlockVictim(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '40P01';
}

/**
 * Runs `callback` once the transaction of the calling context has committed (never if it rolls
 * back); outside a transaction, at once. Live events and e-mail delivery go through this, so a
 * board never reads the state from before the change and a rolled-back change tells nobody.
 */
export async function afterCommit(callback: () => void | Promise<void>): Promise<void> {
  const scope = transactionScope.getStore();
  if (scope) scope.afterCommit.push(callback);
  else await callback();
}

/** True while the calling context is inside a transaction opened by `inTransaction`. */
export function insideTransaction(): boolean {
  return transactionScope.getStore() !== undefined;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** The connection as no module's tables: each module sees it through `tablesFor`. */
export type UntypedDb = Kysely<object>;

/** What one request (or other unit of work) has asked of the database so far. */
export interface QueryTally {
  /** Statements sent to the database, not counting `begin`/`commit`/`rollback`. */
  queries: number;
  /** Transaction control statements (`begin`, `commit`, `rollback`, savepoints). */
  transactionControl: number;
  /** When present, the SQL of each counted statement (tests print it when a budget is broken). */
  statements?: string[];
}

const queryTally = new AsyncLocalStorage<QueryTally>();
const TRANSACTION_CONTROL = /^\s*(begin|commit|rollback|savepoint|release)\b/i;

/**
 * Counts every statement run inside `work` (and anything it starts) on any handle this process
 * opened: the per-request query counter behind the query budgets (test/query-budgets.test.ts).
 */
export function countQueries<T>(tally: QueryTally, work: () => T): T {
  return queryTally.run(tally, work);
}

/** The tally of the calling context, if it is being counted. */
export function currentQueryTally(): QueryTally | undefined {
  return queryTally.getStore();
}

function kyselyOf(dialect: ConstructorParameters<typeof Kysely<object>>[0]['dialect']): UntypedDb {
  return new Kysely<object>({
    dialect,
    plugins: [new CamelCasePlugin()],
    // Kysely calls this for every statement it sends (transaction control included), in the
    // async context of the caller: cheap enough to leave on (one lookup and an increment).
    log: (event) => {
      const tally = queryTally.getStore();
      if (!tally) return;
      if (TRANSACTION_CONTROL.test(event.query.sql)) tally.transactionControl += 1;
      else {
        tally.queries += 1;
        tally.statements?.push(event.query.sql);
      }
    },
  });
}

/**
 * Opens the embedded database. `sharedBuffers` (PostgreSQL's shared_buffers, e.g. "32MB") sets
 * how much of the process's memory PGlite keeps as its page cache: the app sets it from
 * PGLITE_SHARED_BUFFERS (default 32MB; PGlite's own default is 128MB), tests leave PGlite's.
 */
export async function openPglite(options: PgliteOptions): Promise<DatabaseHandle> {
  return handleOfPglite(await createPglite(options));
}

export interface PgliteOptions {
  dataDir?: string;
  loadDataDir?: Blob;
  sharedBuffers?: string;
}

/** The embedded database itself, with the app's type parsers (most callers want `openPglite`). */
export async function createPglite(options: PgliteOptions): Promise<PGlite> {
  return PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    ...(options.sharedBuffers ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`] } : {}),
    parsers: { [INT8]: Number, [NUMERIC]: Number, [DATE]: (value: string) => value },
  });
}

/**
 * A handle on an open PGlite instance. By default closing the handle closes the instance; a
 * caller that keeps the instance for another handle (the test suite's reused copies) passes its
 * own `close`, and `beforeQuery`, which may refuse a statement (e.g. once that handle is closed).
 */
export function handleOfPglite(pglite: PGlite, options: { close?: () => Promise<void>; beforeQuery?: () => void } = {}): DatabaseHandle {
  const beforeQuery = () => {
    options.beforeQuery?.();
    assertOutsideTransaction();
  };
  const db = kyselyOf(new PGliteDialect(pglite, beforeQuery));
  return {
    db,
    kind: 'pglite',
    async execScript(script) {
      options.beforeQuery?.();
      await pglite.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    async withAdvisoryLock(_key, work) {
      return work();
    },
    async close() {
      await db.destroy();
      if (options.close) await options.close();
      else if (!pglite.closed) await pglite.close();
    },
    // Exposed for test templates.
    ...({ pglite } as object),
  };
}

export function pgliteOf(handle: DatabaseHandle): PGlite | undefined {
  return (handle as unknown as { pglite?: PGlite }).pglite;
}

pg.types.setTypeParser(INT8, Number);
pg.types.setTypeParser(NUMERIC, Number);
pg.types.setTypeParser(DATE, (value: string) => value);

/** The start-up could not reach PostgreSQL: the message says where (without the password) and why. */
export class DatabaseUnreachableError extends Error {
  constructor(connectionString: string, cause: unknown) {
    super(
      `Cannot reach the PostgreSQL database at ${redactedDatabaseUrl(connectionString)} (${connectionFailureOf(cause) ?? (cause instanceof Error ? cause.message : String(cause))}). ` +
        'Check DATABASE_URL and that the server is running and accepts connections from this machine.',
    );
  }
}

/** A connection string with the password replaced, for messages and logs. */
export function redactedDatabaseUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(an unreadable DATABASE_URL)';
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', '57P01', '57P02', '57P03', '53300', '3D000']);

/**
 * When an error means "the database cannot be reached" (refused, terminated, timed out, shutting
 * down, too many connections), a short reason; otherwise undefined.
 */
export function connectionFailureOf(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (CONNECTION_CODES.has(code) || code.startsWith('08'))) return code;
  const message = (error as { message?: unknown }).message;
  if (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable|connect ECONNREFUSED|not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)/i.test(message)
  )
    return 'connection lost';
  const errors = (error as { errors?: unknown }).errors; // AggregateError (every address refused)
  if (Array.isArray(errors)) return errors.map(connectionFailureOf).find((reason) => reason !== undefined);
  return undefined;
}

const guardedClients = new WeakSet<pg.PoolClient>();

export async function openPostgres(connectionString: string, poolSize = 10): Promise<DatabaseHandle> {
  // A bounded wait for a connection: with the database gone a request fails in seconds (503)
  // instead of hanging, and the pool reconnects by itself when it returns.
  const pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5_000 });
  // An idle client that loses its connection (server restart, database dropped) is discarded by
  // the pool; without a listener the 'error' event would crash the process.
  pool.on('error', () => undefined);
  const guardedPool = {
    connect: async () => {
      assertOutsideTransaction();
      const client = await pool.connect();
      // A checked-out client whose connection is killed between two queries of a transaction
      // (pg_terminate_backend, a failover) emits 'error' with no listener: that would crash the
      // process. Its next query fails instead, the transaction rolls back, and the pool drops it.
      if (!guardedClients.has(client)) {
        guardedClients.add(client);
        client.on('error', () => undefined);
      }
      return client;
    },
    end: async () => pool.end(),
  };
  const db = kyselyOf(new PostgresDialect({ pool: guardedPool as unknown as pg.Pool }));
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnreachableError(connectionString, error);
  }
  return {
    db,
    kind: 'postgres',
    async execScript(script) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query(script);
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      } finally {
        client.release();
      }
    },
    async withAdvisoryLock(key, work) {
      // Its own connection, outside the pool: the work itself uses the pool freely.
      const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
      client.on('error', () => undefined);
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        return await work();
      } finally {
        // Ending the session releases the lock (as it does if this process dies holding it).
        await client.end().catch(() => undefined);
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/**
 * Arbitrary constant: the advisory lock that serialises migrations and the rest of the first-start
 * work (reference data, the demo seed) between app instances.
 */
export const MIGRATION_LOCK_KEY = 7_204_431;

/**
 * First-start work (migrations, reference data, the demo seed) under the migration lock, held for
 * the whole of it: instances starting together on an empty database queue, and each after the
 * first finds the work done.
 */
export async function startUnderLock<T>(handle: DatabaseHandle, work: (migrateLocked: () => Promise<MigrationReport>) => Promise<T>): Promise<T> {
  return handle.withAdvisoryLock(MIGRATION_LOCK_KEY, () => work(() => migrate(handle, { lockHeld: true })));
}

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
}

/** A fingerprint of every migration file (names and contents): a migrated template's key. */
export async function migrationsFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await listMigrations()) hash.update(file).update('\0').update(await readFile(new URL(file, MIGRATIONS_DIR))).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export async function listMigrations(): Promise<string[]> {
  const files = await readdir(MIGRATIONS_DIR);
  return files.filter((file) => /^\d{4}-[a-z0-9-]+\.sql$/.test(file)).sort();
}

/**
 * Forward-only: every numbered file is applied once, in order, each in its own transaction.
 * Instances starting together queue on an advisory lock, so the second finds nothing to do.
 */
/** The one table the migration runner owns. */
interface MigrationTables {
  schemaMigrations: { name: string; appliedAt: Date };
}

export async function migrate(handle: DatabaseHandle, options: { lockHeld?: boolean } = {}): Promise<MigrationReport> {
  // Under `startUnderLock` this process already holds the lock (as a session lock on another
  // connection): taking it again here would wait for itself.
  const header =
    (options.lockHeld ? '' : `select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});\n`) +
    'create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now());\n';
  await handle.execScript(header);
  const applied: string[] = [];
  const files = await listMigrations();
  const done = new Set(
    (await tablesFor<MigrationTables>(handle.db).selectFrom('schemaMigrations').select('name').execute()).map((row) => row.name),
  );
  for (const file of files) {
    if (done.has(file)) continue;
    const body = await readFile(new URL(file, MIGRATIONS_DIR), 'utf8');
    const escaped = file.replace(/'/g, "''");
    // Re-check inside the lock so two instances never apply the same file.
    await handle.execScript(
      `${header}do $$ begin if exists (select 1 from schema_migrations where name = '${escaped}') then raise exception 'already-applied'; end if; end $$;\n` +
        `${body}\ninsert into schema_migrations (name) values ('${escaped}');`,
    ).then(
      () => applied.push(file),
      (error: unknown) => {
        if (error instanceof Error && error.message.includes('already-applied')) return;
        throw new Error(`Migration ${file} failed: ${error instanceof Error ? error.message : String(error)}`);
      },
    );
  }
  return { applied, alreadyApplied: done.size };
}
