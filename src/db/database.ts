import { AsyncLocalStorage } from 'node:async_hooks';
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

const transactionScope = new AsyncLocalStorage<true>();

function assertOutsideTransaction(): void {
  if (transactionScope.getStore()) throw new OuterHandleInTransactionError();
}

/**
 * The one way to open a transaction. Passing a transaction handle joins it instead of nesting,
 * so a use case can call another use case inside its own unit of work.
 */
export async function inTransaction<DB, T>(db: Kysely<DB> | Transaction<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  if (db.isTransaction) return work(db as Transaction<DB>);
  // eslint-disable-next-line no-restricted-syntax -- this is the sanctioned wrapper
  return db.transaction().execute((trx) => transactionScope.run(true, () => work(trx)));
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** The connection as no module's tables: each module sees it through `tablesFor`. */
export type UntypedDb = Kysely<object>;

function kyselyOf(dialect: ConstructorParameters<typeof Kysely<object>>[0]['dialect']): UntypedDb {
  return new Kysely<object>({ dialect, plugins: [new CamelCasePlugin()] });
}

export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<DatabaseHandle> {
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    parsers: { [INT8]: Number, [NUMERIC]: Number, [DATE]: (value: string) => value },
  });
  const db = kyselyOf(new PGliteDialect(pglite, assertOutsideTransaction));
  return {
    db,
    kind: 'pglite',
    async execScript(script) {
      await pglite.transaction(async (tx) => {
        await tx.exec(script);
      });
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
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

export async function openPostgres(connectionString: string, poolSize = 10): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client that loses its connection (server restart, database dropped) is discarded by
  // the pool; without a listener the 'error' event would crash the process.
  pool.on('error', () => undefined);
  const guardedPool = {
    connect: async () => {
      assertOutsideTransaction();
      return pool.connect();
    },
    end: async () => pool.end(),
  };
  const db = kyselyOf(new PostgresDialect({ pool: guardedPool as unknown as pg.Pool }));
  await pool.query('select 1');
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
    async close() {
      await db.destroy();
    },
  };
}

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);
/** Arbitrary constant: the advisory lock that serialises migrations between app instances. */
const MIGRATION_LOCK_KEY = 7_204_431;

export interface MigrationReport {
  applied: string[];
  alreadyApplied: number;
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

export async function migrate(handle: DatabaseHandle): Promise<MigrationReport> {
  const header =
    `select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});\n` +
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
