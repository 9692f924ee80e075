import { sql, type Kysely } from 'kysely';
import { ConflictError } from './errors.js';
import type { PlatformTables } from './platform-tables.js';
import { ChangeStamp } from './read-cache.js';

/** Moves whenever this process writes a setting (the stamp behind SettingsService's shared reads). */
export const settingChanges = new ChangeStamp();

export async function findSetting(db: Kysely<PlatformTables>, key: string): Promise<{ value: unknown; version: number } | undefined> {
  return db.selectFrom('settings').select(['value', 'version']).where('key', '=', key).executeTakeFirst();
}

const CONFLICT = 'Someone else changed this setting while you were editing it. Your changes have not been saved: check the current version and try again.';

/**
 * The optimistic-locking write of a setting (keyed by name, so not `updateVersioned`, which keys
 * by id): version 0 means "not set yet". Returns the new version; a stale version is a
 * ConflictError carrying the current one.
 */
export async function writeSetting(db: Kysely<PlatformTables>, key: string, json: string, expectedVersion: number, updatedBy: string, now: Date): Promise<number> {
  settingChanges.changed();
  if (expectedVersion === 0) {
    const inserted = await db
      .insertInto('settings')
      .values({ key, value: json, updatedBy, updatedAt: now })
      .onConflict((oc) => oc.doNothing())
      .returning('version')
      .executeTakeFirst();
    if (inserted) return Number(inserted.version);
  } else {
    const updated = await db
      .updateTable('settings')
      .set({ value: json, version: sql<number>`version + 1`, updatedAt: now, updatedBy })
      .where('key', '=', key)
      .where('version', '=', expectedVersion)
      .returning('version')
      .executeTakeFirst();
    if (updated) return Number(updated.version);
  }
  const current = await findSetting(db, key);
  throw new ConflictError(CONFLICT, { currentVersion: current?.version ?? 0 });
}
