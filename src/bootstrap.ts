import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './config.js';
import { readMigratedTemplate, saveMigratedTemplate } from './db/pglite-template.js';
import { openPglite, openPostgres, startUnderLock, type DatabaseHandle } from './db/database.js';
import { databaseIsEmpty, seedDemo } from './demo/seed-demo.js';
import type { Clock } from './platform/clock.js';
import { lockDataDir } from './platform/data-dir-lock.js';
import type { MailTransport } from './platform/notifications.js';
import { createServices, type Services } from './services.js';

export interface Started {
  services: Services;
  /** Releases the data-directory lock (PGlite only). */
  releaseLock: () => void;
  seeded: boolean;
  migrations: string[];
}

export async function openConfiguredDatabase(config: AppConfig): Promise<{ database: DatabaseHandle; releaseLock: () => void; fromScratch?: boolean }> {
  if (config.databaseUrl) return { database: await openPostgres(config.databaseUrl), releaseLock: () => undefined };
  const releaseLock = lockDataDir(config.dataDir);
  try {
    // A new data directory starts as a copy of the migrated template when there is one (no
    // initdb, no migrations to run); otherwise from scratch, and the template is kept afterwards.
    const fresh = !existsSync(path.join(config.dataDir, 'PG_VERSION'));
    const template = fresh ? await readMigratedTemplate() : undefined;
    const database = await openPglite({ dataDir: config.dataDir, sharedBuffers: config.pgliteSharedBuffers, ...(template ? { loadDataDir: template } : {}) });
    return { database, releaseLock, fromScratch: fresh && !template };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/** Open, migrate, load reference data and (on an empty non-production database) the demo. */
export async function prepare(config: AppConfig, clock: Clock, mailTransport?: MailTransport): Promise<Started> {
  const { database, releaseLock, fromScratch } = await openConfiguredDatabase(config);
  try {
    // Several instances may start at once on an empty database: the emptiness check and the seed
    // happen under the migration lock, so exactly one seeds and the others find it done.
    return await startUnderLock(database, async (migrateLocked) => {
      const report = await migrateLocked();
      if (fromScratch) await saveMigratedTemplate(database);
      const services = createServices({ config, database, clock, ...(mailTransport ? { mailTransport } : {}) });
      await services.calendar.seedShippedHolidays();
      let seeded = false;
      if (config.seedDemo && (await databaseIsEmpty(services))) {
        await seedDemo(services, config.demoPassword);
        seeded = true;
      }
      return { services, releaseLock, seeded, migrations: report.applied };
    });
  } catch (error) {
    await database.close().catch(() => undefined);
    releaseLock();
    throw error;
  }
}
