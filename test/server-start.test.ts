import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

// `npm start` itself, as a person or a process manager runs it (npm → node scripts/start.mjs,
// development mode, on a temporary data directory and port): it migrates and seeds, refuses a
// second process on the same data directory, and on SIGTERM — sent to npm, which forwards it, or
// to npm's child, the server — answers every request in flight, releases the data-directory lock
// and exits 0.

const nodeMajor = readFileSync('.nvmrc', 'utf8').trim();
const IN_FLIGHT = 20;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface NpmStart {
  npm: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function npmStart(dataDir: string, port: number): NpmStart {
  let output = '';
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development', RUN_JOBS: 'false', SIGN_IN_RATE_LIMIT_PER_MINUTE: '1000' };
  delete env.DATABASE_URL;
  // Its own process group, so that a failed test can stop npm and the server together.
  const npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(npm);
  npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on('exit', (code, signal) => {
      running.delete(npm);
      resolve({ code, signal });
    }),
  );
  return { npm, output: () => output, exited };
}

const running = new Set<ChildProcess>();
afterEach(() => {
  // Only after a failure: nothing this file started may outlive it.
  for (const npm of running) {
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
});

async function waitFor(predicate: () => boolean, what: string, ms = 240_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The parent pid of a process, from /proc (Linux). */
function parentOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A request still in flight: the headers and the start of a form body are sent now, the rest
 * when `finish()` is called. Resolves with the response's status code, or 0 if the connection
 * ended without a response.
 */
function slowRequest(port: number): { finish: () => void; status: Promise<number>; clientPort: () => number | undefined } {
  const body = `email=nobody%40example.org&password=not-the-password&padding=${'x'.repeat(200)}`;
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  let received = '';
  const status = new Promise<number>((resolve) => {
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1] ?? 0)));
  });
  socket.write(
    'POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 20)}`,
  );
  return { finish: () => socket.end(body.slice(20)), status, clientPort: () => socket.localPort };
}

/**
 * How many of the connections from `clientPorts` the process `pid` has accepted (Linux: its
 * socket file descriptors matched against the kernel's table of established connections). A
 * connection the kernel has queued but the server not yet accepted is not counted.
 */
function acceptedConnections(pid: number, clientPorts: Set<number>): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields[3] === '01' && inodes.has(fields[9] ?? '') && clientPorts.has(Number.parseInt(fields[2]?.split(':')[1] ?? '', 16))).length;
}

/** Fires IN_FLIGHT requests, SIGTERMs `target` while they are in flight, then lets them finish. */
async function sigtermWhileBusy(started: NpmStart, port: number, lockFile: string, target: 'npm' | 'server'): Promise<void> {
  // npm's own child is the server (start runs `exec node …`: no shell in between to swallow the signal).
  const serverPid = Number(readFileSync(lockFile, 'utf8'));
  expect(parentOf(serverPid)).toBe(started.npm.pid);

  const requests = Array.from({ length: IN_FLIGHT }, () => slowRequest(port));
  // Wait until the server holds every connection (not a fixed time: a loaded machine is slower).
  const accepted = () => acceptedConnections(serverPid, new Set(requests.map((request) => request.clientPort() ?? 0)));
  await waitFor(() => accepted() === IN_FLIGHT, `the server to accept the ${IN_FLIGHT} connections`, 30_000);
  process.kill(target === 'npm' ? started.npm.pid! : serverPid, 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(existsSync(lockFile)).toBe(true); // draining, not gone
  for (const request of requests) request.finish();

  const statuses = await Promise.all(requests.map((request) => request.status));
  expect(statuses.filter((status) => status === 0)).toEqual([]); // every one answered
  // Each one was answered once its whole form had arrived: the form carries no CSRF token, which
  // is checked only after the body is read (403). A refusal before reading it, such as the sign-in
  // allowance's 429 (which the second start used to hit), would prove nothing here.
  expect(statuses).toEqual(Array.from({ length: IN_FLIGHT }, () => 403));
  expect(await started.exited).toEqual({ code: 0, signal: null });
  expect(existsSync(lockFile)).toBe(false);
  expect(isRunning(serverPid)).toBe(false); // not left behind as an orphan
}

describe('npm start on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'amhp-start-'));
  const lockFile = path.join(dataDir, '.amhp-hub.lock');
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it(`migrates and seeds on first start on Node ${nodeMajor}, refuses a second process on the same data directory, and on SIGTERM to npm answers the ${IN_FLIGHT} requests in flight, releases the lock and exits 0`, async () => {
    const port = await freePort();
    const first = npmStart(dataDir, port);
    await waitFor(() => first.output().includes('is running on'), 'first start');
    expect(first.output()).toContain(`(Node v${nodeMajor}.`);
    expect(first.output()).toContain('Seeded the fictional demo service');
    expect(first.output()).toContain('admin@example.org');
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });

    const second = npmStart(dataDir, await freePort());
    expect((await second.exited).code).toBe(2);
    expect(second.output()).toContain('already in use by another AMHP Hub process');

    await sigtermWhileBusy(first, port, lockFile, 'npm');
  }, 400_000);

  it(`restarts without re-migrating, and on SIGTERM to npm's child (the server) answers the ${IN_FLIGHT} requests in flight, releases the lock and exits 0`, async () => {
    const port = await freePort();
    const third = npmStart(dataDir, port);
    await waitFor(() => third.output().includes('is running on'), 'restart');
    expect(third.output()).not.toContain('applied');
    expect(third.output()).toContain('Demo service already present');

    await sigtermWhileBusy(third, port, lockFile, 'server');
  }, 400_000);
});

describe('NODE_ENV=production npm start', () => {
  const project = mkdtempSync(path.join(tmpdir(), 'amhp-no-build-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  it('without a build in dist/, says to run npm run build and exits 1', () => {
    mkdirSync(path.join(project, 'scripts'));
    copyFileSync('scripts/start.mjs', path.join(project, 'scripts', 'start.mjs'));
    const result = spawnSync(process.execPath, [path.join(project, 'scripts', 'start.mjs')], {
      cwd: project,
      env: { ...process.env, NODE_ENV: 'production' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('run `npm run build`');
  });
});
