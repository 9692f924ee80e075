import { sql } from 'kysely';
import type { DbOrTx, Tx } from '../../db/database.js';
import type { StoredAmendment, StoredAttendee, StoredSheetEntry } from './duty-tables.js';
import type { AllocationSheet, Amendment, SheetEntry } from './allocation-sheet.js';
import type { IsoDate } from './duty-time.js';
import type { Handover, HandoverItem, HandoverParty } from './handover.js';
import type { DutyShift, FrequencyAgreement, RotaChange } from './rota.js';

// Kysely queries for the duty module's own tables only.

export interface StoredSheet extends AllocationSheet {
  id: string;
}

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
}): DutyShift {
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
  };
}

const SHIFT_COLUMNS = ['id', 'shiftDate', 'kind', 'personId', 'startsAt', 'endsAt', 'status', 'coversShiftId', 'reportWritingDay'] as const;

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
  async lockPerson(trx: Tx, personId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`duty-person:${personId}`}))`.execute(trx);
  }

  async shiftsBetween(db: DbOrTx, fromDate: IsoDate, toDate: IsoDate): Promise<DutyShift[]> {
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

  /** A person's shifts that could overlap a window (a day either side is enough: shifts are < 2 days). */
  async personShiftsAround(db: DbOrTx, personId: string, from: Date, to: Date): Promise<DutyShift[]> {
    const rows = await db
      .selectFrom('dutyShifts')
      .select([...SHIFT_COLUMNS])
      .where('personId', '=', personId)
      .where('startsAt', '<', to)
      .where('endsAt', '>', from)
      .execute();
    return rows.map(toShift);
  }

  async personShiftsFrom(db: DbOrTx, personId: string, fromDate: IsoDate, limit = 50): Promise<DutyShift[]> {
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

  async findShift(db: DbOrTx, id: string): Promise<DutyShift | undefined> {
    const row = await db.selectFrom('dutyShifts').select([...SHIFT_COLUMNS]).where('id', '=', id).executeTakeFirst();
    return row ? toShift(row) : undefined;
  }

  async onDutyAt(db: DbOrTx, instant: Date): Promise<DutyShift[]> {
    const rows = await db
      .selectFrom('dutyShifts')
      .select([...SHIFT_COLUMNS])
      .where('status', '=', 'planned')
      .where('startsAt', '<=', instant)
      .where('endsAt', '>', instant)
      .execute();
    return rows.map(toShift);
  }

  async insertShift(trx: Tx, shift: Omit<DutyShift, 'id'> & { id?: string }, createdBy: string): Promise<string> {
    const row = await trx
      .insertInto('dutyShifts')
      .values({
        ...(shift.id ? { id: shift.id } : {}),
        shiftDate: shift.date,
        kind: shift.kind,
        personId: shift.personId,
        startsAt: shift.start,
        endsAt: shift.end,
        status: shift.status,
        coversShiftId: shift.coversShiftId,
        reportWritingDay: shift.reportWritingDay,
        createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateShiftStatus(trx: Tx, id: string, from: DutyShift['status'], to: DutyShift['status']): Promise<number> {
    const result = await trx
      .updateTable('dutyShifts')
      .set((eb) => ({ status: to, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async setReportWritingDay(trx: Tx, id: string, day: IsoDate | null): Promise<number> {
    const result = await trx
      .updateTable('dutyShifts')
      .set((eb) => ({ reportWritingDay: day, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async agreements(db: DbOrTx): Promise<FrequencyAgreement[]> {
    return db.selectFrom('dutyFrequencyAgreements').select(['personId', 'shiftsPerMonth']).execute();
  }

  async upsertAgreement(trx: Tx, personId: string, shiftsPerMonth: number, now: Date): Promise<void> {
    await trx
      .insertInto('dutyFrequencyAgreements')
      .values({ personId, shiftsPerMonth, updatedAt: now })
      .onConflict((oc) => oc.column('personId').doUpdateSet((eb) => ({ shiftsPerMonth, updatedAt: now, version: eb('dutyFrequencyAgreements.version', '+', 1) })))
      .execute();
  }

  async insertRotaChange(trx: Tx, change: RotaChange): Promise<void> {
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

  async rotaChangesBetween(db: DbOrTx, fromDate: IsoDate, toDate: IsoDate): Promise<RotaChange[]> {
    const rows = await db
      .selectFrom('dutyRotaChanges')
      .selectAll()
      .where('shiftDate', '>=', fromDate)
      .where('shiftDate', '<=', toDate)
      .orderBy('at')
      .execute();
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

  // Allocation sheets ------------------------------------------------------------------------

  async findSheet(db: DbOrTx, date: IsoDate): Promise<StoredSheet | undefined> {
    const row = await db.selectFrom('allocationSheets').selectAll().where('sheetDate', '=', date).executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      date: row.sheetDate,
      status: row.status,
      version: row.version,
      attendees: row.attendees,
      entries: row.entries.map(entryFromJson),
      challenges: row.challenges,
      finalisedBy: row.finalisedBy,
      finalisedAt: row.finalisedAt,
      amendments: row.amendments.map(amendmentFromJson),
    };
  }

  async insertSheet(trx: Tx, sheet: AllocationSheet): Promise<void> {
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

  /** Saves the sheet only if nobody saved it since `previousVersion` was read. */
  async saveSheet(trx: Tx, sheet: AllocationSheet, previousVersion: number, now: Date): Promise<number> {
    const result = await trx
      .updateTable('allocationSheets')
      .set({
        status: sheet.status,
        version: sheet.version,
        attendees: JSON.stringify(sheet.attendees),
        entries: JSON.stringify(sheet.entries.map(entryToJson)),
        challenges: sheet.challenges,
        amendments: JSON.stringify(sheet.amendments.map(amendmentToJson)),
        finalisedBy: sheet.finalisedBy,
        finalisedAt: sheet.finalisedAt,
        updatedAt: now,
      })
      .where('sheetDate', '=', sheet.date)
      .where('version', '=', previousVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async recentSheets(db: DbOrTx, limit = 10) {
    return db.selectFrom('allocationSheets').select(['sheetDate', 'status', 'version', 'finalisedAt']).orderBy('sheetDate', 'desc').limit(limit).execute();
  }

  // Handovers --------------------------------------------------------------------------------

  async insertHandover(trx: Tx, h: Omit<Handover, 'id'>, deadline: Date | null): Promise<string> {
    const from = partyColumns(h.from);
    const to = partyColumns(h.to);
    const row = await trx
      .insertInto('handovers')
      .values({
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

  private async hydrate(db: DbOrTx, rows: Array<Awaited<ReturnType<DutyRepository['handoverRows']>>[number]>): Promise<Array<Handover & { version: number }>> {
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

  private handoverRows(db: DbOrTx) {
    return db.selectFrom('handovers').selectAll().orderBy('sentAt', 'desc').execute();
  }

  async findHandover(db: DbOrTx, id: string): Promise<(Handover & { version: number }) | undefined> {
    const rows = await db.selectFrom('handovers').selectAll().where('id', '=', id).execute();
    return (await this.hydrate(db, rows))[0];
  }

  async listHandovers(db: DbOrTx, options: { openOnly?: boolean; since?: Date; referralId?: string; limit?: number }) {
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

  /** Moves a handover out of 'sent' only if it is still 'sent' at the version read. */
  async closeHandover(trx: Tx, h: Handover, previousVersion: number): Promise<number> {
    const result = await trx
      .updateTable('handovers')
      .set((eb) => ({
        status: h.status,
        acceptedBy: h.acceptedBy,
        acceptedByExternal: h.acceptedByExternal,
        acceptedAt: h.acceptedAt,
        withdrawnBy: h.withdrawnBy,
        withdrawnAt: h.withdrawnAt,
        withdrawnReason: h.withdrawnReason,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', h.id)
      .where('status', '=', 'sent')
      .where('version', '=', previousVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async overdueUnflagged(trx: Tx, now: Date) {
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
  async markFlagged(trx: Tx, handoverId: string, now: Date): Promise<boolean> {
    const result = await trx
      .insertInto('handoverOverdueFlags')
      .values({ handoverId, flaggedAt: now })
      .onConflict((oc) => oc.column('handoverId').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** For the scheduler (inside its transaction): who to tell, from the platform's people tables. */
  async activePeopleWithRoles(trx: Tx, roles: string[]): Promise<Array<{ id: string; email: string }>> {
    return trx
      .selectFrom('people')
      .select(['people.id', 'people.email'])
      .where('people.active', '=', true)
      .where('people.id', 'in', trx.selectFrom('personRoles').select('personId').where('role', 'in', roles as never[]))
      .orderBy('people.name')
      .execute();
  }

  async flaggedIds(db: DbOrTx, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await db.selectFrom('handoverOverdueFlags').select('handoverId').where('handoverId', 'in', ids).execute();
    return new Set(rows.map((r) => r.handoverId));
  }
}
