/* global AbortSignal */
// npm run drill:crash: the crash drill for the embedded database (issue 13 §6). Starts the real
// server (`node scripts/start.mjs`) on a fresh data directory, then DRILL_ROUNDS times (default 10):
// sends writes four at a time through the API (each a new lone-working visit), kills the whole
// process with SIGKILL after a random 0.3–1.5 s, opens the data directory directly and counts the
// acknowledged writes (201 answers) that are not there. Acknowledged writes lost must be 0; writes
// in flight at the kill may go either way (the client never heard). Prints the figures per round.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rounds = Number(process.env.DRILL_ROUNDS ?? 10);
const dataDir = mkdtempSync(path.join(tmpdir(), 'amhp-crash-drill-'));
const PASSWORD = 'demo-password-2026';
const EMAIL = 'lead@example.org';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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

async function start() {
  const port = await freePort();
  const env = { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RUN_JOBS: 'false', SEED_DEMO: 'true', DEMO_PASSWORD: PASSWORD, SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk.toString()).slice(-5000)));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const base = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (Date.now() - started > 240_000) throw new Error(`The server did not answer /health within 240 s:\n${stderr}`);
    const gone = await Promise.race([exited.then(() => true), sleep(150).then(() => false)]);
    if (gone) throw new Error(`The server exited before answering /health:\n${stderr}`);
    try {
      const response = await fetch(`${base}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
  }
  return { child, base, exited, startMs: Date.now() - started };
}

async function token(base) {
  const response = await fetch(`${base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
  if (response.status !== 201) throw new Error(`No API token (${response.status})`);
  return (await response.json()).token;
}

/** Four writers until the kill; returns the ids the server acknowledged and how many were in flight. */
async function writeUntilKilled(base, bearer, killAfterMs, kill) {
  const acknowledged = [];
  let inFlight = 0;
  let stop = false;
  let refusedOrLost = 0;
  const writer = async (n) => {
    let i = 0;
    while (!stop) {
      i += 1;
      inFlight += 1;
      try {
        const response = await fetch(`${base}/api/v1/safety/visits`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify({ place: `Crash drill writer ${n} write ${i}`, companions: [], aloneReason: 'Crash drill', phone: '07700 900123', expectedFinishAt: new Date(Date.now() + 3 * 3600_000).toISOString() }),
          signal: AbortSignal.timeout(10_000),
        });
        if (response.status === 201) acknowledged.push((await response.json()).id);
        else refusedOrLost += 1;
      } catch {
        refusedOrLost += 1;
      } finally {
        inFlight -= 1;
      }
    }
  };
  const writers = [1, 2, 3, 4].map(writer);
  await sleep(killAfterMs);
  const inFlightAtKill = inFlight;
  kill();
  stop = true;
  await Promise.all(writers);
  return { acknowledged, inFlightAtKill, unanswered: refusedOrLost };
}

async function main() {
  console.log(`Crash drill: ${rounds} rounds of SIGKILL during writes on the embedded database (${dataDir})`);
  const results = [];
  for (let round = 1; round <= rounds; round += 1) {
    const server = await start();
    const bearer = await token(server.base);
    const killAfterMs = 300 + Math.floor(Math.random() * 1200);
    const { acknowledged, inFlightAtKill } = await writeUntilKilled(server.base, bearer, killAfterMs, () => process.kill(-server.child.pid, 'SIGKILL'));
    await server.exited;
    // The process is gone: open its data directory directly (PGlite is one process only).
    const db = await PGlite.create({ dataDir });
    const found = await db.query('select id from safety_visits where id = any($1::uuid[])', [acknowledged]);
    await db.close();
    const lost = acknowledged.length - found.rows.length;
    results.push({ round, startMs: server.startMs, killAfterMs, acknowledged: acknowledged.length, inFlightAtKill, lost });
    console.log(`round ${String(round).padStart(2)}: started in ${(server.startMs / 1000).toFixed(1)} s, killed after ${killAfterMs} ms, ${acknowledged.length} writes acknowledged, ${inFlightAtKill} in flight at the kill, ${lost} acknowledged writes lost`);
  }
  const lost = results.reduce((sum, r) => sum + r.lost, 0);
  const acknowledged = results.reduce((sum, r) => sum + r.acknowledged, 0);
  console.log(`\n${rounds} kills, ${acknowledged} acknowledged writes, ${lost} lost.`);
  return lost === 0 && results.length === rounds ? 0 : 1;
}

main()
  .then((code) => {
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(code);
  })
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(1);
  });
