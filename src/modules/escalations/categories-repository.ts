import type { Kysely } from 'kysely';
import { updateVersioned } from '../../platform/versioned-update.js';
import type { EscalationCategory } from './escalation-categories.js';
import type { EscalationsDb } from './escalations-tables.js';

const COLUMNS = ['id', 'key', 'label', 'sortOrder', 'retiredAt', 'version'] as const;

/** The escalation categories: the escalations module's own table. */
export class CategoriesRepository {
  async all(db: Kysely<EscalationsDb>): Promise<EscalationCategory[]> {
    return db.selectFrom('escalationCategories').select(COLUMNS).orderBy('sortOrder').orderBy('label').execute();
  }

  async byId(db: Kysely<EscalationsDb>, id: string): Promise<EscalationCategory | undefined> {
    return db.selectFrom('escalationCategories').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  }

  async byKey(db: Kysely<EscalationsDb>, key: string): Promise<EscalationCategory | undefined> {
    return db.selectFrom('escalationCategories').select(COLUMNS).where('key', '=', key).executeTakeFirst();
  }

  async insert(db: Kysely<EscalationsDb>, entry: { key: string; label: string; sortOrder: number }, by: string, now: Date): Promise<string> {
    const row = await db.insertInto('escalationCategories').values({ ...entry, updatedAt: now, updatedBy: by }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async update(db: Kysely<EscalationsDb>, id: string, version: number, change: { label?: string; retiredAt?: Date | null }, by: string, now: Date): Promise<number> {
    return updateVersioned(db, 'escalationCategories', { id, expectedVersion: version }, { ...change, updatedAt: now, updatedBy: by }, 'category');
  }
}
