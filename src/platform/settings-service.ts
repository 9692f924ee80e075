import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { inTransaction } from '../db/database.js';
import type { AuditLog, ServiceContext } from './audit.js';
import type { Clock } from './clock.js';
import { ValidationError } from './errors.js';
import { fieldErrorsFromZod } from './http/forms.js';
import type { PlatformTables } from './platform-tables.js';
import { requireRole } from './roles.js';
import { findSetting, settingChanges, writeSetting } from './settings-repository.js';

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
/** How long a setting read may be shared without a change this process saw (another instance's). */
export const SETTING_MAX_AGE_MS = 5_000;

export class SettingsService {
  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly audit: AuditLog,
    private readonly clock?: Clock,
  ) {}

  /**
   * Each key's row, read once and shared until a setting is written in this process (the stamp)
   * or it is SETTING_MAX_AGE_MS old (another instance's change). A failed read is not kept.
   */
  private readonly rows = new Map<string, { stamp: number; readAt: number; value: Promise<{ value: unknown; version: number } | undefined> }>();

  private row(key: string): Promise<{ value: unknown; version: number } | undefined> {
    const now = (this.clock?.now() ?? new Date()).getTime();
    const stamp = settingChanges.current;
    const cached = this.rows.get(key);
    if (cached && cached.stamp === stamp && now - cached.readAt >= 0 && now - cached.readAt < SETTING_MAX_AGE_MS) return cached.value;
    const value = findSetting(this.db, key);
    const entry = { stamp, readAt: now, value };
    this.rows.set(key, entry);
    value.catch(() => {
      if (this.rows.get(key) === entry) this.rows.delete(key);
    });
    return value;
  }

  async get<S extends z.ZodType>(key: string, schema: S, fallback: z.output<S>): Promise<Setting<z.output<S>>> {
    const row = await this.row(key);
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
