/* global AbortSignal, URLSearchParams */
// npm run test:instances: the fault drill for several instances on one PostgreSQL (issue 18,
// docs/operations.md "Several instances"). Creates a fresh database, starts real server
// processes (`node scripts/start.mjs`, as `npm start` does) and injects faults, printing figures:
//   1. three simultaneous first starts on the empty database (one seeds, none crashes);
//   2. cross-instance board delivery over SSE (a change on one instance reaches boards on all);
//   3. exactly-once ladder steps while one instance is killed with SIGKILL;
//   4. live events recover after pg_terminate_backend of every app connection (/health degraded
//      meanwhile, boards hear the next event within seconds);
//   5. the database gone for a while: /health 503, pages 503, recovery by itself;
//   6. a rolling restart (SIGTERM, boards open) under a steady request loop: 0 accepted requests
//      lost, each instance exits 0 well within 10 s;
//   7. the sign-in allowance is shared: wrong passwords spread over 3 instances are limited in all;
//   8. an unreachable DATABASE_URL at start: a clear message and a non-zero exit, no hang.
// DATABASE_URL: a server where this user may CREATE DATABASE (default postgres://postgres@127.0.0.1:5432/postgres).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const adminUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = `amhp_drill_${randomBytes(5).toString('hex')}`;
const drillUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
})();
const PASSWORD = 'demo-password-2026';
const drillStarted = Date.now();

const failures = [];
const check = (ok, what) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};
const section = (title) => console.log(`\n== ${title}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function adminQuery(sql, params = [], url = adminUrl) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}
const drillQuery = (sql, params) => adminQuery(sql, params, drillUrl);

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

// ---- Instances ------------------------------------------------------------------------------

const instances = [];

async function startInstance(name, port, extraEnv = {}) {
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    DATABASE_URL: `${drillUrl}?application_name=amhp-drill-${name}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    RUN_JOBS: 'true',
    JOB_INTERVAL_SECONDS: '1',
    SHUTDOWN_DRAIN_MS: '1000',
    SEED_DEMO: 'true',
    DEMO_PASSWORD: PASSWORD,
    ...extraEnv,
  };
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const instance = { name, port, base: `http://127.0.0.1:${port}`, child, banner: '', stderr: '', events: [], exitedAt: 0 };
  let buffered = '';
  child.stdout.on('data', (chunk) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (line.startsWith('{')) {
        if (line.includes('"event"')) {
          try {
            instance.events.push({ at: Date.now(), ...JSON.parse(line) });
          } catch {
            // not JSON after all
          }
        }
      } else instance.banner += `${line}\n`;
    }
  });
  child.stderr.on('data', (chunk) => (instance.stderr = (instance.stderr + chunk.toString()).slice(-20_000)));
  instance.exited = new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      instance.exitedAt = Date.now();
      resolve({ code, signal });
    }),
  );
  instances.push(instance);
  return instance;
}

async function waitHealthy(instance, ms = 180_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (instance.exitedAt) return false;
    try {
      const response = await fetch(`${instance.base}/health`);
      if (response.ok && instance.banner.includes('is running on')) return true;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return false;
}

async function health(instance) {
  try {
    const response = await fetch(`${instance.base}/health`, { signal: AbortSignal.timeout(3000) });
    return { code: response.status, ...(await response.json()) };
  } catch (error) {
    return { code: 0, status: `no answer (${error.cause?.code ?? error.name})` };
  }
}

function killAll() {
  for (const instance of instances) {
    if (instance.exitedAt) continue;
    try {
      process.kill(-instance.child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

// ---- Signing in and boards ------------------------------------------------------------------

function cookiesOf(response) {
  return response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]).join('; ');
}

/** A browser session (cookie) on one instance: sessions live in the database, so it works on all. */
async function signIn(instance, email) {
  const page = await fetch(`${instance.base}/sign-in`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  const response = await fetch(`${instance.base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(page) },
    body: new URLSearchParams({ email, password: PASSWORD, _csrf: csrf ?? '' }).toString(),
  });
  const session = response.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('amhp_session='));
  if (!session) throw new Error(`Could not sign in as ${email} (${response.status})`);
  return session;
}

async function apiToken(instance, email) {
  const response = await fetch(`${instance.base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  if (response.status !== 201) throw new Error(`No API token for ${email} (${response.status})`);
  return (await response.json()).token;
}

/** An open whereabouts board: its SSE stream, with every `changed` and `reconnect` event timed. */
function openBoard(instance, cookie) {
  const board = { instance: instance.name, changed: [], reconnects: 0, open: false, ended: false, request: undefined };
  board.opened = new Promise((resolve) => {
    board.request = http.get(`${instance.base}/safety/board/events`, { headers: { cookie, accept: 'text/event-stream' } }, (response) => {
      board.open = response.statusCode === 200;
      resolve(board.open);
      let buffer = '';
      response.on('data', (chunk) => {
        buffer += chunk.toString();
        const messages = buffer.split('\n\n');
        buffer = messages.pop() ?? '';
        for (const message of messages) {
          if (message.includes('event: changed')) board.changed.push(Date.now());
          if (message.includes('event: reconnect')) board.reconnects += 1;
        }
      });
      response.on('end', () => (board.ended = true));
      response.on('error', () => (board.ended = true));
    });
    board.request.on('error', () => {
      board.ended = true;
      resolve(false);
    });
  });
  board.close = () => board.request.destroy();
  return board;
}

async function waitFor(predicate, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await predicate()) return true;
    await sleep(20);
  }
  return false;
}

async function api(instance, token, method, url, body) {
  const response = await fetch(`${instance.base}${url}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Starts a visit (a change every whereabouts board hears) and returns its id. */
async function startVisit(instance, token) {
  const visit = await api(instance, token, 'POST', '/api/v1/safety/visits', {
    place: 'Fault drill: community base',
    companions: [],
    aloneReason: 'Fault drill',
    phone: '07700 900123',
    expectedFinishAt: new Date(Date.now() + 3 * 3600_000).toISOString(),
  });
  return visit.id;
}
const finishVisit = (instance, token, id) => api(instance, token, 'POST', `/api/v1/safety/visits/${id}/check-ins`, { action: 'safe' });

/** Sends one change from `origin` and measures when each board hears it. */
async function deliveryRound(origin, change, boards) {
  const before = boards.map((board) => board.changed.length);
  const sent = Date.now();
  await change();
  const heard = await waitFor(() => boards.every((board, i) => board.changed.length > before[i]), 10_000);
  return { heard, latencies: boards.map((board, i) => (board.changed.length > before[i] ? board.changed[before[i]] - sent : Infinity)) };
}

// ---- The drill --------------------------------------------------------------------------------

async function main() {
  await adminQuery(`create database ${dbName}`);
  console.log(`Fault drill on a fresh database ${dbName} (${adminUrl.replace(/\/\/[^@]*@/, '//***@').replace(/\/[^/]*$/, '')})`);

  section('1. Three simultaneous first starts on the empty database');
  const ports = [await freePort(), await freePort(), await freePort()];
  let t0 = Date.now();
  const [a, b, c] = await Promise.all(['A', 'B', 'C'].map((name, i) => startInstance(name, ports[i])));
  const healthy = await Promise.all([a, b, c].map((instance) => waitHealthy(instance)));
  check(healthy.every(Boolean), `3 of 3 instances started together and answer /health (${healthy.filter(Boolean).length} healthy after ${seconds(Date.now() - t0)})`);
  const seededBy = [a, b, c].filter((instance) => instance.banner.includes('Seeded the fictional demo service')).map((instance) => instance.name);
  const present = [a, b, c].filter((instance) => instance.banner.includes('Demo service already present')).length;
  check(seededBy.length === 1 && present === 2, `exactly one seeded (${seededBy.join(', ') || 'none'}), ${present} found the demo present; crashes: ${[a, b, c].filter((i) => i.exitedAt).length}`);
  const [{ organisations }] = await drillQuery('select count(*)::int as organisations from organisations');
  const [{ migrations }] = await drillQuery('select count(*)::int as migrations from schema_migrations');
  check(organisations === 4, `the demo seeded once: ${organisations} organisations (4 expected), ${migrations} migrations applied once`);
  if (!healthy.every(Boolean)) throw new Error(`start failed:\n${[a, b, c].map((i) => `${i.name}: ${i.banner}\n${i.stderr}`).join('\n')}`);

  section('2. Cross-instance board delivery over SSE');
  const cookie = await signIn(a, 'lead@example.org');
  const token = await apiToken(b, 'lead@example.org'); // an AMHP with no visit open in the demo
  let boards = [a, b, c].map((instance) => openBoard(instance, cookie));
  check((await Promise.all(boards.map((board) => board.opened))).every(Boolean), 'a board open on each of A, B and C with one session signed in on A');
  const latencies = [];
  let delivered = 0;
  const ROUNDS = 6;
  let open;
  for (let round = 0; round < ROUNDS; round += 1) {
    const origin = [a, b, c][round % 3];
    const result = open
      ? await deliveryRound(origin, () => finishVisit(origin, token, open), boards)
      : await deliveryRound(origin, async () => (open = await startVisit(origin, token)), boards);
    if (round % 2 === 1) open = undefined;
    if (result.heard) delivered += 1;
    latencies.push(...result.latencies);
  }
  // Close the last open visit (help requested) so the ladder phase starts from a known state.
  await drillQuery("update safety_visits set status = 'finished_safe', finished_at = now(), reported_finish = 'safe' where place like 'Fault drill%'");
  const finite = latencies.filter(Number.isFinite).sort((x, y) => x - y);
  check(delivered === ROUNDS, `${delivered} of ${ROUNDS} changes (made on A, B, C in turn) reached all 3 boards: ${finite.length} of ${latencies.length} deliveries, median ${finite[Math.floor(finite.length / 2)]} ms, max ${finite.at(-1)} ms`);

  section('3. Exactly-once ladder steps with one instance killed by SIGKILL');
  const overdue = await drillQuery(
    `insert into safety_visits (amhp_id, team_id, place, phone, alone_reason, started_at, expected_finish_at, status)
     select p.id, p.team_id, 'Fault drill: overdue visit', '07700 900456', 'Fault drill', now() - interval '5 hours', now() - interval '3 hours', 'out'
       from people p
      where p.team_id is not null
        and exists (select 1 from person_roles r where r.person_id = p.id and r.role = 'amhp')
        and not exists (select 1 from safety_visits v where v.amhp_id = p.id and v.status in ('out', 'help_requested', 'duress'))
     returning id`,
  );
  // Kill the instance that is writing the steps, while its transaction is open (each instance
  // connects with application_name amhp-drill-<name>); if none is caught within 20 s, kill A.
  const watcher = new pg.Client({ connectionString: adminUrl });
  await watcher.connect();
  let holder;
  const watchUntil = Date.now() + 20_000;
  while (!holder && Date.now() < watchUntil) {
    const rows = (
      await watcher.query(
        `select application_name from pg_stat_activity
          where datname = $1 and application_name like 'amhp-drill-%' and xact_start is not null
            and state in ('active', 'idle in transaction') and query ilike '%safety_escalation_records%'`,
        [dbName],
      )
    ).rows;
    holder = rows[0]?.application_name?.replace('amhp-drill-', '');
  }
  await watcher.end();
  const killed = [a, b, c].find((instance) => instance.name === holder) ?? a;
  process.kill(-killed.child.pid, 'SIGKILL');
  const killedAt = Date.now();
  await killed.exited;
  const how = holder ? `${killed.name} killed (SIGKILL) with its escalation transaction open` : `no escalation transaction caught in 20 s; ${killed.name} killed (SIGKILL)`;
  const ids = overdue.map((row) => row.id);
  const countRecords = async () => (await drillQuery('select count(*)::int as n from safety_escalation_records where visit_id = any($1)', [ids]))[0].n;
  let last = -1;
  let stableSince = Date.now();
  await waitFor(async () => {
    const n = await countRecords();
    if (n !== last) {
      last = n;
      stableSince = Date.now();
    }
    // Each visit's first step commits in one transaction; then 5 s more to see nothing is added twice.
    return n >= ids.length && Date.now() - stableSince > 5_000;
  }, 90_000);
  const [records] = await drillQuery(
    `select count(*)::int as total,
            count(distinct (visit_id, trigger, kind, coalesce(step_index, -1), episode_key))::int as distinct_steps,
            count(*) filter (where kind = 'alert')::int as alerts
       from safety_escalation_records where visit_id = any($1)`,
    [ids],
  );
  const [mail] = await drillQuery(
    `select count(*)::int as total, count(distinct (subject, recipient_address))::int as distinct_messages
       from notification_outbox where body like '%Fault drill: overdue visit%'`,
  );
  check(
    records.total > 0 && records.total === records.distinct_steps && mail.total === mail.distinct_messages && mail.total > 0,
    `${ids.length} overdue visits, ${how}: ${records.total} escalation records (${records.alerts} ladder steps), ${records.total - records.distinct_steps} duplicates; ${mail.total} notifications, ${mail.total - mail.distinct_messages} duplicates (settled ${seconds(stableSince - killedAt)} after the kill)`,
  );
  // Close the drill's overdue visits (the AMHP Lead starts visits in the next steps).
  await drillQuery("update safety_visits set status = 'finished_safe', finished_at = now(), reported_finish = 'safe' where id = any($1)", [ids]);
  const restarted = await startInstance(killed.name, killed.port);
  check(await waitHealthy(restarted), `${killed.name} restarted after the kill`);
  instances.splice(instances.indexOf(killed), 1);
  const live = [a, b, c].map((instance) => (instance === killed ? restarted : instance));
  const [, lb, lc] = live;

  section('4. Live events recover after pg_terminate_backend of every app connection');
  for (const board of boards) board.close();
  boards = live.map((instance) => openBoard(instance, cookie));
  await Promise.all(boards.map((board) => board.opened));
  const seen = new Map(live.map((instance) => [instance.name, new Set()]));
  let polling = true;
  const pollers = live.map(async (instance) => {
    while (polling) {
      seen.get(instance.name).add((await health(instance)).status);
      await sleep(15);
    }
  });
  const refetchBefore = boards.map((board) => board.changed.length);
  const terminatedAt = Date.now();
  const [{ terminated }] = await adminQuery('select count(pg_terminate_backend(pid))::int as terminated from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
  const recovered = await waitFor(() => live.every((instance) => instance.events.some((e) => e.event === 'live_events_recovered' && e.at >= terminatedAt)), 30_000);
  // The instance logs its recovery (stdout) just before it writes the refetch to its boards (a
  // socket each): the two reach the drill in either order, so wait for the boards themselves.
  const boardsRefetched = () => boards.filter((board, i) => board.changed.length > refetchBefore[i]).length;
  await waitFor(() => boardsRefetched() === 3, 5_000);
  const refetched = boardsRefetched();
  const after = await deliveryRound(lb, async () => (open = await startVisit(lb, token)), boards);
  polling = false;
  await Promise.all(pollers);
  const degradedSeen = live.filter((instance) => seen.get(instance.name).has('degraded')).length;
  const lostLogged = live.filter((instance) => instance.events.some((e) => e.event === 'live_events_lost' && e.at >= terminatedAt)).length;
  const downMs = live.map((instance) => instance.events.find((e) => e.event === 'live_events_recovered' && e.at >= terminatedAt)?.downMs ?? NaN);
  check(terminated > 0 && recovered && lostLogged === 3, `${terminated} app connections terminated; 3 of 3 instances logged the loss, ${live.filter((i) => i.events.some((e) => e.event === 'live_events_recovered' && e.at >= terminatedAt)).length} of 3 reconnected by themselves (listener down ${downMs.join(', ')} ms)`);
  check(degradedSeen === 3, `/health reported "degraded" on ${degradedSeen} of 3 instances while their listener was down (states seen: ${live.map((i) => `${i.name} ${[...seen.get(i.name)].join('/')}`).join('; ')})`);
  check(refetched === 3, `${refetched} of 3 boards were told to refetch after the reconnection`);
  check(after.heard, `the next change (made on B ${seconds(Date.now() - terminatedAt)} after the termination) reached 3 of 3 boards in ${after.latencies.join(', ')} ms`);
  await finishVisit(lb, token, open);

  section('5. The database gone while running: /health 503, pages 503, recovery by itself');
  await adminQuery(`alter database ${dbName} with allow_connections false`);
  await adminQuery('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName]);
  const goneAt = Date.now();
  const downHealth = await health(lb);
  const page = await fetch(`${lb.base}/safety/board`, { headers: { cookie }, signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
  const pageText = page ? await page.text() : '';
  check(downHealth.code === 503 && downHealth.status === 'unavailable', `/health while the database refuses connections: ${downHealth.code} "${downHealth.status}"`);
  check(page?.status === 503 && pageText.includes('cannot reach its database'), `a page while the database is gone: ${page?.status ?? 'no answer'} "Sorry, the service is unavailable" (answered in ${seconds(Date.now() - goneAt)})`);
  await sleep(2000);
  await adminQuery(`alter database ${dbName} with allow_connections true`);
  const backAt = Date.now();
  const allOk = await waitFor(async () => (await Promise.all(live.map(health))).every((h) => h.status === 'ok'), 60_000);
  check(allOk, `every instance back to /health "ok" ${seconds(Date.now() - backAt)} after the database returned, without a restart`);
  const afterOutage = await deliveryRound(lc, async () => (open = await startVisit(lc, token)), boards);
  check(afterOutage.heard, `after the outage a change on C reached 3 of 3 boards in ${afterOutage.latencies.join(', ')} ms`);
  await finishVisit(lc, token, open);

  section('6. A rolling restart under a steady request loop, boards open');
  const rotation = new Map(live.map((instance) => [instance.name, instance]));
  const agents = new Map();
  const agentFor = (instance) => {
    const key = `${instance.name}:${instance.child.pid}`;
    if (!agents.has(key)) agents.set(key, new http.Agent({ keepAlive: true, maxSockets: 4 }));
    return agents.get(key);
  };
  const tally = { answered: 0, statuses: {}, refusedRetried: 0, lost: 0, lostDetails: [] };
  const once = (instance) =>
    new Promise((resolve) => {
      let sent = false;
      const request = http.get(`${instance.base}/sign-in`, { agent: agentFor(instance) }, (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode }));
        response.on('error', () => resolve({ error: 'aborted', sent }));
      });
      request.on('finish', () => (sent = true));
      request.on('error', (error) => resolve({ error: error.code ?? error.message, sent, reused: request.reusedSocket }));
    });
  let looping = true;
  let next = 0;
  const loops = Array.from({ length: 4 }, async () => {
    while (looping) {
      const members = [...rotation.values()];
      const instance = members[next++ % members.length];
      if (!instance) {
        await sleep(10);
        continue;
      }
      const result = await once(instance);
      if (result.status) {
        tally.answered += 1;
        tally.statuses[result.status] = (tally.statuses[result.status] ?? 0) + 1;
      } else if (result.error === 'ECONNREFUSED') {
        tally.refusedRetried += 1; // never accepted: the load balancer tries another instance
        rotation.delete(instance.name);
      } else {
        tally.lost += 1;
        tally.lostDetails.push(`${instance.name}: ${result.error}${result.reused ? ' (reused socket)' : ''}`);
      }
      await sleep(5);
    }
  });
  // The load balancer's health check: out of rotation when /health is not 200.
  const checker = (async () => {
    while (looping) {
      for (const instance of live) {
        const h = await health(instance);
        if (h.code !== 200) rotation.delete(instance.name);
        else if (!instance.exitedAt) rotation.set(instance.name, instance);
      }
      await sleep(200);
    }
  })();
  await sleep(1500);
  const stops = [];
  for (let i = 0; i < live.length; i += 1) {
    const instance = live[i];
    if (instance.exitedAt) throw new Error(`${instance.name} had exited before its restart: ${instance.stderr.slice(-2000)}`);
    const board = openBoard(instance, cookie);
    await board.opened;
    const pid = instance.child.pid;
    const sigtermAt = Date.now();
    process.kill(pid, 'SIGTERM');
    const exit = await Promise.race([instance.exited, sleep(12_000).then(() => ({ code: 'still running after 12 s' }))]);
    const tookMs = Date.now() - sigtermAt;
    await waitFor(() => board.ended, 2000);
    stops.push({ name: instance.name, exit, tookMs, reconnectEvent: board.reconnects > 0, streamClosed: board.ended });
    const restarted = await startInstance(instance.name, instance.port);
    instances.splice(instances.indexOf(instance), 1);
    live[i] = restarted;
    if (!(await waitHealthy(restarted))) throw new Error(`${instance.name} did not restart: ${restarted.stderr}`);
    await sleep(500);
  }
  await sleep(1500);
  looping = false;
  await Promise.all([...loops, checker]);
  for (const agent of agents.values()) agent.destroy();
  for (const stop of stops) {
    check(stop.exit.code === 0 && stop.tookMs < 10_000 && stop.reconnectEvent && stop.streamClosed, `${stop.name}: SIGTERM with a board open → board told to reconnect (${stop.reconnectEvent}) and closed, exit code ${stop.exit.code} after ${seconds(stop.tookMs)}`);
  }
  check(
    tally.lost === 0 && Object.keys(tally.statuses).every((status) => status === '200'),
    `${tally.answered} requests answered during the rolling restart of 3 instances (${Object.entries(tally.statuses).map(([s, n]) => `${n}× ${s}`).join(', ')}), ${tally.lost} accepted requests lost${tally.lostDetails.length ? ` [${tally.lostDetails.slice(0, 5).join('; ')}]` : ''}, ${tally.refusedRetried} refused before accepting (retried elsewhere)`,
  );

  section('7. The sign-in allowance is shared by every instance');
  // SIGN_IN_RATE_LIMIT_PER_MINUTE (20) per client address, counted in the database: wrong
  // passwords sent round-robin to A, B and C are refused with 429 after 20 in all, not 20 each.
  const ATTEMPTS = 45;
  const attempts = await Promise.all(
    Array.from({ length: ATTEMPTS }, (_, i) =>
      fetch(`${live[i % 3].base}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'nobody@example.org', password: 'not-the-password' }) }).then((r) => r.status),
    ),
  );
  const limited = attempts.filter((status) => status === 429).length;
  const checked = attempts.filter((status) => status === 401).length;
  check(checked + limited === ATTEMPTS && checked <= 20 && limited >= ATTEMPTS - 20, `${ATTEMPTS} wrong sign-ins spread over 3 instances: ${checked} checked (401), ${limited} refused (429); at most 20 in all (the drill signed in twice earlier)`);

  section('8. An unreachable DATABASE_URL at start');
  const badStarts = await Promise.all(
    [
      ['a refused port', 'postgres://postgres@127.0.0.1:1/amhp'],
      ['an unknown host', 'postgres://postgres@no-such-host.invalid:5432/amhp'],
    ].map(async ([what, url]) => {
      const bad = await startInstance(`bad-${what}`, await freePort(), { DATABASE_URL: url });
      const startedAt = Date.now();
      const exit = await Promise.race([bad.exited, sleep(30_000).then(() => ({ code: 'still running after 30 s' }))]);
      return { what, bad, exit, ms: Date.now() - startedAt };
    }),
  );
  for (const { what, bad, exit, ms } of badStarts) {
    check(exit.code !== 0 && typeof exit.code === 'number' && bad.stderr.includes('Cannot reach the PostgreSQL database'), `${what}: exit code ${exit.code} after ${seconds(ms)} (Node and tsx start included) with "${bad.stderr.trim().split('\n')[0]?.slice(0, 140)}"`);
  }

  for (const board of boards) board.close();
  for (const instance of live) process.kill(instance.child.pid, 'SIGTERM');
  await Promise.all(live.map((instance) => instance.exited));
}

try {
  await main();
} catch (error) {
  check(false, `the drill stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  for (const instance of instances) {
    console.error(`--- ${instance.name} (pid ${instance.child.pid}${instance.exitedAt ? `, exited` : ''}) stderr:\n${instance.stderr.slice(-3000)}`);
  }
} finally {
  killAll();
  await sleep(200);
  await adminQuery(`drop database if exists ${dbName} with (force)`).catch((error) => console.error(`could not drop ${dbName}: ${error.message}`));
}
console.log(`\n${failures.length === 0 ? 'The fault drill passed' : `The fault drill FAILED (${failures.length})`} in ${seconds(Date.now() - drillStarted)}.`);
process.exit(failures.length === 0 ? 0 : 1);
