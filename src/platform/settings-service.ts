import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { inTransaction } from '../db/database.js';
import type { AuditLog, ServiceContext } from './audit.js';
import type { Clock } from './clock.js';
import { ValidationError } from './errors.js';
import { fieldErrorsFromZod } from './http/forms.js';
import type { PlatformTables } from './platform-tables.js';
import { requireRole } from './roles.js';
import { findSetting, writeSetting } from './settings-repository.js';

export interface Setting<T> {
  value: T;
  /** 0 while the setting has never been saved (the module's default is in force). */
  version: number;
}

/**
 * Administrator-editable configuration (service hours, escalation ladders, …). Each module owns
 * its keys and their zod schema; a missing key falls back to the module's default. The schema is
 * checked again here because this is a generic store: a value that does not fit its key's schema
 * must never be written, whichever module asks.
 */
export class SettingsService {
  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly audit: AuditLog,
    private readonly clock?: Clock,
  ) {}

  async get<S extends z.ZodType>(key: string, schema: S, fallback: z.output<S>): Promise<Setting<z.output<S>>> {
    const row = await findSetting(this.db, key);
    if (!row) return { value: fallback, version: 0 };
    const parsed = schema.safeParse(row.value);
    return { value: parsed.success ? parsed.data : fallback, version: row.version };
  }

  /** Saves a setting if `expectedVersion` is still current; returns it as it now is. */
  async put<S extends z.ZodType>(ctx: ServiceContext, key: string, schema: S, value: unknown, expectedVersion: number): Promise<Setting<z.output<S>>> {
    requireRole(ctx.actor, ['admin'], 'change the service configuration');
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new ValidationError(fieldErrorsFromZod(parsed.error));
    const version = await inTransaction(this.db, async (trx) => {
      const saved = await writeSetting(trx, key, JSON.stringify(parsed.data), expectedVersion, ctx.actor.personId, this.clock?.now() ?? new Date());
      await this.audit.record(trx, ctx, { action: 'setting_changed', entityType: 'setting', entityId: key });
      return saved;
    });
    return { value: parsed.data as z.output<S>, version };
  }
}
