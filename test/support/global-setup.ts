import { mkdir, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { testConfig } from '../../src/config.js';
import { migrate, openPglite, openPostgres, pgliteOf } from '../../src/db/database.js';
import { migratedTemplate } from '../../src/db/pglite-template.js';
import { seedDemo } from '../../src/demo/seed-demo.js';
import { systemClock } from '../../src/platform/clock.js';
import { createServices } from '../../src/services.js';
import { seedBaseData } from './base-data.js';
import { testClock } from './test-clock.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Migrated + demo service (legacy fixture; being retired in favour of the base template). */
    pgliteTemplatePath: string;
    postgresTemplate: string;
    /** Migrated + the small base service of test/support/base-data.ts, as of the test date. */
    pgliteBaseTemplatePath: string;
    postgresBaseTemplate: string;
    /** Migrated and empty (a new installation), uncompressed; '' on a PostgreSQL run. */
    pgliteMigratedTemplatePath: string;
  }
}

async function seedBase(handle: Parameters<typeof createServices>[0]['database']): Promise<void> {
  const services = createServices({ config: testConfig(), database: handle, clock: testClock() });
  await services.calendar.seedShippedHolidays();
  await seedBaseData(services);
}

/**
 * Builds the template databases of a run; each test file gets its own copy (PGlite: a dumped
 * data directory; PostgreSQL: CREATE DATABASE … TEMPLATE). On PGlite the demo template is built
 * by the first file that needs it (test-database.ts).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const config = testConfig();
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const template = `amhp_tmpl_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${template}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${template}`;
    const handle = await openPostgres(url.toString(), 2);
    await migrate(handle);
    const services = createServices({ config, database: handle, clock: systemClock });
    await services.calendar.seedShippedHolidays();
    await seedDemo(services, config.demoPassword);
    await handle.close();
    const baseTemplate = `${template}_base`;
    await admin.query(`create database ${baseTemplate}`);
    url.pathname = `/${baseTemplate}`;
    const base = await openPostgres(url.toString(), 2);
    await migrate(base);
    await seedBase(base);
    await base.close();
    project.provide('postgresTemplate', template);
    project.provide('postgresBaseTemplate', baseTemplate);
    project.provide('pgliteTemplatePath', '');
    project.provide('pgliteBaseTemplatePath', '');
    project.provide('pgliteMigratedTemplatePath', '');
    return async () => {
      await admin.query(`drop database if exists ${template} with (force)`);
      await admin.query(`drop database if exists ${baseTemplate} with (force)`);
      await admin.end();
    };
  }
  const dir = path.resolve('.test-tmp');
  await mkdir(dir, { recursive: true });
  // Kept uncompressed: each test file loads one, and un-gzipping 45 MB in PGlite (a web
  // DecompressionStream) cost more than the rest of opening the copy (docs/performance.md).
  // The demo template is only named here: the first file that needs it builds it
  // (test-database.ts), so a run without those files never seeds the demo.
  const file = path.join(dir, `template-${process.pid}.tar`);
  // Both templates start from the migrated template (.cache/, made once per set of migrations):
  // no initdb and no migrations per run (src/db/pglite-template.ts).
  const migrated = await migratedTemplate();
  const migratedFile = path.join(dir, `migrated-template-${process.pid}.tar`);
  const migratedTar = Buffer.from(await migrated.arrayBuffer());
  await writeFile(migratedFile, migratedTar);
  const baseFile = path.join(dir, `base-template-${process.pid}.tar`);
  // Uncompressed: PGlite un-gzips through a slow web DecompressionStream.
  const base = await openPglite({ loadDataDir: new Blob([migratedTar]) });
  await migrate(base);
  await seedBase(base);
  const baseDump = await pgliteOf(base)!.dumpDataDir('none');
  await writeFile(baseFile, Buffer.from(await baseDump.arrayBuffer()));
  await base.close();
  project.provide('pgliteTemplatePath', file);
  project.provide('pgliteBaseTemplatePath', baseFile);
  project.provide('pgliteMigratedTemplatePath', migratedFile);
  project.provide('postgresTemplate', '');
  project.provide('postgresBaseTemplate', '');
  return async () => {
    for (const made of [file, `${file}.lock`, baseFile, migratedFile]) await rm(made, { force: true });
  };
}
