import type { DbOrTx } from '../../db/database.js';
import type { Approval, ApprovalEndReason, Authorisation, Profession, Suspension } from './approval.js';
import type { CompetenceEntry, CompetencyRecord } from './competencies.js';
import type { SupervisionArrangement, SupervisionContract, SupervisionRecord, SupervisionType } from './supervision.js';
import type { ApprovalChecklist, Nomination, Trainee, CourseOutcome } from './trainee-pipeline.js';
import type { ProfessionalEvent, TrainingRecord } from './training.js';

export interface RegisterEntry {
  personId: string;
  profession: Profession;
  registrationNumber: string;
  arrangement: SupervisionArrangement;
  version: number;
}

/** Everything the register holds about one person, in domain shapes. */
export interface PersonRecords {
  entry: RegisterEntry;
  approvals: Approval[];
  approvalNotes: Record<string, string | null>;
  suspensions: Suspension[];
  authorisations: Authorisation[];
  training: TrainingRecord[];
  events: ProfessionalEvent[];
  contracts: SupervisionContract[];
  supervision: SupervisionRecord[];
  competencies: CompetencyRecord[];
}

type ApprovalRow = {
  id: string;
  personId: string;
  approvingLssaId: string;
  startDate: string;
  endDate: string;
  endedOn: string | null;
  endReason: string | null;
  endNote: string | null;
};

function toApproval(row: ApprovalRow): Approval {
  return {
    id: row.id,
    approvingLssaId: row.approvingLssaId,
    startDate: row.startDate,
    endDate: row.endDate,
    earlyEnd:
      row.endedOn && row.endReason
        ? { endedOn: row.endedOn, reason: row.endReason as ApprovalEndReason, ...(row.endNote ? { note: row.endNote } : {}) }
        : null,
  };
}

type SupervisionRow = {
  id: string;
  superviseeId: string;
  supervisorId: string;
  date: string;
  type: string;
  casesDiscussed: string[];
  topic: string | null;
  signatures: Array<{ personId: string; signedAt: string }>;
  dispute: { raisedBy: string; raisedAt: string; note: string; resolvedAt: string | null; resolution: string | null } | null;
};

export function toSupervisionRecord(row: SupervisionRow): SupervisionRecord {
  return {
    id: row.id,
    superviseeId: row.superviseeId,
    supervisorId: row.supervisorId,
    date: row.date,
    type: row.type as SupervisionType,
    casesDiscussed: row.casesDiscussed,
    topic: row.topic,
    signatures: row.signatures.map((s) => ({ personId: s.personId, signedAt: new Date(s.signedAt) })),
    dispute: row.dispute
      ? {
          raisedBy: row.dispute.raisedBy,
          raisedAt: new Date(row.dispute.raisedAt),
          note: row.dispute.note,
          resolvedAt: row.dispute.resolvedAt ? new Date(row.dispute.resolvedAt) : null,
          resolution: row.dispute.resolution,
        }
      : null,
  };
}

function supervisionJson(record: Pick<SupervisionRecord, 'signatures' | 'dispute'>) {
  return {
    signatures: JSON.stringify(record.signatures.map((s) => ({ personId: s.personId, signedAt: s.signedAt.toISOString() }))),
    dispute: record.dispute
      ? JSON.stringify({
          raisedBy: record.dispute.raisedBy,
          raisedAt: record.dispute.raisedAt.toISOString(),
          note: record.dispute.note,
          resolvedAt: record.dispute.resolvedAt ? record.dispute.resolvedAt.toISOString() : null,
          resolution: record.dispute.resolution,
        })
      : null,
  };
}

type TraineeRow = {
  id: string;
  nomination: Record<string, unknown>;
  nominatedOn: string;
  checklist: Record<string, boolean>;
  nominationApprovedOn: string | null;
  shadowingDays: Array<{ date: string; note: string }>;
  courseStartedOn: string | null;
  outcome: { result: string; on: string } | null;
  firstApprovalStart: string | null;
  version: number;
};

function toTrainee(row: TraineeRow): Trainee & { version: number } {
  return {
    id: row.id,
    nomination: row.nomination as unknown as Nomination,
    nominatedOn: row.nominatedOn,
    checklist: row.checklist as unknown as ApprovalChecklist,
    nominationApprovedOn: row.nominationApprovedOn,
    shadowingDays: row.shadowingDays,
    courseStartedOn: row.courseStartedOn,
    outcome: row.outcome as CourseOutcome | null,
    firstApprovalStart: row.firstApprovalStart,
    version: row.version,
  };
}

export class RegisterRepository {
  async entries(db: DbOrTx): Promise<RegisterEntry[]> {
    const rows = await db.selectFrom('registerEntries').select(['personId', 'profession', 'registrationNumber', 'arrangement', 'version']).execute();
    return rows.map((r) => ({ ...r, profession: r.profession as Profession, arrangement: r.arrangement as SupervisionArrangement }));
  }

  async entry(db: DbOrTx, personId: string): Promise<RegisterEntry | undefined> {
    const r = await db
      .selectFrom('registerEntries')
      .select(['personId', 'profession', 'registrationNumber', 'arrangement', 'version'])
      .where('personId', '=', personId)
      .executeTakeFirst();
    return r ? { ...r, profession: r.profession as Profession, arrangement: r.arrangement as SupervisionArrangement } : undefined;
  }

  async insertEntry(db: DbOrTx, input: { personId: string; profession: string; registrationNumber: string; arrangement: string }): Promise<void> {
    await db.insertInto('registerEntries').values(input).execute();
  }

  async updateEntry(db: DbOrTx, personId: string, input: { profession: string; registrationNumber: string; arrangement: string }, version: number, now: Date): Promise<number> {
    const r = await db
      .updateTable('registerEntries')
      .set((eb) => ({ ...input, updatedAt: now, version: eb('version', '+', 1) }))
      .where('personId', '=', personId)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** All approvals, suspensions and authorisations (for the register list and eligibility). */
  async allApprovalData(db: DbOrTx, personIds?: readonly string[]) {
    let aq = db.selectFrom('registerApprovals').select(['id', 'personId', 'approvingLssaId', 'startDate', 'endDate', 'endedOn', 'endReason', 'endNote', 'notes']);
    let sq = db.selectFrom('registerSuspensions').select(['id', 'approvalId', 'personId', 'startDate', 'endDate', 'reason']);
    let uq = db.selectFrom('registerAuthorisations').select(['id', 'approvalId', 'personId', 'lssaId', 'startDate', 'endDate']);
    if (personIds) {
      if (personIds.length === 0) return { approvals: [], suspensions: [], authorisations: [], notes: {} as Record<string, string | null> };
      aq = aq.where('personId', 'in', [...personIds]);
      sq = sq.where('personId', 'in', [...personIds]);
      uq = uq.where('personId', 'in', [...personIds]);
    }
    const [a, s, u] = await Promise.all([aq.orderBy('startDate').execute(), sq.orderBy('startDate').execute(), uq.orderBy('startDate').execute()]);
    return {
      approvals: a.map((r) => ({ personId: r.personId, approval: toApproval(r) })),
      suspensions: s.map((r) => ({ personId: r.personId, suspension: { id: r.id, approvalId: r.approvalId, startDate: r.startDate, endDate: r.endDate, reason: r.reason } as Suspension })),
      authorisations: u.map((r) => ({ personId: r.personId, authorisation: { id: r.id, approvalId: r.approvalId, lssaId: r.lssaId, startDate: r.startDate, endDate: r.endDate } as Authorisation })),
      notes: Object.fromEntries(a.map((r) => [r.id, r.notes])) as Record<string, string | null>,
    };
  }

  async allTraining(db: DbOrTx): Promise<Array<{ personId: string; record: TrainingRecord }>> {
    const rows = await db.selectFrom('registerTraining').select(['id', 'personId', 'date', 'title', 'provider', 'hours', 'amhpSpecific', 'legalUpdate']).orderBy('date').execute();
    return rows.map(({ personId, ...r }) => ({ personId, record: { ...r, hours: Number(r.hours) } }));
  }

  async allEvents(db: DbOrTx): Promise<Array<{ personId: string; event: ProfessionalEvent }>> {
    const rows = await db.selectFrom('registerEvents').select(['id', 'personId', 'date', 'kind']).orderBy('date').execute();
    return rows.map(({ personId, ...r }) => ({ personId, event: { ...r, kind: r.kind as ProfessionalEvent['kind'] } }));
  }

  async allSupervision(db: DbOrTx, from?: string): Promise<SupervisionRecord[]> {
    let q = db
      .selectFrom('registerSupervisionRecords')
      .select(['id', 'superviseeId', 'supervisorId', 'date', 'type', 'casesDiscussed', 'topic', 'signatures', 'dispute']);
    if (from) q = q.where('date', '>=', from);
    return (await q.orderBy('date').execute()).map(toSupervisionRecord);
  }

  async personRecords(db: DbOrTx, personId: string): Promise<PersonRecords | undefined> {
    const entry = await this.entry(db, personId);
    if (!entry) return undefined;
    const data = await this.allApprovalData(db, [personId]);
    const [training, events, contracts, supervision, competencies] = await Promise.all([
      db.selectFrom('registerTraining').select(['id', 'date', 'title', 'provider', 'hours', 'amhpSpecific', 'legalUpdate']).where('personId', '=', personId).orderBy('date').execute(),
      db.selectFrom('registerEvents').select(['id', 'date', 'kind']).where('personId', '=', personId).orderBy('date').execute(),
      db
        .selectFrom('registerSupervisionContracts')
        .select(['id', 'superviseeId', 'supervisorId', 'arrangement', 'startDate', 'endDate', 'reviewDates'])
        .where('superviseeId', '=', personId)
        .orderBy('startDate')
        .execute(),
      db
        .selectFrom('registerSupervisionRecords')
        .select(['id', 'superviseeId', 'supervisorId', 'date', 'type', 'casesDiscussed', 'topic', 'signatures', 'dispute'])
        .where('superviseeId', '=', personId)
        .orderBy('date')
        .execute(),
      db.selectFrom('registerCompetencyRecords').select(['id', 'personId', 'recordedOn', 'entries']).where('personId', '=', personId).orderBy('recordedOn').execute(),
    ]);
    return {
      entry,
      approvals: data.approvals.map((a) => a.approval),
      approvalNotes: data.notes,
      suspensions: data.suspensions.map((s) => s.suspension),
      authorisations: data.authorisations.map((a) => a.authorisation),
      training: training.map((r) => ({ ...r, hours: Number(r.hours) })),
      events: events.map((e) => ({ ...e, kind: e.kind as ProfessionalEvent['kind'] })),
      contracts: contracts.map((c) => ({ ...c, arrangement: c.arrangement as SupervisionArrangement })),
      supervision: supervision.map(toSupervisionRecord),
      competencies: competencies.map((c) => ({ id: c.id, amhpId: c.personId, recordedOn: c.recordedOn, entries: c.entries as CompetenceEntry[] })),
    };
  }

  async insertApproval(db: DbOrTx, v: { personId: string; approvingLssaId: string; startDate: string; endDate: string; notes: string | null; createdBy: string | null }): Promise<string> {
    return (await db.insertInto('registerApprovals').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  async endApproval(db: DbOrTx, id: string, v: { endedOn: string; endReason: string; endNote: string | null }): Promise<void> {
    await db.updateTable('registerApprovals').set((eb) => ({ ...v, version: eb('version', '+', 1) })).where('id', '=', id).execute();
  }

  async insertSuspension(db: DbOrTx, v: { approvalId: string; personId: string; startDate: string; endDate: string | null; reason: string; createdBy: string | null }): Promise<string> {
    return (await db.insertInto('registerSuspensions').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  async endSuspension(db: DbOrTx, id: string, endDate: string): Promise<void> {
    await db.updateTable('registerSuspensions').set((eb) => ({ endDate, version: eb('version', '+', 1) })).where('id', '=', id).execute();
  }

  async insertAuthorisation(db: DbOrTx, v: { approvalId: string; personId: string; lssaId: string; startDate: string; endDate: string; createdBy: string | null }): Promise<string> {
    return (await db.insertInto('registerAuthorisations').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  async insertTraining(db: DbOrTx, v: Omit<TrainingRecord, 'id'> & { personId: string; enteredBy: string | null }): Promise<string> {
    return (await db.insertInto('registerTraining').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  async insertEvent(db: DbOrTx, v: { personId: string; date: string; kind: string; enteredBy: string | null }): Promise<string> {
    return (await db.insertInto('registerEvents').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  async insertContract(db: DbOrTx, v: Omit<SupervisionContract, 'id' | 'reviewDates'>): Promise<string> {
    return (await db.insertInto('registerSupervisionContracts').values({ ...v, reviewDates: '[]' }).returning('id').executeTakeFirstOrThrow()).id;
  }

  async updateContract(db: DbOrTx, c: SupervisionContract): Promise<void> {
    await db
      .updateTable('registerSupervisionContracts')
      .set((eb) => ({ endDate: c.endDate, reviewDates: JSON.stringify(c.reviewDates), version: eb('version', '+', 1) }))
      .where('id', '=', c.id)
      .execute();
  }

  async insertSupervision(db: DbOrTx, r: Omit<SupervisionRecord, 'id'>, createdBy: string | null): Promise<string> {
    return (
      await db
        .insertInto('registerSupervisionRecords')
        .values({
          superviseeId: r.superviseeId,
          supervisorId: r.supervisorId,
          date: r.date,
          type: r.type,
          casesDiscussed: JSON.stringify(r.casesDiscussed),
          topic: r.topic,
          ...supervisionJson(r),
          createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  async supervisionRecord(db: DbOrTx, id: string): Promise<(SupervisionRecord & { version: number }) | undefined> {
    const row = await db
      .selectFrom('registerSupervisionRecords')
      .select(['id', 'superviseeId', 'supervisorId', 'date', 'type', 'casesDiscussed', 'topic', 'signatures', 'dispute', 'version'])
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? { ...toSupervisionRecord(row), version: row.version } : undefined;
  }

  async saveSupervisionState(db: DbOrTx, r: SupervisionRecord, version: number): Promise<number> {
    const res = await db
      .updateTable('registerSupervisionRecords')
      .set((eb) => ({ ...supervisionJson(r), version: eb('version', '+', 1) }))
      .where('id', '=', r.id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }

  async insertCompetencyRecord(db: DbOrTx, v: { personId: string; recordedOn: string; entries: CompetenceEntry[]; enteredBy: string | null }): Promise<string> {
    return (
      await db
        .insertInto('registerCompetencyRecords')
        .values({ personId: v.personId, recordedOn: v.recordedOn, entries: JSON.stringify(v.entries), enteredBy: v.enteredBy })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  async trainees(db: DbOrTx): Promise<Array<Trainee & { version: number }>> {
    const rows = await db.selectFrom('registerTrainees').selectAll().orderBy('cohortYear', 'desc').orderBy('nominatedOn', 'desc').execute();
    return rows.map(toTrainee);
  }

  async trainee(db: DbOrTx, id: string): Promise<(Trainee & { version: number }) | undefined> {
    const row = await db.selectFrom('registerTrainees').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTrainee(row) : undefined;
  }

  async insertTrainee(db: DbOrTx, t: Omit<Trainee, 'id'>): Promise<string> {
    return (
      await db
        .insertInto('registerTrainees')
        .values({
          nomination: JSON.stringify(t.nomination),
          lssaId: t.nomination.lssaId,
          cohortYear: t.nomination.cohort.year,
          cohortIntake: t.nomination.cohort.intake,
          nominatedOn: t.nominatedOn,
          checklist: JSON.stringify(t.checklist),
          nominationApprovedOn: t.nominationApprovedOn,
          shadowingDays: JSON.stringify(t.shadowingDays),
          courseStartedOn: t.courseStartedOn,
          outcome: t.outcome ? JSON.stringify(t.outcome) : null,
          firstApprovalStart: t.firstApprovalStart,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  async saveTrainee(db: DbOrTx, t: Trainee, version: number, now: Date): Promise<number> {
    const res = await db
      .updateTable('registerTrainees')
      .set((eb) => ({
        checklist: JSON.stringify(t.checklist),
        nominationApprovedOn: t.nominationApprovedOn,
        shadowingDays: JSON.stringify(t.shadowingDays),
        courseStartedOn: t.courseStartedOn,
        outcome: t.outcome ? JSON.stringify(t.outcome) : null,
        firstApprovalStart: t.firstApprovalStart,
        updatedAt: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', t.id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  }
}
