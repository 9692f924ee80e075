// npm run test:production: the built app as production runs it. Needs `npm run build` first
// (CI runs it after `npm prune --omit=dev`, so the dev tools are not even installed). Starts
// `NODE_ENV=production npm start` on a fresh data directory with a guard that fails on any
// TypeScript file or build tool being loaded, checks /health, a page (templates), the
// stylesheet (assets) and the migrations, then SIGTERMs npm: exit 0 and the lock released.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist', 'server.js'))) {
  console.error('No build in dist/: run `npm run build` first.');
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), 'amhp-production-'));
const base = `http://127.0.0.1:${port}`;
const guard = path.join(root, 'scripts', 'forbid-build-tools.mjs');
const env = { ...process.env, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', RUN_JOBS: 'false',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${guard}`.trim() };
delete env.DATABASE_URL;

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

const started = Date.now();
let output = '';
const npm = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
npm.stdout.on('data', (chunk) => (output += chunk));
npm.stderr.on('data', (chunk) => (output += chunk));
const exited = new Promise((resolve) => npm.on('exit', (code, signal) => resolve({ code, signal })));

let healthy = false;
for (let i = 0; i < 3000 && npm.exitCode === null; i += 1) { // up to 5 minutes on a busy machine
  try {
    const response = await fetch(`${base}/health`);
    if (response.ok) {
      healthy = true;
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
check(healthy, `/health answered ${((Date.now() - started) / 1000).toFixed(1)} s after \`NODE_ENV=production npm start\``);
if (healthy) {
  const nodeLine = /\(Node (v[\d.]+), production\)/.exec(output);
  check(Boolean(nodeLine), `runs on ${nodeLine?.[1] ?? '(no Node version in the banner)'} in production mode`);
  // A new data directory is either migrated at start or copied from the migrated template, which
  // is keyed by the fingerprint of the migration files it was made from (here: those in dist/).
  const migrationFiles = readdirSync(path.join(root, 'dist', 'db', 'migrations')).filter((file) => file.endsWith('.sql')).length;
  const migrated = /applied (\d+) migration|from the migrated template \((\d+) migrations\)/.exec(output);
  check(Number(migrated?.[1] ?? migrated?.[2]) === migrationFiles, `applied the ${migrationFiles} migrations copied into dist/ (${migrated?.[0] ?? 'no migration line in the banner'})`);
  check(!output.includes('Seeded'), 'seeded no demo service');
  const page = await fetch(`${base}/sign-in`);
  const html = await page.text();
  check(page.status === 200 && html.includes('govuk-'), `GET /sign-in renders its templates (${page.status})`);
  check(html.includes('Nobody can sign in yet') && output.includes('npm run create-admin'), 'an empty database: the sign-in page and the log say to run `npm run create-admin`');
  const css = await fetch(`${base}/assets/app.css`);
  check(css.status === 200 && (await css.text()).length > 10_000, `GET /assets/app.css serves the compiled stylesheet (${css.status})`);
}
npm.kill('SIGTERM');
const result = await exited;
check(result.code === 0, `SIGTERM to npm: exit code ${result.code}${result.signal ? ` (signal ${result.signal})` : ''}`);
check(!existsSync(path.join(dataDir, '.amhp-hub.lock')), 'the data-directory lock is released');
// The first administrator, from the build (dist/cli/create-admin.js) under the same guard.
const admin = spawnSync('npm', ['run', '--silent', 'create-admin', '--', '--name', 'Smoke Administrator', '--email', 'smoke-admin@example.org'], { cwd: root, env, encoding: 'utf8' });
check(admin.status === 0 && /One-time code: {2}\S+/.test(admin.stdout), `NODE_ENV=production npm run create-admin makes the first administrator (exit ${admin.status})`);
if (admin.status !== 0) output += `${admin.stdout}${admin.stderr}`;
const again = spawnSync('npm', ['run', '--silent', 'create-admin', '--', '--name', 'Second Administrator', '--email', 'second-admin@example.org'], { cwd: root, env, encoding: 'utf8' });
check(again.status === 3, `a second create-admin is refused (exit ${again.status})`);
rmSync(dataDir, { recursive: true, force: true });
if (failures.length) {
  console.error(`\nThe production start failed:\n${output}`);
  process.exit(1);
}
console.log('The production build starts, serves and stops cleanly.');
