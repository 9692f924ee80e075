import type { z } from 'zod';
import { inTransaction, type Db } from '../db/database.js';
import type { AuditLog, ServiceContext } from './audit.js';
import { assertVersionMatched, ValidationError } from './errors.js';
import { fieldErrorsFromZod } from './http/forms.js';
import { requireRole } from './roles.js';

export interface Setting<T> {
  value: T;
  version: number;
}

/**
 * Administrator-editable configuration (service hours, escalation ladders, …). Each module owns
 * its keys and their zod schema; a missing key falls back to the module's default.
 */
export class SettingsService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  async get<S extends z.ZodType>(key: string, schema: S, fallback: z.output<S>): Promise<Setting<z.output<S>>> {
    const row = await this.db.selectFrom('settings').select(['value', 'version']).where('key', '=', key).executeTakeFirst();
    if (!row) return { value: fallback, version: 0 };
    const parsed = schema.safeParse(row.value);
    return { value: parsed.success ? parsed.data : fallback, version: row.version };
  }

  async put<S extends z.ZodType>(ctx: ServiceContext, key: string, schema: S, value: unknown, expectedVersion: number): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'change the service configuration');
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
    await inTransaction(this.db, async (trx) => {
      const json = JSON.stringify(parsed.data);
      if (expectedVersion === 0) {
        const inserted = await trx
          .insertInto('settings')
          .values({ key, value: json, updatedBy: ctx.actor.personId })
          .onConflict((oc) => oc.doNothing())
          .executeTakeFirst();
        assertVersionMatched(inserted.numInsertedOrUpdatedRows, 'setting');
      } else {
        const updated = await trx
          .updateTable('settings')
          .set((eb) => ({ value: json, version: eb('version', '+', 1), updatedAt: new Date(), updatedBy: ctx.actor.personId }))
          .where('key', '=', key)
          .where('version', '=', expectedVersion)
          .executeTakeFirst();
        assertVersionMatched(updated.numUpdatedRows, 'setting');
      }
      await this.audit.record(trx, ctx, { action: 'setting_changed', entityType: 'setting', entityId: key });
    });
  }
}
