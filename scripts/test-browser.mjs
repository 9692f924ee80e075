// npm run test:browser: starts the app on a fresh PGlite data directory, then drives Debian
// Chromium through playwright-core with axe-core on every page.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromiumPath)) {
  console.error(`\nChromium was not found at ${chromiumPath}.\nInstall it with:  apt-get install -y chromium\n(or set CHROMIUM_PATH to a Chromium binary).\n`);
  process.exit(1);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const port = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), 'amhp-browser-'));
const baseUrl = `http://127.0.0.1:${port}`;
const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'test', SEED_DEMO: 'true', RUN_JOBS: 'true', JOB_INTERVAL_SECONDS: '2',
  // Every journey signs in from 127.0.0.1; the per-address sign-in limit is proven in npm test.
  SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000' };
delete env.DATABASE_URL;
// The same single process `npm start` runs (development mode: tsx registered in-process).
const server = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'inherit', 'inherit'] });

async function waitForHealth() {
  for (let i = 0; i < 240; i += 1) {
    try {
      const response = await fetch(`${baseUrl}/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null) throw new Error('The app exited before it was ready');
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('The app did not become healthy in 120 s');
}

let code = 1;
try {
  await waitForHealth();
  const args = ['vitest', 'run', '--config', 'vitest.browser.config.ts', ...process.argv.slice(2)];
  const runner = spawn('npx', args, { env: { ...process.env, BROWSER_BASE_URL: baseUrl, CHROMIUM_PATH: chromiumPath }, stdio: 'inherit' });
  code = await new Promise((resolve) => runner.on('exit', (c) => resolve(c ?? 1)));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r).once('error', r) && setTimeout(r, 10_000));
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
