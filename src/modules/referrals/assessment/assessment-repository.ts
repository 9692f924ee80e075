import type { Insertable, Selectable, Updateable } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type {
  AssessmentAddendaTable,
  AssessmentDoctorContactsTable,
  AssessmentDoctorsTable,
  AssessmentResourcesTable,
  AssessmentsTable,
} from './assessments-tables.js';

export type AssessmentRow = Selectable<AssessmentsTable>;
export type DoctorRow = Selectable<AssessmentDoctorsTable>;
export type ContactRow = Selectable<AssessmentDoctorContactsTable>;
export type ResourceRow = Selectable<AssessmentResourcesTable>;
export type AddendumRow = Selectable<AssessmentAddendaTable>;
export type AssessmentPatch = Omit<Updateable<AssessmentsTable>, 'id' | 'referralId' | 'version' | 'createdAt'>;

/** The parts of the referral the assessment record shows and checks. */
export interface ReferralForAssessment {
  id: string;
  reference: string;
  status: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string | null;
  nhsNumber: string | null;
  address: string;
  currentLocation: string;
  legalStatus: string;
  legalStatusSince: Date | null;
  reason: string;
  sourceType: string;
  receivedAt: Date;
  referrerName: string;
  firstLanguage: string;
  interpreterNeeded: boolean;
  communicationNeeds: string;
  lssaId: string | null;
  allocatedAmhpId: string | null;
  version: number;
}

export class AssessmentRepository {
  async findReferral(db: DbOrTx, id: string): Promise<ReferralForAssessment | undefined> {
    return db
      .selectFrom('referrals')
      .select([
        'id', 'reference', 'status', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'address', 'currentLocation',
        'legalStatus', 'legalStatusSince', 'reason', 'sourceType', 'receivedAt', 'referrerName', 'firstLanguage',
        'interpreterNeeded', 'communicationNeeds', 'lssaId', 'allocatedAmhpId', 'version',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async findByReferral(db: DbOrTx, referralId: string): Promise<AssessmentRow | undefined> {
    return db.selectFrom('assessments').selectAll().where('referralId', '=', referralId).executeTakeFirst();
  }

  /** Creates the empty record the first time anyone saves a section (idempotent). */
  async ensure(db: DbOrTx, referralId: string): Promise<AssessmentRow> {
    await db.insertInto('assessments').values({ referralId, legalContext: '{}', warningReasons: '{}', principles: '{}' }).onConflict((oc) => oc.column('referralId').doNothing()).execute();
    const row = await this.findByReferral(db, referralId);
    if (!row) throw new Error('assessment row missing after insert');
    return row;
  }

  async update(db: DbOrTx, id: string, patch: AssessmentPatch, expectedVersion: number, now: Date): Promise<number> {
    const result = await db
      .updateTable('assessments')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1), updatedAt: now }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async doctors(db: DbOrTx, assessmentId: string): Promise<DoctorRow[]> {
    return db.selectFrom('assessmentDoctors').selectAll().where('assessmentId', '=', assessmentId).where('removedAt', 'is', null).orderBy('createdAt').orderBy('id').execute();
  }

  async insertDoctor(db: DbOrTx, values: Insertable<AssessmentDoctorsTable>): Promise<string> {
    const row = await db.insertInto('assessmentDoctors').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async updateDoctor(db: DbOrTx, id: string, assessmentId: string, patch: Updateable<AssessmentDoctorsTable>, expectedVersion: number): Promise<number> {
    const result = await db
      .updateTable('assessmentDoctors')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('assessmentId', '=', assessmentId)
      .where('removedAt', 'is', null)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async contacts(db: DbOrTx, assessmentId: string): Promise<ContactRow[]> {
    return db.selectFrom('assessmentDoctorContacts').selectAll().where('assessmentId', '=', assessmentId).orderBy('calledAt').orderBy('id').execute();
  }

  async insertContact(db: DbOrTx, values: Insertable<AssessmentDoctorContactsTable>): Promise<string> {
    const row = await db.insertInto('assessmentDoctorContacts').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async resources(db: DbOrTx, assessmentId: string): Promise<ResourceRow[]> {
    return db.selectFrom('assessmentResources').selectAll().where('assessmentId', '=', assessmentId).execute();
  }

  async upsertResource(db: DbOrTx, values: Insertable<AssessmentResourcesTable>): Promise<void> {
    await db
      .insertInto('assessmentResources')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['assessmentId', 'kind']).doUpdateSet({
          requestedAt: values.requestedAt ?? null,
          arrivedAt: values.arrivedAt ?? null,
          requestedBy: values.requestedBy ?? '',
          provider: values.provider ?? '',
          detail: values.detail ?? '',
          updatedAt: values.updatedAt ?? new Date(),
        }),
      )
      .execute();
  }

  async addenda(db: DbOrTx, assessmentId: string): Promise<AddendumRow[]> {
    return db.selectFrom('assessmentAddenda').selectAll().where('assessmentId', '=', assessmentId).orderBy('addedAt').execute();
  }

  async insertAddendum(db: DbOrTx, values: Insertable<AssessmentAddendaTable>): Promise<void> {
    await db.insertInto('assessmentAddenda').values(values).execute();
  }

  async applicant(db: DbOrTx, id: string): Promise<{ id: string; name: string; jobTitle: string; approvalExpiresOn: string | null; roles: string[] } | undefined> {
    const person = await db.selectFrom('people').select(['id', 'name', 'jobTitle', 'approvalExpiresOn']).where('id', '=', id).executeTakeFirst();
    if (!person) return undefined;
    const roles = await db.selectFrom('personRoles').select('role').where('personId', '=', id).execute();
    return { ...person, roles: roles.map((r) => r.role) };
  }

  /** Assessments an AMHP carried out (allocated to them, outcome recorded) between two instants, by outcome. */
  async outcomesForAmhp(db: DbOrTx, personId: string, from: Date, to: Date): Promise<Array<{ outcome: string; count: number }>> {
    const rows = await db
      .selectFrom('assessments')
      .innerJoin('referrals', 'referrals.id', 'assessments.referralId')
      .select(['assessments.outcome', (eb) => eb.fn.countAll<number>().as('count')])
      .where('assessments.outcome', 'is not', null)
      .where('assessments.outcomeRecordedAt', '>=', from)
      .where('assessments.outcomeRecordedAt', '<', to)
      .where((eb) => eb.or([eb('referrals.allocatedAmhpId', '=', personId), eb('assessments.applicantId', '=', personId)]))
      .groupBy('assessments.outcome')
      .execute();
    return rows.map((row) => ({ outcome: row.outcome ?? 'other', count: Number(row.count) }));
  }

  async personName(db: DbOrTx, id: string | null): Promise<string | null> {
    if (!id) return null;
    const row = await db.selectFrom('people').select('name').where('id', '=', id).executeTakeFirst();
    return row?.name ?? null;
  }
}
