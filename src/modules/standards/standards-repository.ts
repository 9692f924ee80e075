/**
 * Database access for the standards toolkit: rows in, domain values out (evaluation.ts,
 * action-plan.ts). No rules here; the services decide, the repository stores.
 *
 * Typed with the module's own tables plus staff's read model (people's names for the chair,
 * participants and authors), so a query into any other module's table does not compile.
 */
import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { rowsWithDates, withDates } from '../../db/json-rows.js';
import { updateVersioned } from '../../platform/versioned-update.js';
import type { StaffReadModel } from '../staff/staff-tables.js';
import type { DevelopmentAction, ProgressNote } from './action-plan.js';
import type {
  CirculationComment,
  EarlyThought,
  Evaluation,
  EvidenceItem,
  Participant,
  ParticipantPerspective,
  PartPosition,
  StandardRecord,
  StatusChange,
} from './evaluation.js';
import type { StandardNumber, StandardsCatalogue } from './standards-catalogue.js';
import type { Effectiveness, ExtentMet, RiskLevel } from './standards-scales.js';
import type { StandardsTables } from './standards-tables.js';

/** The module's view of the database: its tables and the staff read model; a transaction or not. */
export type StandardsDb = Kysely<StandardsTables & StaffReadModel>;

export interface CatalogueRow {
  id: string;
  versionLabel: string;
  wording: 'paraphrase' | 'official';
  catalogue: StandardsCatalogue;
  isCurrent: boolean;
  createdAt: Date;
}

export interface StoredEvaluation {
  evaluation: Evaluation;
  catalogueId: string;
  version: number;
  closedAt: Date | null;
  createdAt: Date;
}

type EvaluationRow = {
  id: string;
  organisationId: string;
  serviceName: string;
  evaluationDate: string;
  chairPersonId: string;
  chairName: string;
  noteTakerPersonId: string | null;
  noteTakerName: string | null;
  serviceParts: Array<{ key: string; label: string }>;
  catalogueId: string;
  versionLabel: string;
  baselineEvaluationId: string | null;
  status: Evaluation['status'];
  history: Array<{ from: string | null; to: string; at: string; byPersonId: string }>;
  version: number;
  closedAt: Date | null;
  createdAt: Date;
};

function evaluationQuery(db: StandardsDb) {
  return db
    .selectFrom('standardsEvaluations as e')
    .innerJoin('people as chair', 'chair.id', 'e.chairPersonId')
    .leftJoin('people as notes', 'notes.id', 'e.noteTakerPersonId')
    .innerJoin('standardsCatalogues as c', 'c.id', 'e.catalogueId')
    .select([
      'e.id',
      'e.organisationId',
      'e.serviceName',
      'e.evaluationDate',
      'e.chairPersonId',
      'chair.name as chairName',
      'e.noteTakerPersonId',
      'notes.name as noteTakerName',
      'e.serviceParts',
      'e.catalogueId',
      'c.versionLabel',
      'e.baselineEvaluationId',
      'e.status',
      'e.history',
      'e.version',
      'e.closedAt',
      'e.createdAt',
    ]);
}

function toEvaluation(row: EvaluationRow, participants: Participant[]): StoredEvaluation {
  return {
    evaluation: {
      id: row.id,
      serviceId: row.organisationId,
      serviceName: row.serviceName,
      evaluationDate: row.evaluationDate,
      chair: { personId: row.chairPersonId, name: row.chairName },
      noteTaker:
        row.noteTakerPersonId === null
          ? null
          : { personId: row.noteTakerPersonId, name: row.noteTakerName ?? '' },
      participants,
      serviceParts: row.serviceParts,
      catalogueVersion: row.versionLabel,
      baselineEvaluationId: row.baselineEvaluationId,
      status: row.status,
      history: row.history.map(
        (h): StatusChange => ({
          from: h.from as StatusChange['from'],
          to: h.to as StatusChange['to'],
          at: new Date(h.at),
          byPersonId: h.byPersonId,
        }),
      ),
    },
    catalogueId: row.catalogueId,
    version: row.version,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
  };
}

function participantsQuery(db: StandardsDb, evaluationId: string) {
  return db
    .selectFrom('standardsParticipants as p')
    .innerJoin('people', 'people.id', 'p.personId')
    .select(['p.personId', 'people.name', 'p.represents', 'p.attending'])
    .where('p.evaluationId', '=', evaluationId)
    .orderBy('people.name');
}

function toParticipant(r: { personId: string; name: string; represents: unknown; attending: boolean }): Participant {
  return { personId: r.personId, name: r.name, represents: r.represents as ParticipantPerspective[], attending: r.attending };
}

type RecordRow = {
  id: string;
  evaluationId: string;
  standardNumber: string;
  extentMet: string | null;
  partPositions: Array<{ partKey: string; extentMet: string; note: string }>;
  evidence: unknown[];
  mapNotes: string;
  effectiveness: string | null;
  evaluateNotes: string;
  planNotes: string;
  riskAmhps: string | null;
  riskService: string | null;
  riskOrganisation: string | null;
  agreedByGroup: boolean;
  version: number;
  updatedAt: Date | null;
  updatedBy: string | null;
};

/** A standard's record as stored: the domain record plus its row id (for the versioned update). */
export type StoredRecord = StandardRecord & { id: string };

function toRecord(row: RecordRow): StoredRecord {
  return {
    id: row.id,
    evaluationId: row.evaluationId,
    standardNumber: row.standardNumber as StandardNumber,
    extentMet: row.extentMet as ExtentMet | null,
    partPositions: row.partPositions as PartPosition[],
    evidence: row.evidence as EvidenceItem[],
    mapNotes: row.mapNotes,
    effectiveness: row.effectiveness as Effectiveness | null,
    evaluateNotes: row.evaluateNotes,
    planNotes: row.planNotes,
    risk: {
      amhps: row.riskAmhps as RiskLevel | null,
      service: row.riskService as RiskLevel | null,
      organisation: row.riskOrganisation as RiskLevel | null,
    },
    agreedByGroup: row.agreedByGroup,
    version: row.version,
    updatedAt: row.updatedAt,
    updatedByPersonId: row.updatedBy,
  };
}

type ActionRow = {
  id: string;
  evaluationId: string;
  organisationId: string;
  standardNumber: string;
  description: string;
  owner: string;
  ownerPersonId: string | null;
  targetDate: string;
  status: DevelopmentAction['status'];
  progressNotes: Array<{ id: string; text: string; at: string; byPersonId: string; byName: string }>;
  createdAt: Date;
  completedOn: string | null;
  carriedForwardFrom: string | null;
  needsReview: boolean;
  version: number;
};

export type StoredAction = DevelopmentAction & { version: number };

function toAction(row: ActionRow): StoredAction {
  return {
    id: row.id,
    evaluationId: row.evaluationId,
    serviceId: row.organisationId,
    standardNumber: row.standardNumber as StandardNumber,
    description: row.description,
    owner: row.owner,
    ownerPersonId: row.ownerPersonId,
    targetDate: row.targetDate,
    status: row.status,
    progressNotes: row.progressNotes.map((n): ProgressNote => ({ ...n, at: new Date(n.at) })),
    createdAt: row.createdAt,
    completedOn: row.completedOn,
    carriedForwardFrom: row.carriedForwardFrom,
    needsReview: row.needsReview,
    version: row.version,
  };
}

const notesJson = (notes: readonly ProgressNote[]): string =>
  JSON.stringify(notes.map((n) => ({ ...n, at: n.at.toISOString() })));

export interface EvaluationFilter {
  organisationId?: string | undefined;
  status?: Evaluation['status'] | undefined;
}

export class StandardsRepository {
  // --- catalogues ---------------------------------------------------------------------------

  async listCatalogues(db: StandardsDb): Promise<CatalogueRow[]> {
    const rows = await db.selectFrom('standardsCatalogues').selectAll().orderBy('createdAt', 'desc').execute();
    return rows.map((r) => ({ ...r, catalogue: r.catalogue as StandardsCatalogue }));
  }

  async findCatalogue(db: StandardsDb, id: string): Promise<CatalogueRow | undefined> {
    const row = await db.selectFrom('standardsCatalogues').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, catalogue: row.catalogue as StandardsCatalogue };
  }

  async findCatalogueByLabel(db: StandardsDb, label: string): Promise<CatalogueRow | undefined> {
    const row = await db.selectFrom('standardsCatalogues').selectAll().where('versionLabel', '=', label).executeTakeFirst();
    return row && { ...row, catalogue: row.catalogue as StandardsCatalogue };
  }

  async currentCatalogue(db: StandardsDb): Promise<CatalogueRow | undefined> {
    const row = await db.selectFrom('standardsCatalogues').selectAll().where('isCurrent', '=', true).executeTakeFirst();
    return row && { ...row, catalogue: row.catalogue as StandardsCatalogue };
  }

  async insertCatalogue(db: StandardsDb, catalogue: StandardsCatalogue, createdBy: string | null, at: Date): Promise<string> {
    await db.updateTable('standardsCatalogues').set({ isCurrent: false }).where('isCurrent', '=', true).execute();
    const row = await db
      .insertInto('standardsCatalogues')
      .values({
        versionLabel: catalogue.versionLabel,
        wording: catalogue.wording,
        catalogue: JSON.stringify(catalogue),
        isCurrent: true,
        createdAt: at,
        createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async setCurrentCatalogue(db: StandardsDb, id: string): Promise<void> {
    await db.updateTable('standardsCatalogues').set({ isCurrent: false }).where('isCurrent', '=', true).execute();
    await db.updateTable('standardsCatalogues').set({ isCurrent: true }).where('id', '=', id).execute();
  }

  // --- evaluations --------------------------------------------------------------------------

  async insertEvaluation(db: StandardsDb, evaluation: Evaluation, catalogueId: string, createdBy: string, at: Date): Promise<void> {
    await db
      .insertInto('standardsEvaluations')
      .values({
        id: evaluation.id,
        organisationId: evaluation.serviceId,
        serviceName: evaluation.serviceName,
        evaluationDate: evaluation.evaluationDate,
        chairPersonId: evaluation.chair.personId,
        noteTakerPersonId: evaluation.noteTaker?.personId ?? null,
        serviceParts: JSON.stringify(evaluation.serviceParts),
        catalogueId,
        baselineEvaluationId: evaluation.baselineEvaluationId,
        status: evaluation.status,
        history: JSON.stringify(evaluation.history.map((h) => ({ ...h, at: h.at.toISOString() }))),
        createdAt: at,
        createdBy,
        updatedAt: at,
      })
      .execute();
    if (evaluation.participants.length > 0) {
      await db
        .insertInto('standardsParticipants')
        .values(
          evaluation.participants.map((p) => ({
            evaluationId: evaluation.id,
            personId: p.personId,
            represents: JSON.stringify(p.represents),
            attending: p.attending,
            addedAt: at,
          })),
        )
        .execute();
    }
  }

  /** Status and history, guarded by the evaluation's version; returns the new version. */
  async updateEvaluationState(db: StandardsDb, evaluation: Evaluation, expectedVersion: number, at: Date): Promise<number> {
    return updateVersioned(
      db,
      'standardsEvaluations',
      { id: evaluation.id, expectedVersion },
      {
        status: evaluation.status,
        history: JSON.stringify(evaluation.history.map((h) => ({ ...h, at: h.at.toISOString() }))),
        updatedAt: at,
        closedAt: evaluation.status === 'closed' ? at : null,
      },
      'evaluation',
    );
  }

  async touchEvaluation(db: StandardsDb, id: string, at: Date): Promise<void> {
    await db.updateTable('standardsEvaluations').set({ updatedAt: at }).where('id', '=', id).execute();
  }

  async findEvaluation(db: StandardsDb, id: string, options: { forUpdate?: boolean } = {}): Promise<StoredEvaluation | undefined> {
    if (options.forUpdate === true) {
      await db.selectFrom('standardsEvaluations').select('id').where('id', '=', id).forUpdate().execute();
    }
    const row = await evaluationQuery(db).where('e.id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    return toEvaluation(row, await this.participants(db, id));
  }

  async listEvaluations(db: StandardsDb, filter: EvaluationFilter = {}): Promise<StoredEvaluation[]> {
    let query = evaluationQuery(db);
    if (filter.organisationId) query = query.where('e.organisationId', '=', filter.organisationId);
    if (filter.status) query = query.where('e.status', '=', filter.status);
    const rows = await query.orderBy('e.evaluationDate', 'desc').orderBy('e.createdAt', 'desc').execute();
    return rows.map((r) => toEvaluation(r, []));
  }

  async participants(db: StandardsDb, evaluationId: string): Promise<Participant[]> {
    return (await participantsQuery(db, evaluationId).execute()).map(toParticipant);
  }

  async upsertParticipant(db: StandardsDb, evaluationId: string, participant: Participant, at: Date): Promise<void> {
    await db
      .insertInto('standardsParticipants')
      .values({
        evaluationId,
        personId: participant.personId,
        represents: JSON.stringify(participant.represents),
        attending: participant.attending,
        addedAt: at,
      })
      .onConflict((oc) =>
        oc.columns(['evaluationId', 'personId']).doUpdateSet({
          represents: JSON.stringify(participant.represents),
          attending: participant.attending,
        }),
      )
      .execute();
  }

  async removeParticipant(db: StandardsDb, evaluationId: string, personId: string): Promise<number> {
    const result = await db
      .deleteFrom('standardsParticipants')
      .where('evaluationId', '=', evaluationId)
      .where('personId', '=', personId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // --- records ------------------------------------------------------------------------------

  async insertRecords(db: StandardsDb, records: readonly StandardRecord[]): Promise<void> {
    if (records.length === 0) return;
    await db
      .insertInto('standardsRecords')
      .values(
        records.map((r) => ({
          evaluationId: r.evaluationId,
          standardNumber: r.standardNumber,
          extentMet: r.extentMet,
          partPositions: JSON.stringify(r.partPositions),
          evidence: JSON.stringify(r.evidence),
          mapNotes: r.mapNotes,
          effectiveness: r.effectiveness,
          evaluateNotes: r.evaluateNotes,
          planNotes: r.planNotes,
          riskAmhps: r.risk.amhps,
          riskService: r.risk.service,
          riskOrganisation: r.risk.organisation,
          agreedByGroup: r.agreedByGroup,
          version: r.version,
          updatedAt: r.updatedAt,
          updatedBy: r.updatedByPersonId,
        })),
      )
      .execute();
  }

  async records(db: StandardsDb, evaluationId: string): Promise<StoredRecord[]> {
    const rows = await db.selectFrom('standardsRecords').selectAll().where('evaluationId', '=', evaluationId).execute();
    return rows.map(toRecord);
  }

  async recordsFor(db: StandardsDb, evaluationIds: readonly string[]): Promise<StoredRecord[]> {
    if (evaluationIds.length === 0) return [];
    const rows = await db.selectFrom('standardsRecords').selectAll().where('evaluationId', 'in', evaluationIds).execute();
    return rows.map(toRecord);
  }

  async record(db: StandardsDb, evaluationId: string, number: StandardNumber, options: { forUpdate?: boolean } = {}): Promise<StoredRecord | undefined> {
    let query = db.selectFrom('standardsRecords').selectAll().where('evaluationId', '=', evaluationId).where('standardNumber', '=', number);
    if (options.forUpdate === true) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row && toRecord(row);
  }

  /** Saves a record if nobody saved since `expectedVersion`; returns the new version (ConflictError otherwise). */
  async updateRecord(db: StandardsDb, id: string, record: StandardRecord, expectedVersion: number): Promise<number> {
    return updateVersioned(
      db,
      'standardsRecords',
      { id, expectedVersion },
      {
        extentMet: record.extentMet,
        partPositions: JSON.stringify(record.partPositions),
        evidence: JSON.stringify(record.evidence),
        mapNotes: record.mapNotes,
        effectiveness: record.effectiveness,
        evaluateNotes: record.evaluateNotes,
        planNotes: record.planNotes,
        riskAmhps: record.risk.amhps,
        riskService: record.risk.service,
        riskOrganisation: record.risk.organisation,
        agreedByGroup: record.agreedByGroup,
        updatedAt: record.updatedAt,
        updatedBy: record.updatedByPersonId,
      },
      `standard ${record.standardNumber}`,
    );
  }

  // --- actions ------------------------------------------------------------------------------

  async insertAction(db: StandardsDb, action: DevelopmentAction): Promise<void> {
    await db
      .insertInto('standardsActions')
      .values({
        id: action.id,
        evaluationId: action.evaluationId,
        organisationId: action.serviceId,
        standardNumber: action.standardNumber,
        description: action.description,
        owner: action.owner,
        ownerPersonId: action.ownerPersonId,
        targetDate: action.targetDate,
        status: action.status,
        progressNotes: notesJson(action.progressNotes),
        createdAt: action.createdAt,
        completedOn: action.completedOn,
        carriedForwardFrom: action.carriedForwardFrom,
        needsReview: action.needsReview,
      })
      .execute();
  }

  /** Saves an action if nobody changed it since `expectedVersion`; returns the new version. */
  async updateAction(db: StandardsDb, action: DevelopmentAction, expectedVersion: number): Promise<number> {
    return updateVersioned(
      db,
      'standardsActions',
      { id: action.id, expectedVersion },
      {
        description: action.description,
        owner: action.owner,
        ownerPersonId: action.ownerPersonId,
        targetDate: action.targetDate,
        status: action.status,
        progressNotes: notesJson(action.progressNotes),
        completedOn: action.completedOn,
        needsReview: action.needsReview,
      },
      'action',
    );
  }

  async findAction(db: StandardsDb, id: string): Promise<StoredAction | undefined> {
    const row = await db.selectFrom('standardsActions').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toAction(row);
  }

  async actionsOf(db: StandardsDb, evaluationId: string): Promise<StoredAction[]> {
    const rows = await db.selectFrom('standardsActions').selectAll().where('evaluationId', '=', evaluationId).orderBy('createdAt').execute();
    return rows.map(toAction);
  }

  async allActions(db: StandardsDb, organisationId?: string): Promise<StoredAction[]> {
    let query = db.selectFrom('standardsActions').selectAll();
    if (organisationId) query = query.where('organisationId', '=', organisationId);
    const rows = await query.orderBy('targetDate').execute();
    return rows.map(toAction);
  }

  async countOverdueActions(db: StandardsDb, today: string): Promise<number> {
    const row = await overdueActionsCount(db, today).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The home page's standards panel in one statement (issue 17): the overdue actions counted as
   * countOverdueActions does, and the evaluations not yet closed (as listEvaluations orders them)
   * with their records.
   */
  async homeSummary(db: StandardsDb, today: string): Promise<{ overdue: number; open: Array<{ stored: StoredEvaluation; records: StoredRecord[] }> }> {
    const row = await db
      .selectNoFrom(() => [
        overdueActionsCount(db, today).as('overdue'),
        jsonArrayFrom(
          evaluationQuery(db)
            .select((inner) => jsonArrayFrom(inner.selectFrom('standardsRecords as sr').selectAll('sr').whereRef('sr.evaluationId', '=', 'e.id')).as('records'))
            .where('e.status', '<>', 'closed')
            .orderBy('e.evaluationDate', 'desc')
            .orderBy('e.createdAt', 'desc'),
        ).as('open'),
      ])
      .executeTakeFirstOrThrow();
    return {
      overdue: Number(row.overdue ?? 0),
      open: row.open.map(({ records, ...evaluation }) => ({
        stored: toEvaluation(withDates<EvaluationRow>(evaluation, ['closedAt', 'createdAt']), []),
        records: rowsWithDates<RecordRow>(records, ['updatedAt']).map(toRecord),
      })),
    };
  }

  // --- early thoughts and comments ----------------------------------------------------------

  async insertEarlyThought(db: StandardsDb, thought: EarlyThought): Promise<void> {
    await db
      .insertInto('standardsEarlyThoughts')
      .values({
        id: thought.id,
        evaluationId: thought.evaluationId,
        standardNumber: thought.standardNumber,
        authorPersonId: thought.author.personId,
        text: thought.text,
        gatheredFrom: thought.gatheredFrom,
        createdAt: thought.createdAt,
      })
      .execute();
  }

  async earlyThoughts(db: StandardsDb, evaluationId: string): Promise<EarlyThought[]> {
    return (await earlyThoughtsQuery(db, evaluationId).execute()).map(toEarlyThought);
  }

  async insertComment(db: StandardsDb, comment: CirculationComment): Promise<void> {
    await db
      .insertInto('standardsComments')
      .values({
        id: comment.id,
        evaluationId: comment.evaluationId,
        standardNumber: comment.standardNumber,
        authorPersonId: comment.author.personId,
        text: comment.text,
        createdAt: comment.createdAt,
      })
      .execute();
  }

  async comments(db: StandardsDb, evaluationId: string): Promise<CirculationComment[]> {
    return (await commentsQuery(db, evaluationId).execute()).map(toComment);
  }

  /**
   * An evaluation's page in one statement (issue 17): the evaluation with its participants, its
   * catalogue, records, plan actions, early thoughts and comments, and its baseline when that is
   * an evaluation of the same service; each part the same columns, filter, order and mapping as
   * the method it stands in for (findEvaluation, findCatalogue, records, actionsOf,
   * earlyThoughts, comments). Undefined when there is no such evaluation.
   */
  async evaluationPage(db: StandardsDb, id: string): Promise<EvaluationPageRead | undefined> {
    const row = await evaluationQuery(db)
      // The evaluation again under a name of its own, for the baseline's sub-select (whose own alias is e) to refer to.
      .innerJoin('standardsEvaluations as baselineOf', 'baselineOf.id', 'e.id')
      .select((eb) => [
        'c.catalogue',
        jsonArrayFrom(participantsQuery(db, id)).as('participants'),
        jsonArrayFrom(eb.selectFrom('standardsRecords').selectAll().where('evaluationId', '=', id)).as('records'),
        jsonArrayFrom(eb.selectFrom('standardsActions').selectAll().where('evaluationId', '=', id).orderBy('createdAt')).as('actions'),
        jsonArrayFrom(earlyThoughtsQuery(db, id)).as('earlyThoughts'),
        jsonArrayFrom(commentsQuery(db, id)).as('comments'),
        jsonObjectFrom(
          evaluationQuery(db)
            .where('e.id', '=', sql.ref<string>('baselineOf.baselineEvaluationId'))
            .where('e.organisationId', '=', sql.ref<string>('baselineOf.organisationId')),
        ).as('baseline'),
      ])
      .where('e.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { catalogue, participants, records, actions, earlyThoughts, comments, baseline, ...evaluation } = row;
    return {
      stored: toEvaluation(evaluation, participants.map(toParticipant)),
      catalogue: catalogue as StandardsCatalogue,
      records: rowsWithDates<RecordRow>(records, ['updatedAt']).map(toRecord),
      actions: rowsWithDates<ActionRow>(actions, ['createdAt']).map(toAction),
      earlyThoughts: rowsWithDates<ThoughtRow>(earlyThoughts, ['createdAt']).map(toEarlyThought),
      comments: rowsWithDates<CommentRow>(comments, ['createdAt']).map(toComment),
      baseline: baseline ? toEvaluation(withDates<EvaluationRow>(baseline, ['closedAt', 'createdAt']), []).evaluation : undefined,
    };
  }
}

export interface EvaluationPageRead {
  stored: StoredEvaluation;
  catalogue: StandardsCatalogue;
  records: StoredRecord[];
  actions: StoredAction[];
  earlyThoughts: EarlyThought[];
  comments: CirculationComment[];
  /** The evaluation this one repeats, when it is of the same service (without its participants). */
  baseline: Evaluation | undefined;
}

function overdueActionsCount(db: StandardsDb, today: string) {
  return db
    .selectFrom('standardsActions as a')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.status', 'in', ['not_started', 'in_progress'])
    .where('a.targetDate', '<', today)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('standardsActions as later').select(sql<number>`1`.as('one')).whereRef('later.carriedForwardFrom', '=', 'a.id'))),
    );
}

function earlyThoughtsQuery(db: StandardsDb, evaluationId: string) {
  return db
    .selectFrom('standardsEarlyThoughts as t')
    .innerJoin('people', 'people.id', 't.authorPersonId')
    .select(['t.id', 't.evaluationId', 't.standardNumber', 't.authorPersonId', 'people.name', 't.text', 't.gatheredFrom', 't.createdAt'])
    .where('t.evaluationId', '=', evaluationId)
    .orderBy('t.createdAt');
}

type ThoughtRow = { id: string; evaluationId: string; standardNumber: string | null; authorPersonId: string; name: string; text: string; gatheredFrom: string | null; createdAt: Date };

function toEarlyThought(r: ThoughtRow): EarlyThought {
  return {
    id: r.id,
    evaluationId: r.evaluationId,
    standardNumber: r.standardNumber as StandardNumber | null,
    author: { personId: r.authorPersonId, name: r.name },
    text: r.text,
    gatheredFrom: r.gatheredFrom,
    createdAt: r.createdAt,
  };
}

function commentsQuery(db: StandardsDb, evaluationId: string) {
  return db
    .selectFrom('standardsComments as c')
    .innerJoin('people', 'people.id', 'c.authorPersonId')
    .select(['c.id', 'c.evaluationId', 'c.standardNumber', 'c.authorPersonId', 'people.name', 'c.text', 'c.createdAt'])
    .where('c.evaluationId', '=', evaluationId)
    .orderBy('c.createdAt');
}

type CommentRow = { id: string; evaluationId: string; standardNumber: string | null; authorPersonId: string; name: string; text: string; createdAt: Date };

function toComment(r: CommentRow): CirculationComment {
  return {
    id: r.id,
    evaluationId: r.evaluationId,
    standardNumber: r.standardNumber as StandardNumber | null,
    author: { personId: r.authorPersonId, name: r.name },
    text: r.text,
    createdAt: r.createdAt,
  };
}
