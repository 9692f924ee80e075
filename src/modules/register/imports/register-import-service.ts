/**
 * The register's bulk import (issue 19): the one way the setup module's register import reads
 * and writes the register. `check` is the dry run; `apply` writes, in the caller's transaction
 * (the setup module marks its upload applied in the same one), after checking again.
 */
import type { Kysely } from 'kysely';
import { tablesFor, type AnyHandle } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { RuleViolationError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { ApprovalRepository } from '../approvals/approval-repository.js';
import type { RegisterDeps } from '../register-ports.js';
import type { RegisterDb } from '../register-tables.js';
import { SupervisionRepository } from '../supervision/supervision-repository.js';
import { TrainingRepository } from '../training/training-repository.js';
import { RegisterImportRepository } from './register-import-repository.js';
import { runChunked } from '../../../platform/chunked.js';
import { planRegisterImportSteps, type RegisterImportExisting, type RegisterImportInput, type RegisterImportPlan } from './register-import.js';

export class RegisterImportService {
  private readonly approvals = new ApprovalRepository();
  private readonly training = new TrainingRepository();
  private readonly supervision = new SupervisionRepository();
  private readonly repository = new RegisterImportRepository();

  constructor(private readonly deps: Pick<RegisterDeps, 'db' | 'audit'>) {}

  /** The dry run: what would be created, what is already there, and every error. */
  async check(ctx: ServiceContext, input: RegisterImportInput, handle?: AnyHandle): Promise<RegisterImportPlan> {
    requireRole(ctx.actor, ['admin'], 'import the AMHP register');
    const db = handle ? tablesFor<RegisterDb>(handle) : this.deps.db;
    return runChunked(planRegisterImportSteps(input, await this.existing(db, [...new Set([...input.entries.map((e) => e.personId), ...input.records.map((r) => r.personId)])])));
  }

  /** Checks again and writes everything in the caller's transaction; refused while any row has an error. */
  async apply(trx: AnyHandle, ctx: ServiceContext, input: RegisterImportInput, file: { sha256: string }): Promise<{ created: number; unchanged: number; entriesAdded: number }> {
    const db = tablesFor<RegisterDb>(trx);
    const plan = await this.check(ctx, input, trx);
    const errors = plan.outcomes.filter((o) => o.action === 'error');
    if (errors.length > 0) {
      throw new RuleViolationError('import_has_errors', 'Nothing was imported: the register has changed since the check; check the file again', {
        failures: errors.slice(0, 50).flatMap((o) => o.errors.map((e) => ({ rule: 'import_row', severity: 'E' as const, message: `Row ${o.row}: ${e.message}` }))),
        warnings: [],
      });
    }
    const by = ctx.actor.personId;
    const touched = new Map<string, number>();
    const count = (personId: string) => touched.set(personId, (touched.get(personId) ?? 0) + 1);
    for (const entry of plan.newEntries) {
      await this.approvals.insertEntry(db, { personId: entry.personId, profession: entry.profession, registrationNumber: entry.registrationNumber, arrangement: 'rota' });
      await this.deps.audit.record(db, ctx, { action: 'register_entry_added', entityType: 'register_entry', entityId: entry.personId, summary: { profession: entry.profession, imported: true } });
    }
    const approvalIds = new Map<number, string>();
    for (const record of plan.toCreate) {
      count(record.personId);
      if (record.kind === 'approval') {
        const approval = await this.approvals.insertApproval(db, { personId: record.personId, approvingLssaId: record.lssaId, startDate: record.startDate, endDate: record.endDate!, notes: 'Imported', createdBy: by });
        approvalIds.set(record.row, approval.id);
      } else if (record.kind === 'authorisation') {
        const approvalId = record.approvalId ?? approvalIds.get(record.approvalRow!)!;
        await this.approvals.insertAuthorisation(db, { approvalId, personId: record.personId, lssaId: record.lssaId, startDate: record.startDate, endDate: record.endDate!, createdBy: by });
      } else if (record.kind === 'training') {
        await this.training.insertTraining(db, { personId: record.personId, date: record.date, title: record.title, provider: record.provider, hours: record.hours, amhpSpecific: record.amhpSpecific, legalUpdate: record.legalUpdate, enteredBy: by });
      } else {
        await this.supervision.insertRecord(
          db,
          { superviseeId: record.personId, supervisorId: record.supervisorId, date: record.date, type: record.type, casesDiscussed: [], topic: 'Recorded before AMHP Hub (imported)', signatures: [], dispute: null },
          by,
        );
      }
    }
    for (const [personId, records] of touched) {
      await this.deps.audit.record(db, ctx, { action: 'register_records_imported', entityType: 'register_entry', entityId: personId, summary: { records, fileSha256: file.sha256 } });
    }
    const unchanged = plan.outcomes.filter((o) => o.action === 'unchanged').length;
    await this.deps.audit.record(db, ctx, { action: 'register_imported', entityType: 'import', summary: { fileSha256: file.sha256, created: plan.toCreate.length, unchanged, entriesAdded: plan.newEntries.length } });
    return { created: plan.toCreate.length, unchanged, entriesAdded: plan.newEntries.length };
  }

  private async existing(db: Kysely<RegisterDb>, personIds: string[]): Promise<RegisterImportExisting> {
    if (personIds.length === 0) return { entries: [], approvals: [], authorisations: [], training: [], supervision: [] };
    const [entries, data, training, supervision] = await Promise.all([
      this.repository.entries(db, personIds),
      this.approvals.approvalData(db, personIds),
      this.repository.training(db, personIds),
      this.repository.supervision(db, personIds),
    ]);
    return { entries, approvals: data.approvals, authorisations: data.authorisations, training, supervision };
  }
}
