// The AMHP's register page in one statement: their entry and each of the nine kinds of record
// the register holds about them, read as each feature's repository reads them (the same columns,
// order and mapping), and the names of the supervisors and signers the records mention.

import { sql, type Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { AUTHORISATION_COLUMNS, SUSPENSION_COLUMNS, toApproval, toEntry, type ApprovalData, type RegisterEntry } from '../approvals/approval-repository.js';
import { COMPETENCY_COLUMNS, toCompetencyRecord, type StoredCompetencyRecord } from '../competencies/competency-repository.js';
import type { RegisterDb } from '../register-tables.js';
import { CONTRACT_COLUMNS, RECORD_COLUMNS, toContract, toRecord, type StoredContract, type StoredSupervisionRecord } from '../supervision/supervision-repository.js';
import { toEvent, toTraining, trainingPositionSelections, type StoredEvent, type StoredTraining } from '../training/training-repository.js';

export interface PersonPageRead {
  entry: RegisterEntry | undefined;
  data: ApprovalData;
  training: StoredTraining[];
  events: StoredEvent[];
  contracts: StoredContract[];
  supervisionRecords: StoredSupervisionRecord[];
  competencies: StoredCompetencyRecord[];
  /** Supervisors and signers named in the records who hold one of `namedRoles` (active or not): id → name. */
  names: Map<string, string>;
}

export class PersonPageRepository {
  async read(db: Kysely<RegisterDb>, personId: string, namedRoles: readonly string[]): Promise<PersonPageRead> {
    const row = await db
      .selectNoFrom((eb) => [
        ...trainingPositionSelections(eb, personId),
        jsonArrayFrom(eb.selectFrom('registerSuspensions').select(SUSPENSION_COLUMNS).where('personId', '=', personId).orderBy('startDate')).as('suspensions'),
        jsonArrayFrom(eb.selectFrom('registerAuthorisations').select(AUTHORISATION_COLUMNS).where('personId', '=', personId).orderBy('startDate')).as('authorisations'),
        jsonArrayFrom(eb.selectFrom('registerSupervisionContracts').select(CONTRACT_COLUMNS).where('superviseeId', '=', personId).orderBy('startDate')).as('contracts'),
        jsonArrayFrom(eb.selectFrom('registerSupervisionRecords').select(RECORD_COLUMNS).where('superviseeId', '=', personId).orderBy('date')).as('supervisionRecords'),
        jsonArrayFrom(eb.selectFrom('registerCompetencyRecords').select(COMPETENCY_COLUMNS).where('personId', '=', personId).orderBy('recordedOn')).as('competencies'),
        jsonArrayFrom(
          eb
            .selectFrom('people as p')
            .select(['p.id', 'p.name'])
            .where((w) =>
              w.or([
                w('p.id', 'in', w.selectFrom('registerSupervisionContracts as c').select('c.supervisorId').where('c.superviseeId', '=', personId)),
                w('p.id', 'in', w.selectFrom('registerSupervisionRecords as s').select('s.supervisorId').where('s.superviseeId', '=', personId)),
                // Signers: the records' signatures are [{ personId, signedAt }].
                w.exists(
                  w
                    .selectFrom('registerSupervisionRecords as g')
                    .select('g.id')
                    .where('g.superviseeId', '=', personId)
                    .where(sql<boolean>`g.signatures @> jsonb_build_array(jsonb_build_object('personId', p.id::text))`),
                ),
              ]),
            )
            .where((w) => w.exists(w.selectFrom('personRoles as r').select('r.role').whereRef('r.personId', '=', 'p.id').where('r.role', 'in', [...namedRoles]))),
        ).as('names'),
      ])
      .executeTakeFirstOrThrow();
    return {
      entry: row.entry ? toEntry(row.entry) : undefined,
      data: { approvals: row.approvals.map(toApproval), suspensions: row.suspensions, authorisations: row.authorisations },
      training: row.training.map(toTraining),
      events: row.events.map(toEvent),
      contracts: row.contracts.map(toContract),
      supervisionRecords: row.supervisionRecords.map(toRecord),
      competencies: row.competencies.map(toCompetencyRecord),
      names: new Map(row.names.map((p) => [p.id, p.name])),
    };
  }
}
