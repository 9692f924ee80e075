/**
 * Versions of the standards' wording. The built-in paraphrase is stored on first use; an
 * administrator loads the official wording from a CSV or JSON file and it becomes the version
 * new evaluations use. Existing evaluations keep the version they were made against.
 */
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { CATALOGUE_ADMINS, STANDARDS_READERS } from './standards-access.js';
import { builtInCatalogue, parseCatalogueImport } from './standards-catalogue.js';
import type { StandardsAudit } from './standards-ports.js';
import type { CatalogueRow, StandardsDb, StandardsRepository } from './standards-repository.js';
import type { CatalogueImportCommand } from './standards-schemas.js';

export class CatalogueService {
  constructor(
    private readonly db: StandardsDb,
    private readonly clock: Clock,
    private readonly audit: StandardsAudit,
    private readonly repository: StandardsRepository,
  ) {}

  /** The catalogue new evaluations use; the built-in paraphrase is stored on first use. */
  async current(db: StandardsDb = this.db): Promise<CatalogueRow> {
    const current = await this.repository.currentCatalogue(db);
    if (current) return current;
    return inTransaction(db, async (trx) => {
      const again = await this.repository.currentCatalogue(trx);
      if (again) return again;
      const existing = await this.repository.findCatalogueByLabel(trx, builtInCatalogue().versionLabel);
      if (existing) {
        await this.repository.setCurrentCatalogue(trx, existing.id);
        return { ...existing, isCurrent: true };
      }
      const id = await this.repository.insertCatalogue(trx, builtInCatalogue(), null, this.clock.now());
      return this.found(await this.repository.findCatalogue(trx, id));
    });
  }

  async list(ctx: ServiceContext): Promise<CatalogueRow[]> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see the standards');
    await this.current();
    return this.repository.listCatalogues(this.db);
  }

  async get(ctx: ServiceContext, id: string): Promise<CatalogueRow> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see the standards');
    return this.found(await this.repository.findCatalogue(this.db, id));
  }

  /** An administrator loads the official wording from a CSV or JSON file; it becomes current. */
  async import(ctx: ServiceContext, command: CatalogueImportCommand): Promise<CatalogueRow> {
    requireRole(ctx.actor, CATALOGUE_ADMINS, 'load the official wording');
    const base = (await this.current()).catalogue;
    const catalogue = unwrap(
      parseCatalogueImport(command.content, command.format, { base, ...(command.versionLabel !== undefined ? { versionLabel: command.versionLabel } : {}) }),
    );
    return inTransaction(this.db, async (trx) => {
      if (await this.repository.findCatalogueByLabel(trx, catalogue.versionLabel)) {
        throw ValidationError.of('versionLabel', `A catalogue called "${catalogue.versionLabel}" already exists: give this version a new label`);
      }
      const id = await this.repository.insertCatalogue(trx, catalogue, ctx.actor.personId, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'standards_catalogue_imported', entityType: 'standards_catalogue', entityId: id, summary: { format: command.format, wording: catalogue.wording } });
      return this.found(await this.repository.findCatalogue(trx, id));
    });
  }

  async makeCurrent(ctx: ServiceContext, id: string): Promise<CatalogueRow> {
    requireRole(ctx.actor, CATALOGUE_ADMINS, 'choose the catalogue version');
    return inTransaction(this.db, async (trx) => {
      this.found(await this.repository.findCatalogue(trx, id));
      await this.repository.setCurrentCatalogue(trx, id);
      await this.audit.record(trx, ctx, { action: 'standards_catalogue_made_current', entityType: 'standards_catalogue', entityId: id });
      return this.found(await this.repository.findCatalogue(trx, id));
    });
  }

  private found(row: CatalogueRow | undefined): CatalogueRow {
    if (!row) throw new NotFoundError('The catalogue version');
    return row;
  }
}
