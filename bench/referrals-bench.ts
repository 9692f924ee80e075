// npm run bench:referrals — ten years of a large county's referrals (BENCH_REFERRALS, default
// 150,000) with assessment records, doctors and timelines, then p50/p95 latency through the real
// HTTP stack (app.inject: routing, sessions, CSRF, templates, audit writes) of the open-referrals
// list, search by name, search by NHS number, opening one referral and its assessment record.
// Runs on PGlite in a temporary directory (or BENCH_DATA_DIR, kept and reused between runs), and
// on PostgreSQL when DATABASE_URL is set: there it creates its own database (amhp_bench_<pid>)
// next to the one named in the URL, and drops it at the end (BENCH_KEEP_DB=1 keeps it for
// EXPLAIN ANALYZE). The database in DATABASE_URL itself is only used for CREATE/DROP DATABASE.

import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.js';
import { prepare } from '../src/bootstrap.js';
import { testConfig } from '../src/config.js';
import { systemClock } from '../src/platform/clock.js';
import type { Services } from '../src/services.js';
import { nhsCheckDigit } from '../src/modules/referrals/nhs-number.js';
import { signedInBrowser } from '../test/support/http-client.js';
import { allTables, type AllTables } from '../test/support/all-tables.js';

const DEFAULT_TOTAL = Number(process.env.BENCH_REFERRALS ?? 150_000);
const TOTAL = DEFAULT_TOTAL;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 40);
const BATCH = 5_000;
const GIVEN = ['Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Arthur', 'Ivy', 'Leo', 'Freya', 'Oscar', 'Zainab', 'Kwame', 'Priya', 'Tomasz', 'Aoife', 'Yusuf', 'Mei', 'Dmitri'];
const FAMILY = ['Ashby', 'Barrow', 'Calder', 'Dunmore', 'Ellery', 'Fenwick', 'Garside', 'Hollins', 'Ingram', 'Jessop', 'Kettle', 'Langley', 'Merriman', 'Norwood', 'Oakes', 'Pemberton', 'Quarry', 'Rudd', 'Sallow', 'Thackeray'];

function nhsNumbers(count: number): string[] {
  const out: string[] = [];
  for (let n = 0; out.length < count; n += 1) {
    const first = String(600_000_000 + n * 37).slice(0, 9);
    const check = nhsCheckDigit(first);
    if (check !== null) out.push(`${first}${check}`);
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

function phase(name: string, t0: number): void {
  console.log(`  ${name.padEnd(40)} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s`);
}

async function run(label: string, databaseUrl: string | undefined): Promise<void> {
  const keepDir = process.env.BENCH_DATA_DIR;
  if (keepDir && !existsSync(keepDir)) mkdirSync(keepDir, { recursive: true });
  const dataDir = databaseUrl ? mkdtempSync(join(tmpdir(), 'amhp-bench-')) : (keepDir ?? mkdtempSync(join(tmpdir(), 'amhp-bench-')));
  const config = testConfig({ dataDir, seedDemo: true, ...(databaseUrl ? { databaseUrl } : {}) });
  const started = Date.now();
  console.log(`\n${label}: preparing`);
  const t0 = performance.now();
  const { services, releaseLock } = await prepare(config, systemClock);
  phase('migrations and demo seed', t0);
  const db = allTables(services.db);
  const already = await db.selectFrom('referrals').select((eb) => eb.fn.countAll<number>().as('n')).where('reference', 'like', 'BENCH-%').executeTakeFirstOrThrow();
  if (Number(already.n) > 0) {
    console.log(`  reusing ${Number(already.n).toLocaleString('en-GB')} generated referrals in ${dataDir}`);
  } else {
    await generate(db);
  }
  const loaded = Date.now();
  await measure(label, services, loaded - started);
  await services.database.close();
  releaseLock();
  if (!keepDir || databaseUrl) rmSync(dataDir, { recursive: true, force: true });
}

/** The referrals bench data (also loaded by bench/reports-bench.ts and bench/load-bench.ts). */
export async function generate(db: Kysely<AllTables>, TOTAL = DEFAULT_TOTAL): Promise<void> {
  let t0 = performance.now();
  const creator = (await db.selectFrom('people').select('id').where('email', '=', 'lead@example.org').executeTakeFirstOrThrow()).id;
  const amhps = (await db.selectFrom('people').innerJoin('personRoles', 'personRoles.personId', 'people.id').select('people.id').where('personRoles.role', '=', 'amhp').execute()).map((r) => r.id);
  const lssas = (await db.selectFrom('organisations').select('id').where('kind', '=', 'lssa').execute()).map((r) => r.id);
  const numbers = nhsNumbers(TOTAL);
  const now = Date.now();
  const span = 10 * 365 * 24 * 3_600_000;

  // Referrals: server-side generation from arrays, BATCH rows per statement.
  for (let offset = 0; offset < TOTAL; offset += BATCH) {
    const n = Math.min(BATCH, TOTAL - offset);
    const idx = Array.from({ length: n }, (_, i) => offset + i);
    await sql`
      insert into referrals (reference, status, received_at, received_via, source_type, referrer_name, given_name, family_name,
        date_of_birth, nhs_number, lssa_id, legal_status, reason, urgency, decision, allocated_amhp_id, created_by, created_at, updated_at)
      select 'BENCH-' || i, case when i % 150 = 0 then 'in_assessment' when i % 151 = 0 then 'received' when i % 10 = 0 then 'withdrawn' else 'closed' end,
        to_timestamp(${now / 1000} - (${span / 1000}::float8 * (i::float8 / ${TOTAL}))), 'phone', 'gp', 'Dr Bench',
        (${GIVEN}::text[])[1 + i % ${GIVEN.length}], (${FAMILY}::text[])[1 + (i / 7) % ${FAMILY.length}] || (i % 997)::text,
        date '1940-01-01' + (i % 25000), nhs, (${lssas}::uuid[])[1 + i % ${lssas.length}],
        case when i % 4 = 0 then 's136' else 'community' end, 'Bench referral', 'urgent', 'proceed',
        (${amhps}::uuid[])[1 + i % ${amhps.length}], ${creator}::uuid, now(), now()
      from unnest(${idx}::int[], ${numbers.slice(offset, offset + n)}::text[]) as t(i, nhs)
    `.execute(db);
  }
  phase(`${TOTAL.toLocaleString('en-GB')} referrals`, t0);
  t0 = performance.now();
  await sql`
    insert into assessments (referral_id, interview_at, last_saw_at, most_appropriate_reason, outcome, application_section, application_at, hospital_name, hospital_addressed_to_managers, outcome_recorded_at)
    select id, received_at + interval '3 hours', received_at + interval '3 hours', 'Bench', case when status = 'closed' then 's2' end, case when status = 'closed' then 's2' end,
      case when status = 'closed' then received_at + interval '5 hours' end, 'Bench Hospital', true, case when status = 'closed' then received_at + interval '5 hours' end
    from referrals where reference like 'BENCH-%' and status in ('closed', 'in_assessment')
  `.execute(db);
  phase('assessments', t0);
  t0 = performance.now();
  await sql`
    insert into assessment_doctors (assessment_id, name, s12_approved, examined_at, signed_at)
    select a.id, d.name, d.s12, a.interview_at, a.interview_at + interval '30 minutes'
    from assessments a cross join (values ('Dr Bench One', true), ('Dr Bench Two', false)) as d(name, s12)
  `.execute(db);
  phase('assessment doctors', t0);
  t0 = performance.now();
  await sql`
    insert into referral_events (referral_id, occurred_at, actor_id, kind, summary)
    select r.id, r.received_at + (e.k || ' hours')::interval, ${creator}::uuid, e.kind, e.summary
    from referrals r cross join (values (0, 'received', 'Referral received'), (1, 'decide', 'Decision: proceed'), (2, 'allocate', 'AMHP allocated'), (6, 'record_outcome', 'Outcome recorded')) as e(k, kind, summary)
    where r.reference like 'BENCH-%'
  `.execute(db);
  phase('timeline events', t0);
  t0 = performance.now();
  // A service's tables are vacuumed by autovacuum long before ten years are up; just loaded they
  // are not, and every index-only scan would visit the heap (the allocation sheet's open-referral
  // digest: 550 ms unvacuumed, 12 ms vacuumed at 1.5M on PostgreSQL). Measure the steady state.
  await sql`vacuum (analyze)`.execute(db);
  phase('vacuum and analyze', t0);
}

async function measure(label: string, services: Services, loadMs: number): Promise<void> {
  const db = allTables(services.db);
  const app = await buildApp(services);
  await app.ready();
  const browser = await signedInBrowser(app, 'lead@example.org');
  const some = await db.selectFrom('referrals').select(['id', 'familyName', 'nhsNumber']).where('reference', 'like', 'BENCH-%').orderBy('receivedAt', 'desc').limit(SAMPLES).execute();
  const cases: Array<[string, (i: number) => string]> = [
    ['open-referrals list', () => '/referrals'],
    ['search by name', (i) => `/referrals?q=${encodeURIComponent(some[i % some.length]!.familyName)}`],
    ['search by NHS number', (i) => `/referrals?q=${some[i % some.length]!.nhsNumber}`],
    ['open one referral', (i) => `/referrals/${some[i % some.length]!.id}`],
    ['open its assessment record', (i) => `/referrals/${some[i % some.length]!.id}/assessment`],
  ];
  console.log(`${label}: ${TOTAL.toLocaleString('en-GB')} referrals ready in ${(loadMs / 1000).toFixed(1)} s; ${SAMPLES} samples per case after 3 warm-ups`);
  console.log('case'.padEnd(30), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'status');
  for (const [name, url] of cases) {
    for (let i = 0; i < 3; i += 1) await browser.get(url(i)); // warm-up
    const times: number[] = [];
    let status = 0;
    for (let i = 0; i < SAMPLES; i += 1) {
      const t0 = performance.now();
      const response = await browser.get(url(i));
      times.push(performance.now() - t0);
      status = response.statusCode;
    }
    times.sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    console.log(name.padEnd(30), percentile(times, 50).toFixed(1).padStart(8), p95.toFixed(1).padStart(8), status, p95 < 100 ? 'within budget' : 'OVER BUDGET (100 ms)');
  }
  await app.close();
}

/** Creates amhp_bench_<pid> next to the database in `url`, runs, and drops it (unless BENCH_KEEP_DB=1). */
async function runOnPostgres(url: string): Promise<void> {
  const name = `amhp_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    try {
      await run('PostgreSQL', target.toString());
    } finally {
      if (process.env.BENCH_KEEP_DB === '1') console.log(`  kept database ${name}`);
      else await admin.query(`drop database if exists ${name}`);
    }
  } finally {
    await admin.end();
  }
}

// Run only when started as the script (bench/reports-bench.ts imports the generator).
if (import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  if (process.env.BENCH_SKIP_PGLITE !== '1') await run('PGlite', undefined);
  if (process.env.DATABASE_URL) await runOnPostgres(process.env.DATABASE_URL);
}
