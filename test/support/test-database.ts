import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openPglite, openPostgres, type DatabaseHandle } from '../../src/db/database.js';

export type TestTemplate = 'base' | 'demo';

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
  const tarball = await readFile(templatePath);
  return openPglite({ loadDataDir: new Blob([tarball]) });
}
