import type { ExpressionBuilder, Kysely } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { APPROVAL_COLUMNS, ENTRY_COLUMNS, toApproval, toEntry, type RegisterEntry, type StoredApproval } from '../approvals/approval-repository.js';
import type { RegisterDb } from '../register-tables.js';
import type { ProfessionalEvent, TrainingRecord } from './training.js';

type Db = Kysely<RegisterDb>;

export type StoredTraining = TrainingRecord & { personId: string };
export type StoredEvent = ProfessionalEvent & { personId: string };

export const TRAINING_COLUMNS = ['id', 'personId', 'date', 'title', 'provider', 'hours', 'amhpSpecific', 'legalUpdate'] as const;
export const EVENT_COLUMNS = ['id', 'personId', 'date', 'kind'] as const;

export function toTraining(row: Omit<StoredTraining, 'hours'> & { hours: number | string }): StoredTraining {
  return { ...row, hours: Number(row.hours) };
}

export function toEvent(row: { id: string; personId: string; date: string; kind: string }): StoredEvent {
  return { ...row, kind: row.kind as ProfessionalEvent['kind'] };
}

/**
 * One AMHP's entry, approvals, training and meetings as sub-selects of one statement (the home
 * panel's read, and part of the register person page's).
 */
export function trainingPositionSelections(eb: ExpressionBuilder<RegisterDb, never>, personId: string) {
  return [
    jsonObjectFrom(eb.selectFrom('registerEntries').select(ENTRY_COLUMNS).where('personId', '=', personId)).as('entry'),
    jsonArrayFrom(eb.selectFrom('registerApprovals').select(APPROVAL_COLUMNS).where('personId', '=', personId).orderBy('startDate')).as('approvals'),
    jsonArrayFrom(eb.selectFrom('registerTraining').select(TRAINING_COLUMNS).where('personId', '=', personId).orderBy('date')).as('training'),
    jsonArrayFrom(eb.selectFrom('registerEvents').select(EVENT_COLUMNS).where('personId', '=', personId).orderBy('date')).as('events'),
  ] as const;
}

/** Training records and professional meetings / away days, oldest first. */
export class TrainingRepository {
  /** One AMHP's training position in one statement (their home panel): entry, approvals, training, meetings. */
  async positionOf(db: Db, personId: string): Promise<{ entry: RegisterEntry | undefined; approvals: StoredApproval[]; training: StoredTraining[]; events: StoredEvent[] }> {
    const row = await db.selectNoFrom((eb) => trainingPositionSelections(eb, personId)).executeTakeFirstOrThrow();
    return { entry: row.entry ? toEntry(row.entry) : undefined, approvals: row.approvals.map(toApproval), training: row.training.map(toTraining), events: row.events.map(toEvent) };
  }

  async training(db: Db, personId?: string): Promise<StoredTraining[]> {
    let query = db.selectFrom('registerTraining').select(TRAINING_COLUMNS);
    if (personId) query = query.where('personId', '=', personId);
    return (await query.orderBy('date').execute()).map(toTraining);
  }

  async events(db: Db, personId?: string): Promise<StoredEvent[]> {
    let query = db.selectFrom('registerEvents').select(EVENT_COLUMNS);
    if (personId) query = query.where('personId', '=', personId);
    return (await query.orderBy('date').execute()).map(toEvent);
  }

  async insertTraining(db: Db, values: Omit<StoredTraining, 'id'> & { enteredBy: string | null }): Promise<StoredTraining> {
    return toTraining(await db.insertInto('registerTraining').values(values).returning(TRAINING_COLUMNS).executeTakeFirstOrThrow());
  }

  async insertEvent(db: Db, values: Omit<StoredEvent, 'id'> & { enteredBy: string | null }): Promise<StoredEvent> {
    return toEvent(await db.insertInto('registerEvents').values(values).returning(EVENT_COLUMNS).executeTakeFirstOrThrow());
  }

  /** Many training records in one statement, in the order given (the demo seed). */
  async insertTrainings(db: Db, rows: ReadonlyArray<Omit<StoredTraining, 'id'> & { enteredBy: string | null }>): Promise<void> {
    if (rows.length > 0) await db.insertInto('registerTraining').values([...rows]).execute();
  }

  /** Many professional meetings / away days in one statement, in the order given (the demo seed). */
  async insertEvents(db: Db, rows: ReadonlyArray<Omit<StoredEvent, 'id'> & { enteredBy: string | null }>): Promise<void> {
    if (rows.length > 0) await db.insertInto('registerEvents').values([...rows]).execute();
  }
}
