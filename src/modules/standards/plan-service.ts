/**
 * The service development plan: the actions from every evaluation, overdue first, followed up
 * long after the meeting (status, progress notes, a new owner or target date with a reason).
 */
import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { unwrap, type Result } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import {
  addProgressNote,
  changeActionStatus,
  developmentPlan,
  reviseActionCommitment,
  summarisePlan,
  type DevelopmentAction,
  type NoteContext,
  type PlanRow,
  type PlanSummary,
} from './action-plan.js';
import type { Evaluation } from './evaluation.js';
import { loadEvaluation } from './evaluation-service.js';
import { mayUpdateAction, STANDARDS_READERS } from './standards-access.js';
import type { StandardsAudit } from './standards-ports.js';
import type { StandardsDb, StandardsRepository, StoredAction } from './standards-repository.js';
import type { ActionStatusCommand, ProgressNoteCommand, ReviseActionCommand } from './standards-schemas.js';

export interface PlanFilter {
  organisationId?: string | undefined;
  /** Done and dropped actions too (the default). */
  includeClosed?: boolean | undefined;
}

export interface ActionView {
  action: StoredAction;
  evaluation: Evaluation;
  overdue: boolean;
  mayUpdate: boolean;
}

export class PlanService {
  constructor(
    private readonly db: StandardsDb,
    private readonly clock: Clock,
    private readonly audit: StandardsAudit,
    private readonly repository: StandardsRepository,
  ) {}

  async plan(ctx: ServiceContext, filter: PlanFilter = {}): Promise<{ rows: Array<PlanRow & { action: StoredAction; evaluation: Evaluation }>; summary: PlanSummary }> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see the development plan');
    const actions = await this.repository.allActions(this.db, filter.organisationId);
    const evaluations = await this.repository.listEvaluations(this.db, filter.organisationId ? { organisationId: filter.organisationId } : {});
    const now = this.clock.now();
    const byId = new Map(actions.map((a) => [a.id, a]));
    const rows = developmentPlan(actions, now, { includeClosed: filter.includeClosed !== false }).flatMap((row) => {
      const evaluation = evaluations.find((e) => e.evaluation.id === row.action.evaluationId)?.evaluation;
      const action = byId.get(row.action.id);
      return evaluation && action ? [{ ...row, action, evaluation }] : [];
    });
    return { rows, summary: summarisePlan(actions, now) };
  }

  async action(ctx: ServiceContext, id: string): Promise<ActionView> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see the development plan');
    const action = await this.repository.findAction(this.db, id);
    if (!action) throw new NotFoundError('The action');
    const { evaluation } = await loadEvaluation(this.repository, this.db, action.evaluationId);
    const row = developmentPlan([action], this.clock.now())[0];
    return { action, evaluation, overdue: row?.overdue ?? false, mayUpdate: mayUpdateAction(ctx, evaluation, action) };
  }

  async changeStatus(ctx: ServiceContext, id: string, command: ActionStatusCommand): Promise<StoredAction> {
    return this.update(ctx, id, 'standards_action_status_changed', command.version, (action, _evaluation, note) =>
      changeActionStatus(action, command.status, { ...note, note: command.note }),
    );
  }

  async addNote(ctx: ServiceContext, id: string, command: ProgressNoteCommand): Promise<StoredAction> {
    return this.update(ctx, id, 'standards_action_note_added', command.version, (action, _evaluation, note) => addProgressNote(action, command.note, note));
  }

  /** A new owner or target date, with the reason kept as a progress note. */
  async revise(ctx: ServiceContext, id: string, command: ReviseActionCommand): Promise<StoredAction> {
    if (command.owner === undefined && command.targetDate === undefined) throw ValidationError.of('owner', 'Enter a new owner or a new target date');
    return this.update(ctx, id, 'standards_action_revised', command.version, (action, evaluation, note) =>
      reviseActionCommitment(
        action,
        evaluation.evaluationDate,
        { ...(command.owner !== undefined ? { owner: command.owner } : {}), ...(command.targetDate !== undefined ? { targetDate: command.targetDate } : {}) },
        { ...note, reason: command.reason },
      ),
    );
  }

  /** Loads, checks who may update it and the version they read, applies the change, saves and audits. */
  private async update(
    ctx: ServiceContext,
    id: string,
    auditAction: string,
    expectedVersion: number | undefined,
    change: (action: StoredAction, evaluation: Evaluation, note: NoteContext) => Result<DevelopmentAction>,
  ): Promise<StoredAction> {
    return inTransaction(this.db, async (trx) => {
      const action = await this.repository.findAction(trx, id);
      if (!action) throw new NotFoundError('The action');
      const { evaluation } = await loadEvaluation(this.repository, trx, action.evaluationId);
      if (!mayUpdateAction(ctx, evaluation, action)) throw new ForbiddenError('Only the action’s owner, the chair, the note-taker or an AMHP service manager can update this action');
      if (expectedVersion !== undefined && expectedVersion !== action.version) {
        throw new ConflictError('Someone else changed this action while you were editing it. Nothing has been saved: check the current version and try again.', { currentVersion: action.version });
      }
      const next = unwrap(change(action, evaluation, { noteId: randomUUID(), at: this.clock.now(), personId: ctx.actor.personId, name: ctx.actor.name }));
      const version = await this.repository.updateAction(trx, next, action.version);
      await this.audit.record(trx, ctx, { action: auditAction, entityType: 'standards_action', entityId: id, summary: { status: next.status } });
      return { ...next, version };
    });
  }
}
