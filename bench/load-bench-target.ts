// Where npm run bench:load may load its data and run: only a database of its own, never a live
// one. PGlite: a new temporary directory, or BENCH_DATA_DIR when it is empty or carries the
// bench's marker file. PostgreSQL: DATABASE_URL must name a database whose name starts with
// `amhp_bench`, and that database must be new (created here) or one this bench made (its
// COMMENT carries the marker); a database holding anything else is refused, untouched.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";

export const DIR_MARKER = ".amhp-load-bench";
export const DB_MARKER = "made by npm run bench:load";
export const DB_PREFIX = "amhp_bench";

export class NotTheBenchDatabase extends Error {}

/** The PGlite directory to use: a new temporary one, or `dir` if it is empty or the bench's own. */
export function ownDataDir(dir: string | undefined): {
  dir: string;
  temporary: boolean;
} {
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), "amhp-load-bench-"));
    writeFileSync(join(made, DIR_MARKER), `${DB_MARKER}\n`);
    return { dir: made, temporary: true };
  }
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes(DIR_MARKER)) {
    throw new NotTheBenchDatabase(
      `Refusing to run: ${dir} is not empty and was not made by the load bench (it has no ${DIR_MARKER} file). ` +
        "The bench loads 150,000 invented referrals and must never write into a live data directory: give an empty directory, or leave BENCH_DATA_DIR unset for a temporary one.",
    );
  }
  writeFileSync(join(dir, DIR_MARKER), `${DB_MARKER}\n`);
  return { dir, temporary: false };
}

/** The database name in a PostgreSQL URL, refused unless it is one the bench may own. */
export function benchDatabaseName(url: string): string {
  let name: string;
  try {
    name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  } catch {
    throw new NotTheBenchDatabase(
      "Refusing to run: DATABASE_URL is not a valid URL.",
    );
  }
  if (!name.startsWith(DB_PREFIX) || !/^[a-z0-9_]+$/.test(name)) {
    throw new NotTheBenchDatabase(
      `Refusing to run: DATABASE_URL names the database "${name || "(none)"}", and the load bench only runs on a database of its own whose name starts with "${DB_PREFIX}" ` +
        `(lower-case letters, digits, underscores), e.g. postgres://postgres@127.0.0.1:5432/${DB_PREFIX}_load. It loads invented referrals and must never touch a live database.`,
    );
  }
  return name;
}

/** What the bench found in an existing database: refused unless it is empty or the bench's own. */
export function judgeExistingDatabase(
  name: string,
  found: { tables: number; comment: string | null },
): void {
  if (found.tables > 0 && found.comment !== DB_MARKER) {
    throw new NotTheBenchDatabase(
      `Refusing to run: the database ${name} already holds ${found.tables} table(s) and was not made by the load bench (its comment is not "${DB_MARKER}"). ` +
        "It may hold real data: the bench never loads into a database it did not create. Drop it yourself if it is a leftover, or name another.",
    );
  }
}

/** Makes sure DATABASE_URL is the bench's own database, creating it (with the marker) if it does not exist yet. */
export async function ownPostgresDatabase(
  url: string,
): Promise<{ name: string; created: boolean }> {
  const name = benchDatabaseName(url);
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: maintenance.toString() });
  await admin.connect();
  try {
    const exists = await admin.query(
      "select 1 from pg_database where datname = $1",
      [name],
    );
    if (exists.rowCount === 0) {
      await admin.query(`create database ${name}`);
      await admin.query(`comment on database ${name} is '${DB_MARKER}'`);
      return { name, created: true };
    }
  } finally {
    await admin.end();
  }
  const target = new pg.Client({ connectionString: url });
  await target.connect();
  try {
    const tables = await target.query<{ n: string }>(
      "select count(*) as n from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')",
    );
    const comment = await target.query<{ c: string | null }>(
      "select shobj_description(oid, $1) as c from pg_database where datname = current_database()",
      ["pg_database"],
    );
    judgeExistingDatabase(name, {
      tables: Number(tables.rows[0]?.n ?? 0),
      comment: comment.rows[0]?.c ?? null,
    });
    if (Number(tables.rows[0]?.n ?? 0) === 0)
      await target.query(`comment on database ${name} is '${DB_MARKER}'`);
  } finally {
    await target.end();
  }
  return { name, created: false };
}
