// Database access for the assessment record: its own tables, and people read through staff's
// read model. No rules here: the services decide; this reads and writes rows.

import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { rowsWithDates } from '../../../db/json-rows.js';
import { updateVersioned } from '../../../platform/versioned-update.js';
import type {
  AssessmentAddendaTable,
  AssessmentDb,
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
export type AssessmentPatch = Omit<Updateable<AssessmentsTable>, 'id' | 'referralId' | 'version' | 'createdAt' | 'updatedAt'>;
export type DoctorPatch = Omit<Updateable<AssessmentDoctorsTable>, 'id' | 'assessmentId' | 'version' | 'createdAt'>;

type Handle = Kysely<AssessmentDb>;

/** A person as the assessment sees them: the applicant, the allocated AMHP. */
export interface PersonForAssessment {
  id: string;
  name: string;
  jobTitle: string;
  active: boolean;
  roles: string[];
}

export class AssessmentRepository {
  async findByReferral(db: Handle, referralId: string): Promise<AssessmentRow | undefined> {
    return db.selectFrom('assessments').selectAll().where('referralId', '=', referralId).executeTakeFirst();
  }

  /**
   * The record's page in one statement: the assessment (or none yet), its doctors, contacts,
   * resources and addenda (as the methods of those names read them), and the names of the people
   * given and of the record's applicant and finaliser (id → name; absent when not on the system).
   */
  async recordPage(db: Handle, referralId: string, peopleIds: ReadonlyArray<string | null>): Promise<{
    assessment: AssessmentRow | null;
    doctors: DoctorRow[];
    contacts: ContactRow[];
    resources: ResourceRow[];
    addenda: AddendumRow[];
    names: Map<string, string>;
  }> {
    const ids = [...new Set(peopleIds.filter((id): id is string => id !== null))];
    const row = await db
      .selectFrom(sql<{ one: number }>`(select 1 as one)`.as('v'))
      .leftJoin('assessments as a', (join) => join.on('a.referralId', '=', referralId))
      .selectAll('a')
      .select((eb) => [
        jsonArrayFrom(eb.selectFrom('assessmentDoctors as d').selectAll('d').whereRef('d.assessmentId', '=', 'a.id').where('d.removedAt', 'is', null).orderBy('d.createdAt').orderBy('d.id')).as('pageDoctors'),
        jsonArrayFrom(eb.selectFrom('assessmentDoctorContacts as c').selectAll('c').whereRef('c.assessmentId', '=', 'a.id').orderBy('c.calledAt').orderBy('c.id')).as('pageContacts'),
        jsonArrayFrom(eb.selectFrom('assessmentResources as r').selectAll('r').whereRef('r.assessmentId', '=', 'a.id')).as('pageResources'),
        jsonArrayFrom(eb.selectFrom('assessmentAddenda as x').selectAll('x').whereRef('x.assessmentId', '=', 'a.id').orderBy('x.addedAt').orderBy('x.id')).as('pageAddenda'),
        jsonArrayFrom(
          eb
            .selectFrom('people as p')
            .select(['p.id', 'p.name'])
            .where((w) => w.or([...(ids.length > 0 ? [w('p.id', 'in', ids)] : []), w('p.id', '=', w.ref('a.applicantId')), w('p.id', '=', w.ref('a.reportFinalisedBy'))])),
        ).as('pageNames'),
      ])
      .executeTakeFirstOrThrow();
    const { pageDoctors, pageContacts, pageResources, pageAddenda, pageNames, ...assessment } = row;
    return {
      assessment: assessment.id === null ? null : (assessment as AssessmentRow),
      doctors: rowsWithDates<DoctorRow>(pageDoctors, ['requestedAt', 'arrivedAt', 'examinedAt', 'signedAt', 'removedAt', 'createdAt']),
      contacts: rowsWithDates<ContactRow>(pageContacts, ['calledAt', 'createdAt']),
      resources: rowsWithDates<ResourceRow>(pageResources, ['requestedAt', 'arrivedAt', 'updatedAt']),
      addenda: rowsWithDates<AddendumRow>(pageAddenda, ['addedAt']),
      names: new Map(pageNames.map((p) => [p.id, p.name])),
    };
  }

  /** Creates the empty record the first time anyone saves a section (idempotent), at the app's time. */
  async ensure(db: Handle, referralId: string, now: Date): Promise<AssessmentRow> {
    await db
      .insertInto('assessments')
      .values({ referralId, legalContext: '{}', warningReasons: '{}', principles: '{}', createdAt: now, updatedAt: now })
      .onConflict((oc) => oc.column('referralId').doNothing())
      .execute();
    const row = await this.findByReferral(db, referralId);
    if (!row) throw new Error('assessment row missing after insert');
    return row;
  }

  /** The optimistic-locking update; returns the new version (ConflictError if it moved on). */
  async update(db: Handle, id: string, patch: AssessmentPatch, expectedVersion: number, now: Date): Promise<number> {
    return updateVersioned(db, 'assessments', { id, expectedVersion }, { ...patch, updatedAt: now }, 'assessment record');
  }

  async doctors(db: Handle, assessmentId: string): Promise<DoctorRow[]> {
    return db.selectFrom('assessmentDoctors').selectAll().where('assessmentId', '=', assessmentId).where('removedAt', 'is', null).orderBy('createdAt').orderBy('id').execute();
  }

  async insertDoctor(db: Handle, values: Insertable<AssessmentDoctorsTable>): Promise<string> {
    const row = await db.insertInto('assessmentDoctors').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async updateDoctor(db: Handle, id: string, patch: DoctorPatch, expectedVersion: number): Promise<number> {
    return updateVersioned(db, 'assessmentDoctors', { id, expectedVersion }, patch, 'doctor');
  }

  async contacts(db: Handle, assessmentId: string): Promise<ContactRow[]> {
    return db.selectFrom('assessmentDoctorContacts').selectAll().where('assessmentId', '=', assessmentId).orderBy('calledAt').orderBy('id').execute();
  }

  async insertContact(db: Handle, values: Insertable<AssessmentDoctorContactsTable>): Promise<string> {
    const row = await db.insertInto('assessmentDoctorContacts').values(values).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async resources(db: Handle, assessmentId: string): Promise<ResourceRow[]> {
    return db.selectFrom('assessmentResources').selectAll().where('assessmentId', '=', assessmentId).execute();
  }

  async upsertResource(db: Handle, values: Insertable<AssessmentResourcesTable>): Promise<void> {
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

  async addenda(db: Handle, assessmentId: string): Promise<AddendumRow[]> {
    return db.selectFrom('assessmentAddenda').selectAll().where('assessmentId', '=', assessmentId).orderBy('addedAt').orderBy('id').execute();
  }

  async insertAddendum(db: Handle, values: Insertable<AssessmentAddendaTable>): Promise<void> {
    await db.insertInto('assessmentAddenda').values(values).execute();
  }

  async person(db: Handle, id: string): Promise<PersonForAssessment | undefined> {
    const person = await db.selectFrom('people').select(['id', 'name', 'jobTitle', 'active']).where('id', '=', id).executeTakeFirst();
    if (!person) return undefined;
    const roles = await db.selectFrom('personRoles').select('role').where('personId', '=', id).execute();
    return { ...person, roles: roles.map((r) => r.role) };
  }

  async personName(db: Handle, id: string | null): Promise<string | null> {
    if (!id) return null;
    const row = await db.selectFrom('people').select('name').where('id', '=', id).executeTakeFirst();
    return row?.name ?? null;
  }

  /** Active AMHPs, for choosing the applicant of an application. */
  async amhps(db: Handle): Promise<Array<{ id: string; name: string }>> {
    return db
      .selectFrom('people')
      .innerJoin('personRoles', 'personRoles.personId', 'people.id')
      .select(['people.id', 'people.name'])
      .where('personRoles.role', '=', 'amhp')
      .where('people.active', '=', true)
      .orderBy('people.name')
      .execute();
  }

  /**
   * Outcomes recorded between two instants on assessments this AMHP carried out: the referrals
   * allocated to them (given by the referral port), or where they were the applicant or recorded
   * the outcome (before the applicant was explicit, the recorder was the applicant).
   */
  async outcomesForAmhp(db: Handle, personId: string, allocatedReferralIds: readonly string[], from: Date, to: Date): Promise<Array<{ outcome: string; count: number }>> {
    const rows = await db
      .selectFrom('assessments')
      .select(['outcome', (eb) => eb.fn.countAll<number>().as('count')])
      .where('outcome', 'is not', null)
      .where('outcomeRecordedAt', '>=', from)
      .where('outcomeRecordedAt', '<', to)
      .where((eb) =>
        eb.or([
          eb('applicantId', '=', personId),
          eb('outcomeRecordedBy', '=', personId),
          ...(allocatedReferralIds.length > 0 ? [eb('referralId', 'in', [...allocatedReferralIds])] : []),
        ]),
      )
      .groupBy('outcome')
      .execute();
    return rows.map((row) => ({ outcome: row.outcome ?? 'other', count: Number(row.count) }));
  }
}
