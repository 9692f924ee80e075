// All SQL of the section 12 doctors module: its own tables, and people through staff's read model.

import type { Insertable, Kysely, Selectable } from 'kysely';
import { updateVersioned } from '../../platform/versioned-update.js';
import type { DoctorsDb, S12AvailabilityTable, S12ClaimsTable, S12DoctorsTable, S12InvitationsTable, S12PaymentBatchesTable } from './doctors-tables.js';
import { ChangeStamp } from '../../platform/read-cache.js';

/** Moves whenever this process writes a directory entry (the stamp behind the home panel's shared read). */
export const doctorDirectoryChanges = new ChangeStamp();

type Handle = Kysely<DoctorsDb>;
export type DoctorRow = Selectable<S12DoctorsTable>;
export type SlotRow = Selectable<S12AvailabilityTable>;
export type InvitationRow = Selectable<S12InvitationsTable>;
export type ClaimRow = Selectable<S12ClaimsTable>;
export type BatchRow = Selectable<S12PaymentBatchesTable>;

export interface DoctorValues {
  personId: string | null;
  name: string;
  gmcNumber: string;
  s12ApprovedFrom: string | null;
  s12ApprovedUntil: string | null;
  approvedClinician: boolean;
  specialisms: string[];
  languages: string[];
  areas: string[];
  phone: string;
  email: string;
  base: string;
  notes: string;
  active: boolean;
}

const json = (values: DoctorValues) => ({ ...values, specialisms: JSON.stringify(values.specialisms), languages: JSON.stringify(values.languages), areas: JSON.stringify(values.areas) });

export class DoctorsRepository {
  async doctors(db: Handle): Promise<DoctorRow[]> {
    return db.selectFrom('s12Doctors').selectAll().orderBy('name').orderBy('id').execute();
  }

  async doctor(db: Handle, id: string): Promise<DoctorRow | undefined> {
    return db.selectFrom('s12Doctors').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async doctorForPerson(db: Handle, personId: string): Promise<DoctorRow | undefined> {
    return db.selectFrom('s12Doctors').selectAll().where('personId', '=', personId).executeTakeFirst();
  }

  async doctorWithGmc(db: Handle, gmcNumber: string): Promise<DoctorRow | undefined> {
    return db.selectFrom('s12Doctors').selectAll().where('gmcNumber', '=', gmcNumber).executeTakeFirst();
  }

  async insertDoctor(db: Handle, values: DoctorValues, by: string, at: Date): Promise<string> {
    doctorDirectoryChanges.changed();
    const row = await db.insertInto('s12Doctors').values({ ...json(values), updatedAt: at, updatedBy: by }).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  async updateDoctor(db: Handle, id: string, version: number, values: DoctorValues, by: string, at: Date): Promise<number> {
    doctorDirectoryChanges.changed();
    return updateVersioned(db, 's12Doctors', { id, expectedVersion: version }, { ...json(values), updatedAt: at, updatedBy: by }, 'directory entry');
  }

  async saveVersion(db: Handle, doctor: DoctorRow, by: string, at: Date): Promise<void> {
    await db.insertInto('s12DoctorVersions').values({ doctorId: doctor.id, version: doctor.version, savedAt: at, savedBy: by, snapshot: JSON.stringify(doctor) }).execute();
  }

  async versions(db: Handle, doctorId: string) {
    return db
      .selectFrom('s12DoctorVersions')
      .leftJoin('people', 'people.id', 's12DoctorVersions.savedBy')
      .select(['s12DoctorVersions.version', 's12DoctorVersions.savedAt', 's12DoctorVersions.snapshot', 'people.name as savedByName'])
      .where('doctorId', '=', doctorId)
      .orderBy('version', 'desc')
      .execute();
  }

  /** People holding the s12 doctor role, for linking a sign-in to an entry. */
  async doctorPeople(db: Handle): Promise<Array<{ id: string; name: string; email: string }>> {
    return db
      .selectFrom('people')
      .innerJoin('personRoles', 'personRoles.personId', 'people.id')
      .select(['people.id', 'people.name', 'people.email'])
      .where('personRoles.role', '=', 's12_doctor')
      .orderBy('people.name')
      .execute();
  }

  async slots(db: Handle, doctorIds: readonly string[]): Promise<SlotRow[]> {
    if (doctorIds.length === 0) return [];
    return db.selectFrom('s12Availability').selectAll().where('doctorId', 'in', [...doctorIds]).orderBy('kind').orderBy('weekday').orderBy('startMinute').orderBy('startsAt').execute();
  }

  async insertSlot(db: Handle, values: Insertable<S12AvailabilityTable>): Promise<string> {
    return (await db.insertInto('s12Availability').values(values).returning('id').executeTakeFirstOrThrow()).id;
  }

  async deleteSlot(db: Handle, doctorId: string, slotId: string): Promise<number> {
    const result = await db.deleteFrom('s12Availability').where('id', '=', slotId).where('doctorId', '=', doctorId).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async insertInvitation(db: Handle, values: Insertable<S12InvitationsTable>): Promise<string> {
    return (await db.insertInto('s12Invitations').values(values).returning('id').executeTakeFirstOrThrow()).id;
  }

  async openInvitation(db: Handle, doctorId: string, referralId: string): Promise<InvitationRow | undefined> {
    return db.selectFrom('s12Invitations').selectAll().where('doctorId', '=', doctorId).where('referralId', '=', referralId).where('status', '=', 'invited').executeTakeFirst();
  }

  async invitation(db: Handle, id: string): Promise<InvitationRow | undefined> {
    return db.selectFrom('s12Invitations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async invitationsForDoctor(db: Handle, doctorId: string): Promise<InvitationRow[]> {
    return db.selectFrom('s12Invitations').selectAll().where('doctorId', '=', doctorId).orderBy('invitedAt', 'desc').execute();
  }

  async invitationsForReferral(db: Handle, referralId: string) {
    return db
      .selectFrom('s12Invitations')
      .innerJoin('s12Doctors', 's12Doctors.id', 's12Invitations.doctorId')
      .selectAll('s12Invitations')
      .select('s12Doctors.name as doctorName')
      .where('referralId', '=', referralId)
      .orderBy('invitedAt', 'desc')
      .execute();
  }

  async answerInvitation(db: Handle, id: string, version: number, status: 'accepted' | 'declined', note: string, at: Date): Promise<number> {
    return updateVersioned(db, 's12Invitations', { id, expectedVersion: version }, { status, responseNote: note, respondedAt: at }, 'invitation');
  }

  async claimFor(db: Handle, doctorId: string, referralId: string): Promise<ClaimRow | undefined> {
    return db.selectFrom('s12Claims').selectAll().where('doctorId', '=', doctorId).where('referralId', '=', referralId).executeTakeFirst();
  }

  async insertClaim(db: Handle, values: Insertable<S12ClaimsTable>): Promise<string> {
    return (await db.insertInto('s12Claims').values(values).returning('id').executeTakeFirstOrThrow()).id;
  }

  async claim(db: Handle, id: string) {
    return db
      .selectFrom('s12Claims')
      .innerJoin('s12Doctors', 's12Doctors.id', 's12Claims.doctorId')
      .leftJoin('people', 'people.id', 's12Claims.decidedBy')
      .selectAll('s12Claims')
      .select(['s12Doctors.name as doctorName', 's12Doctors.gmcNumber', 'people.name as decidedByName'])
      .where('s12Claims.id', '=', id)
      .executeTakeFirst();
  }

  async claims(db: Handle, filter: { doctorId?: string; status?: string }) {
    let query = db
      .selectFrom('s12Claims')
      .innerJoin('s12Doctors', 's12Doctors.id', 's12Claims.doctorId')
      .leftJoin('people', 'people.id', 's12Claims.decidedBy')
      .selectAll('s12Claims')
      .select(['s12Doctors.name as doctorName', 's12Doctors.gmcNumber', 'people.name as decidedByName']);
    if (filter.doctorId) query = query.where('s12Claims.doctorId', '=', filter.doctorId);
    if (filter.status) query = query.where('s12Claims.status', '=', filter.status as ClaimRow['status']);
    return query.orderBy('s12Claims.submittedAt', 'desc').orderBy('s12Claims.id').execute();
  }

  async updateClaim(db: Handle, id: string, version: number, values: Partial<Omit<Insertable<S12ClaimsTable>, 'id' | 'version'>>): Promise<number> {
    return updateVersioned(db, 's12Claims', { id, expectedVersion: version }, values, 'claim');
  }

  /** Approved claims not yet in a batch, approved before `before`. */
  async approvedUnbatched(db: Handle, before: Date) {
    return db
      .selectFrom('s12Claims')
      .innerJoin('s12Doctors', 's12Doctors.id', 's12Claims.doctorId')
      .selectAll('s12Claims')
      .select(['s12Doctors.name as doctorName', 's12Doctors.gmcNumber'])
      .where('s12Claims.status', '=', 'approved')
      .where('s12Claims.batchId', 'is', null)
      .where('s12Claims.decidedAt', '<', before)
      .orderBy('s12Doctors.name')
      .orderBy('s12Claims.assessmentDate')
      .execute();
  }

  async insertBatch(db: Handle, values: Insertable<S12PaymentBatchesTable>): Promise<string> {
    return (await db.insertInto('s12PaymentBatches').values(values).returning('id').executeTakeFirstOrThrow()).id;
  }

  async markPaid(db: Handle, claimIds: readonly string[], batchId: string): Promise<void> {
    if (claimIds.length === 0) return;
    await db.updateTable('s12Claims').set((eb) => ({ status: 'paid', batchId, version: eb('version', '+', 1) })).where('id', 'in', [...claimIds]).execute();
  }

  async batches(db: Handle): Promise<BatchRow[]> {
    return db.selectFrom('s12PaymentBatches').selectAll().orderBy('createdAt', 'desc').execute();
  }

  async batch(db: Handle, id: string): Promise<BatchRow | undefined> {
    return db.selectFrom('s12PaymentBatches').selectAll().where('id', '=', id).executeTakeFirst();
  }
}

/** The councils (LSSAs) a doctor may cover, from staff's read model. */
export async function councils(db: Handle): Promise<Array<{ id: string; name: string }>> {
  return db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'lssa').where('active', '=', true).orderBy('name').execute();
}

/** A person's name and e-mail address (the inviting AMHP, told of the doctor's answer). */
export async function personContact(db: Handle, id: string): Promise<{ name: string; email: string } | undefined> {
  return db.selectFrom('people').select(['name', 'email']).where('id', '=', id).executeTakeFirst();
}
