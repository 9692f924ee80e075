import type { Kysely } from 'kysely';
import type { RegisterDb } from '../register-tables.js';

type Db = Kysely<RegisterDb>;

/** What a register import matches against: the people's entries, training and supervision. */
export class RegisterImportRepository {
  async entries(db: Db, personIds: readonly string[]) {
    return db.selectFrom('registerEntries').select(['personId', 'profession', 'registrationNumber']).where('personId', 'in', [...personIds]).execute();
  }

  async training(db: Db, personIds: readonly string[]) {
    const rows = await db.selectFrom('registerTraining').select(['personId', 'date', 'title', 'hours', 'legalUpdate']).where('personId', 'in', [...personIds]).execute();
    return rows.map((t) => ({ ...t, hours: Number(t.hours) }));
  }

  async supervision(db: Db, personIds: readonly string[]) {
    return db.selectFrom('registerSupervisionRecords').select(['superviseeId', 'supervisorId', 'date', 'type']).where('superviseeId', 'in', [...personIds]).execute();
  }
}
