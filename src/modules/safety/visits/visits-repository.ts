import type { ExpressionBuilder, Kysely } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { rowsWithDates } from '../../../db/json-rows.js';
import { toEscalationRecord, type EscalationRecordRow } from '../ladders/ladders-repository.js';
import type { Acknowledgement, EscalationRecord } from '../ladders/overdue-escalation.js';
import { updateVersioned } from '../../../platform/versioned-update.js';
import type { SafetyDb, SafetyVisitsTable } from '../safety-tables.js';
import type { Companion, Visit } from './visit.js';

/** A visit with what the pages need besides the domain record. */
export interface VisitRow extends Visit {
  teamId: string | null;
  referralReference: string | null;
  amhpName: string;
  version: number;
}

export const OPEN_STATUSES = ['out', 'help_requested', 'duress'] as const;
/** Open as the AMHP sees it: a duress finish looks finished to them. */
const OWN_OPEN_STATUSES = ['out', 'help_requested'] as const;

/** The visit's timestamp columns (a JSON row gives them as text). */
const VISIT_INSTANTS = ['startedAt', 'expectedFinishAt', 'helpRequestedAt', 'duressAt', 'finishedAt', 'alarmResolvedAt'] as const;

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

export function toVisitRow(row: RawVisit): VisitRow {
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

export interface CheckinCodes {
  personId: string;
  checkinCodeHash: string;
  duressCodeHash: string;
  updatedAt: Date;
  version: number;
}

export interface SnapshotAcknowledgementRow {
  alertKey: string;
  byPersonId: string;
  at: Date;
  outcome: 'called_amhp' | 'reached_amhp' | 'not_reached';
  note: string | null;
  byName: string;
}

/** Visits and the AMHPs' check-in codes. */
export class VisitsRepository {
  private visitQuery(db: Kysely<SafetyDb>) {
    return db.selectFrom('safetyVisits').innerJoin('people', 'people.id', 'safetyVisits.amhpId').selectAll('safetyVisits').select('people.name as amhpName');
  }

  async insertVisit(db: Kysely<SafetyDb>, visit: Visit, extra: { teamId: string | null; referralReference: string | null }): Promise<string> {
    const row = await db
      .insertInto('safetyVisits')
      .values({ ...visitColumns(visit), amhpId: visit.amhpId, teamId: extra.teamId, referralId: visit.referralId, referralReference: extra.referralReference, startedAt: visit.startedAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Writes a changed visit if nobody changed it since `version` was read; the new version. */
  async updateVisit(db: Kysely<SafetyDb>, visit: Visit, version: number): Promise<number> {
    return updateVersioned(db, 'safetyVisits', { id: visit.id, expectedVersion: version }, visitColumns(visit), 'visit');
  }

  async findVisit(db: Kysely<SafetyDb>, id: string, forUpdate = false): Promise<VisitRow | undefined> {
    let query = this.visitQuery(db).where('safetyVisits.id', '=', id);
    if (forUpdate) query = query.forUpdate('safetyVisits');
    const row = await query.executeTakeFirst();
    return row ? toVisitRow(row) : undefined;
  }

  async openVisits(db: Kysely<SafetyDb>): Promise<VisitRow[]> {
    const rows = await this.visitQuery(db).where('safetyVisits.status', 'in', OPEN_STATUSES).orderBy('safetyVisits.expectedFinishAt').execute();
    return rows.map(toVisitRow);
  }


  /**
   * The visit the AMHP themself believes is open: out or asking for help. A duress finish is
   * finished as far as their own screen is concerned, so it is never returned here.
   */
  async ownOpenVisitOf(db: Kysely<SafetyDb>, amhpId: string): Promise<VisitRow | undefined> {
    const row = await this.visitQuery(db)
      .where('safetyVisits.amhpId', '=', amhpId)
      .where('safetyVisits.status', 'in', OWN_OPEN_STATUSES)
      .orderBy('safetyVisits.startedAt', 'desc')
      .executeTakeFirst();
    return row ? toVisitRow(row) : undefined;
  }

  async visitsOf(db: Kysely<SafetyDb>, amhpId: string, limit = 20): Promise<VisitRow[]> {
    const rows = await this.visitQuery(db).where('safetyVisits.amhpId', '=', amhpId).orderBy('safetyVisits.startedAt', 'desc').limit(limit).execute();
    return rows.map(toVisitRow);
  }

  /**
   * The urgent-alerts banner's read in ONE statement: `visitsForEscalation`, each with its
   * escalation records and acknowledgements (as JSON arrays; times come back as text).
   */
  async escalationSnapshot(db: Kysely<SafetyDb>): Promise<Array<{ visit: VisitRow; records: EscalationRecordRow[]; acknowledgements: SnapshotAcknowledgementRow[] }>> {
    const rows = await this.escalationVisitsQuery(db)
      .orderBy('safetyVisits.expectedFinishAt')
      .select((eb) => [
        jsonArrayFrom(eb.selectFrom('safetyEscalationRecords as er').selectAll('er').whereRef('er.visitId', '=', 'safetyVisits.id').orderBy('er.at').orderBy('er.key')).as('escalationRecords'),
        jsonArrayFrom(
          eb
            .selectFrom('safetyAcknowledgements as k')
            .innerJoin('safetyEscalationRecords as kr', 'kr.key', 'k.alertKey')
            .innerJoin('people as kp', 'kp.id', 'k.byPersonId')
            .select(['k.alertKey', 'k.byPersonId', 'k.at', 'k.outcome', 'k.note', 'kp.name as byName'])
            .whereRef('kr.visitId', '=', 'safetyVisits.id')
            .orderBy('k.at'),
        ).as('acknowledgementRows'),
      ])
      .execute();
    return rows.map((row) => {
      const { escalationRecords, acknowledgementRows, ...visit } = row;
      return {
        visit: toVisitRow(visit),
        records: escalationRecords.map((r) => ({ ...r, at: new Date(r.at as unknown as string) })),
        acknowledgements: acknowledgementRows.map((k) => ({ ...k, at: new Date(k.at as unknown as string) })),
      };
    });
  }

  /** Open visits, and finished ones with an alerted episode not yet stood down. */
  async visitsForEscalation(db: Kysely<SafetyDb>): Promise<VisitRow[]> {
    return (await this.escalationVisitsQuery(db).orderBy('safetyVisits.expectedFinishAt').execute()).map(toVisitRow);
  }

  private escalationVisitsQuery(db: Kysely<SafetyDb>) {
    return this.visitQuery(db).where((eb) =>
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
    );
  }

  /**
   * The whereabouts board in one statement: the open visits (as `openVisits`), the visits that
   * may need escalating (as `visitsForEscalation`) and their escalation records and
   * acknowledgements (as LaddersRepository `records` and `acknowledgements` read them).
   */
  async boardRead(db: Kysely<SafetyDb>): Promise<{ open: VisitRow[]; forEscalation: VisitRow[]; records: EscalationRecord[]; acknowledgements: Array<Acknowledgement & { byName: string }> }> {
    const escalationIds = (eb: ExpressionBuilder<SafetyDb, never>) => eb.selectFrom(this.escalationVisitsQuery(db).as('ev')).select('ev.id');
    const row = await db
      .selectNoFrom((eb) => [
        jsonArrayFrom(this.visitQuery(db).where('safetyVisits.status', 'in', OPEN_STATUSES).orderBy('safetyVisits.expectedFinishAt')).as('open'),
        jsonArrayFrom(this.escalationVisitsQuery(db)).as('forEscalation'),
        jsonArrayFrom(eb.selectFrom('safetyEscalationRecords as er').selectAll('er').where('er.visitId', 'in', escalationIds(eb)).orderBy('er.at').orderBy('er.key')).as('records'),
        jsonArrayFrom(
          eb
            .selectFrom('safetyAcknowledgements as k')
            .innerJoin('safetyEscalationRecords as r', 'r.key', 'k.alertKey')
            .innerJoin('people as kp', 'kp.id', 'k.byPersonId')
            .select(['k.alertKey', 'k.byPersonId', 'k.at', 'k.outcome', 'k.note', 'kp.name as byName'])
            .where('r.visitId', 'in', escalationIds(eb))
            .orderBy('k.at'),
        ).as('acknowledgements'),
      ])
      .executeTakeFirstOrThrow();
    const visits = (rows: readonly object[]) => rowsWithDates<RawVisit>(rows, VISIT_INSTANTS).map(toVisitRow);
    return {
      open: visits(row.open),
      forEscalation: visits(row.forEscalation),
      records: rowsWithDates<EscalationRecordRow>(row.records, ['at']).map(toEscalationRecord),
      acknowledgements: rowsWithDates<{ alertKey: string; byPersonId: string; at: Date; outcome: Acknowledgement['outcome']; note: string | null; byName: string }>(row.acknowledgements, ['at']).map((r) => ({ alertKey: r.alertKey, by: r.byPersonId, at: r.at, outcome: r.outcome, note: r.note, byName: r.byName })),
    };
  }

  // ---- check-in and duress codes ------------------------------------------------------------

  async codes(db: Kysely<SafetyDb>, personId: string): Promise<CheckinCodes | undefined> {
    return db.selectFrom('safetyCheckinCodes').selectAll().where('personId', '=', personId).executeTakeFirst();
  }

  /** Sets or replaces both hashes; the row's version as it now is. */
  async saveCodes(db: Kysely<SafetyDb>, personId: string, checkinCodeHash: string, duressCodeHash: string, at: Date): Promise<number> {
    const row = await db
      .insertInto('safetyCheckinCodes')
      .values({ personId, checkinCodeHash, duressCodeHash, updatedAt: at })
      .onConflict((oc) => oc.column('personId').doUpdateSet((eb) => ({ checkinCodeHash, duressCodeHash, updatedAt: at, version: eb('safetyCheckinCodes.version', '+', 1) })))
      .returning('version')
      .executeTakeFirstOrThrow();
    return row.version;
  }

  async removeCodes(db: Kysely<SafetyDb>, personId: string): Promise<void> {
    await db.deleteFrom('safetyCheckinCodes').where('personId', '=', personId).execute();
  }
}
