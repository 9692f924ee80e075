/**
 * The AMHP trainee pipeline: nominations (Workforce Strategy §4), the approval checklist,
 * shadowing, the course and its outcome, first approval; and trainees per year against target.
 */
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, ValidationError } from '../../../platform/errors.js';
import { londonDate } from '../../../platform/london-time.js';
import { unwrap, type Result } from '../../../platform/result.js';
import { requireRole } from '../../../platform/roles.js';
import { PIPELINE_USERS, SUMMARY_READERS } from '../register-access.js';
import type { RegisterDeps } from '../register-ports.js';
import {
  TRAINEE_STAGE_LABELS,
  approveNomination,
  checkNominationDeadline,
  checklistItems,
  cohortLabel,
  logShadowingDay,
  nominationDeadline,
  recordCourseOutcome,
  recordFirstApproval,
  startCourse,
  traineeStage,
  traineesPerYear,
  type ApprovalChecklist,
  type Trainee,
} from './trainee-pipeline.js';
import { TraineeRepository, type StoredTrainee } from './trainee-repository.js';
import type { ChecklistCommand, NominationCommand, OnCommand, OutcomeCommand, ShadowingCommand } from './trainee-schemas.js';

export type TraineeView = ReturnType<typeof describe>;

function describe(t: StoredTrainee, names: Record<string, string>) {
  const stage = traineeStage(t);
  return {
    ...t,
    stage,
    stageLabel: TRAINEE_STAGE_LABELS[stage],
    cohortLabel: cohortLabel(t.nomination.cohort),
    deadline: nominationDeadline(t.nomination.cohort),
    lssaName: names[t.nomination.lssaId] ?? '',
    checklistItems: checklistItems(t.checklist, t.nomination.employerType),
  };
}

export class TraineeService {
  private readonly repository = new TraineeRepository();

  constructor(private readonly deps: RegisterDeps) {}

  private today(): string {
    return londonDate(this.deps.clock.now());
  }

  private async names(): Promise<Record<string, string>> {
    return Object.fromEntries((await this.deps.staff.organisations()).map((o) => [o.id, o.name]));
  }

  async list(ctx: ServiceContext): Promise<TraineeView[]> {
    requireRole(ctx.actor, PIPELINE_USERS, 'see the trainee pipeline');
    const [trainees, names] = await Promise.all([this.repository.trainees(this.deps.db), this.names()]);
    return trainees.map((t) => describe(t, names));
  }

  /** One nomination (audited as a view: it holds personal details). */
  async get(ctx: ServiceContext, id: string, options: { audit?: boolean } = {}): Promise<TraineeView> {
    requireRole(ctx.actor, PIPELINE_USERS, 'see the trainee pipeline');
    const t = await this.repository.trainee(this.deps.db, id);
    if (!t) throw new NotFoundError('The nomination');
    if (options.audit !== false) await this.deps.audit.record(this.deps.db, ctx, { action: 'nomination_viewed', entityType: 'trainee', entityId: t.id });
    return describe(t, await this.names());
  }

  /** Record a nomination made today: refused after the intake's deadline. */
  async nominate(ctx: ServiceContext, command: NominationCommand): Promise<TraineeView> {
    requireRole(ctx.actor, PIPELINE_USERS, 'record nominations');
    const nominatedOn = this.today();
    unwrap(checkNominationDeadline(command.cohort, nominatedOn));
    if (!(await this.deps.staff.lssas()).some((l) => l.id === command.lssaId)) throw ValidationError.of('lssaId', 'Choose the local authority from the list');
    const t = await inTransaction(this.deps.db, async (trx) => {
      const created = await this.repository.insert(trx, {
        nomination: command,
        nominatedOn,
        checklist: { nominationForm: true, learningAgreementSigned: false, managerSupport: false, shadowingAvailability: false, socialWorkLeadSupport: false },
        nominationApprovedOn: null,
        shadowingDays: [],
        courseStartedOn: null,
        outcome: null,
        firstApprovalStart: null,
      });
      await this.deps.audit.record(trx, ctx, { action: 'nomination_recorded', entityType: 'trainee', entityId: created.id, summary: { cohort: cohortLabel(command.cohort), lssaId: command.lssaId } });
      return created;
    });
    return describe(t, await this.names());
  }

  /** The checklist items received (the rest are not). */
  async checklist(ctx: ServiceContext, id: string, command: ChecklistCommand): Promise<TraineeView> {
    return this.step(ctx, id, 'trainee_checklist', (t) => ({
      ok: true,
      value: { ...t, checklist: Object.fromEntries(Object.keys(t.checklist).map((k) => [k, (command.items as readonly string[]).includes(k)])) as unknown as ApprovalChecklist },
    }));
  }

  async approve(ctx: ServiceContext, id: string, command: OnCommand): Promise<TraineeView> {
    return this.step(ctx, id, 'trainee_approve', (t) => approveNomination(t, command.on));
  }

  async logShadowing(ctx: ServiceContext, id: string, command: ShadowingCommand): Promise<TraineeView> {
    return this.step(ctx, id, 'trainee_shadowing', (t) => logShadowingDay(t, command));
  }

  async startCourse(ctx: ServiceContext, id: string, command: OnCommand): Promise<TraineeView> {
    return this.step(ctx, id, 'trainee_start', (t) => startCourse(t, command.on));
  }

  async recordOutcome(ctx: ServiceContext, id: string, command: OutcomeCommand): Promise<TraineeView> {
    return this.step(ctx, id, 'trainee_outcome', (t) => recordCourseOutcome(t, command));
  }

  async recordFirstApproval(ctx: ServiceContext, id: string, command: OnCommand): Promise<TraineeView> {
    return this.step(ctx, id, 'trainee_first_approval', (t) => recordFirstApproval(t, command.on));
  }

  /** One step of the pipeline, judged by the domain on the record as it now is. */
  private async step(ctx: ServiceContext, id: string, action: string, next: (t: Trainee) => Result<Trainee>): Promise<TraineeView> {
    requireRole(ctx.actor, PIPELINE_USERS, 'update the trainee pipeline');
    const saved = await inTransaction(this.deps.db, async (trx) => {
      const t = await this.repository.trainee(trx, id);
      if (!t) throw new NotFoundError('The nomination');
      const changed = unwrap(next(t));
      const stored = await this.repository.save(trx, changed, t.version, this.deps.clock.now());
      await this.deps.audit.record(trx, ctx, { action, entityType: 'trainee', entityId: t.id, summary: { stage: traineeStage(stored) } });
      return stored;
    });
    return describe(saved, await this.names());
  }

  /** Trainees per LSSA for the intakes of a calendar year, against the target of six a year. */
  async perYear(ctx: ServiceContext, year: number) {
    requireRole(ctx.actor, SUMMARY_READERS, 'see trainees per year');
    const [trainees, lssas] = await Promise.all([this.repository.trainees(this.deps.db), this.deps.staff.lssas()]);
    const view = traineesPerYear({ trainees, lssaIds: lssas.map((l) => l.id), year });
    return { ...view, byLssa: view.byLssa.map((b) => ({ ...b, lssaName: lssas.find((l) => l.id === b.lssaId)?.name ?? '' })) };
  }
}
