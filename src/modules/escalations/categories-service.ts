import type { Kysely } from 'kysely';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { CategoriesRepository } from './categories-repository.js';
import { type EscalationCategory, checkLabel, checkRaisable, checkRestore, checkRetire, keyFor, labelsByKey } from './escalation-categories.js';
import { CATEGORY_EDITORS } from './escalations-access.js';
import type { EscalationsServiceDeps } from './escalations-ports.js';
import type { EscalationsDb } from './escalations-tables.js';

/**
 * The escalation categories (issue 14, point 2): read by everyone who raises or reads
 * escalations, kept by administrators and the AMHP Lead. No person's record: reads are not
 * audited; every change is.
 */
export class CategoriesService {
  private readonly repository = new CategoriesRepository();

  constructor(private readonly deps: Pick<EscalationsServiceDeps, 'db' | 'clock' | 'platform'>) {}

  /** Every category, retired ones too, in the order they are offered. */
  async all(db: Kysely<EscalationsDb> = this.deps.db): Promise<EscalationCategory[]> {
    return this.repository.all(db);
  }

  /** The categories a new escalation may take. */
  async active(): Promise<EscalationCategory[]> {
    return (await this.repository.all(this.deps.db)).filter((c) => !c.retiredAt);
  }

  /** Labels by key, retired ones too (an escalation keeps its category's label). */
  async labels(db: Kysely<EscalationsDb> = this.deps.db): Promise<Record<string, string>> {
    return labelsByKey(await this.repository.all(db));
  }

  async category(id: string): Promise<EscalationCategory> {
    const row = await this.repository.byId(this.deps.db, id);
    if (!row) throw new NotFoundError('The category');
    return row;
  }

  /** Refuses (400) a category that does not exist or is retired: checked before anything is written. */
  async checkRaisable(db: Kysely<EscalationsDb>, key: string): Promise<void> {
    unwrap(checkRaisable(await this.repository.byKey(db, key)));
  }

  async add(ctx: ServiceContext, command: { label: string }): Promise<EscalationCategory> {
    requireRole(ctx.actor, CATEGORY_EDITORS, 'change the escalation categories');
    return sameNameRefused(inTransaction(this.deps.db, async (trx) => {
      const all = await this.repository.all(trx);
      const label = unwrap(checkLabel(command.label, all));
      const key = keyFor(label, new Set(all.map((c) => c.key)));
      const sortOrder = Math.max(0, ...all.map((c) => c.sortOrder)) + 10;
      const id = await this.repository.insert(trx, { key, label, sortOrder }, ctx.actor.personId, this.deps.clock.now());
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_category_added', entityType: 'escalation_category', entityId: id, summary: { key, label } });
      return (await this.repository.byId(trx, id))!;
    }));
  }

  async rename(ctx: ServiceContext, id: string, command: { label: string; version: number }): Promise<EscalationCategory> {
    requireRole(ctx.actor, CATEGORY_EDITORS, 'change the escalation categories');
    return sameNameRefused(inTransaction(this.deps.db, async (trx) => {
      const existing = await this.repository.byId(trx, id);
      if (!existing) throw new NotFoundError('The category');
      const label = unwrap(checkLabel(command.label, (await this.repository.all(trx)).filter((c) => c.id !== id)));
      await this.repository.update(trx, id, command.version, { label }, ctx.actor.personId, this.deps.clock.now());
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_category_renamed', entityType: 'escalation_category', entityId: id, summary: { key: existing.key, from: existing.label, to: label } });
      return (await this.repository.byId(trx, id))!;
    }));
  }

  async retire(ctx: ServiceContext, id: string, command: { version: number }): Promise<EscalationCategory> {
    return this.setRetired(ctx, id, command.version, true);
  }

  async restore(ctx: ServiceContext, id: string, command: { version: number }): Promise<EscalationCategory> {
    return this.setRetired(ctx, id, command.version, false);
  }

  private async setRetired(ctx: ServiceContext, id: string, version: number, retire: boolean): Promise<EscalationCategory> {
    requireRole(ctx.actor, CATEGORY_EDITORS, 'change the escalation categories');
    return inTransaction(this.deps.db, async (trx) => {
      const existing = await this.repository.byId(trx, id);
      if (!existing) throw new NotFoundError('The category');
      const now = this.deps.clock.now();
      await this.repository.update(trx, id, version, { retiredAt: retire ? now : null }, ctx.actor.personId, now);
      // Checked after the versioned write so a stale form is told so (409) rather than "already retired".
      unwrap(retire ? checkRetire(existing) : checkRestore(existing));
      await this.deps.platform.audit(trx, ctx, { action: retire ? 'escalation_category_retired' : 'escalation_category_restored', entityType: 'escalation_category', entityId: id, summary: { key: existing.key, label: existing.label } });
      return (await this.repository.byId(trx, id))!;
    });
  }
}

/** Two people adding the same name at once: the unique index refuses the second, as a 400, not a 500. */
async function sameNameRefused<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if ((error as { code?: unknown }).code === '23505') throw ValidationError.of('label', 'There is already a category with this name: choose another name');
    throw error;
  }
}
