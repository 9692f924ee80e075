import type { Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { updateVersioned } from '../../../platform/versioned-update.js';
import type { SupervisionArrangement } from '../supervision/supervision.js';
import type { RegisterDb } from '../register-tables.js';
import type { Approval, ApprovalEndReason, Authorisation, Profession, Suspension } from './approval.js';

type Db = Kysely<RegisterDb>;

/** A person's line on the register: their profession and how they work. */
export interface RegisterEntry {
  personId: string;
  profession: Profession;
  registrationNumber: string;
  arrangement: SupervisionArrangement;
  version: number;
}

export interface StoredApproval extends Approval {
  personId: string;
  notes: string | null;
  version: number;
}

export interface StoredSuspension extends Suspension {
  personId: string;
  version: number;
}

export interface StoredAuthorisation extends Authorisation {
  personId: string;
}

export interface ApprovalData {
  approvals: StoredApproval[];
  suspensions: StoredSuspension[];
  authorisations: StoredAuthorisation[];
}

export const ENTRY_COLUMNS = ['personId', 'profession', 'registrationNumber', 'arrangement', 'version'] as const;
export const APPROVAL_COLUMNS = ['id', 'personId', 'approvingLssaId', 'startDate', 'endDate', 'endedOn', 'endReason', 'endNote', 'notes', 'version'] as const;
export const SUSPENSION_COLUMNS = ['id', 'approvalId', 'personId', 'startDate', 'endDate', 'reason', 'version'] as const;
export const AUTHORISATION_COLUMNS = ['id', 'approvalId', 'personId', 'lssaId', 'startDate', 'endDate'] as const;

export function toEntry(row: { personId: string; profession: string; registrationNumber: string; arrangement: string; version: number }): RegisterEntry {
  return { ...row, profession: row.profession as Profession, arrangement: row.arrangement as SupervisionArrangement };
}

export function toApproval(row: {
  id: string;
  personId: string;
  approvingLssaId: string;
  startDate: string;
  endDate: string;
  endedOn: string | null;
  endReason: string | null;
  endNote: string | null;
  notes: string | null;
  version: number;
}): StoredApproval {
  return {
    id: row.id,
    personId: row.personId,
    approvingLssaId: row.approvingLssaId,
    startDate: row.startDate,
    endDate: row.endDate,
    earlyEnd: row.endedOn && row.endReason ? { endedOn: row.endedOn, reason: row.endReason as ApprovalEndReason, ...(row.endNote ? { note: row.endNote } : {}) } : null,
    notes: row.notes,
    version: row.version,
  };
}

/** Register entries, approvals, suspensions and authorisations. */
export class ApprovalRepository {
  async entries(db: Db): Promise<RegisterEntry[]> {
    return (await db.selectFrom('registerEntries').select(ENTRY_COLUMNS).execute()).map(toEntry);
  }

  async entry(db: Db, personId: string): Promise<RegisterEntry | undefined> {
    const row = await db.selectFrom('registerEntries').select(ENTRY_COLUMNS).where('personId', '=', personId).executeTakeFirst();
    return row ? toEntry(row) : undefined;
  }

  async insertEntry(db: Db, entry: Omit<RegisterEntry, 'version'>): Promise<RegisterEntry> {
    return toEntry(await db.insertInto('registerEntries').values(entry).returning(ENTRY_COLUMNS).executeTakeFirstOrThrow());
  }

  async updateEntry(db: Db, personId: string, expectedVersion: number, change: Partial<Pick<RegisterEntry, 'profession' | 'registrationNumber' | 'arrangement'>>, now: Date): Promise<RegisterEntry> {
    const key = await db.selectFrom('registerEntries').select('id').where('personId', '=', personId).executeTakeFirst();
    await updateVersioned(db, 'registerEntries', { id: key?.id ?? personId, expectedVersion }, { ...change, updatedAt: now }, 'register entry');
    return (await this.entry(db, personId))!;
  }

  /** Names of these people (the staff read model), by id. */
  async personNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    return new Map((await db.selectFrom('people').select(['id', 'name']).where('id', 'in', [...ids]).execute()).map((p) => [p.id, p.name]));
  }

  /** Approvals, suspensions and authorisations, oldest first: of everyone, or of the people given. */
  async approvalData(db: Db, personIds?: readonly string[]): Promise<ApprovalData> {
    if (personIds && personIds.length === 0) return { approvals: [], suspensions: [], authorisations: [] };
    let approvals = db.selectFrom('registerApprovals').select(APPROVAL_COLUMNS);
    let suspensions = db.selectFrom('registerSuspensions').select(SUSPENSION_COLUMNS);
    let authorisations = db.selectFrom('registerAuthorisations').select(AUTHORISATION_COLUMNS);
    if (personIds) {
      approvals = approvals.where('personId', 'in', [...personIds]);
      suspensions = suspensions.where('personId', 'in', [...personIds]);
      authorisations = authorisations.where('personId', 'in', [...personIds]);
    }
    // One statement for the three (they have no timestamps: their dates come back as text).
    const row = await db
      .selectNoFrom([
        jsonArrayFrom(approvals.orderBy('startDate')).as('approvals'),
        jsonArrayFrom(suspensions.orderBy('startDate')).as('suspensions'),
        jsonArrayFrom(authorisations.orderBy('startDate')).as('authorisations'),
      ])
      .executeTakeFirstOrThrow();
    return { approvals: row.approvals.map(toApproval), suspensions: row.suspensions, authorisations: row.authorisations };
  }

  async insertApproval(db: Db, values: { personId: string; approvingLssaId: string; startDate: string; endDate: string; notes: string | null; createdBy: string | null }): Promise<StoredApproval> {
    return toApproval(await db.insertInto('registerApprovals').values(values).returning(APPROVAL_COLUMNS).executeTakeFirstOrThrow());
  }

  async endApproval(db: Db, id: string, expectedVersion: number, end: { endedOn: string; endReason: string; endNote: string | null }): Promise<StoredApproval> {
    await updateVersioned(db, 'registerApprovals', { id, expectedVersion }, end, 'approval');
    return toApproval(await db.selectFrom('registerApprovals').select(APPROVAL_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow());
  }

  async insertSuspension(db: Db, values: { approvalId: string; personId: string; startDate: string; endDate: string | null; reason: string; createdBy: string | null }): Promise<StoredSuspension> {
    return db.insertInto('registerSuspensions').values(values).returning(SUSPENSION_COLUMNS).executeTakeFirstOrThrow();
  }

  async endSuspension(db: Db, id: string, expectedVersion: number, endDate: string): Promise<StoredSuspension> {
    await updateVersioned(db, 'registerSuspensions', { id, expectedVersion }, { endDate }, 'suspension');
    return db.selectFrom('registerSuspensions').select(SUSPENSION_COLUMNS).where('id', '=', id).executeTakeFirstOrThrow();
  }

  async insertAuthorisation(db: Db, values: { approvalId: string; personId: string; lssaId: string; startDate: string; endDate: string; createdBy: string | null }): Promise<StoredAuthorisation> {
    return db.insertInto('registerAuthorisations').values(values).returning(AUTHORISATION_COLUMNS).executeTakeFirstOrThrow();
  }

  /** An authorisation cannot outlast its approval: cut back when the approval ends early (no version: never edited). */
  async cutAuthorisation(db: Db, id: string, endDate: string): Promise<void> {
    await db.updateTable('registerAuthorisations').set({ endDate }).where('id', '=', id).execute();
  }
}
