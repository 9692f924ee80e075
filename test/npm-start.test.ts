import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm start` itself (npm → node scripts/start.mjs, development mode), as a person or a process
// manager runs it: SIGTERM drains the requests in flight and releases the data-directory lock,
// whether it is sent to npm (which forwards it) or to npm's child, the server.

const nodeMajor = Number(readFileSync('.nvmrc', 'utf8').trim());
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
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    SEED_DEMO: 'false',
    RUN_JOBS: 'false',
  };
  delete env.DATABASE_URL;
  const npm = spawn('npm', ['start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  npm.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { npm, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, what: string, ms = 150_000): Promise<void> {
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

/**
 * A request still in flight: the headers and half the form body are sent now, the rest when
 * `finish()` is called. Resolves with the HTTP status line's code, or 0 if the connection ended
 * without a response.
 */
function slowRequest(port: number): { finish: () => void; status: Promise<number> } {
  const body = 'email=nobody%40example.org&password=not-the-password&padding=' + 'x'.repeat(200);
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
  return { finish: () => socket.end(body.slice(20)), status };
}

async function drainOnSigterm(target: 'npm' | 'server'): Promise<void> {
  const dataDir = dataDirs[0]!;
  const lockFile = path.join(dataDir, '.amhp-hub.lock');
  const port = await freePort();
  const started = npmStart(dataDir, port);
  await waitFor(() => started.output().includes('is running on'), 'npm start');
  expect(started.output()).toContain(`(Node v${nodeMajor}.`);

  // npm's own child is the server (start runs `exec node …`: no shell in between to swallow the signal).
  const serverPid = Number(readFileSync(lockFile, 'utf8'));
  expect(parentOf(serverPid)).toBe(started.npm.pid);

  const requests = Array.from({ length: IN_FLIGHT }, () => slowRequest(port));
  await new Promise((resolve) => setTimeout(resolve, 1_500)); // every request has reached the server
  process.kill(target === 'npm' ? started.npm.pid! : serverPid, 'SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // the server is draining, not gone
  expect(existsSync(lockFile)).toBe(true);
  for (const request of requests) request.finish();

  const statuses = await Promise.all(requests.map((request) => request.status));
  expect(statuses.filter((status) => status === 0)).toHaveLength(0); // every one answered
  expect(statuses.every((status) => status >= 200 && status < 600)).toBe(true);
  expect(await started.exited).toEqual({ code: 0, signal: null });
  expect(existsSync(lockFile)).toBe(false);
  expect(isRunning(serverPid)).toBe(false); // not left behind as an orphan
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const dataDirs = [mkdtempSync(path.join(tmpdir(), 'amhp-npm-start-'))];

describe('npm start, then SIGTERM', () => {
  afterAll(() => {
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  it(`sent to npm: the ${IN_FLIGHT} requests in flight are answered, the lock is released, npm exits 0`, async () => {
    await drainOnSigterm('npm');
  }, 240_000);

  it(`sent to npm's child (the server): the ${IN_FLIGHT} requests in flight are answered, the lock is released, npm exits 0`, async () => {
    await drainOnSigterm('server');
  }, 240_000);
});

describe('NODE_ENV=production npm start', () => {
  it('without a build, says to run npm run build and exits non-zero', () => {
    const project = mkdtempSync(path.join(tmpdir(), 'amhp-no-build-'));
    dataDirs.push(project);
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
