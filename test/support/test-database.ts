import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type DatabaseHandle } from '../../src/db/database.js';

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
  return openPglite({ loadDataDir: await templateBlob(templatePath), sharedBuffers: TEST_SHARED_BUFFERS });
}
