import type { Kysely } from 'kysely';
import { updateVersioned } from '../../../platform/versioned-update.js';
import type { RegisterDb } from '../register-tables.js';
import type { SupervisionArrangement, SupervisionContract, SupervisionRecord, SupervisionType } from './supervision.js';

type Db = Kysely<RegisterDb>;

export type StoredContract = SupervisionContract & { version: number };
export type StoredSupervisionRecord = SupervisionRecord & { version: number };

export const CONTRACT_COLUMNS = ['id', 'superviseeId', 'supervisorId', 'arrangement', 'startDate', 'endDate', 'reviewDates', 'version'] as const;
export const RECORD_COLUMNS = ['id', 'superviseeId', 'supervisorId', 'date', 'type', 'casesDiscussed', 'topic', 'signatures', 'dispute', 'version'] as const;

export function toContract(row: { id: string; superviseeId: string; supervisorId: string; arrangement: string; startDate: string; endDate: string | null; reviewDates: string[]; version: number }): StoredContract {
  return { ...row, arrangement: row.arrangement as SupervisionArrangement };
}

export type RecordRow = {
  id: string;
  superviseeId: string;
  supervisorId: string;
  date: string;
  type: string;
  casesDiscussed: string[];
  topic: string | null;
  signatures: Array<{ personId: string; signedAt: string }>;
  dispute: { raisedBy: string; raisedAt: string; note: string; resolvedAt: string | null; resolution: string | null } | null;
  version: number;
};

export function toRecord(row: RecordRow): StoredSupervisionRecord {
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
    version: row.version,
  };
}

/** Signatures and the dispute are stored as JSON, instants as RFC 3339 strings. */
function stateJson(record: Pick<SupervisionRecord, 'signatures' | 'dispute'>) {
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

/** Supervision contracts and records. */
export class SupervisionRepository {
  async contracts(db: Db, superviseeId: string): Promise<StoredContract[]> {
    return (await db.selectFrom('registerSupervisionContracts').select(CONTRACT_COLUMNS).where('superviseeId', '=', superviseeId).orderBy('startDate').execute()).map(toContract);
  }

  /** Whom this person supervises under a contract in force on the day (supervisee ids). */
  async superviseesOn(db: Db, supervisorId: string, day: string): Promise<string[]> {
    const rows = await db
      .selectFrom('registerSupervisionContracts')
      .select('superviseeId')
      .where('supervisorId', '=', supervisorId)
      .where('startDate', '<=', day)
      .where((eb) => eb.or([eb('endDate', 'is', null), eb('endDate', '>=', day)]))
      .execute();
    return [...new Set(rows.map((r) => r.superviseeId))];
  }

  async insertContract(db: Db, contract: Omit<SupervisionContract, 'id' | 'reviewDates'>): Promise<StoredContract> {
    return toContract(await db.insertInto('registerSupervisionContracts').values({ ...contract, reviewDates: '[]' }).returning(CONTRACT_COLUMNS).executeTakeFirstOrThrow());
  }

  /** Saves the end date and reviews, from the version read. */
  async updateContract(db: Db, contract: StoredContract): Promise<StoredContract> {
    await updateVersioned(db, 'registerSupervisionContracts', { id: contract.id, expectedVersion: contract.version }, { endDate: contract.endDate, reviewDates: JSON.stringify(contract.reviewDates) }, 'supervision contract');
    return toContract(await db.selectFrom('registerSupervisionContracts').select(CONTRACT_COLUMNS).where('id', '=', contract.id).executeTakeFirstOrThrow());
  }

  /** Records oldest first: one supervisee's, or everyone's from a date. */
  async records(db: Db, filter: { superviseeId?: string; from?: string }): Promise<StoredSupervisionRecord[]> {
    let query = db.selectFrom('registerSupervisionRecords').select(RECORD_COLUMNS);
    if (filter.superviseeId) query = query.where('superviseeId', '=', filter.superviseeId);
    if (filter.from) query = query.where('date', '>=', filter.from);
    return (await query.orderBy('date').execute()).map(toRecord);
  }

  async record(db: Db, id: string): Promise<StoredSupervisionRecord | undefined> {
    const row = await db.selectFrom('registerSupervisionRecords').select(RECORD_COLUMNS).where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async insertRecord(db: Db, record: Omit<SupervisionRecord, 'id'>, createdBy: string | null): Promise<StoredSupervisionRecord> {
    const row = await db
      .insertInto('registerSupervisionRecords')
      .values(recordRow(record, createdBy))
      .returning(RECORD_COLUMNS)
      .executeTakeFirstOrThrow();
    return toRecord(row);
  }

  /** Many records in one statement, in the order given (the demo seed). */
  async insertRecords(db: Db, records: ReadonlyArray<{ record: Omit<SupervisionRecord, 'id'>; createdBy: string | null }>): Promise<void> {
    if (records.length === 0) return;
    await db
      .insertInto('registerSupervisionRecords')
      .values(
        records.map(({ record, createdBy }) => recordRow(record, createdBy)),
      )
      .execute();
  }

  /** Saves signatures and dispute, from the version read. */
  async saveState(db: Db, record: SupervisionRecord, expectedVersion: number): Promise<StoredSupervisionRecord> {
    await updateVersioned(db, 'registerSupervisionRecords', { id: record.id, expectedVersion }, stateJson(record), 'supervision record');
    return (await this.record(db, record.id))!;
  }
}

/** A supervision record as its table row. */
function recordRow(record: Omit<SupervisionRecord, 'id'>, createdBy: string | null) {
  return {
    superviseeId: record.superviseeId,
    supervisorId: record.supervisorId,
    date: record.date,
    type: record.type,
    casesDiscussed: JSON.stringify(record.casesDiscussed),
    topic: record.topic,
    ...stateJson(record),
    createdBy,
  };
}
