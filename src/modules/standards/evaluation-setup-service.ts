/**
 * Before the meeting: setting up an evaluation (or a repeat of a closed one, carrying its
 * evidence and open actions forward for review), its participants and the parts of the service
 * they represent, and the participants' early thoughts.
 */
import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { carryForward, type DevelopmentAction } from './action-plan.js';
import type { CatalogueService } from './catalogue-service.js';
import { addEarlyThought, checkCanChange, createEvaluation, DEFAULT_SERVICE_PARTS, emptyStandardRecords, type EarlyThought, type Participant } from './evaluation.js';
import { loadEvaluation } from './evaluation-service.js';
import { isParticipant, PARTICIPANT_ROLES, requireEditor, STANDARDS_ORGANISERS } from './standards-access.js';
import type { StandardsAudit, StandardsStaff } from './standards-ports.js';
import type { StandardsDb, StandardsRepository, StoredEvaluation } from './standards-repository.js';
import type { EarlyThoughtCommand, NewEvaluationCommand, ParticipantCommand } from './standards-schemas.js';

export class EvaluationSetupService {
  constructor(
    private readonly db: StandardsDb,
    private readonly clock: Clock,
    private readonly audit: StandardsAudit,
    private readonly staff: StandardsStaff,
    private readonly repository: StandardsRepository,
    private readonly catalogues: CatalogueService,
  ) {}

  /** An active person (for a participant, also in a role that takes part), or a field error. */
  private async person(id: string, field: string, asParticipant = false): Promise<{ personId: string; name: string }> {
    const found = await this.staff.findPerson(id);
    if (!found || !found.active || (asParticipant && !found.roles.some((r) => PARTICIPANT_ROLES.includes(r)))) {
      throw ValidationError.of(field, 'Choose a person who works in the service');
    }
    return { personId: found.id, name: found.name };
  }

  /**
   * Sets up an evaluation against the current catalogue. With `baselineEvaluationId` it is a
   * repeat: the baseline must be a closed evaluation of the same service, dated earlier; its
   * evidence and open actions are carried forward, flagged for review, and its ratings are not.
   */
  async create(ctx: ServiceContext, command: NewEvaluationCommand): Promise<StoredEvaluation> {
    requireRole(ctx.actor, STANDARDS_ORGANISERS, 'set up an evaluation');
    const now = this.clock.now();
    const organisation = (await this.staff.organisations()).find((o) => o.id === command.serviceId && o.kind === 'lssa');
    if (!organisation) throw ValidationError.of('serviceId', 'Choose the council whose AMHP service is being evaluated');
    const chair = await this.person(command.chairPersonId, 'chairPersonId');
    const noteTaker = command.noteTakerPersonId ? await this.person(command.noteTakerPersonId, 'noteTakerPersonId') : null;
    const participants: Participant[] = [];
    for (const [i, p] of command.participants.entries()) {
      participants.push({ ...(await this.person(p.personId, `participants.${i}.personId`)), represents: p.represents, attending: p.attending });
    }

    return inTransaction(this.db, async (trx) => {
      const catalogueRow = await this.catalogues.current(trx);
      let baseline: StoredEvaluation | undefined;
      if (command.baselineEvaluationId) {
        baseline = await this.repository.findEvaluation(trx, command.baselineEvaluationId);
        if (!baseline) throw ValidationError.of('baselineEvaluationId', 'The earlier evaluation could not be found');
      }
      const id = randomUUID();
      const evaluation = unwrap(
        createEvaluation(
          {
            id,
            serviceId: organisation.id,
            serviceName: `${organisation.name} AMHP service`,
            evaluationDate: command.evaluationDate,
            chair,
            noteTaker,
            participants,
            serviceParts: command.serviceParts ?? baseline?.evaluation.serviceParts ?? [...DEFAULT_SERVICE_PARTS],
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
      return loadEvaluation(this.repository, trx, id);
    });
  }

  /** Adds a participant, or changes what an existing one represents and whether they attend. */
  async addParticipant(ctx: ServiceContext, evaluationId: string, command: ParticipantCommand): Promise<StoredEvaluation> {
    const person = await this.person(command.personId, 'personId', true);
    return inTransaction(this.db, async (trx) => {
      const { evaluation } = await loadEvaluation(this.repository, trx, evaluationId, true);
      requireEditor(ctx, evaluation, 'change the participants');
      unwrap(checkCanChange(evaluation, 'participants'));
      await this.repository.upsertParticipant(trx, evaluationId, { ...person, represents: command.represents, attending: command.attending }, this.clock.now());
      await this.repository.touchEvaluation(trx, evaluationId, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'standards_participant_added', entityType: 'standards_evaluation', entityId: evaluationId, summary: { personId: person.personId, represents: command.represents } });
      return loadEvaluation(this.repository, trx, evaluationId);
    });
  }

  async removeParticipant(ctx: ServiceContext, evaluationId: string, personId: string): Promise<StoredEvaluation> {
    return inTransaction(this.db, async (trx) => {
      const { evaluation } = await loadEvaluation(this.repository, trx, evaluationId, true);
      requireEditor(ctx, evaluation, 'change the participants');
      unwrap(checkCanChange(evaluation, 'participants'));
      if ((await this.repository.removeParticipant(trx, evaluationId, personId)) === 0) throw new NotFoundError('The participant');
      await this.repository.touchEvaluation(trx, evaluationId, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'standards_participant_removed', entityType: 'standards_evaluation', entityId: evaluationId, summary: { personId } });
      return loadEvaluation(this.repository, trx, evaluationId);
    });
  }

  /** Before the meeting, a participant's thoughts (or views gathered from people who cannot attend). */
  async addEarlyThought(ctx: ServiceContext, evaluationId: string, command: EarlyThoughtCommand): Promise<EarlyThought> {
    return inTransaction(this.db, async (trx) => {
      const { evaluation } = await loadEvaluation(this.repository, trx, evaluationId);
      if (!isParticipant(evaluation, ctx.actor.personId)) throw new ForbiddenError('Only the participants of this evaluation can add early thoughts');
      const thought = unwrap(
        addEarlyThought(evaluation, {
          id: randomUUID(),
          standardNumber: command.standardNumber,
          author: { personId: ctx.actor.personId, name: ctx.actor.name },
          text: command.text,
          gatheredFrom: command.gatheredFrom,
          createdAt: this.clock.now(),
        }),
      );
      await this.repository.insertEarlyThought(trx, thought);
      await this.audit.record(trx, ctx, { action: 'standards_early_thought_added', entityType: 'standards_evaluation', entityId: evaluationId, summary: { standardNumber: command.standardNumber, gathered: command.gatheredFrom !== null } });
      return thought;
    });
  }
}
