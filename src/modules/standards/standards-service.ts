/**
 * Use cases of the National AMHP Service Standards toolkit: catalogue versions, evaluations
 * (before, in and after the meeting), the per-standard record, the development plan, repeat
 * evaluations and comparisons, and the summary report's data. The rules live in the pure
 * domain files beside this one; this service loads, checks permissions, calls them, stores the
 * result and audits it in the same transaction.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { inTransaction, type Db, type DbOrTx } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  StateError,
  ValidationError,
  assertVersionMatched,
} from '../../platform/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import { hasAnyRole, requireRole, type Role } from '../../platform/roles.js';
import type { StaffService } from '../staff/staff-service.js';
import {
  addProgressNote,
  carryForward,
  changeActionStatus,
  createPlannedAction,
  developmentPlan,
  isOpenAction,
  reviseActionCommitment,
  summarisePlan,
  type ActionStatus,
  type DevelopmentAction,
  type PlanRow,
} from './action-plan.js';
import { compareEvaluations, type EvaluationComparison } from './comparison.js';
import {
  addCirculationComment,
  addEarlyThought,
  availableEvents,
  checkCanChange,
  createEvaluation,
  DEFAULT_SERVICE_PARTS,
  emptyStandardRecords,
  evaluationProgress,
  transitionEvaluation,
  updateStandardRecord,
  type CirculationComment,
  type EarlyThought,
  type Evaluation,
  type EvaluationEvent,
  type EvaluationProgress,
  type EvidenceItem,
  type Participant,
  type StandardRecord,
  type StandardRecordChanges,
} from './evaluation.js';
import {
  builtInCatalogue,
  isStandardNumber,
  parseCatalogueImport,
  type CatalogueImportFormat,
  type StandardNumber,
  type StandardsCatalogue,
} from './standards-catalogue.js';
import type { StandardsError } from './standards-result.js';
import { StandardsRepository, type CatalogueRow, type StoredAction, type StoredEvaluation } from './standards-repository.js';
import {
  actionInputSchema,
  actionStatusInputSchema,
  commentInputSchema,
  earlyThoughtInputSchema,
  evidenceItemInputSchema,
  newEvaluationInputSchema,
  participantInputSchema,
  progressNoteInputSchema,
  standardRecordInputSchema,
} from './standards-schemas.js';
import { londonDateOf } from './standards-time.js';

/** Everyone who may open the toolkit: the staff who take part, and the governance readers. */
export const STANDARDS_READERS: readonly Role[] = [
  'amhp',
  'amhp_lead',
  'edt_officer',
  'edt_manager',
  'operational_manager',
  'line_manager',
  'lead_amhp',
  'governance_viewer',
  'admin',
];
/** Who may set up an evaluation (and so become or appoint its chair). */
export const STANDARDS_ORGANISERS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager', 'lead_amhp', 'admin'];
/** Who may update any development-plan action's progress, besides its owner and the chair/note-taker. */
export const PLAN_MANAGERS: readonly Role[] = ['amhp_lead', 'operational_manager', 'lead_amhp', 'admin'];
/** People who can be chosen as chair, note-taker or participant. */
export const PARTICIPANT_ROLES: readonly Role[] = ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'line_manager', 'lead_amhp', 'governance_viewer'];

/** The record as saved from a form or the API; evidence may say a carried item has been reviewed. */
export const recordSaveSchema = standardRecordInputSchema.extend({
  evidence: z.array(evidenceItemInputSchema.extend({ reviewed: z.preprocess((v) => v === true || v === 'true' || v === 'yes' || v === 'on', z.boolean()).optional() })).optional(),
});
export type RecordSaveInput = z.input<typeof recordSaveSchema>;

export const catalogueImportSchema = z.object({
  format: z.enum(['json', 'csv'], { error: 'Choose JSON or CSV' }),
  versionLabel: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(100, { error: 'Version label must be 100 characters or fewer' }).optional()),
  content: z.string({ error: 'Paste the contents of the file' }).trim().min(1, { error: 'Paste the contents of the file' }).max(500_000, { error: 'The file is too large' }),
});

export const reviseActionSchema = z.object({
  owner: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().max(200).optional()),
  targetDate: z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().optional()),
  reason: z.preprocess((v) => v ?? '', z.string().trim().max(2000)),
  version: z.coerce.number().int().min(1),
});

/** Maps a domain outcome to the platform's error types, in one place. */
export function toAppError(error: StandardsError): Error {
  switch (error.code) {
    case 'validation':
    case 'same_evaluation':
      return new ValidationError(
        (error.problems ?? [{ field: 'form', message: error.message }]).map((p) => ({
          field: p.field.replace(/\[(\d+)\]/g, '.$1'),
          message: p.line === undefined ? p.message : `Line ${p.line}: ${p.message}`,
        })),
        error.message,
      );
    case 'edit_conflict':
      return new ConflictError(error.message);
    case 'not_chair':
      return new ForbiddenError(error.message);
    case 'different_services':
    case 'incomplete_standards':
      return new RuleViolationError(error.code, error.message, { problems: error.problems });
    default:
      return new StateError(error.message, error.code);
  }
}

function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: StandardsError }): T {
  if (!result.ok) throw toAppError(result.error);
  return result.value;
}

export interface EvaluationView {
  stored: StoredEvaluation;
  evaluation: Evaluation;
  catalogue: StandardsCatalogue;
  records: StandardRecord[];
  actions: StoredAction[];
  earlyThoughts: EarlyThought[];
  comments: CirculationComment[];
  progress: EvaluationProgress;
  /** What the signed-in person may do here. */
  can: {
    edit: boolean;
    addThoughts: boolean;
    comment: boolean;
    seeComments: boolean;
    events: EvaluationEvent[];
  };
}

export interface EvaluationListItem {
  evaluation: Evaluation;
  progress: EvaluationProgress;
  openActions: number;
}

export class StandardsService {
  private readonly repository = new StandardsRepository();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly staff: StaffService,
  ) {}

  // --- catalogue ----------------------------------------------------------------------------

  /** The catalogue new evaluations use; the built-in paraphrase is stored on first use. */
  async currentCatalogue(db: DbOrTx = this.db): Promise<CatalogueRow> {
    const current = await this.repository.currentCatalogue(db);
    if (current) return current;
    return inTransaction(db as Db, async (trx) => {
      const again = await this.repository.currentCatalogue(trx);
      if (again) return again;
      const existing = await this.repository.findCatalogueByLabel(trx, builtInCatalogue().versionLabel);
      if (existing) {
        await this.repository.setCurrentCatalogue(trx, existing.id);
        return { ...existing, isCurrent: true };
      }
      const id = await this.repository.insertCatalogue(trx, builtInCatalogue(), null, this.clock.now());
      const row = await this.repository.findCatalogue(trx, id);
      if (!row) throw new Error('catalogue vanished');
      return row;
    });
  }

  async catalogues(ctx: ServiceContext): Promise<CatalogueRow[]> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see the standards');
    await this.currentCatalogue();
    return this.repository.listCatalogues(this.db);
  }

  async catalogue(ctx: ServiceContext, id: string): Promise<CatalogueRow> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see the standards');
    const row = await this.repository.findCatalogue(this.db, id);
    if (!row) throw new NotFoundError('The catalogue version');
    return row;
  }

  /** An administrator loads the official wording from a CSV or JSON file; it becomes current. */
  async importCatalogue(ctx: ServiceContext, raw: unknown): Promise<string> {
    requireRole(ctx.actor, ['admin'], 'load the official wording');
    const input = parseInput(catalogueImportSchema, raw);
    const base = (await this.currentCatalogue()).catalogue;
    const catalogue = unwrap(
      parseCatalogueImport(input.content, input.format as CatalogueImportFormat, {
        base,
        ...(input.versionLabel !== undefined ? { versionLabel: input.versionLabel } : {}),
      }),
    );
    return inTransaction(this.db, async (trx) => {
      if (await this.repository.findCatalogueByLabel(trx, catalogue.versionLabel)) {
        throw ValidationError.of('versionLabel', `A catalogue called "${catalogue.versionLabel}" already exists: give this version a new label`);
      }
      const id = await this.repository.insertCatalogue(trx, catalogue, ctx.actor.personId, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'standards_catalogue_imported', entityType: 'standards_catalogue', entityId: id, summary: { format: input.format, wording: catalogue.wording } });
      return id;
    });
  }

  async makeCatalogueCurrent(ctx: ServiceContext, id: string): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'choose the catalogue version');
    await inTransaction(this.db, async (trx) => {
      if (!(await this.repository.findCatalogue(trx, id))) throw new NotFoundError('The catalogue version');
      await this.repository.setCurrentCatalogue(trx, id);
      await this.audit.record(trx, ctx, { action: 'standards_catalogue_made_current', entityType: 'standards_catalogue', entityId: id });
    });
  }

  // --- reading ------------------------------------------------------------------------------

  async listEvaluations(ctx: ServiceContext, filter: { organisationId?: string } = {}): Promise<EvaluationListItem[]> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see service standards evaluations');
    const stored = await this.repository.listEvaluations(this.db, filter);
    const ids = stored.map((s) => s.evaluation.id);
    const records = await this.repository.recordsFor(this.db, ids);
    const actions = await this.repository.allActions(this.db, filter.organisationId);
    return stored.map((s) => ({
      evaluation: s.evaluation,
      progress: evaluationProgress(records.filter((r) => r.evaluationId === s.evaluation.id)),
      openActions: actions.filter((a) => a.evaluationId === s.evaluation.id && isOpenAction(a)).length,
    }));
  }

  private async load(db: DbOrTx, id: string, forUpdate = false): Promise<StoredEvaluation> {
    const stored = await this.repository.findEvaluation(db, id, { forUpdate });
    if (!stored) throw new NotFoundError('The evaluation');
    return stored;
  }

  private isEditor(evaluation: Evaluation, personId: string): boolean {
    return evaluation.chair.personId === personId || evaluation.noteTaker?.personId === personId;
  }

  private isParticipant(evaluation: Evaluation, personId: string): boolean {
    return this.isEditor(evaluation, personId) || evaluation.participants.some((p) => p.personId === personId);
  }

  private requireEditor(ctx: ServiceContext, evaluation: Evaluation, action: string): void {
    if (!this.isEditor(evaluation, ctx.actor.personId)) {
      throw new ForbiddenError(`Only the chair (${evaluation.chair.name}) or the note-taker can ${action}`);
    }
  }

  async getEvaluation(ctx: ServiceContext, id: string): Promise<EvaluationView> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see service standards evaluations');
    const stored = await this.load(this.db, id);
    const evaluation = stored.evaluation;
    const [catalogueRow, records, actions, earlyThoughts, comments] = await Promise.all([
      this.repository.findCatalogue(this.db, stored.catalogueId),
      this.repository.records(this.db, id),
      this.repository.actionsOf(this.db, id),
      this.repository.earlyThoughts(this.db, id),
      this.repository.comments(this.db, id),
    ]);
    if (!catalogueRow) throw new NotFoundError('The catalogue version');
    const me = ctx.actor.personId;
    const editor = this.isEditor(evaluation, me);
    return {
      stored,
      evaluation,
      catalogue: catalogueRow.catalogue,
      records,
      actions,
      earlyThoughts,
      comments,
      progress: evaluationProgress(records),
      can: {
        edit: editor && evaluation.status !== 'closed',
        addThoughts: this.isParticipant(evaluation, me) && evaluation.status === 'preparing',
        comment: evaluation.status === 'circulating',
        seeComments: editor || hasAnyRole(ctx.actor, PLAN_MANAGERS) || evaluation.status === 'closed',
        events: availableEvents(evaluation, me),
      },
    };
  }

  // --- before the meeting -------------------------------------------------------------------

  async createEvaluation(ctx: ServiceContext, raw: unknown): Promise<string> {
    requireRole(ctx.actor, STANDARDS_ORGANISERS, 'set up an evaluation');
    const input = parseInput(newEvaluationInputSchema, raw);
    const now = this.clock.now();
    const organisations = await this.staff.organisations();
    const organisation = organisations.find((o) => o.id === input.serviceId && o.kind === 'lssa');
    if (!organisation) throw ValidationError.of('serviceId', 'Choose the council whose AMHP service is being evaluated');
    const person = async (id: string, field: string) => {
      const found = await this.staff.findPerson(id);
      if (!found || !found.active) throw ValidationError.of(field, 'Choose a person who works in the service');
      return { personId: found.id, name: found.name };
    };
    const chair = await person(input.chairPersonId, 'chairPersonId');
    const noteTaker = input.noteTakerPersonId ? await person(input.noteTakerPersonId, 'noteTakerPersonId') : null;
    const participants: Participant[] = [];
    for (const [i, p] of input.participants.entries()) {
      const found = await person(p.personId, `participants.${i}.personId`);
      participants.push({ ...found, represents: p.represents, attending: p.attending });
    }

    return inTransaction(this.db, async (trx) => {
      const catalogueRow = await this.currentCatalogue(trx);
      let baseline: StoredEvaluation | undefined;
      if (input.baselineEvaluationId) {
        baseline = await this.repository.findEvaluation(trx, input.baselineEvaluationId);
        if (!baseline) throw ValidationError.of('baselineEvaluationId', 'The earlier evaluation could not be found');
      }
      const id = randomUUID();
      const evaluation = unwrap(
        createEvaluation(
          {
            id,
            serviceId: organisation.id,
            serviceName: `${organisation.name} AMHP service`,
            evaluationDate: input.evaluationDate,
            chair,
            noteTaker,
            participants,
            serviceParts: input.serviceParts ?? baseline?.evaluation.serviceParts ?? [...DEFAULT_SERVICE_PARTS],
            catalogueVersion: catalogueRow.versionLabel,
            baselineEvaluationId: baseline?.evaluation.id ?? null,
            createdBy: ctx.actor.personId,
          },
          now,
        ),
      );
      let records = emptyStandardRecords(id);
      let carriedActions: DevelopmentAction[] = [];
      if (baseline) {
        const carried = unwrap(
          carryForward({
            baseline: baseline.evaluation,
            baselineRecords: await this.repository.records(trx, baseline.evaluation.id),
            baselineActions: await this.repository.allActions(trx, baseline.evaluation.serviceId),
            repeat: evaluation,
            newId: randomUUID,
            at: now,
          }),
        );
        records = records.map((r) => carried.records.find((c) => c.standardNumber === r.standardNumber) ?? r);
        carriedActions = carried.actions;
      }
      await this.repository.insertEvaluation(trx, evaluation, catalogueRow.id, ctx.actor.personId, now);
      await this.repository.insertRecords(trx, records);
      for (const action of carriedActions) await this.repository.insertAction(trx, action);
      await this.audit.record(trx, ctx, {
        action: baseline ? 'standards_repeat_started' : 'standards_evaluation_created',
        entityType: 'standards_evaluation',
        entityId: id,
        summary: { organisationId: organisation.id, participants: participants.length, baselineEvaluationId: baseline?.evaluation.id ?? null, carriedActions: carriedActions.length },
      });
      return id;
    });
  }

  async addParticipant(ctx: ServiceContext, evaluationId: string, raw: unknown): Promise<void> {
    const input = parseInput(participantInputSchema, raw);
    const person = await this.staff.findPerson(input.personId);
    if (!person || !person.active || !person.roles.some((r) => PARTICIPANT_ROLES.includes(r))) {
      throw ValidationError.of('personId', 'Choose a person who works in the service');
    }
    await inTransaction(this.db, async (trx) => {
      const { evaluation } = await this.load(trx, evaluationId, true);
      this.requireEditor(ctx, evaluation, 'change the participants');
      unwrap(checkCanChange(evaluation, 'participants'));
      await this.repository.upsertParticipant(trx, evaluationId, { personId: person.id, name: person.name, represents: input.represents, attending: input.attending }, this.clock.now());
      await this.repository.touchEvaluation(trx, evaluationId, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'standards_participant_added', entityType: 'standards_evaluation', entityId: evaluationId, summary: { personId: person.id, represents: input.represents } });
    });
  }

  async removeParticipant(ctx: ServiceContext, evaluationId: string, personId: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const { evaluation } = await this.load(trx, evaluationId, true);
      this.requireEditor(ctx, evaluation, 'change the participants');
      unwrap(checkCanChange(evaluation, 'participants'));
      if ((await this.repository.removeParticipant(trx, evaluationId, personId)) === 0) throw new NotFoundError('The participant');
      await this.audit.record(trx, ctx, { action: 'standards_participant_removed', entityType: 'standards_evaluation', entityId: evaluationId, summary: { personId } });
    });
  }

  async addEarlyThought(ctx: ServiceContext, evaluationId: string, raw: unknown): Promise<void> {
    const input = parseInput(earlyThoughtInputSchema, raw);
    await inTransaction(this.db, async (trx) => {
      const { evaluation } = await this.load(trx, evaluationId);
      if (!this.isParticipant(evaluation, ctx.actor.personId)) throw new ForbiddenError('Only the participants of this evaluation can add early thoughts');
      const thought = unwrap(
        addEarlyThought(evaluation, {
          id: randomUUID(),
          standardNumber: input.standardNumber,
          author: { personId: ctx.actor.personId, name: ctx.actor.name },
          text: input.text,
          gatheredFrom: input.gatheredFrom,
          createdAt: this.clock.now(),
        }),
      );
      await this.repository.insertEarlyThought(trx, thought);
      await this.audit.record(trx, ctx, { action: 'standards_early_thought_added', entityType: 'standards_evaluation', entityId: evaluationId, summary: { standardNumber: input.standardNumber, gathered: input.gatheredFrom !== null } });
    });
  }

  // --- in the meeting -----------------------------------------------------------------------

  async transition(ctx: ServiceContext, evaluationId: string, event: EvaluationEvent): Promise<Evaluation> {
    requireRole(ctx.actor, STANDARDS_READERS, 'change an evaluation');
    return inTransaction(this.db, async (trx) => {
      const stored = await this.load(trx, evaluationId, true);
      const records = event === 'close' ? await this.repository.records(trx, evaluationId) : undefined;
      const next = unwrap(transitionEvaluation(stored.evaluation, event, { personId: ctx.actor.personId, at: this.clock.now(), ...(records ? { records } : {}) }));
      assertVersionMatched(await this.repository.updateEvaluationState(trx, next, stored.version, this.clock.now()), 'evaluation');
      await this.audit.record(trx, ctx, { action: `standards_evaluation_${event}`, entityType: 'standards_evaluation', entityId: evaluationId, summary: { from: stored.evaluation.status, to: next.status } });
      return next;
    });
  }

  /**
   * Saves one step (or all) of a standard's record. `expectedVersion` is the version the editor
   * loaded: if someone saved in between, nothing is saved and a ConflictError carries both
   * versions (`details.current` and `details.yours`) so the page can show them side by side.
   */
  async saveRecord(ctx: ServiceContext, evaluationId: string, number: string, raw: unknown): Promise<StandardRecord> {
    if (!isStandardNumber(number)) throw new NotFoundError('The standard');
    const input = parseInput(recordSaveSchema, raw);
    return inTransaction(this.db, async (trx) => {
      const { evaluation } = await this.load(trx, evaluationId);
      this.requireEditor(ctx, evaluation, 'record the group’s view of a standard');
      unwrap(checkCanChange(evaluation, 'standard_records'));
      const current = await this.repository.record(trx, evaluationId, number, { forUpdate: true });
      if (!current) throw new NotFoundError('The standard');
      if (current.version !== input.expectedVersion) {
        throw new ConflictError(
          `Someone else saved standard ${number} while you were editing it. Nothing you entered is lost: your values are still in the form, and the values they saved are shown beside them. Check both, then save again.`,
          { current, yours: input },
        );
      }
      const changes: StandardRecordChanges = {};
      if (input.extentMet !== undefined) changes.extentMet = input.extentMet;
      if (input.partPositions !== undefined) changes.partPositions = input.partPositions.map((p) => ({ partKey: p.partKey, extentMet: p.extentMet, note: p.note }));
      if (input.evidence !== undefined) {
        changes.evidence = input.evidence.map((item): EvidenceItem => {
          const before = item.id ? current.evidence.find((e) => e.id === item.id) : undefined;
          return {
            id: before?.id ?? randomUUID(),
            kind: item.kind,
            description: item.description,
            whereToFind: item.whereToFind,
            carriedForwardFrom: before?.carriedForwardFrom ?? null,
            needsReview: (before?.needsReview ?? false) && item.reviewed !== true,
          };
        });
      }
      if (input.mapNotes !== undefined) changes.mapNotes = input.mapNotes;
      if (input.effectiveness !== undefined) changes.effectiveness = input.effectiveness;
      if (input.evaluateNotes !== undefined) changes.evaluateNotes = input.evaluateNotes;
      if (input.planNotes !== undefined) changes.planNotes = input.planNotes;
      if (input.risk !== undefined) changes.risk = input.risk;
      if (input.agreedByGroup !== undefined) changes.agreedByGroup = input.agreedByGroup;
      const next = unwrap(updateStandardRecord(evaluation, current, changes, { expectedVersion: input.expectedVersion, personId: ctx.actor.personId, at: this.clock.now() }));
      assertVersionMatched(await this.repository.updateRecord(trx, next, current.version), `standard ${number}`);
      await this.repository.touchEvaluation(trx, evaluationId, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'standards_record_saved', entityType: 'standards_evaluation', entityId: evaluationId, summary: { standardNumber: number, fields: Object.keys(changes), version: next.version } });
      return next;
    });
  }

  async getRecord(ctx: ServiceContext, evaluationId: string, number: string): Promise<StandardRecord> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see service standards evaluations');
    if (!isStandardNumber(number)) throw new NotFoundError('The standard');
    const record = await this.repository.record(this.db, evaluationId, number);
    if (!record) throw new NotFoundError('The standard');
    return record;
  }

  async addAction(ctx: ServiceContext, evaluationId: string, raw: unknown): Promise<string> {
    return inTransaction(this.db, async (trx) => {
      const { evaluation } = await this.load(trx, evaluationId);
      this.requireEditor(ctx, evaluation, 'add actions to the plan');
      unwrap(checkCanChange(evaluation, 'plan_actions'));
      const input = parseInput(actionInputSchema(evaluation.evaluationDate), raw);
      const action = unwrap(
        createPlannedAction(
          evaluation,
          { id: randomUUID(), standardNumber: input.standardNumber, description: input.description, owner: input.owner, ownerPersonId: input.ownerPersonId ?? null, targetDate: input.targetDate },
          this.clock.now(),
        ),
      );
      await this.repository.insertAction(trx, action);
      await this.audit.record(trx, ctx, { action: 'standards_action_added', entityType: 'standards_action', entityId: action.id, summary: { evaluationId, standardNumber: action.standardNumber, targetDate: action.targetDate } });
      return action.id;
    });
  }

  // --- after the meeting --------------------------------------------------------------------

  async addComment(ctx: ServiceContext, evaluationId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, STANDARDS_READERS, 'comment on an evaluation');
    const input = parseInput(commentInputSchema, raw);
    await inTransaction(this.db, async (trx) => {
      const { evaluation } = await this.load(trx, evaluationId);
      const comment = unwrap(
        addCirculationComment(evaluation, { id: randomUUID(), standardNumber: input.standardNumber, author: { personId: ctx.actor.personId, name: ctx.actor.name }, text: input.text, createdAt: this.clock.now() }),
      );
      await this.repository.insertComment(trx, comment);
      await this.audit.record(trx, ctx, { action: 'standards_comment_added', entityType: 'standards_evaluation', entityId: evaluationId, summary: { standardNumber: input.standardNumber } });
    });
  }

  // --- development plan ---------------------------------------------------------------------

  async plan(ctx: ServiceContext, filter: { organisationId?: string; includeClosed?: boolean } = {}): Promise<{ rows: Array<PlanRow & { evaluation: Evaluation }>; summary: ReturnType<typeof summarisePlan> }> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see the development plan');
    const actions = await this.repository.allActions(this.db, filter.organisationId);
    const evaluations = await this.repository.listEvaluations(this.db, filter.organisationId ? { organisationId: filter.organisationId } : {});
    const now = this.clock.now();
    const rows = developmentPlan(actions, now, { includeClosed: filter.includeClosed !== false }).flatMap((row) => {
      const evaluation = evaluations.find((e) => e.evaluation.id === row.action.evaluationId)?.evaluation;
      return evaluation ? [{ ...row, evaluation }] : [];
    });
    return { rows, summary: summarisePlan(actions, now) };
  }

  async getAction(ctx: ServiceContext, id: string): Promise<{ action: StoredAction; evaluation: Evaluation; overdue: boolean; mayUpdate: boolean }> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see the development plan');
    const action = await this.repository.findAction(this.db, id);
    if (!action) throw new NotFoundError('The action');
    const { evaluation } = await this.load(this.db, action.evaluationId);
    const row = developmentPlan([action], this.clock.now())[0];
    return { action, evaluation, overdue: row?.overdue ?? false, mayUpdate: this.mayUpdateAction(ctx, evaluation, action) };
  }

  private mayUpdateAction(ctx: ServiceContext, evaluation: Evaluation, action: DevelopmentAction): boolean {
    return this.isEditor(evaluation, ctx.actor.personId) || action.ownerPersonId === ctx.actor.personId || hasAnyRole(ctx.actor, PLAN_MANAGERS);
  }

  private async updateActionWith(
    ctx: ServiceContext,
    id: string,
    auditAction: string,
    change: (action: StoredAction, evaluation: Evaluation, noteContext: { noteId: string; at: Date; personId: string; name: string }) => DevelopmentAction,
    expectedVersion?: number,
  ): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const action = await this.repository.findAction(trx, id);
      if (!action) throw new NotFoundError('The action');
      const { evaluation } = await this.load(trx, action.evaluationId);
      if (!this.mayUpdateAction(ctx, evaluation, action)) throw new ForbiddenError('Only the action’s owner, the chair, the note-taker or an AMHP service manager can update this action');
      const next = change(action, evaluation, { noteId: randomUUID(), at: this.clock.now(), personId: ctx.actor.personId, name: ctx.actor.name });
      assertVersionMatched(await this.repository.updateAction(trx, next, expectedVersion ?? action.version), 'action');
      await this.audit.record(trx, ctx, { action: auditAction, entityType: 'standards_action', entityId: id, summary: { status: next.status } });
    });
  }

  async changeActionStatus(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    const input = parseInput(actionStatusInputSchema, raw);
    await this.updateActionWith(ctx, id, 'standards_action_status_changed', (action, _e, note) =>
      unwrap(changeActionStatus(action, input.status as ActionStatus, { ...note, note: input.note })),
    );
  }

  async addProgressNote(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    const input = parseInput(progressNoteInputSchema, raw);
    await this.updateActionWith(ctx, id, 'standards_action_note_added', (action, _e, note) => unwrap(addProgressNote(action, input.note, note)));
  }

  async reviseAction(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    const input = parseInput(reviseActionSchema, raw);
    if (input.owner === undefined && input.targetDate === undefined) throw ValidationError.of('owner', 'Enter a new owner or a new target date');
    await this.updateActionWith(
      ctx,
      id,
      'standards_action_revised',
      (action, evaluation, note) =>
        unwrap(
          reviseActionCommitment(
            action,
            evaluation.evaluationDate,
            { ...(input.owner !== undefined ? { owner: input.owner } : {}), ...(input.targetDate !== undefined ? { targetDate: input.targetDate } : {}) },
            { ...note, reason: input.reason },
          ),
        ),
      input.version,
    );
  }

  // --- comparison and summary ---------------------------------------------------------------

  async compare(ctx: ServiceContext, firstId: string, secondId: string): Promise<EvaluationComparison> {
    requireRole(ctx.actor, STANDARDS_READERS, 'compare evaluations');
    const [first, second] = await Promise.all([this.load(this.db, firstId), this.load(this.db, secondId)]);
    const [a, b] = await Promise.all([this.repository.records(this.db, firstId), this.repository.records(this.db, secondId)]);
    return unwrap(compareEvaluations({ evaluation: first.evaluation, records: a }, { evaluation: second.evaluation, records: b }));
  }

  async recordExport(ctx: ServiceContext, evaluationId: string, format: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      await this.audit.record(trx, ctx, { action: 'standards_summary_exported', entityType: 'standards_evaluation', entityId: evaluationId, summary: { format } });
    });
  }

  // --- home panel ---------------------------------------------------------------------------

  async homeSummary(ctx: ServiceContext): Promise<{ overdue: number; inProgress: Array<{ id: string; serviceName: string; evaluationDate: string; status: Evaluation['status']; completed: number }> } | null> {
    if (!hasAnyRole(ctx.actor, STANDARDS_READERS)) return null;
    const overdue = await this.repository.countOverdueActions(this.db, londonDateOf(this.clock.now()));
    const open = (await this.repository.listEvaluations(this.db)).filter((e) => e.evaluation.status !== 'closed');
    const records = await this.repository.recordsFor(this.db, open.map((e) => e.evaluation.id));
    return {
      overdue,
      inProgress: open.map((e) => ({
        id: e.evaluation.id,
        serviceName: e.evaluation.serviceName,
        evaluationDate: e.evaluation.evaluationDate,
        status: e.evaluation.status,
        completed: evaluationProgress(records.filter((r) => r.evaluationId === e.evaluation.id)).completed,
      })),
    };
  }

  /** For forms: councils (services) and people who can take part. */
  async formOptions(): Promise<{ services: Array<{ value: string; text: string }>; people: Array<{ value: string; text: string }> }> {
    const [lssas, people] = await Promise.all([this.staff.lssas(), this.staff.peopleWithRole(PARTICIPANT_ROLES)]);
    return {
      services: lssas.map((o) => ({ value: o.id, text: o.name })),
      people: people.map((p) => ({ value: p.id, text: `${p.name} (${p.jobTitle || p.organisationName})` })),
    };
  }

  /** Standard numbers as typed values, for routes. */
  static standardNumber(value: string): StandardNumber {
    if (!isStandardNumber(value)) throw new NotFoundError('The standard');
    return value;
  }
}
