import type { Kysely } from 'kysely';
import { updateVersioned } from '../../../platform/versioned-update.js';
import type { RegisterDb } from '../register-tables.js';
import type { ApprovalChecklist, CourseOutcome, Nomination, Trainee } from './trainee-pipeline.js';

type Db = Kysely<RegisterDb>;

export type StoredTrainee = Trainee & { version: number };

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

const COLUMNS = ['id', 'nomination', 'nominatedOn', 'checklist', 'nominationApprovedOn', 'shadowingDays', 'courseStartedOn', 'outcome', 'firstApprovalStart', 'version'] as const;

function toTrainee(row: TraineeRow): StoredTrainee {
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

function progress(t: Omit<Trainee, 'id' | 'nomination' | 'nominatedOn'>) {
  return {
    checklist: JSON.stringify(t.checklist),
    nominationApprovedOn: t.nominationApprovedOn,
    shadowingDays: JSON.stringify(t.shadowingDays),
    courseStartedOn: t.courseStartedOn,
    outcome: t.outcome ? JSON.stringify(t.outcome) : null,
    firstApprovalStart: t.firstApprovalStart,
  };
}

/** Nominations and their way through the pipeline, newest intake first. */
export class TraineeRepository {
  async trainees(db: Db): Promise<StoredTrainee[]> {
    return (await db.selectFrom('registerTrainees').select(COLUMNS).orderBy('cohortYear', 'desc').orderBy('nominatedOn', 'desc').execute()).map(toTrainee);
  }

  async trainee(db: Db, id: string): Promise<StoredTrainee | undefined> {
    const row = await db.selectFrom('registerTrainees').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toTrainee(row) : undefined;
  }

  async insert(db: Db, t: Omit<Trainee, 'id'>): Promise<StoredTrainee> {
    const row = await db
      .insertInto('registerTrainees')
      .values({
        nomination: JSON.stringify(t.nomination),
        lssaId: t.nomination.lssaId,
        cohortYear: t.nomination.cohort.year,
        cohortIntake: t.nomination.cohort.intake,
        nominatedOn: t.nominatedOn,
        ...progress(t),
      })
      .returning(COLUMNS)
      .executeTakeFirstOrThrow();
    return toTrainee(row);
  }

  /** Saves the pipeline's progress, from the version read. */
  async save(db: Db, t: Trainee, expectedVersion: number, now: Date): Promise<StoredTrainee> {
    await updateVersioned(db, 'registerTrainees', { id: t.id, expectedVersion }, { ...progress(t), updatedAt: now }, 'nomination');
    return (await this.trainee(db, t.id))!;
  }
}
