// npx tsx bench/reports-explain.ts — profiles the monthly performance pack's queries on the data
// bench/reports-bench.ts left in BENCH_DATA_DIR (PGlite; it must carry the bench's marker file) or
// on DATABASE_URL (a database the reports bench loaded and kept). Every query the pack runs is
// captured, then run again one at a time under EXPLAIN ANALYZE; the slowest are printed with their
// plans. BENCH_PACK_QUERY adds filters as the page's query string would (e.g. "service=edt").
// Reads only.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { prepare } from '../src/bootstrap.js';
import { testConfig } from '../src/config.js';
import { systemClock } from '../src/platform/clock.js';
import { londonDate } from '../src/platform/london-time.js';
import { packFacts } from '../src/modules/reports/pack-repository.js';
import { checkPeriod, lastWholeMonth, periodSet, type PeriodKind, type ServiceFilter } from '../src/modules/reports/report-period.js';
import { unwrap } from '../src/platform/result.js';

const dir = process.env.BENCH_DATA_DIR;
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl && (!dir || !existsSync(join(dir, '.amhp-reports-bench')))) throw new Error('Give BENCH_DATA_DIR (a directory bench/reports-bench.ts made) or DATABASE_URL');
const { services, releaseLock } = await prepare(testConfig({ dataDir: dir ?? '/tmp', seedDemo: false, ...(databaseUrl ? { databaseUrl } : {}) }), systemClock);
const query = new URLSearchParams(process.env.BENCH_PACK_QUERY ?? '');
const today = londonDate(new Date());
const periods = periodSet(unwrap(checkPeriod((query.get('period') as PeriodKind | null) ?? 'month', query.get('month') ?? lastWholeMonth(today), today)));
const captured: CompiledQuery[] = [];
const executor = services.db.getExecutor();
const capture: KyselyPlugin = {
  transformQuery: (args) => {
    captured.push(executor.compileQuery(args.node, args.queryId));
    return args.node;
  },
  transformResult: async (args) => args.result,
};
const db = services.db.withPlugin(capture) as never;
const filter = { service: (query.get('service') as ServiceFilter | null) ?? 'both', lssaId: query.get('lssa'), teamId: query.get('team') };
let t0 = performance.now();
await packFacts(db, periods, filter);
console.log(`pack facts (${captured.length} queries, as the page runs them): ${(performance.now() - t0).toFixed(0)} ms`);
t0 = performance.now();
await packFacts(services.db as never, periods, filter);
console.log(`pack facts again, warm: ${(performance.now() - t0).toFixed(0)} ms`);
t0 = performance.now();
for (const q of captured) await services.db.executeQuery(q);
console.log(`the same queries one after another: ${(performance.now() - t0).toFixed(0)} ms`);
const timed: Array<{ ms: number; sql: string; plan: string }> = [];
for (const q of captured) {
  const res = await services.db.executeQuery<Record<string, string>>(CompiledQuery.raw(`explain (analyze, costs off) ${q.sql}`, [...q.parameters]));
  const plan = res.rows.map((r) => Object.values(r)[0]).join('\n');
  const ms = Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? 0);
  timed.push({ ms, sql: q.sql, plan });
}
timed.sort((a, b) => b.ms - a.ms);
console.log(`sum of execution times: ${timed.reduce((a, t) => a + t.ms, 0).toFixed(0)} ms`);
for (const t of timed.slice(0, Number(process.env.BENCH_TOP ?? 8))) {
  console.log(`\n── ${t.ms.toFixed(1)} ms ──\n${t.sql.replace(/\s+/g, ' ').slice(0, 400)}\n${t.plan}`);
}
for (const t of timed.slice(Number(process.env.BENCH_TOP ?? 8))) console.log(`${t.ms.toFixed(1).padStart(8)} ms  ${t.sql.replace(/\s+/g, ' ').slice(0, 140)}`);
await services.database.close();
releaseLock();
