/* global AbortSignal */
// npm run drill:crash: the crash drill for the embedded database (issue 13 §6). Starts the real
// server (`node scripts/start.mjs`) on a fresh data directory, then DRILL_ROUNDS times (default 10):
// sends writes four at a time through the API (each a new referral, for a made-up person), waits until at
// least 3 writes of the round were acknowledged (201), kills the whole process with SIGKILL at a
// random moment 0–400 ms later while the writers keep writing, opens the data directory directly
// and counts the acknowledged writes that are not there. Prints per round: acknowledged, found,
// lost, in flight at the kill; the totals at the end. Exit 1 if any acknowledged write is lost or
// any round had no acknowledged writes before its kill (a round that proves nothing). Writes in
// flight at the kill may go either way (the client never heard).
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

/** A new referral (the service's main record), a made-up person of its own for every write. */
const drillRun = Date.now().toString(36);
function referral(writer, write) {
  return {
    receivedAt: '2026-01-05T11:30',
    receivedVia: 'phone',
    sourceType: 'police',
    referrerName: 'PC Crash Drill',
    referrerContact: '01632 960321',
    givenName: 'Drill',
    familyName: `Person ${drillRun} ${writer} ${write}`,
    currentLocation: 'Place of safety',
    legalStatus: 's136',
    legalStatusSince: '2026-01-05T11:00',
    reason: 'Crash drill write',
    urgency: 'emergency',
    confirmNotDuplicate: true,
  };
}

const ACKS_BEFORE_KILL = Number(process.env.DRILL_ACKS_BEFORE_KILL ?? 3);
const WAIT_FOR_ACKS_MS = 120_000;

/**
 * Four writers; the kill comes at a random moment (0–400 ms) after the round's third acknowledged
 * write, with the writers still writing, so every round has acknowledged writes at risk and more
 * in flight. Returns the acknowledged ids and how many requests were in flight at the kill.
 */
async function writeUntilKilled(base, bearer, kill) {
  const acknowledged = [];
  let inFlight = 0;
  let stop = false;
  let unanswered = 0;
  const refusals = new Map();
  let enoughAcks;
  const enough = new Promise((resolve) => (enoughAcks = resolve));
  const writer = async (n) => {
    let i = 0;
    while (!stop) {
      i += 1;
      inFlight += 1;
      try {
        const response = await fetch(`${base}/api/v1/referrals`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify(referral(n, i)),
          signal: AbortSignal.timeout(30_000),
        });
        if (response.status === 201) {
          acknowledged.push((await response.json()).id);
          if (acknowledged.length >= ACKS_BEFORE_KILL) enoughAcks(true);
        } else {
          unanswered += 1;
          refusals.set(response.status, (refusals.get(response.status) ?? 0) + 1);
        }
      } catch {
        unanswered += 1;
      } finally {
        inFlight -= 1;
      }
    }
  };
  const writers = [1, 2, 3, 4].map(writer);
  const reached = await Promise.race([enough, sleep(WAIT_FOR_ACKS_MS).then(() => false)]);
  const killDelayMs = Math.floor(Math.random() * 400);
  await sleep(killDelayMs);
  const inFlightAtKill = inFlight;
  const acknowledgedAtKill = acknowledged.length;
  kill();
  stop = true;
  await Promise.all(writers);
  return { acknowledged, acknowledgedAtKill, inFlightAtKill, unanswered, refusals, reached, killDelayMs };
}

async function main() {
  console.log(`Crash drill: ${rounds} rounds of SIGKILL during writes on the embedded database (${dataDir}); each kill comes 0–400 ms after the round's first ${ACKS_BEFORE_KILL} acknowledged writes, writes continuing`);
  const results = [];
  const everyAcknowledged = [];
  for (let round = 1; round <= rounds; round += 1) {
    const server = await start();
    const bearer = await token(server.base);
    const { acknowledged, inFlightAtKill, reached, killDelayMs, refusals } = await writeUntilKilled(server.base, bearer, () => process.kill(-server.child.pid, 'SIGKILL'));
    await server.exited;
    // The process is gone: open its data directory directly (PGlite is one process only).
    const db = await PGlite.create({ dataDir });
    const found = (await db.query('select id from referrals where id = any($1::uuid[])', [acknowledged])).rows.length;
    await db.close();
    const lost = acknowledged.length - found;
    everyAcknowledged.push(...acknowledged);
    results.push({ round, acknowledged: acknowledged.length, found, lost, inFlightAtKill, reached });
    console.log(
      `round ${String(round).padStart(2)}: started in ${(server.startMs / 1000).toFixed(1)} s, killed ${killDelayMs} ms after ack no. ${ACKS_BEFORE_KILL}${reached ? '' : ` (NOT REACHED in ${WAIT_FOR_ACKS_MS / 1000} s)`}: acknowledged ${acknowledged.length}, found ${found}, lost ${lost}, in flight ${inFlightAtKill}${refusals.size ? ` (refused: ${[...refusals].map(([status, count]) => `${count} × ${status}`).join(', ')})` : ''}`,
    );
  }
  // After every restart and kill, every write ever acknowledged is still there.
  const db = await PGlite.create({ dataDir });
  const stillThere = (await db.query('select id from referrals where id = any($1::uuid[])', [everyAcknowledged])).rows.length;
  await db.close();
  const sum = (key) => results.reduce((total, r) => total + r[key], 0);
  const lost = sum('lost');
  const idle = results.filter((r) => r.acknowledged === 0 || !r.reached).map((r) => r.round);
  console.log(`
Total: ${rounds} kills, acknowledged ${sum('acknowledged')}, found ${sum('found')}, lost ${lost}, in flight at the kills ${sum('inFlightAtKill')}; at the end ${stillThere} of ${everyAcknowledged.length} acknowledged writes still there.`);
  if (idle.length > 0) console.log(`Rounds without ${ACKS_BEFORE_KILL} acknowledged writes before the kill (they prove nothing): ${idle.join(', ')}`);
  return lost === 0 && stillThere === everyAcknowledged.length && idle.length === 0 && results.length === rounds ? 0 : 1;
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
