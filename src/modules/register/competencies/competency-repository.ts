import type { Kysely } from 'kysely';
import type { RegisterDb } from '../register-tables.js';
import type { CompetenceEntry, CompetencyRecord } from './competencies.js';

type Db = Kysely<RegisterDb>;

export type StoredCompetencyRecord = CompetencyRecord & { personId: string };

export const COMPETENCY_COLUMNS = ['id', 'personId', 'recordedOn', 'entries'] as const;

export function toCompetencyRecord(row: { id: string; personId: string; recordedOn: string; entries: Array<{ competence: number; status: string; evidence: string }> }): StoredCompetencyRecord {
  return { id: row.id, personId: row.personId, amhpId: row.personId, recordedOn: row.recordedOn, entries: row.entries as CompetenceEntry[] };
}

/** The annual competency records, oldest first. */
export class CompetencyRepository {
  async records(db: Db, personId: string): Promise<StoredCompetencyRecord[]> {
    return (await db.selectFrom('registerCompetencyRecords').select(COMPETENCY_COLUMNS).where('personId', '=', personId).orderBy('recordedOn').execute()).map(toCompetencyRecord);
  }

  async insert(db: Db, values: { personId: string; recordedOn: string; entries: CompetenceEntry[]; enteredBy: string | null }): Promise<StoredCompetencyRecord> {
    const row = await db
      .insertInto('registerCompetencyRecords')
      .values({ personId: values.personId, recordedOn: values.recordedOn, entries: JSON.stringify(values.entries), enteredBy: values.enteredBy })
      .returning(COMPETENCY_COLUMNS)
      .executeTakeFirstOrThrow();
    return toCompetencyRecord(row);
  }
}
