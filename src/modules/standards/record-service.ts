/**
 * Working on one standard in the meeting: its record (Map, Evaluate, Plan, Rate and the group's
 * agreement), saved step by step by the chair or note-taker with optimistic locking, and the
 * development-plan actions the Plan step adds.
 */
import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { createPlannedAction } from './action-plan.js';
import { checkCanChange, updateStandardRecord, type EvidenceItem, type StandardRecordChanges } from './evaluation.js';
import { loadEvaluation } from './evaluation-service.js';
import { requireEditor, STANDARDS_READERS } from './standards-access.js';
import type { StandardNumber } from './standards-catalogue.js';
import type { StandardsAudit } from './standards-ports.js';
import type { StandardsDb, StandardsRepository, StoredAction, StoredRecord } from './standards-repository.js';
import type { NewActionCommand, RecordCommand } from './standards-schemas.js';

/** The changes a save makes, from the fields it sent (a field left out is left as it is). */
function changesFrom(command: RecordCommand, current: StoredRecord): StandardRecordChanges {
  const changes: StandardRecordChanges = {};
  if (command.extentMet !== undefined) changes.extentMet = command.extentMet;
  if (command.partPositions !== undefined) changes.partPositions = command.partPositions.map((p) => ({ partKey: p.partKey, extentMet: p.extentMet, note: p.note ?? '' }));
  if (command.evidence !== undefined) {
    changes.evidence = command.evidence.map((item): EvidenceItem => {
      const before = item.id ? current.evidence.find((e) => e.id === item.id) : undefined;
      return {
        id: before?.id ?? randomUUID(),
        kind: item.kind,
        description: item.description,
        whereToFind: item.whereToFind ?? '',
        carriedForwardFrom: before?.carriedForwardFrom ?? null,
        // Carried-forward evidence stays flagged until the group confirms it is still current.
        needsReview: (before?.needsReview ?? false) && item.reviewed !== true,
      };
    });
  }
  if (command.mapNotes !== undefined) changes.mapNotes = command.mapNotes;
  if (command.effectiveness !== undefined) changes.effectiveness = command.effectiveness;
  if (command.evaluateNotes !== undefined) changes.evaluateNotes = command.evaluateNotes;
  if (command.planNotes !== undefined) changes.planNotes = command.planNotes;
  if (command.risk !== undefined) changes.risk = { amhps: command.risk.amhps ?? null, service: command.risk.service ?? null, organisation: command.risk.organisation ?? null };
  if (command.agreedByGroup !== undefined) changes.agreedByGroup = command.agreedByGroup;
  return changes;
}

export class RecordService {
  constructor(
    private readonly db: StandardsDb,
    private readonly clock: Clock,
    private readonly audit: StandardsAudit,
    private readonly repository: StandardsRepository,
  ) {}

  async get(ctx: ServiceContext, evaluationId: string, number: StandardNumber): Promise<StoredRecord> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see service standards evaluations');
    const record = await this.repository.record(this.db, evaluationId, number);
    if (!record) throw new NotFoundError('The standard');
    return record;
  }

  /**
   * Saves one step (or all) of a standard's record. `expectedVersion` is the version the editor
   * loaded: if someone saved in between, nothing is saved and the ConflictError carries the
   * current version and both sets of values (`details.current`, `details.yours`), so the page
   * can show them side by side.
   */
  async save(ctx: ServiceContext, evaluationId: string, number: StandardNumber, command: RecordCommand): Promise<StoredRecord> {
    return inTransaction(this.db, async (trx) => {
      const { evaluation } = await loadEvaluation(this.repository, trx, evaluationId);
      requireEditor(ctx, evaluation, 'record the group’s view of a standard');
      unwrap(checkCanChange(evaluation, 'standard_records'));
      const current = await this.repository.record(trx, evaluationId, number, { forUpdate: true });
      if (!current) throw new NotFoundError('The standard');
      if (current.version !== command.expectedVersion) {
        throw new ConflictError(
          `Someone else saved standard ${number} while you were editing it. Nothing you entered is lost: your values are still in the form, and the values they saved are shown beside them. Check both, then save again.`,
          { currentVersion: current.version, current, yours: command },
        );
      }
      const changes = changesFrom(command, current);
      const next = unwrap(updateStandardRecord(evaluation, current, changes, { expectedVersion: command.expectedVersion, personId: ctx.actor.personId, at: this.clock.now() }));
      const version = await this.repository.updateRecord(trx, current.id, next, current.version);
      await this.repository.touchEvaluation(trx, evaluationId, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'standards_record_saved', entityType: 'standards_evaluation', entityId: evaluationId, summary: { standardNumber: number, fields: Object.keys(changes), version } });
      return { ...next, id: current.id, version };
    });
  }

  /** The Plan step: an action with an owner and a target date on or after the evaluation date. */
  async addAction(ctx: ServiceContext, evaluationId: string, command: NewActionCommand): Promise<StoredAction> {
    return inTransaction(this.db, async (trx) => {
      const { evaluation } = await loadEvaluation(this.repository, trx, evaluationId);
      requireEditor(ctx, evaluation, 'add actions to the plan');
      unwrap(checkCanChange(evaluation, 'plan_actions'));
      const action = unwrap(
        createPlannedAction(
          evaluation,
          { id: randomUUID(), standardNumber: command.standardNumber, description: command.description, owner: command.owner, ownerPersonId: command.ownerPersonId ?? null, targetDate: command.targetDate },
          this.clock.now(),
        ),
      );
      await this.repository.insertAction(trx, action);
      await this.audit.record(trx, ctx, { action: 'standards_action_added', entityType: 'standards_action', entityId: action.id, summary: { evaluationId, standardNumber: action.standardNumber, targetDate: action.targetDate } });
      const stored = await this.repository.findAction(trx, action.id);
      if (!stored) throw new NotFoundError('The action');
      return stored;
    });
  }
}
