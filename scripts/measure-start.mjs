// Measures `npm start` (issue 17, point 6): how long until /health answers 200 and the resident
// memory once settled, first on an empty data directory, then again on the directory it made.
//   node scripts/measure-start.mjs [--settle-seconds 10] [--production]
// Prints one line per start (with the CPU time the server process had used when /health first
// answered: user + system, all threads; comparable across a loaded machine where wall times are
// not) and the load average. It runs its own server on a free port with a
// fresh temporary data directory; nothing else is touched.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { performance } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const settleSeconds = Number(args[args.indexOf('--settle-seconds') + 1] || 10) || 10;
const production = args.includes('--production');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function residentMiB(pid) {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, clock ticks of 1/100 s). */
async function cpuSeconds(pid) {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startOnce(dataDir, label) {
  const port = await freePort();
  const began = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...(production ? { NODE_ENV: 'production' } : {}) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  child.on('exit', () => { exited = true; });
  let healthyMs;
  for (;;) {
    if (exited) throw new Error(`${label}: the server exited before /health answered`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      if (response.status === 200) { healthyMs = performance.now() - began; break; }
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const atHealth = await residentMiB(child.pid);
  const cpu = await cpuSeconds(child.pid);
  await new Promise((resolve) => setTimeout(resolve, settleSeconds * 1000));
  const settled = await residentMiB(child.pid);
  child.kill('SIGTERM');
  await new Promise((resolve) => (exited ? resolve() : child.on('exit', resolve)));
  console.log(`${label.padEnd(26)} /health 200 after ${(healthyMs / 1000).toFixed(1)} s (${cpu.toFixed(1)} CPU-s); resident ${atHealth} MiB at /health, ${settled} MiB after ${settleSeconds} s`);
  return { healthyMs, cpu, atHealth, settled };
}

const dataDir = await mkdtemp(path.join(tmpdir(), 'amhp-start-'));
try {
  console.log(`npm start (${production ? 'production build' : 'development: src/ bundled into .cache/dev, or tsx'}), embedded PGlite; load average ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  // The first start on an empty directory runs initdb and the migrations unless the migrated
  // template is cached (.cache/, src/db/pglite-template.ts; made by such a start or a test run).
  const cached = existsSync(path.join(root, '.cache')) && readdirSync(path.join(root, '.cache')).some((f) => f.endsWith('.tar.gz'));
  await startOnce(path.join(dataDir, 'data'), cached ? 'empty (template cached)' : 'empty (no template yet)');
  await startOnce(path.join(dataDir, 'data'), 'existing');
  await startOnce(path.join(dataDir, 'data2'), 'empty (template cached)');
  console.log(`load average after: ${loadavg().map((n) => n.toFixed(2)).join(' ')}`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
