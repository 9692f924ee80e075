import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from './config.js';
import { grantAppRole, pendingMigrations, roleOfConnection } from './db/app-role.js';
import { readMigratedTemplate, saveMigratedTemplate } from './db/pglite-template.js';
import { migrate, openPglite, openPostgres, startUnderLock, type DatabaseHandle } from './db/database.js';
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
  /** A new embedded data directory copied from the migrated template: how many migrations it holds. */
  fromTemplate?: number;
}

export async function openConfiguredDatabase(config: AppConfig): Promise<{ database: DatabaseHandle; releaseLock: () => void; fromScratch?: boolean; fromTemplate?: boolean }> {
  if (config.databaseUrl) return { database: await openPostgres(config.databaseUrl), releaseLock: () => undefined };
  const releaseLock = lockDataDir(config.dataDir);
  try {
    // A new data directory starts as a copy of the migrated template when there is one (no
    // initdb, no migrations to run); otherwise from scratch, and the template is kept afterwards.
    const fresh = !existsSync(path.join(config.dataDir, 'PG_VERSION'));
    const template = fresh ? await readMigratedTemplate() : undefined;
    const database = await openPglite({ dataDir: config.dataDir, sharedBuffers: config.pgliteSharedBuffers, ...(template ? { loadDataDir: template } : {}) });
    return { database, releaseLock, fromScratch: fresh && !template, fromTemplate: fresh && template !== undefined };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

/**
 * With MIGRATION_DATABASE_URL the owner applies the migrations and grants the app's role what it
 * may do (append-only on the audit trail); the app's own connection then only checks that none
 * is pending.
 */
async function migrateAsOwner(migrationDatabaseUrl: string, appDatabaseUrl: string): Promise<string[]> {
  const owner = await openPostgres(migrationDatabaseUrl, 1);
  try {
    const report = await migrate(owner);
    const appRole = roleOfConnection(appDatabaseUrl);
    if (appRole !== roleOfConnection(migrationDatabaseUrl)) await grantAppRole(owner.db, appRole);
    return report.applied;
  } finally {
    await owner.close();
  }
}

/** Open, migrate, load reference data and (on an empty non-production database) the demo. */
export async function prepare(config: AppConfig, clock: Clock, mailTransport?: MailTransport): Promise<Started> {
  const appliedByOwner = config.migrationDatabaseUrl && config.databaseUrl ? await migrateAsOwner(config.migrationDatabaseUrl, config.databaseUrl) : undefined;
  const { database, releaseLock, fromScratch, fromTemplate } = await openConfiguredDatabase(config);
  try {
    // Several instances may start at once on an empty database: the emptiness check and the seed
    // happen under the migration lock, so exactly one seeds and the others find it done.
    const started = await startUnderLock(database, async (migrateLocked) => {
      const report = appliedByOwner ? await checkMigrated(database, appliedByOwner) : await migrateLocked();
      const migratedInTemplate = fromTemplate ? report.alreadyApplied : undefined;
      if (fromScratch) await saveMigratedTemplate(database);
      const services = createServices({ config, database, clock, ...(mailTransport ? { mailTransport } : {}) });
      await services.calendar.seedShippedHolidays();
      let seeded = false;
      if (config.seedDemo && (await databaseIsEmpty(services))) {
        await seedDemo(services, config.demoPassword);
        seeded = true;
      }
      return { services, releaseLock, seeded, migrations: report.applied, ...(migratedInTemplate !== undefined ? { fromTemplate: migratedInTemplate } : {}) };
    });
    if (!started.seeded || database.kind !== 'pglite') return started;
    // The demo seed grows the embedded Postgres' WebAssembly memory, which never shrinks: reopen
    // the directory so the running server settles at what a restart would hold (issue 17 §6).
    await database.close();
    const reopened = await openPglite({ dataDir: config.dataDir, sharedBuffers: config.pgliteSharedBuffers });
    return { ...started, services: createServices({ config, database: reopened, clock, ...(mailTransport ? { mailTransport } : {}) }) };
  } catch (error) {
    await database.close().catch(() => undefined);
    releaseLock();
    throw error;
  }
}

async function checkMigrated(database: DatabaseHandle, appliedByOwner: string[]): Promise<{ applied: string[]; alreadyApplied: number }> {
  const pending = await pendingMigrations(database.db);
  if (pending.length > 0) throw new Error(`Migrations are pending after the owner's run: ${pending.join(', ')}`);
  return { applied: appliedByOwner, alreadyApplied: 0 };
}
