import { sql, type Kysely, type Transaction } from 'kysely';
import { ChangeStamp } from '../../platform/read-cache.js';
import { updateVersioned } from '../../platform/versioned-update.js';
import type { IsoDate } from '../../platform/london-time.js';
import type { StaffReadModel } from '../staff/staff-tables.js';
import type { AllocationSheet, Amendment, SheetEntry } from './allocation-sheet.js';
import type { DutyTables, StoredAmendment, StoredAttendee, StoredSheetEntry } from './duty-tables.js';
import type { Handover, HandoverItem, HandoverParty } from './handover.js';
import type { Absence, DutyShift, FrequencyAgreement, RotaChange } from './rota.js';

// Kysely queries for the duty module's own tables, plus reading people through the staff read
// model. Referrals are never read here: they come through the referrals port.

/** What the duty module may query: its own tables and what staff publishes for reading. */
export type DutyDatabase = DutyTables & StaffReadModel;

/**
 * Moves whenever this process writes a shift, a rota change, an absence or a handover: the stamp
 * behind the duty board's shared read of the day (BoardService).
 */
export const dutyDayChanges = new ChangeStamp();

/**
 * How long a shared read of the duty day (the board's shifts, rota changes, absences; the open
 * handovers) may be used without a change: this process's duty writes drop it at once
 * (dutyDayChanges), the duty live event (every instance) too; a few seconds is the backstop.
 */
export const DUTY_DAY_MAX_AGE_MS = 5_000;
export type DutyDb = Kysely<DutyDatabase>;
export type DutyTx = Transaction<DutyDatabase>;

export interface StoredShift extends DutyShift {
  version: number;
}

export interface StoredSheet extends AllocationSheet {
  id: string;
}

export interface StoredHandover extends Handover {
  version: number;
}

export interface StoredAbsence extends Absence {
  id: string;
  note: string | null;
  selfReported: boolean;
  recordedBy: string;
  recordedAt: Date;
}

export interface StoredAgreement extends FrequencyAgreement {
  version: number;
}

const SHIFT_COLUMNS = ['id', 'shiftDate', 'kind', 'personId', 'startsAt', 'endsAt', 'status', 'coversShiftId', 'reportWritingDay', 'version'] as const;

function toShift(row: {
  id: string;
  shiftDate: string;
  kind: 'daytime' | 'edt';
  personId: string;
  startsAt: Date;
  endsAt: Date;
  status: 'planned' | 'unavailable' | 'cancelled';
  coversShiftId: string | null;
  reportWritingDay: string | null;
  version: number;
}): StoredShift {
  return {
    id: row.id,
    date: row.shiftDate,
    kind: row.kind,
    personId: row.personId,
    start: row.startsAt,
    end: row.endsAt,
    status: row.status,
    coversShiftId: row.coversShiftId,
    reportWritingDay: row.reportWritingDay,
    version: row.version,
  };
}

function party(kind: 'team' | 'other-service', team: 'daytime' | 'edt' | null, service: string | null): HandoverParty {
  return kind === 'team' ? { kind: 'team', team: team ?? 'daytime' } : { kind: 'other-service', name: service ?? '' };
}

function partyColumns(p: HandoverParty) {
  return p.kind === 'team' ? { kind: 'team' as const, team: p.team, service: null } : { kind: 'other-service' as const, team: null, service: p.name };
}

function entryToJson(e: SheetEntry): StoredSheetEntry {
  return { ...e, receivedAt: e.receivedAt.toISOString() };
}
function entryFromJson(e: StoredSheetEntry): SheetEntry {
  return { ...e, receivedAt: new Date(e.receivedAt) };
}
function amendmentToJson(a: Amendment): StoredAmendment {
  return { ...a, at: a.at.toISOString() };
}
function amendmentFromJson(a: StoredAmendment): Amendment {
  return { ...a, at: new Date(a.at) };
}

export class DutyRepository {
  // Rota ------------------------------------------------------------------------------------

  /** Serialises rota changes for one person (overlap checks) across concurrent requests. */
  async lockPerson(trx: DutyTx, personId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`duty-person:${personId}`}))`.execute(trx);
  }

  async shiftsBetween(db: DutyDb, fromDate: IsoDate, toDate: IsoDate): Promise<StoredShift[]> {
    const rows = await db
      .selectFrom('dutyShifts')
      .select([...SHIFT_COLUMNS])
      .where('shiftDate', '>=', fromDate)
      .where('shiftDate', '<=', toDate)
      .orderBy('startsAt')
      .orderBy('id')
      .execute();
    return rows.map(toShift);
  }

  /** A person's shifts that overlap a window. */
  async personShiftsAround(db: DutyDb, personId: string, from: Date, to: Date): Promise<StoredShift[]> {
    const rows = await db.selectFrom('dutyShifts').select([...SHIFT_COLUMNS]).where('personId', '=', personId).where('startsAt', '<', to).where('endsAt', '>', from).execute();
    return rows.map(toShift);
  }

  async personShiftsFrom(db: DutyDb, personId: string, fromDate: IsoDate, limit = 50): Promise<StoredShift[]> {
    const rows = await db
      .selectFrom('dutyShifts')
      .select([...SHIFT_COLUMNS])
      .where('personId', '=', personId)
      .where('shiftDate', '>=', fromDate)
      .where('status', '!=', 'cancelled')
      .orderBy('startsAt')
      .limit(limit)
      .execute();
    return rows.map(toShift);
  }

  async findShift(db: DutyDb, id: string): Promise<StoredShift | undefined> {
    const row = await db.selectFrom('dutyShifts').select([...SHIFT_COLUMNS]).where('id', '=', id).executeTakeFirst();
    return row ? toShift(row) : undefined;
  }

  async onDutyAt(db: DutyDb, instant: Date): Promise<StoredShift[]> {
    const rows = await db.selectFrom('dutyShifts').select([...SHIFT_COLUMNS]).where('status', '=', 'planned').where('startsAt', '<=', instant).where('endsAt', '>', instant).execute();
    return rows.map(toShift);
  }

  async insertShift(trx: DutyTx, shift: DutyShift, createdBy: string): Promise<string> {
    dutyDayChanges.changed();
    const row = await trx
      .insertInto('dutyShifts')
      .values(shiftRow(shift, createdBy))
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Many shifts in one statement (the demo seed's rota). */
  async insertShifts(trx: DutyTx, shifts: readonly DutyShift[], createdBy: string): Promise<void> {
    if (shifts.length === 0) return;
    dutyDayChanges.changed();
    await trx
      .insertInto('dutyShifts')
      .values(
        shifts.map((shift) => shiftRow(shift, createdBy)),
      )
      .execute();
  }

  /** Optimistic: refused with the current version if the shift changed since `shift` was read. */
  async setShiftStatus(trx: DutyTx, shift: StoredShift, status: DutyShift['status']): Promise<number> {
    dutyDayChanges.changed();
    return updateVersioned<DutyDatabase, 'dutyShifts'>(trx, 'dutyShifts', { id: shift.id, expectedVersion: shift.version }, { status }, 'shift');
  }

  async setReportWritingDay(trx: DutyTx, shift: StoredShift, day: IsoDate | null): Promise<number> {
    dutyDayChanges.changed();
    return updateVersioned<DutyDatabase, 'dutyShifts'>(trx, 'dutyShifts', { id: shift.id, expectedVersion: shift.version }, { reportWritingDay: day }, 'shift');
  }

  async agreements(db: DutyDb): Promise<StoredAgreement[]> {
    return db.selectFrom('dutyFrequencyAgreements').select(['personId', 'shiftsPerMonth', 'version']).execute();
  }

  /** An agreement is set, not edited: the latest one recorded stands. */
  async upsertAgreement(trx: DutyTx, personId: string, shiftsPerMonth: number, now: Date): Promise<StoredAgreement> {
    return trx
      .insertInto('dutyFrequencyAgreements')
      .values({ personId, shiftsPerMonth, updatedAt: now })
      .onConflict((oc) => oc.column('personId').doUpdateSet((eb) => ({ shiftsPerMonth, updatedAt: now, version: eb('dutyFrequencyAgreements.version', '+', 1) })))
      .returning(['personId', 'shiftsPerMonth', 'version'])
      .executeTakeFirstOrThrow();
  }

  async insertRotaChange(trx: DutyTx, change: RotaChange): Promise<void> {
    dutyDayChanges.changed();
    await trx
      .insertInto('dutyRotaChanges')
      .values({
        at: change.at,
        shiftDate: change.date,
        shiftKind: change.shiftKind,
        shiftId: change.shiftId,
        absentPersonId: change.absentPersonId,
        backupPersonId: change.backupPersonId,
        backupShiftId: change.backupShiftId,
        recordedBy: change.recordedBy,
        decidedBy: change.decidedBy,
        note: change.note,
      })
      .execute();
  }

  async rotaChangesBetween(db: DutyDb, fromDate: IsoDate, toDate: IsoDate): Promise<RotaChange[]> {
    const rows = await db.selectFrom('dutyRotaChanges').selectAll().where('shiftDate', '>=', fromDate).where('shiftDate', '<=', toDate).orderBy('at').execute();
    return rows.map((r) => ({
      kind: 'sickness' as const,
      at: r.at,
      date: r.shiftDate,
      shiftKind: r.shiftKind,
      shiftId: r.shiftId,
      absentPersonId: r.absentPersonId,
      backupPersonId: r.backupPersonId,
      backupShiftId: r.backupShiftId,
      recordedBy: r.recordedBy,
      decidedBy: r.decidedBy,
      note: r.note,
    }));
  }

  /** The back-up decision on a sickness change (the row is one per shift). */
  async updateRotaChangeBackup(trx: DutyTx, change: RotaChange): Promise<void> {
    dutyDayChanges.changed();
    await trx
      .updateTable('dutyRotaChanges')
      .set({ backupPersonId: change.backupPersonId, backupShiftId: change.backupShiftId, decidedBy: change.decidedBy, note: change.note })
      .where('shiftId', '=', change.shiftId)
      .execute();
  }

  /** Sickness with no back-up decision yet (an AMHP's own report), on duties from a date. */
  async undecidedChangesFrom(db: DutyDb, fromDate: IsoDate): Promise<RotaChange[]> {
    const rows = await db.selectFrom('dutyRotaChanges').select('shiftDate').where('decidedBy', 'is', null).where('shiftDate', '>=', fromDate).orderBy('shiftDate').execute();
    if (rows.length === 0) return [];
    const first = rows[0]?.shiftDate as IsoDate;
    const last = rows[rows.length - 1]?.shiftDate as IsoDate;
    return (await this.rotaChangesBetween(db, first, last)).filter((c) => c.decidedBy === null);
  }

  async rotaChangeForShift(db: DutyDb, shiftId: string): Promise<RotaChange | undefined> {
    const changes = await db.selectFrom('dutyRotaChanges').select(['shiftDate']).where('shiftId', '=', shiftId).executeTakeFirst();
    if (!changes) return undefined;
    return (await this.rotaChangesBetween(db, changes.shiftDate, changes.shiftDate)).find((c) => c.shiftId === shiftId);
  }

  async insertAbsence(trx: DutyTx, absence: Omit<StoredAbsence, 'id'>): Promise<string> {
    dutyDayChanges.changed();
    const row = await trx
      .insertInto('dutyAbsences')
      .values({ personId: absence.personId, kind: absence.kind, startsOn: absence.startsOn, endsOn: absence.endsOn, note: absence.note, selfReported: absence.selfReported, recordedBy: absence.recordedBy, recordedAt: absence.recordedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Absences touching [fromDate, toDate] (everyone's, or one person's). */
  async absencesBetween(db: DutyDb, fromDate: IsoDate, toDate: IsoDate, personId?: string): Promise<StoredAbsence[]> {
    let query = db
      .selectFrom('dutyAbsences')
      .select(['id', 'personId', 'kind', 'startsOn', 'endsOn', 'note', 'selfReported', 'recordedBy', 'recordedAt'])
      .where('startsOn', '<=', toDate)
      .where('endsOn', '>=', fromDate);
    if (personId) query = query.where('personId', '=', personId);
    return query.orderBy('startsOn').orderBy('recordedAt').execute();
  }

  /** A person's planned shifts on dates in [fromDate, toDate]. */
  async personPlannedShiftsBetween(db: DutyDb, personId: string, fromDate: IsoDate, toDate: IsoDate): Promise<StoredShift[]> {
    const rows = await db
      .selectFrom('dutyShifts')
      .select([...SHIFT_COLUMNS])
      .where('personId', '=', personId)
      .where('shiftDate', '>=', fromDate)
      .where('shiftDate', '<=', toDate)
      .where('status', '=', 'planned')
      .orderBy('startsAt')
      .execute();
    return rows.map(toShift);
  }

  /** A person's shifts on dates in [fromDate, toDate], any status (for the back-up checks). */
  async personShiftsBetween(db: DutyDb, personId: string, fromDate: IsoDate, toDate: IsoDate): Promise<StoredShift[]> {
    const rows = await db.selectFrom('dutyShifts').select([...SHIFT_COLUMNS]).where('personId', '=', personId).where('shiftDate', '>=', fromDate).where('shiftDate', '<=', toDate).execute();
    return rows.map(toShift);
  }

  async personEmail(db: DutyDb, personId: string): Promise<{ id: string; email: string; lineManagerId: string | null } | undefined> {
    return db.selectFrom('people').select(['id', 'email', 'lineManagerId']).where('id', '=', personId).executeTakeFirst();
  }

  // Allocation sheets ------------------------------------------------------------------------

  /**
   * The day's sheet. `known`, a copy the caller already holds: when the stored sheet is still that
   * id and version, its entries are not sent again (at 20,000 open referrals they are 1.7 MB of
   * JSON, 0.6–1 s to read under load: issue 17) and `known`'s are used.
   */
  async findSheet(db: DutyDb, date: IsoDate, known?: StoredSheet): Promise<StoredSheet | undefined> {
    const row = await db
      .selectFrom('allocationSheets')
      .select(['id', 'sheetDate', 'status', 'version', 'attendees', 'challenges', 'finalisedBy', 'finalisedAt', 'amendments'])
      // Not chosen, the column is never detoasted: only its pointer is read.
      .select((eb) => (known ? eb.case().when(eb.and([eb('id', '=', known.id), eb('version', '=', known.version)])).then(null).else(eb.ref('entries')).end() : eb.ref('entries')).as('entries'))
      .where('sheetDate', '=', date)
      .executeTakeFirst();
    if (!row) return undefined;
    const entries = row.entries === null && known ? known.entries : (row.entries ?? []).map(entryFromJson);
    return {
      id: row.id,
      date: row.sheetDate,
      status: row.status,
      version: row.version,
      attendees: row.attendees,
      entries,
      challenges: row.challenges,
      finalisedBy: row.finalisedBy,
      finalisedAt: row.finalisedAt,
      amendments: row.amendments.map(amendmentFromJson),
    };
  }

  /** The first draft of a day's sheet; a second request creating it at the same moment does nothing. */
  async insertSheet(trx: DutyTx, sheet: AllocationSheet): Promise<void> {
    await trx
      .insertInto('allocationSheets')
      .values({
        sheetDate: sheet.date,
        status: sheet.status,
        version: sheet.version,
        attendees: JSON.stringify(sheet.attendees satisfies StoredAttendee[]),
        entries: JSON.stringify(sheet.entries.map(entryToJson)),
        challenges: sheet.challenges,
        amendments: JSON.stringify(sheet.amendments.map(amendmentToJson)),
        finalisedBy: sheet.finalisedBy,
        finalisedAt: sheet.finalisedAt,
      })
      .onConflict((oc) => oc.column('sheetDate').doNothing())
      .execute();
  }

  /** Saves the sheet only if nobody saved it since `read` (its id and version) was read. */
  async saveSheet(trx: DutyTx, sheet: AllocationSheet, read: { id: string; version: number }, now: Date): Promise<number> {
    return updateVersioned<DutyDatabase, 'allocationSheets'>(
      trx,
      'allocationSheets',
      { id: read.id, expectedVersion: read.version },
      {
        status: sheet.status,
        attendees: JSON.stringify(sheet.attendees),
        entries: JSON.stringify(sheet.entries.map(entryToJson)),
        challenges: sheet.challenges,
        amendments: JSON.stringify(sheet.amendments.map(amendmentToJson)),
        finalisedBy: sheet.finalisedBy,
        finalisedAt: sheet.finalisedAt,
        updatedAt: now,
      },
      'allocation sheet',
    );
  }

  // Handovers --------------------------------------------------------------------------------

  async insertHandover(trx: DutyTx, h: Handover, deadline: Date | null): Promise<string> {
    dutyDayChanges.changed();
    const from = partyColumns(h.from);
    const to = partyColumns(h.to);
    const row = await trx
      .insertInto('handovers')
      .values({
        id: h.id,
        fromKind: from.kind,
        fromTeam: from.team,
        fromService: from.service,
        toKind: to.kind,
        toTeam: to.team,
        toService: to.service,
        sentBy: h.sentBy,
        sentAt: h.sentAt,
        documentsSent: JSON.stringify(h.documentsSent),
        status: h.status,
        acceptedBy: h.acceptedBy,
        acceptedByExternal: h.acceptedByExternal,
        acceptedAt: h.acceptedAt,
        acceptanceDeadline: deadline,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('handoverItems')
      .values(h.items.map((item, position) => ({ handoverId: row.id, position, ...item })))
      .execute();
    return row.id;
  }

  private async hydrate(db: DutyDb, rows: Array<Awaited<ReturnType<DutyRepository['handoverRows']>>[number]>): Promise<StoredHandover[]> {
    if (rows.length === 0) return [];
    const items = await db
      .selectFrom('handoverItems')
      .selectAll()
      .where(
        'handoverId',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('position')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      from: party(r.fromKind, r.fromTeam, r.fromService),
      to: party(r.toKind, r.toTeam, r.toService),
      sentBy: r.sentBy,
      sentAt: r.sentAt,
      documentsSent: r.documentsSent,
      status: r.status,
      acceptedBy: r.acceptedBy,
      acceptedByExternal: r.acceptedByExternal,
      acceptedAt: r.acceptedAt,
      withdrawnBy: r.withdrawnBy,
      withdrawnAt: r.withdrawnAt,
      withdrawnReason: r.withdrawnReason,
      version: r.version,
      items: items
        .filter((i) => i.handoverId === r.id)
        .map(
          (i): HandoverItem => ({
            referralId: i.referralId,
            done: i.done,
            outstanding: i.outstanding,
            contingency: i.contingency,
            warrantApplication: i.warrantApplication,
            warrantReason: i.warrantReason,
          }),
        ),
    }));
  }

  private handoverRows(db: DutyDb) {
    return db.selectFrom('handovers').selectAll().orderBy('sentAt', 'desc').execute();
  }

  async findHandover(db: DutyDb, id: string): Promise<StoredHandover | undefined> {
    const rows = await db.selectFrom('handovers').selectAll().where('id', '=', id).execute();
    return (await this.hydrate(db, rows))[0];
  }

  async listHandovers(db: DutyDb, options: { openOnly?: boolean; since?: Date; referralId?: string; limit?: number }): Promise<StoredHandover[]> {
    let query = db.selectFrom('handovers').selectAll().orderBy('sentAt', 'desc').limit(options.limit ?? 100);
    if (options.openOnly) query = query.where('status', '=', 'sent');
    if (options.since) {
      const since = options.since;
      query = query.where((eb) => eb.or([eb('sentAt', '>=', since), eb('status', '=', 'sent')]));
    }
    if (options.referralId) {
      const referralId = options.referralId;
      query = query.where('id', 'in', db.selectFrom('handoverItems').select('handoverId').where('referralId', '=', referralId));
    }
    return this.hydrate(db, await query.execute());
  }

  /** Accepts or withdraws a handover only if it has not changed since `read` was read. */
  async closeHandover(trx: DutyTx, h: Handover, read: StoredHandover): Promise<number> {
    dutyDayChanges.changed();
    return updateVersioned<DutyDatabase, 'handovers'>(
      trx,
      'handovers',
      { id: read.id, expectedVersion: read.version },
      {
        status: h.status,
        acceptedBy: h.acceptedBy,
        acceptedByExternal: h.acceptedByExternal,
        acceptedAt: h.acceptedAt,
        withdrawnBy: h.withdrawnBy,
        withdrawnAt: h.withdrawnAt,
        withdrawnReason: h.withdrawnReason,
      },
      'handover',
    );
  }

  async overdueUnflagged(trx: DutyDb, now: Date): Promise<StoredHandover[]> {
    const rows = await trx
      .selectFrom('handovers')
      .selectAll()
      .where('status', '=', 'sent')
      .where('acceptanceDeadline', '<', now)
      .where('id', 'not in', trx.selectFrom('handoverOverdueFlags').select('handoverId'))
      .orderBy('sentAt')
      .execute();
    return this.hydrate(trx, rows);
  }

  /** True only for the first caller: the flag is recorded exactly once per handover. */
  async markFlagged(trx: DutyDb, handoverId: string, now: Date): Promise<boolean> {
    const result = await trx.insertInto('handoverOverdueFlags').values({ handoverId, flaggedAt: now }).onConflict((oc) => oc.column('handoverId').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** For the scheduler (inside its transaction): who to tell, from the staff read model. */
  async activePeopleWithRoles(trx: DutyDb, roles: readonly string[]): Promise<Array<{ id: string; email: string }>> {
    return trx
      .selectFrom('people')
      .select(['people.id', 'people.email'])
      .where('people.active', '=', true)
      .where('people.id', 'in', trx.selectFrom('personRoles').select('personId').where('role', 'in', [...roles]))
      .orderBy('people.name')
      .execute();
  }

  async flaggedIds(db: DutyDb, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.selectFrom('handoverOverdueFlags').select('handoverId').where('handoverId', 'in', ids).execute();
    return new Set(rows.map((r) => r.handoverId));
  }
}

/** A shift as its table row. */
function shiftRow(shift: DutyShift, createdBy: string) {
  return {
    id: shift.id,
    shiftDate: shift.date,
    kind: shift.kind,
    personId: shift.personId,
    startsAt: shift.start,
    endsAt: shift.end,
    status: shift.status,
    coversShiftId: shift.coversShiftId,
    reportWritingDay: shift.reportWritingDay,
    createdBy,
  };
}
