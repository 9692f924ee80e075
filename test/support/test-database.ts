import { existsSync } from 'node:fs';
import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { testConfig } from '../../src/config.js';
import { createPglite, migrate, openPglite, openPostgres, pgliteOf, type DatabaseHandle } from '../../src/db/database.js';
import { migratedTemplate } from '../../src/db/pglite-template.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { systemClock } from '../../src/platform/clock.js';
import { createServices } from '../../src/services.js';
import { reusableCopy } from './reused-pglite.js';

export type TestTemplate = 'base' | 'demo';

/**
 * PGlite's page cache for a test database. Its default (128MB) is zeroed on every open, which
 * was half the cost of opening a copy; the copies are ~45 MB in all, so 16MB still holds what a
 * test file reads, and a page it evicts is re-read from PGlite's in-memory file system.
 */
const TEST_SHARED_BUFFERS = '16MB';

/**
 * A template tarball already read into memory. PGlite only asks a `loadDataDir` Blob for its
 * `arrayBuffer()` and copies each file out of it, so one buffer serves every copy this worker
 * opens (the suite runs files without isolation: the module, and this cache, live per worker).
 */
class TemplateBlob extends Blob {
  constructor(private readonly tarball: ArrayBuffer) {
    super([]);
  }

  override get size(): number {
    return this.tarball.byteLength;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.tarball);
  }
}

const templates = new Map<string, Promise<TemplateBlob>>();

function templateBlob(templatePath: string): Promise<TemplateBlob> {
  let blob = templates.get(templatePath);
  if (!blob) {
    blob = readFile(templatePath).then((bytes) => {
      // A file this size has a buffer of its own: use it as it is rather than copy 45 MB.
      const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      return new TemplateBlob(whole ? (bytes.buffer as ArrayBuffer) : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    });
    templates.set(templatePath, blob);
  }
  return blob;
}

/**
 * A private copy of a migrated template database for one test file or test: `base` (the small
 * service of base-data.ts, as of the test date; what tests should stand on) or `demo` (the demo
 * service; only for the demo's own test and the legacy tests still being moved off it).
 */
export async function openTestDatabase(template: TestTemplate = 'demo'): Promise<DatabaseHandle> {
  const databaseUrl = process.env.DATABASE_URL;
  const postgresTemplate = inject(template === 'base' ? 'postgresBaseTemplate' : 'postgresTemplate');
  if (databaseUrl && postgresTemplate) {
    const name = `amhp_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    // CREATE DATABASE … TEMPLATE needs the template to have no other sessions; retry briefly.
    for (let attempt = 0; ; attempt += 1) {
      try {
        await admin.query(`create database ${name} template ${postgresTemplate}`);
        break;
      } catch (error) {
        if (attempt > 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await admin.end();
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const handle = await openPostgres(url.toString(), 5);
    return {
      ...handle,
      db: handle.db,
      kind: handle.kind,
      execScript: handle.execScript.bind(handle),
      async close() {
        await handle.close();
        const dropper = new pg.Client({ connectionString: databaseUrl });
        await dropper.connect();
        await dropper.query(`drop database if exists ${name} with (force)`);
        await dropper.end();
      },
    };
  }
  const templatePath = inject(template === 'base' ? 'pgliteBaseTemplatePath' : 'pgliteTemplatePath');
  if (template === 'demo') await demoTemplateBuilt(templatePath);
  return reusableCopy(templatePath, async () => createPglite({ loadDataDir: await templateBlob(templatePath), sharedBuffers: TEST_SHARED_BUFFERS }));
}

/**
 * An empty, migrated embedded database — what a new installation starts from (the migrated
 * template of src/db/pglite-template.ts, whose own test proves it holds every migration and no
 * data) — in memory or in `dataDir`. For the tests about an empty installation, export/load and
 * backup/restore, which ran initdb and every migration themselves before (docs/performance.md).
 */
export async function openMigratedPglite(options: { dataDir?: string } = {}): Promise<DatabaseHandle> {
  const templatePath = inject('pgliteMigratedTemplatePath');
  // The PostgreSQL run's set-up makes no PGlite templates: the cached, gzipped one then.
  const loadDataDir = templatePath ? await templateBlob(templatePath) : await migratedTemplate();
  return openPglite({ ...options, loadDataDir, sharedBuffers: TEST_SHARED_BUFFERS });
}

/**
 * The demo template is made by the first test file that asks for it (three do), not by the global
 * set-up: a run without them never pays for the demo seed. Whichever worker creates the lock file
 * builds it (written aside, then renamed, so the file is whole once it exists); another waits.
 */
async function demoTemplateBuilt(templatePath: string): Promise<void> {
  const lock = `${templatePath}.lock`;
  while (!existsSync(templatePath)) {
    let handle;
    try {
      handle = await open(lock, 'wx');
    } catch {
      // Another worker is building it (or built it since the check above).
      await new Promise((resolve) => setTimeout(resolve, 200));
      continue;
    }
    await handle.close();
    try {
      if (!existsSync(templatePath)) await buildDemoTemplate(templatePath);
    } finally {
      await rm(lock, { force: true });
    }
  }
}

async function buildDemoTemplate(templatePath: string): Promise<void> {
  const config = testConfig();
  const handle = await openMigratedPglite();
  try {
    await migrate(handle);
    const services = createServices({ config, database: handle, clock: systemClock });
    await services.calendar.seedShippedHolidays();
    await seedDemo(services, config.demoPassword);
    const dump = await pgliteOf(handle)!.dumpDataDir('none');
    const partial = `${templatePath}.${process.pid}.partial`;
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()));
    await rename(partial, templatePath);
  } finally {
    await handle.close();
  }
}
