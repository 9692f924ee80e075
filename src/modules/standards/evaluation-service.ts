/**
 * Reading evaluations and moving them through their lifecycle: the list, one evaluation with
 * what the signed-in person may do there, the chair's transitions (start the meeting, circulate,
 * close), circulation comments, and the home page's summary.
 */
import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import { londonDate } from '../../platform/london-time.js';
import { unwrap } from '../../platform/result.js';
import { hasAnyRole, requireRole } from '../../platform/roles.js';
import { isOpenAction } from './action-plan.js';
import {
  addCirculationComment,
  availableEvents,
  evaluationProgress,
  transitionEvaluation,
  type CirculationComment,
  type EarlyThought,
  type Evaluation,
  type EvaluationEvent,
  type EvaluationProgress,
} from './evaluation.js';
import { isEditor, isParticipant, maySeeComments, PARTICIPANT_ROLES, STANDARDS_READERS } from './standards-access.js';
import type { StandardsCatalogue } from './standards-catalogue.js';
import type { StandardsAudit, StandardsStaff } from './standards-ports.js';
import type { StandardsDb, StandardsRepository, StoredAction, StoredEvaluation, StoredRecord } from './standards-repository.js';
import type { CommentCommand, TransitionCommand } from './standards-schemas.js';

export interface EvaluationView {
  stored: StoredEvaluation;
  evaluation: Evaluation;
  catalogue: StandardsCatalogue;
  /** The evaluation this one repeats (of the same service), if any. */
  baseline: Evaluation | undefined;
  records: StoredRecord[];
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
  stored: StoredEvaluation;
  evaluation: Evaluation;
  progress: EvaluationProgress;
  openActions: number;
}

export interface HomeSummary {
  overdue: number;
  inProgress: Array<{ id: string; serviceName: string; evaluationDate: string; status: Evaluation['status']; completed: number }>;
}

/** The evaluation, or NotFoundError; `forUpdate` locks its row until the transaction ends. */
export async function loadEvaluation(repository: StandardsRepository, db: StandardsDb, id: string, forUpdate = false): Promise<StoredEvaluation> {
  const stored = await repository.findEvaluation(db, id, { forUpdate });
  if (!stored) throw new NotFoundError('The evaluation');
  return stored;
}

export class EvaluationService {
  constructor(
    private readonly db: StandardsDb,
    private readonly clock: Clock,
    private readonly audit: StandardsAudit,
    private readonly staff: StandardsStaff,
    private readonly repository: StandardsRepository,
  ) {}

  async list(ctx: ServiceContext, filter: { organisationId?: string } = {}): Promise<EvaluationListItem[]> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see service standards evaluations');
    const stored = await this.repository.listEvaluations(this.db, filter);
    const records = await this.repository.recordsFor(this.db, stored.map((s) => s.evaluation.id));
    const actions = await this.repository.allActions(this.db, filter.organisationId);
    return stored.map((s) => ({
      stored: s,
      evaluation: s.evaluation,
      progress: evaluationProgress(records.filter((r) => r.evaluationId === s.evaluation.id)),
      openActions: actions.filter((a) => a.evaluationId === s.evaluation.id && isOpenAction(a)).length,
    }));
  }

  async view(ctx: ServiceContext, id: string): Promise<EvaluationView> {
    requireRole(ctx.actor, STANDARDS_READERS, 'see service standards evaluations');
    // One statement for the whole page (issue 17: was six, and the page read every evaluation of the service for its baseline).
    const page = await this.repository.evaluationPage(this.db, id);
    if (!page) throw new NotFoundError('The evaluation');
    const { stored, catalogue, records, actions, earlyThoughts, comments, baseline } = page;
    const evaluation = stored.evaluation;
    const me = ctx.actor.personId;
    return {
      stored,
      evaluation,
      catalogue,
      baseline,
      records,
      actions,
      earlyThoughts,
      comments,
      progress: evaluationProgress(records),
      can: {
        edit: isEditor(evaluation, me) && evaluation.status !== 'closed',
        addThoughts: isParticipant(evaluation, me) && evaluation.status === 'preparing',
        comment: evaluation.status === 'circulating',
        seeComments: maySeeComments(ctx, evaluation),
        events: availableEvents(evaluation, me),
      },
    };
  }

  /** Start the meeting, circulate for comments, or close (closing needs all 28 completed). */
  async transition(ctx: ServiceContext, evaluationId: string, command: TransitionCommand): Promise<StoredEvaluation> {
    requireRole(ctx.actor, STANDARDS_READERS, 'change an evaluation');
    return inTransaction(this.db, async (trx) => {
      const stored = await loadEvaluation(this.repository, trx, evaluationId, true);
      if (command.version !== undefined && command.version !== stored.version) {
        throw new ConflictError(undefined, { currentVersion: stored.version });
      }
      const { event } = command;
      const records = event === 'close' ? await this.repository.records(trx, evaluationId) : undefined;
      const next = unwrap(transitionEvaluation(stored.evaluation, event, { personId: ctx.actor.personId, at: this.clock.now(), ...(records ? { records } : {}) }));
      await this.repository.updateEvaluationState(trx, next, stored.version, this.clock.now());
      await this.audit.record(trx, ctx, { action: `standards_evaluation_${event}`, entityType: 'standards_evaluation', entityId: evaluationId, summary: { from: stored.evaluation.status, to: next.status } });
      return loadEvaluation(this.repository, trx, evaluationId);
    });
  }

  /** A comment while the evaluation circulates, seen by the chair and the managers. */
  async addComment(ctx: ServiceContext, evaluationId: string, command: CommentCommand): Promise<CirculationComment> {
    requireRole(ctx.actor, STANDARDS_READERS, 'comment on an evaluation');
    return inTransaction(this.db, async (trx) => {
      const { evaluation } = await loadEvaluation(this.repository, trx, evaluationId);
      const comment = unwrap(
        addCirculationComment(evaluation, { id: randomUUID(), standardNumber: command.standardNumber, author: { personId: ctx.actor.personId, name: ctx.actor.name }, text: command.text, createdAt: this.clock.now() }),
      );
      await this.repository.insertComment(trx, comment);
      await this.audit.record(trx, ctx, { action: 'standards_comment_added', entityType: 'standards_evaluation', entityId: evaluationId, summary: { standardNumber: command.standardNumber } });
      return comment;
    });
  }

  /** For the home page: overdue plan actions, and evaluations not yet closed. Null for people outside the toolkit. */
  async homeSummary(ctx: ServiceContext): Promise<HomeSummary | null> {
    if (!hasAnyRole(ctx.actor, STANDARDS_READERS)) return null;
    // One statement (issue 17: was three once an evaluation was open).
    const { overdue, open } = await this.repository.homeSummary(this.db, londonDate(this.clock.now()));
    return {
      overdue,
      inProgress: open.map(({ stored: e, records }) => ({
        id: e.evaluation.id,
        serviceName: e.evaluation.serviceName,
        evaluationDate: e.evaluation.evaluationDate,
        status: e.evaluation.status,
        completed: evaluationProgress(records).completed,
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
}
