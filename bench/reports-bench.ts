// npm run bench:reports — loads the referrals bench data (bench/referrals-bench.ts: BENCH_REFERRALS,
// default 150,000 referrals over ten years, with assessments) and times the monthly performance
// pack, disparity and workforce sufficiency pages through the real HTTP stack (app.inject: routing, session, templates, charts, audit
// write), p50/p95 over BENCH_SAMPLES (default 20) runs, for the last whole month.
//
// It only ever runs against a database of its own: a new temporary PGlite directory, or
// BENCH_DATA_DIR when that directory is empty or was made by this bench (it holds the marker
// file .amhp-reports-bench); on PostgreSQL (DATABASE_URL) it creates amhp_reports_bench_<pid> and
// drops it at the end — unless DATABASE_URL itself names a database starting with `amhp_bench`:
// then it uses that one under the load bench's rule (bench/load-bench-target.ts: new, or made by a
// bench) and keeps it, so 1,500,000 referrals are loaded once for bench:load and bench:reports.
// Any other directory or database is refused, untouched.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { prepare } from '../src/bootstrap.js';
import { testConfig } from '../src/config.js';
import { systemClock } from '../src/platform/clock.js';
import { signedInBrowser } from '../test/support/http-client.js';
import { allTables } from '../test/support/all-tables.js';
import { generate } from './referrals-bench.js';
import { DB_PREFIX, NotTheBenchDatabase, ownPostgresDatabase } from './load-bench-target.js';

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 20);
const MARKER = '.amhp-reports-bench';

/** The directory to use, refusing one that is not the bench's own. */
export function ownDataDir(dir: string | undefined): string {
  if (!dir) {
    const made = mkdtempSync(join(tmpdir(), 'amhp-reports-bench-'));
    writeFileSync(join(made, MARKER), 'made by bench/reports-bench.ts\n');
    return made;
  }
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new Error(`Refusing to run: ${dir} is not empty and was not made by this bench (no ${MARKER}). Give an empty directory or leave BENCH_DATA_DIR unset.`);
  }
  writeFileSync(join(dir, MARKER), 'made by bench/reports-bench.ts\n');
  return dir;
}

function p(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((q / 100) * sorted.length) - 1)] ?? NaN;
}

async function run(label: string, databaseUrl: string | undefined): Promise<void> {
  const keep = process.env.BENCH_DATA_DIR;
  const dataDir = databaseUrl ? ownDataDir(undefined) : ownDataDir(keep);
  const config = testConfig({ dataDir, seedDemo: true, ...(databaseUrl ? { databaseUrl } : {}) });
  console.log(`\n${label}: preparing in ${databaseUrl ? 'its own PostgreSQL database' : dataDir}`);
  const { services, releaseLock } = await prepare(config, systemClock);
  const db = allTables(services.db);
  const already = await db.selectFrom('referrals').select((eb) => eb.fn.countAll<number>().as('n')).where('reference', 'like', 'BENCH-%').executeTakeFirstOrThrow();
  if (Number(already.n) === 0) await generate(db, databaseUrl ? Number(process.env.BENCH_REFERRALS ?? 1_500_000) : undefined);
  const total = await db.selectFrom('referrals').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const app = await buildApp(services);
  await app.ready();
  const browser = await signedInBrowser(app, 'lead@example.org');
  const pages: Array<[string, string]> = [
    ['monthly performance pack', '/reports/pack?period=month'],
    ['disparity per 100,000', '/reports/disparity'],
    ['workforce sufficiency', '/reports/workforce'],
  ];
  console.log(`  ${Number(total.n).toLocaleString('en-GB')} referrals; load average before timing: ${loadavg().map((l) => l.toFixed(2)).join(', ')} (${cpus().length} cores, shared)`);
  for (const [name, url] of pages) {
    const first = await browser.get(url);
    if (first.statusCode !== 200) throw new Error(`The ${name} page answered ${first.statusCode}`);
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      const res = await browser.get(url);
      times.push(performance.now() - t0);
      if (res.statusCode !== 200) throw new Error(`The ${name} page answered ${res.statusCode}`);
    }
    times.sort((a, b) => a - b);
    console.log(`  ${name} page (${url}): p50 ${p(times, 50).toFixed(0)} ms, p95 ${p(times, 95).toFixed(0)} ms over ${SAMPLES} runs; load average ${loadavg()[0]!.toFixed(2)}`);
  }
  await app.close();
  await services.database.close();
  releaseLock();
  if (!keep || databaseUrl) rmSync(dataDir, { recursive: true, force: true });
}

async function runOnPostgres(url: string): Promise<void> {
  if (new URL(url).pathname.replace(/^\//, '').startsWith(DB_PREFIX)) {
    const { name, created } = await ownPostgresDatabase(url);
    console.log(`\nPostgreSQL: ${created ? 'created' : 'reusing'} the bench's database ${name} (kept; drop it yourself when done)`);
    await run('PostgreSQL', url);
    return;
  }
  const name = `amhp_reports_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    try {
      await run('PostgreSQL', target.toString());
    } finally {
      await admin.query(`drop database if exists ${name}`);
    }
  } finally {
    await admin.end();
  }
}

try {
  if (process.env.BENCH_SKIP_PGLITE !== '1') await run('PGlite', undefined);
  if (process.env.DATABASE_URL) await runOnPostgres(process.env.DATABASE_URL);
} catch (error) {
  if (!(error instanceof NotTheBenchDatabase)) throw error;
  process.stderr.write(`\n${error.message}\n\n`);
  process.exit(2);
}
