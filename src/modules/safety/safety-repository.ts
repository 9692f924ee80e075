import { sql } from 'kysely';
import type { DbOrTx } from '../../db/database.js';
import type { SafetyVisitsTable } from './safety-tables.js';
import type { AdditionalHoursClaim, ToilTaken } from './additional-hours.js';
import type { DebriefRequest } from './debrief.js';
import type { LongShiftPlan, WorkingDay } from './long-shift.js';
import type { Acknowledgement, EscalationRecord, LadderStep } from './overdue-escalation.js';
import type { Companion, Visit } from './visit.js';

/** A visit with what the pages need besides the domain record. */
export interface VisitRow extends Visit {
  teamId: string | null;
  referralReference: string | null;
  amhpName: string;
  version: number;
}

const OPEN_STATUSES = ['out', 'help_requested', 'duress'] as const;

type RawVisit = {
  id: string;
  amhpId: string;
  teamId: string | null;
  place: string;
  referralId: string | null;
  referralReference: string | null;
  companions: Array<{ kind: string; name: string | null }>;
  aloneReason: string | null;
  phone: string;
  startedAt: Date;
  expectedFinishAt: Date;
  status: SafetyVisitsTable['status'];
  extensions: Array<{ at: string; by: string; from: string; to: string; reason: string }>;
  helpRequestedAt: Date | null;
  duressAt: Date | null;
  finishedAt: Date | null;
  reportedFinish: 'safe' | 'home' | null;
  alarmResolvedBy: string | null;
  alarmResolvedAt: Date | null;
  alarmResolutionNote: string | null;
  version: number;
  amhpName: string;
};

function toVisit(row: RawVisit): VisitRow {
  return {
    id: row.id,
    amhpId: row.amhpId,
    teamId: row.teamId,
    place: row.place,
    referralId: row.referralId,
    referralReference: row.referralReference,
    companions: row.companions as Companion[],
    aloneReason: row.aloneReason,
    phone: row.phone,
    startedAt: row.startedAt,
    expectedFinishAt: row.expectedFinishAt,
    status: row.status,
    extensions: row.extensions.map((e) => ({ at: new Date(e.at), by: e.by, from: new Date(e.from), to: new Date(e.to), reason: e.reason })),
    helpRequestedAt: row.helpRequestedAt,
    duressAt: row.duressAt,
    finishedAt: row.finishedAt,
    reportedFinish: row.reportedFinish,
    alarmResolution:
      row.alarmResolvedBy && row.alarmResolvedAt ? { by: row.alarmResolvedBy, at: row.alarmResolvedAt, note: row.alarmResolutionNote ?? '' } : null,
    amhpName: row.amhpName,
    version: row.version,
  };
}

function visitColumns(visit: Visit) {
  return {
    place: visit.place,
    companions: JSON.stringify(visit.companions),
    aloneReason: visit.aloneReason,
    phone: visit.phone,
    expectedFinishAt: visit.expectedFinishAt,
    status: visit.status,
    extensions: JSON.stringify(visit.extensions.map((e) => ({ at: e.at.toISOString(), by: e.by, from: e.from.toISOString(), to: e.to.toISOString(), reason: e.reason }))),
    helpRequestedAt: visit.helpRequestedAt,
    duressAt: visit.duressAt,
    finishedAt: visit.finishedAt,
    reportedFinish: visit.reportedFinish,
    alarmResolvedBy: visit.alarmResolution?.by ?? null,
    alarmResolvedAt: visit.alarmResolution?.at ?? null,
    alarmResolutionNote: visit.alarmResolution?.note ?? null,
  };
}

type RecordRow = {
  key: string;
  visitId: string;
  episodeKey: string;
  trigger: EscalationRecord['trigger'];
  kind: EscalationRecord['kind'];
  stepIndex: number | null;
  step: (LadderStep & { personId?: string | null }) | null;
  standDownReason: string | null;
  notifyStepIndexes: number[] | null;
  at: Date;
};

function toRecord(row: RecordRow): EscalationRecord {
  const base = { key: row.key, visitId: row.visitId, episodeKey: row.episodeKey, trigger: row.trigger, at: row.at };
  if (row.kind === 'alert') {
    return { ...base, kind: 'alert', stepIndex: row.stepIndex ?? 0, step: row.step ?? { roleLabel: 'Unknown', personLabel: null, contactNumber: '' } };
  }
  if (row.kind === 'stand_down') {
    return { ...base, kind: 'stand_down', reason: row.standDownReason as never, notifyStepIndexes: row.notifyStepIndexes ?? [] };
  }
  return { ...base, kind: 'ladder_exhausted' };
}

export interface ClaimRow extends AdditionalHoursClaim {
  amhpName: string;
  lineManagerId: string | null;
  referralReference: string | null;
  decidedByName: string | null;
  version: number;
}

export interface DebriefRow extends DebriefRequest {
  amhpName: string;
  requestedByName: string;
  heldByName: string | null;
  referralReference: string | null;
  version: number;
}

export interface WorkingDayRow extends WorkingDay {
  amhpName: string;
  lineManagerId: string | null;
  version: number;
}

export interface PersonBrief {
  id: string;
  name: string;
  email: string;
  phone: string;
  teamId: string | null;
  lineManagerId: string | null;
}

export class SafetyRepository {
  private visitQuery(db: DbOrTx) {
    return db
      .selectFrom('safetyVisits')
      .innerJoin('people', 'people.id', 'safetyVisits.amhpId')
      .selectAll('safetyVisits')
      .select('people.name as amhpName');
  }

  async insertVisit(db: DbOrTx, visit: Visit, extra: { teamId: string | null; referralReference: string | null }): Promise<string> {
    const row = await db
      .insertInto('safetyVisits')
      .values({
        ...visitColumns(visit),
        amhpId: visit.amhpId,
        teamId: extra.teamId,
        referralId: visit.referralId,
        referralReference: extra.referralReference,
        startedAt: visit.startedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Writes a changed visit if nobody else changed it since `version` was read; rows updated. */
  async updateVisit(db: DbOrTx, visit: Visit, version: number): Promise<number> {
    const result = await db
      .updateTable('safetyVisits')
      .set((eb) => ({ ...visitColumns(visit), version: eb('version', '+', 1) }))
      .where('id', '=', visit.id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async findVisit(db: DbOrTx, id: string, forUpdate = false): Promise<VisitRow | undefined> {
    let query = this.visitQuery(db).where('safetyVisits.id', '=', id);
    if (forUpdate) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? toVisit(row) : undefined;
  }

  async openVisits(db: DbOrTx): Promise<VisitRow[]> {
    const rows = await this.visitQuery(db).where('safetyVisits.status', 'in', OPEN_STATUSES).orderBy('safetyVisits.expectedFinishAt').execute();
    return rows.map(toVisit);
  }

  async openVisitOf(db: DbOrTx, amhpId: string): Promise<VisitRow | undefined> {
    const row = await this.visitQuery(db)
      .where('safetyVisits.amhpId', '=', amhpId)
      .where('safetyVisits.status', 'in', OPEN_STATUSES)
      .executeTakeFirst();
    return row ? toVisit(row) : undefined;
  }

  async visitsOf(db: DbOrTx, amhpId: string, limit = 20): Promise<VisitRow[]> {
    const rows = await this.visitQuery(db).where('safetyVisits.amhpId', '=', amhpId).orderBy('safetyVisits.startedAt', 'desc').limit(limit).execute();
    return rows.map(toVisit);
  }

  async recentVisits(db: DbOrTx, since: Date, limit = 50): Promise<VisitRow[]> {
    const rows = await this.visitQuery(db)
      .where('safetyVisits.startedAt', '>=', since)
      .orderBy('safetyVisits.startedAt', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toVisit);
  }

  /** Open visits, and finished ones with an alerted episode not yet stood down. */
  async visitsForEscalation(db: DbOrTx): Promise<VisitRow[]> {
    const rows = await this.visitQuery(db)
      .where((eb) =>
        eb.or([
          eb('safetyVisits.status', 'in', OPEN_STATUSES),
          eb.exists(
            eb
              .selectFrom('safetyEscalationRecords as a')
              .select('a.key')
              .whereRef('a.visitId', '=', 'safetyVisits.id')
              .where('a.kind', '=', 'alert')
              .where((inner) =>
                inner.not(
                  inner.exists(
                    inner
                      .selectFrom('safetyEscalationRecords as s')
                      .select('s.key')
                      .whereRef('s.visitId', '=', 'a.visitId')
                      .whereRef('s.episodeKey', '=', 'a.episodeKey')
                      .where('s.kind', '=', 'stand_down'),
                  ),
                ),
              ),
          ),
        ]),
      )
      .execute();
    return rows.map(toVisit);
  }

  async records(db: DbOrTx, visitIds: readonly string[]): Promise<EscalationRecord[]> {
    if (visitIds.length === 0) return [];
    const rows = await db.selectFrom('safetyEscalationRecords').selectAll().where('visitId', 'in', visitIds).orderBy('at').orderBy('key').execute();
    return rows.map((r) => toRecord(r as RecordRow));
  }

  async findRecord(db: DbOrTx, key: string): Promise<EscalationRecord | undefined> {
    const row = await db.selectFrom('safetyEscalationRecords').selectAll().where('key', '=', key).executeTakeFirst();
    return row ? toRecord(row as RecordRow) : undefined;
  }

  /** Exactly once per key: true when this call wrote it, false when it was already there. */
  async insertRecord(db: DbOrTx, record: EscalationRecord): Promise<boolean> {
    const inserted = await db
      .insertInto('safetyEscalationRecords')
      .values({
        key: record.key,
        visitId: record.visitId,
        episodeKey: record.episodeKey,
        trigger: record.trigger,
        kind: record.kind,
        stepIndex: record.kind === 'alert' ? record.stepIndex : null,
        step: record.kind === 'alert' ? JSON.stringify(record.step) : null,
        standDownReason: record.kind === 'stand_down' ? record.reason : null,
        notifyStepIndexes: record.kind === 'stand_down' ? JSON.stringify(record.notifyStepIndexes) : null,
        at: record.at,
      })
      .onConflict((oc) => oc.column('key').doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async acknowledgements(db: DbOrTx, visitIds: readonly string[]): Promise<Array<Acknowledgement & { byName: string }>> {
    if (visitIds.length === 0) return [];
    const rows = await db
      .selectFrom('safetyAcknowledgements as k')
      .innerJoin('safetyEscalationRecords as r', 'r.key', 'k.alertKey')
      .innerJoin('people', 'people.id', 'k.byPersonId')
      .select(['k.alertKey', 'k.byPersonId', 'k.at', 'k.outcome', 'k.note', 'people.name as byName'])
      .where('r.visitId', 'in', visitIds)
      .orderBy('k.at')
      .execute();
    return rows.map((r) => ({ alertKey: r.alertKey, by: r.byPersonId, at: r.at, outcome: r.outcome, note: r.note, byName: r.byName }));
  }

  async insertAcknowledgement(db: DbOrTx, ack: Acknowledgement): Promise<void> {
    await db.insertInto('safetyAcknowledgements').values({ alertKey: ack.alertKey, byPersonId: ack.by, at: ack.at, outcome: ack.outcome, note: ack.note }).execute();
  }

  // ---- people -------------------------------------------------------------------------

  async person(db: DbOrTx, id: string): Promise<PersonBrief | undefined> {
    return db.selectFrom('people').select(['id', 'name', 'email', 'phone', 'teamId', 'lineManagerId']).where('id', '=', id).executeTakeFirst();
  }

  async peopleNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (unique.length === 0) return new Map();
    const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async peopleWithRoles(db: DbOrTx, roles: readonly string[], teamId?: string | null): Promise<PersonBrief[]> {
    let query = db
      .selectFrom('people')
      .innerJoin('personRoles', 'personRoles.personId', 'people.id')
      .select(['people.id', 'people.name', 'people.email', 'people.phone', 'people.teamId', 'people.lineManagerId'])
      .distinct()
      .where('people.active', '=', true)
      .where('personRoles.role', 'in', roles as never[]);
    if (teamId) query = query.where('people.teamId', '=', teamId);
    return query.orderBy('people.name').execute();
  }

  async teamKind(db: DbOrTx, teamId: string | null): Promise<'daytime' | 'edt' | 'other' | null> {
    if (!teamId) return null;
    const row = await db.selectFrom('teams').select('kind').where('id', '=', teamId).executeTakeFirst();
    return row?.kind ?? null;
  }

  async firstTeamOfKind(db: DbOrTx, kind: 'daytime' | 'edt'): Promise<string | null> {
    const row = await db.selectFrom('teams').select('id').where('kind', '=', kind).orderBy('name').executeTakeFirst();
    return row?.id ?? null;
  }

  async settingValue(db: DbOrTx, key: string): Promise<{ value: unknown; version: number } | undefined> {
    return db.selectFrom('settings').select(['value', 'version']).where('key', '=', key).executeTakeFirst();
  }

  // ---- codes --------------------------------------------------------------------------

  async codes(db: DbOrTx, personId: string) {
    return db.selectFrom('safetyCheckinCodes').selectAll().where('personId', '=', personId).executeTakeFirst();
  }

  async saveCodes(db: DbOrTx, personId: string, checkinCodeHash: string, duressCodeHash: string, at: Date): Promise<void> {
    await db
      .insertInto('safetyCheckinCodes')
      .values({ personId, checkinCodeHash, duressCodeHash, updatedAt: at })
      .onConflict((oc) => oc.column('personId').doUpdateSet((eb) => ({ checkinCodeHash, duressCodeHash, updatedAt: at, version: eb('safetyCheckinCodes.version', '+', 1) })))
      .execute();
  }

  async removeCodes(db: DbOrTx, personId: string): Promise<void> {
    await db.deleteFrom('safetyCheckinCodes').where('personId', '=', personId).execute();
  }

  // ---- working days -------------------------------------------------------------------

  private dayQuery(db: DbOrTx) {
    return db
      .selectFrom('safetyWorkingDays as d')
      .innerJoin('people', 'people.id', 'd.amhpId')
      .selectAll('d')
      .select(['people.name as amhpName', 'people.lineManagerId']);
  }

  private toDay(row: {
    id: string;
    amhpId: string;
    kind: 'daytime' | 'edt';
    startedAt: Date;
    endedAt: Date | null;
    plans: Array<Record<string, string | null>>;
    version: number;
    amhpName: string;
    lineManagerId: string | null;
  }): WorkingDayRow {
    return {
      id: row.id,
      amhpId: row.amhpId,
      kind: row.kind,
      startedAt: row.startedAt,
      endedAt: row.endedAt,
      plans: row.plans.map(
        (p): LongShiftPlan => ({
          option: p.option as LongShiftPlan['option'],
          recordedBy: p.recordedBy ?? '',
          recordedAt: new Date(p.recordedAt ?? 0),
          agreedWith: p.agreedWith ?? '',
          expectedEndAt: p.expectedEndAt ? new Date(p.expectedEndAt) : null,
          handOverTo: p.handOverTo ?? null,
          allocatedAmhpId: p.allocatedAmhpId ?? null,
          note: p.note ?? null,
        }),
      ),
      version: row.version,
      amhpName: row.amhpName,
      lineManagerId: row.lineManagerId,
    };
  }

  async insertWorkingDay(db: DbOrTx, day: WorkingDay): Promise<string> {
    const row = await db
      .insertInto('safetyWorkingDays')
      .values({ amhpId: day.amhpId, kind: day.kind, startedAt: day.startedAt, endedAt: day.endedAt, plans: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateWorkingDay(db: DbOrTx, day: WorkingDay, version: number): Promise<number> {
    const plans = day.plans.map((p) => ({
      ...p,
      recordedAt: p.recordedAt.toISOString(),
      expectedEndAt: p.expectedEndAt ? p.expectedEndAt.toISOString() : null,
    }));
    const result = await db
      .updateTable('safetyWorkingDays')
      .set((eb) => ({ endedAt: day.endedAt, plans: JSON.stringify(plans), version: eb('version', '+', 1) }))
      .where('id', '=', day.id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async findWorkingDay(db: DbOrTx, id: string): Promise<WorkingDayRow | undefined> {
    const row = await this.dayQuery(db).where('d.id', '=', id).executeTakeFirst();
    return row ? this.toDay(row) : undefined;
  }

  async openWorkingDayOf(db: DbOrTx, amhpId: string): Promise<WorkingDayRow | undefined> {
    const row = await this.dayQuery(db).where('d.amhpId', '=', amhpId).where('d.endedAt', 'is', null).executeTakeFirst();
    return row ? this.toDay(row) : undefined;
  }

  async openWorkingDays(db: DbOrTx): Promise<WorkingDayRow[]> {
    const rows = await this.dayQuery(db).where('d.endedAt', 'is', null).orderBy('d.startedAt').execute();
    return rows.map((r) => this.toDay(r));
  }

  async longShiftAlertKeys(db: DbOrTx, dayIds: readonly string[]): Promise<string[]> {
    if (dayIds.length === 0) return [];
    const rows = await db.selectFrom('safetyLongShiftAlerts').select('key').where('workingDayId', 'in', dayIds).execute();
    return rows.map((r) => r.key);
  }

  async insertLongShiftAlert(
    db: DbOrTx,
    alert: { key: string; workingDayId: string; kind: 'pre_warning' | 'limit_passed'; limitAt: Date; planAgreed: boolean; at: Date },
  ): Promise<boolean> {
    const inserted = await db.insertInto('safetyLongShiftAlerts').values(alert).onConflict((oc) => oc.column('key').doNothing()).returning('key').executeTakeFirst();
    return inserted !== undefined;
  }

  /** Long-shift alerts on working days still open, or raised in the last day. */
  async recentLongShiftAlerts(db: DbOrTx, since: Date) {
    return db
      .selectFrom('safetyLongShiftAlerts as a')
      .innerJoin('safetyWorkingDays as d', 'd.id', 'a.workingDayId')
      .innerJoin('people', 'people.id', 'd.amhpId')
      .select(['a.key', 'a.kind', 'a.limitAt', 'a.planAgreed', 'a.at', 'd.id as workingDayId', 'd.amhpId', 'd.kind as shiftKind', 'd.startedAt', 'd.endedAt', 'd.plans', 'people.name as amhpName', 'people.lineManagerId'])
      .where((eb) => eb.or([eb('d.endedAt', 'is', null), eb('a.at', '>=', since)]))
      .orderBy('a.at', 'desc')
      .execute();
  }

  // ---- additional hours ---------------------------------------------------------------

  private claimQuery(db: DbOrTx) {
    return db
      .selectFrom('safetyHoursClaims as c')
      .innerJoin('people as a', 'a.id', 'c.amhpId')
      .leftJoin('people as d', 'd.id', 'c.decidedBy')
      .selectAll('c')
      .select(['a.name as amhpName', 'a.lineManagerId', 'd.name as decidedByName']);
  }

  async insertClaim(db: DbOrTx, claim: AdditionalHoursClaim, referralReference: string | null): Promise<string> {
    const row = await db
      .insertInto('safetyHoursClaims')
      .values({
        amhpId: claim.amhpId,
        startAt: claim.startAt,
        endAt: claim.endAt,
        reason: claim.reason,
        reasonDetail: claim.reasonDetail,
        referralId: claim.referralId,
        referralReference,
        submittedAt: claim.submittedAt,
        status: claim.status,
        compensation: claim.compensation,
        decidedBy: claim.decidedBy,
        decidedAt: claim.decidedAt,
        declineReason: claim.declineReason,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateClaim(db: DbOrTx, claim: AdditionalHoursClaim, version: number): Promise<number> {
    const result = await db
      .updateTable('safetyHoursClaims')
      .set((eb) => ({
        status: claim.status,
        compensation: claim.compensation,
        decidedBy: claim.decidedBy,
        decidedAt: claim.decidedAt,
        declineReason: claim.declineReason,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', claim.id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async findClaim(db: DbOrTx, id: string): Promise<ClaimRow | undefined> {
    return this.claimQuery(db).where('c.id', '=', id).executeTakeFirst();
  }

  async claimsOf(db: DbOrTx, amhpId: string): Promise<ClaimRow[]> {
    return this.claimQuery(db).where('c.amhpId', '=', amhpId).orderBy('c.startAt', 'desc').execute();
  }

  async claims(db: DbOrTx, filter: { status?: AdditionalHoursClaim['status']; since?: Date } = {}): Promise<ClaimRow[]> {
    let query = this.claimQuery(db);
    if (filter.status) query = query.where('c.status', '=', filter.status);
    if (filter.since) query = query.where('c.startAt', '>=', filter.since);
    return query.orderBy('c.startAt', 'desc').execute();
  }

  /** Serialises claims by one AMHP, so two overlapping claims sent at once cannot both pass. */
  async lockAmhpClaims(db: DbOrTx, amhpId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`safety-claims:${amhpId}`}))`.execute(db);
  }

  async toilTaken(db: DbOrTx, amhpId?: string): Promise<ToilTaken[]> {
    let query = db.selectFrom('safetyToilTaken').selectAll();
    if (amhpId) query = query.where('amhpId', '=', amhpId);
    const rows = await query.orderBy('takenOn', 'desc').execute();
    return rows.map((r) => ({ id: r.id, amhpId: r.amhpId, date: r.takenOn, minutes: r.minutes, recordedBy: r.recordedBy }));
  }

  async insertToilTaken(db: DbOrTx, taken: Omit<ToilTaken, 'id'>, at: Date): Promise<string> {
    const row = await db
      .insertInto('safetyToilTaken')
      .values({ amhpId: taken.amhpId, takenOn: taken.date, minutes: taken.minutes, recordedBy: taken.recordedBy, recordedAt: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  // ---- debriefs -----------------------------------------------------------------------

  private debriefQuery(db: DbOrTx) {
    return db
      .selectFrom('safetyDebriefs as d')
      .innerJoin('people as a', 'a.id', 'd.amhpId')
      .innerJoin('people as r', 'r.id', 'd.requestedBy')
      .leftJoin('people as h', 'h.id', 'd.heldBy')
      .selectAll('d')
      .select(['a.name as amhpName', 'r.name as requestedByName', 'h.name as heldByName']);
  }

  async insertDebrief(db: DbOrTx, request: DebriefRequest, referralReference: string | null): Promise<string> {
    const row = await db
      .insertInto('safetyDebriefs')
      .values({
        amhpId: request.amhpId,
        requestedBy: request.requestedBy,
        requestedAt: request.requestedAt,
        referralId: request.referralId,
        referralReference,
        reason: request.reason,
        status: request.status,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateDebrief(db: DbOrTx, request: DebriefRequest, version: number): Promise<number> {
    const result = await db
      .updateTable('safetyDebriefs')
      .set((eb) => ({
        status: request.status,
        heldBy: request.heldBy,
        heldAt: request.heldAt,
        cancelledBy: request.cancelledBy,
        cancelledAt: request.cancelledAt,
        cancelReason: request.cancelReason,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', request.id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async findDebrief(db: DbOrTx, id: string): Promise<DebriefRow | undefined> {
    return this.debriefQuery(db).where('d.id', '=', id).executeTakeFirst();
  }

  async debriefs(db: DbOrTx, filter: { amhpId?: string; since?: Date } = {}): Promise<DebriefRow[]> {
    let query = this.debriefQuery(db);
    if (filter.amhpId) query = query.where('d.amhpId', '=', filter.amhpId);
    if (filter.since) query = query.where((eb) => eb.or([eb('d.status', '=', 'requested'), eb('d.requestedAt', '>=', filter.since as Date)]));
    return query.orderBy('d.requestedAt', 'desc').execute();
  }
}

/**
 * Links a typed referral (its id or reference, e.g. "AMHP-2026-00042") to the referrals
 * module's record when there is one; otherwise the safety record keeps the text typed.
 */
export function referralLookup(db: DbOrTx): (text: string) => Promise<{ id: string; reference: string } | null> {
  return async (text) => {
    const value = text.trim();
    if (!value) return null;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
    const row = await db
      .selectFrom('referrals')
      .select(['id', 'reference'])
      .where(uuid ? 'id' : 'reference', '=', uuid ? value : value.toUpperCase())
      .executeTakeFirst();
    return row ?? null;
  };
}
