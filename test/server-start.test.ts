import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** The real entry point, as `npm start` runs it (scripts/start.mjs, development mode), on a fresh embedded database. */
function start(dataDir: string, port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', NODE_ENV: 'development', RUN_JOBS: 'false' };
  delete env.DATABASE_URL;
  const child = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(predicate: () => boolean, what: string, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('npm start on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'amhp-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('migrates and seeds on first start, refuses a second process on the same data directory, shuts down cleanly, and restarts without re-migrating', async () => {
    const port = 3900 + Math.floor(Math.random() * 90);
    const first = start(dataDir, port);
    await waitFor(() => first.output().includes('is running on'), 'first start');
    expect(first.output()).toContain('Seeded the fictional demo service');
    expect(first.output()).toContain('admin@example.org');
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'pglite' });

    const second = start(dataDir, port + 1);
    const code = await second.exited;
    expect(code).toBe(2);
    expect(second.output()).toContain('already in use by another AMHP Hub process');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(path.join(dataDir, '.amhp-hub.lock'))).toBe(false);

    const third = start(dataDir, port + 2);
    await waitFor(() => third.output().includes('is running on'), 'restart');
    expect(third.output()).not.toContain('applied');
    expect(third.output()).toContain('Demo service already present');
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 180_000);
});
