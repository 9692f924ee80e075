// npm run bench — runs every benchmark in bench/ (each *-bench.ts, one after another, each in its
// own process) at a modest default size so it finishes in a few minutes. Set the sizes yourself
// for the full runs, e.g. BENCH_REFERRALS=150000 npm run bench; DATABASE_URL adds PostgreSQL.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const defaults: Record<string, string> = { BENCH_REFERRALS: '20000', BENCH_SAMPLES: '30' };
const env = { ...process.env };
for (const [key, value] of Object.entries(defaults)) env[key] ??= value;

const benches = readdirSync(here).filter((f) => f.endsWith('-bench.ts')).sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file} ===`);
  // The load bench's full run takes ~10 minutes per database: here it runs --quick.
  const extra = file === 'load-bench.ts' ? ['--quick'] : [];
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, file), ...extra], { env, stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed > 0 ? 1 : 0);
