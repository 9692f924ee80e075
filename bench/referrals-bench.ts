// npm run bench:referrals — ten years of a large county's referrals (BENCH_REFERRALS, default
// 150,000) with assessment records, doctors and timelines, then p50/p95 latency through the real
// HTTP stack (app.inject: routing, sessions, CSRF, templates, audit writes) of the open-referrals
// list, search by name, search by NHS number, opening one referral and its assessment record.
// Runs on PGlite in a temporary directory, and on PostgreSQL when DATABASE_URL is set (the
// database should be empty: the bench migrates it and seeds the demo).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { buildApp } from '../src/app.js';
import { prepare } from '../src/bootstrap.js';
import { testConfig } from '../src/config.js';
import { systemClock } from '../src/platform/clock.js';
import { nhsCheckDigit } from '../src/modules/referrals/nhs-number.js';
import { signedInBrowser } from '../test/support/http-client.js';

const TOTAL = Number(process.env.BENCH_REFERRALS ?? 150_000);
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

async function run(label: string, databaseUrl: string | undefined): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'amhp-bench-'));
  const config = testConfig({ dataDir, seedDemo: true, ...(databaseUrl ? { databaseUrl } : {}) });
  const started = Date.now();
  const { services, releaseLock } = await prepare(config, systemClock);
  const db = services.db;
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
  await sql`
    insert into assessments (referral_id, interview_at, last_saw_at, most_appropriate_reason, outcome, application_section, application_at, hospital_name, hospital_addressed_to_managers, outcome_recorded_at)
    select id, received_at + interval '3 hours', received_at + interval '3 hours', 'Bench', case when status = 'closed' then 's2' end, case when status = 'closed' then 's2' end,
      case when status = 'closed' then received_at + interval '5 hours' end, 'Bench Hospital', true, case when status = 'closed' then received_at + interval '5 hours' end
    from referrals where reference like 'BENCH-%' and status in ('closed', 'in_assessment')
  `.execute(db);
  await sql`
    insert into assessment_doctors (assessment_id, name, s12_approved, examined_at, signed_at)
    select a.id, d.name, d.s12, a.interview_at, a.interview_at + interval '30 minutes'
    from assessments a cross join (values ('Dr Bench One', true), ('Dr Bench Two', false)) as d(name, s12)
  `.execute(db);
  await sql`
    insert into referral_events (referral_id, occurred_at, actor_id, kind, summary)
    select r.id, r.received_at + (e.k || ' hours')::interval, ${creator}::uuid, e.kind, e.summary
    from referrals r cross join (values (0, 'received', 'Referral received'), (1, 'decide', 'Decision: proceed'), (2, 'allocate', 'AMHP allocated'), (6, 'record_outcome', 'Outcome recorded')) as e(k, kind, summary)
    where r.reference like 'BENCH-%'
  `.execute(db);
  await sql`analyze`.execute(db);
  const loaded = Date.now();

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
  console.log(`\n${label}: ${TOTAL.toLocaleString('en-GB')} referrals generated and loaded in ${((loaded - started) / 1000).toFixed(1)} s`);
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
  await services.database.close();
  releaseLock();
  rmSync(dataDir, { recursive: true, force: true });
}

await run('PGlite', undefined);
if (process.env.DATABASE_URL) await run('PostgreSQL', process.env.DATABASE_URL);
