import { type Kysely, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { rowsWithDates } from '../../db/json-rows.js';
import type { PartnerRow } from './escalations-repository.js';
import { ConflictError } from '../../platform/errors.js';
import { updateVersioned } from '../../platform/versioned-update.js';
import type { EscalationsDb } from './escalations-tables.js';
import type { HospitalTimers, TimerStep, WaitKind } from './hospital-waits.js';

export interface HospitalWaitRow {
  id: string;
  referralId: string;
  referralReference: string;
  partnerId: string;
  partnerName: string;
  kind: WaitKind;
  startedAt: Date;
  steps: TimerStep[];
  recordedBy: string;
  recordedByName: string;
  recordedAt: Date;
  endedAt: Date | null;
  endNote: string;
  version: number;
}

export interface WaitContactRow {
  id: string;
  stepIndex: number;
  contactRole: string;
  number: string;
  at: Date;
  answered: boolean;
  outcome: string;
  byName: string;
}

/** Bed and A&E waits and each hospital's timers: the escalations module's own tables. */
export class HospitalWaitsRepository {
  async timers(db: Kysely<EscalationsDb>, partnerId: string): Promise<(HospitalTimers & { version: number; updatedAt: Date }) | undefined> {
    return db.selectFrom('escalationHospitalTimers').select(['emergencyDepartment', 'bed', 'version', 'updatedAt']).where('partnerId', '=', partnerId).executeTakeFirst();
  }

  async insertTimers(db: Kysely<EscalationsDb>, partnerId: string, timers: HospitalTimers, by: string, at: Date): Promise<void> {
    await db.insertInto('escalationHospitalTimers').values({ partnerId, emergencyDepartment: JSON.stringify(timers.emergencyDepartment), bed: JSON.stringify(timers.bed), updatedBy: by, updatedAt: at }).execute();
  }

  /** Versioned like updateVersioned (the row is keyed by its organisation): 409 when it moved on. */
  async updateTimers(db: Kysely<EscalationsDb>, partnerId: string, version: number, timers: HospitalTimers, by: string, at: Date): Promise<number> {
    const updated = await db
      .updateTable('escalationHospitalTimers')
      .set({ emergencyDepartment: JSON.stringify(timers.emergencyDepartment), bed: JSON.stringify(timers.bed), updatedBy: by, updatedAt: at, version: sql<number>`version + 1` })
      .where('partnerId', '=', partnerId)
      .where('version', '=', version)
      .returning('version')
      .executeTakeFirst();
    if (updated) return Number(updated.version);
    const current = await this.timers(db, partnerId);
    throw new ConflictError('Someone else changed this hospital’s timers while you were editing them. Your changes have not been saved: check the current timers and try again.', { currentVersion: current?.version ?? 0 });
  }

  private query(db: Kysely<EscalationsDb>) {
    return db
      .selectFrom('escalationHospitalWaits as w')
      .innerJoin('people as r', 'r.id', 'w.recordedBy')
      .innerJoin('escalationPartners as p', 'p.id', 'w.partnerId')
      .selectAll('w')
      .select(['r.name as recordedByName', 'p.name as partnerName']);
  }

  async insert(db: Kysely<EscalationsDb>, row: { referralId: string; referralReference: string; partnerId: string; kind: WaitKind; startedAt: Date; steps: TimerStep[]; recordedBy: string; recordedAt: Date }): Promise<string> {
    return (await db.insertInto('escalationHospitalWaits').values({ ...row, steps: JSON.stringify(row.steps) }).returning('id').executeTakeFirstOrThrow()).id;
  }

  async one(db: Kysely<EscalationsDb>, id: string): Promise<HospitalWaitRow | undefined> {
    return this.query(db).where('w.id', '=', id).executeTakeFirst();
  }

  async forReferral(db: Kysely<EscalationsDb>, referralId: string): Promise<HospitalWaitRow[]> {
    return this.query(db).where('w.referralId', '=', referralId).orderBy('w.startedAt', 'desc').execute();
  }

  /**
   * The referral page's panels in one statement: the referral's waits (as `forReferral`), their
   * contacts (as `contacts`) and the whole partner directory, active or not (as `partners(db, true)`).
   */
  async referralPanel(db: Kysely<EscalationsDb>, referralId: string): Promise<{ waits: HospitalWaitRow[]; contacts: Array<WaitContactRow & { waitId: string }>; partners: PartnerRow[] }> {
    const row = await db
      .selectNoFrom((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('escalationHospitalWaits as w')
            .innerJoin('people as r', 'r.id', 'w.recordedBy')
            .innerJoin('escalationPartners as p', 'p.id', 'w.partnerId')
            .selectAll('w')
            .select(['r.name as recordedByName', 'p.name as partnerName'])
            .where('w.referralId', '=', referralId)
            .orderBy('w.startedAt', 'desc'),
        ).as('waits'),
        jsonArrayFrom(
          eb
            .selectFrom('escalationHospitalWaitContacts as c')
            .innerJoin('escalationHospitalWaits as cw', 'cw.id', 'c.waitId')
            .innerJoin('people as b', 'b.id', 'c.byPersonId')
            .select(['c.id', 'c.waitId', 'c.stepIndex', 'c.contactRole', 'c.number', 'c.at', 'c.answered', 'c.outcome', 'b.name as byName'])
            .where('cw.referralId', '=', referralId)
            .orderBy('c.seq'),
        ).as('contacts'),
        jsonArrayFrom(
          eb.selectFrom('escalationPartners').select(['id', 'name', 'kind', 'complaintRoute', 'notes', 'contacts', 'active', 'version', 'updatedAt']).orderBy('name'),
        ).as('partners'),
      ])
      .executeTakeFirstOrThrow();
    return {
      waits: rowsWithDates<HospitalWaitRow>(row.waits, ['startedAt', 'recordedAt', 'endedAt']),
      contacts: rowsWithDates<WaitContactRow & { waitId: string }>(row.contacts, ['at']),
      partners: rowsWithDates<PartnerRow>(row.partners, ['updatedAt']),
    };
  }

  async open(db: Kysely<EscalationsDb>): Promise<HospitalWaitRow[]> {
    return this.query(db).where('w.endedAt', 'is', null).orderBy('w.startedAt').limit(500).execute();
  }

  async openOfKind(db: Kysely<EscalationsDb>, referralId: string, kind: WaitKind): Promise<boolean> {
    return (await db.selectFrom('escalationHospitalWaits').select('id').where('referralId', '=', referralId).where('kind', '=', kind).where('endedAt', 'is', null).executeTakeFirst()) !== undefined;
  }

  async end(db: Kysely<EscalationsDb>, id: string, version: number, endedAt: Date, endNote: string): Promise<number> {
    return updateVersioned(db, 'escalationHospitalWaits', { id, expectedVersion: version }, { endedAt, endNote }, 'hospital wait');
  }

  async contacts(db: Kysely<EscalationsDb>, waitIds: readonly string[]): Promise<Array<WaitContactRow & { waitId: string }>> {
    if (waitIds.length === 0) return [];
    return db
      .selectFrom('escalationHospitalWaitContacts as c')
      .innerJoin('people as b', 'b.id', 'c.byPersonId')
      .select(['c.id', 'c.waitId', 'c.stepIndex', 'c.contactRole', 'c.number', 'c.at', 'c.answered', 'c.outcome', 'b.name as byName'])
      .where('c.waitId', 'in', waitIds)
      .orderBy('c.seq')
      .execute();
  }

  async addContact(db: Kysely<EscalationsDb>, row: { waitId: string; stepIndex: number; contactRole: string; number: string; at: Date; answered: boolean; outcome: string; byPersonId: string }): Promise<void> {
    await db.insertInto('escalationHospitalWaitContacts').values(row).execute();
  }

  /** The steps whose notice has gone, per wait. */
  async noticedSteps(db: Kysely<EscalationsDb>, waitIds: readonly string[]): Promise<Map<string, Set<number>>> {
    const noticed = new Map<string, Set<number>>();
    if (waitIds.length === 0) return noticed;
    const rows = await db.selectFrom('escalationHospitalWaitNotices').select(['waitId', 'stepIndex']).where('waitId', 'in', waitIds).execute();
    for (const row of rows) noticed.set(row.waitId, (noticed.get(row.waitId) ?? new Set()).add(row.stepIndex));
    return noticed;
  }

  /** Records a step's notice as sent; false when it was sent before (so each goes once). */
  async claimNotice(db: Kysely<EscalationsDb>, waitId: string, stepIndex: number, at: Date): Promise<boolean> {
    const rows = await db.insertInto('escalationHospitalWaitNotices').values({ waitId, stepIndex, at }).onConflict((oc) => oc.columns(['waitId', 'stepIndex']).doNothing()).returning('waitId').execute();
    return rows.length > 0;
  }
}
