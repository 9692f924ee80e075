import { type Kysely, sql } from 'kysely';
import { updateVersioned } from '../../../platform/versioned-update.js';
import type { SafetyDb } from '../safety-tables.js';
import type { AdditionalHoursClaim, ToilTaken } from './additional-hours.js';
import type { LongShiftAlertKind, LongShiftPlan, WorkingDay } from './long-shift.js';

export interface WorkingDayRow extends WorkingDay {
  amhpName: string;
  lineManagerId: string | null;
  version: number;
}

export interface ClaimRow extends AdditionalHoursClaim {
  amhpName: string;
  lineManagerId: string | null;
  referralReference: string | null;
  decidedByName: string | null;
  version: number;
}

export interface LongShiftAlertRow {
  key: string;
  kind: LongShiftAlertKind;
  limitAt: Date;
  planAgreed: boolean;
  at: Date;
  workingDayId: string;
  amhpId: string;
  amhpName: string;
}

type RawDay = {
  id: string;
  amhpId: string;
  kind: 'daytime' | 'edt';
  startedAt: Date;
  endedAt: Date | null;
  plans: Array<Record<string, string | null>>;
  version: number;
  amhpName: string;
  lineManagerId: string | null;
};

function toDay(row: RawDay): WorkingDayRow {
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

/** Working days and their long-shift alerts; additional hours claims and TOIL taken. */
export class HoursRepository {
  // ---- working days -------------------------------------------------------------------------

  private dayQuery(db: Kysely<SafetyDb>) {
    return db.selectFrom('safetyWorkingDays as d').innerJoin('people', 'people.id', 'd.amhpId').selectAll('d').select(['people.name as amhpName', 'people.lineManagerId']);
  }

  async insertWorkingDay(db: Kysely<SafetyDb>, day: WorkingDay): Promise<string> {
    const row = await db
      .insertInto('safetyWorkingDays')
      .values({ amhpId: day.amhpId, kind: day.kind, startedAt: day.startedAt, endedAt: day.endedAt, plans: '[]' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateWorkingDay(db: Kysely<SafetyDb>, day: WorkingDay, version: number): Promise<number> {
    const plans = day.plans.map((p) => ({ ...p, recordedAt: p.recordedAt.toISOString(), expectedEndAt: p.expectedEndAt ? p.expectedEndAt.toISOString() : null }));
    return updateVersioned(db, 'safetyWorkingDays', { id: day.id, expectedVersion: version }, { endedAt: day.endedAt, plans: JSON.stringify(plans) }, 'working day');
  }

  async findWorkingDay(db: Kysely<SafetyDb>, id: string): Promise<WorkingDayRow | undefined> {
    const row = await this.dayQuery(db).where('d.id', '=', id).executeTakeFirst();
    return row ? toDay(row) : undefined;
  }

  async openWorkingDayOf(db: Kysely<SafetyDb>, amhpId: string): Promise<WorkingDayRow | undefined> {
    const row = await this.dayQuery(db).where('d.amhpId', '=', amhpId).where('d.endedAt', 'is', null).executeTakeFirst();
    return row ? toDay(row) : undefined;
  }

  async openWorkingDays(db: Kysely<SafetyDb>): Promise<WorkingDayRow[]> {
    const rows = await this.dayQuery(db).where('d.endedAt', 'is', null).orderBy('d.startedAt').execute();
    return rows.map(toDay);
  }

  async longShiftAlertKeys(db: Kysely<SafetyDb>, dayIds: readonly string[]): Promise<string[]> {
    if (dayIds.length === 0) return [];
    const rows = await db.selectFrom('safetyLongShiftAlerts').select('key').where('workingDayId', 'in', dayIds).execute();
    return rows.map((r) => r.key);
  }

  /** Exactly once per key: true when this call wrote it. */
  async insertLongShiftAlert(db: Kysely<SafetyDb>, alert: { key: string; workingDayId: string; kind: LongShiftAlertKind; limitAt: Date; planAgreed: boolean; at: Date }): Promise<boolean> {
    const inserted = await db.insertInto('safetyLongShiftAlerts').values(alert).onConflict((oc) => oc.column('key').doNothing()).returning('key').executeTakeFirst();
    return inserted !== undefined;
  }

  /** Long-shift alerts on working days still open, or raised since `since`. */
  async recentLongShiftAlerts(db: Kysely<SafetyDb>, since: Date): Promise<LongShiftAlertRow[]> {
    return db
      .selectFrom('safetyLongShiftAlerts as a')
      .innerJoin('safetyWorkingDays as d', 'd.id', 'a.workingDayId')
      .innerJoin('people', 'people.id', 'd.amhpId')
      .select(['a.key', 'a.kind', 'a.limitAt', 'a.planAgreed', 'a.at', 'd.id as workingDayId', 'd.amhpId', 'people.name as amhpName'])
      .where((eb) => eb.or([eb('d.endedAt', 'is', null), eb('a.at', '>=', since)]))
      .orderBy('a.at', 'desc')
      .execute();
  }

  // ---- additional hours ---------------------------------------------------------------------

  private claimQuery(db: Kysely<SafetyDb>) {
    return db
      .selectFrom('safetyHoursClaims as c')
      .innerJoin('people as a', 'a.id', 'c.amhpId')
      .leftJoin('people as d', 'd.id', 'c.decidedBy')
      .selectAll('c')
      .select(['a.name as amhpName', 'a.lineManagerId', 'd.name as decidedByName']);
  }

  async insertClaim(db: Kysely<SafetyDb>, claim: AdditionalHoursClaim, referralReference: string | null): Promise<string> {
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
        decisionRecordedAt: claim.decisionRecordedAt,
        declineReason: claim.declineReason,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateClaim(db: Kysely<SafetyDb>, claim: AdditionalHoursClaim, version: number): Promise<number> {
    return updateVersioned(
      db,
      'safetyHoursClaims',
      { id: claim.id, expectedVersion: version },
      { status: claim.status, compensation: claim.compensation, decidedBy: claim.decidedBy, decidedAt: claim.decidedAt, decisionRecordedAt: claim.decisionRecordedAt, declineReason: claim.declineReason },
      'claim',
    );
  }

  async findClaim(db: Kysely<SafetyDb>, id: string): Promise<ClaimRow | undefined> {
    return this.claimQuery(db).where('c.id', '=', id).executeTakeFirst();
  }

  async claimsOf(db: Kysely<SafetyDb>, amhpId: string): Promise<ClaimRow[]> {
    return this.claimQuery(db).where('c.amhpId', '=', amhpId).orderBy('c.startAt', 'desc').execute();
  }

  async claims(db: Kysely<SafetyDb>, filter: { status?: AdditionalHoursClaim['status'] } = {}): Promise<ClaimRow[]> {
    let query = this.claimQuery(db);
    if (filter.status) query = query.where('c.status', '=', filter.status);
    return query.orderBy('c.startAt', 'desc').execute();
  }

  /** Serialises claims by one AMHP, so two overlapping claims sent at once cannot both pass. */
  async lockAmhpClaims(db: Kysely<SafetyDb>, amhpId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`safety-claims:${amhpId}`}))`.execute(db);
  }

  async toilTaken(db: Kysely<SafetyDb>, amhpId?: string): Promise<ToilTaken[]> {
    let query = db.selectFrom('safetyToilTaken').selectAll();
    if (amhpId) query = query.where('amhpId', '=', amhpId);
    const rows = await query.orderBy('takenOn', 'desc').execute();
    return rows.map((r) => ({ id: r.id, amhpId: r.amhpId, date: r.takenOn, minutes: r.minutes, recordedBy: r.recordedBy }));
  }

  async insertToilTaken(db: Kysely<SafetyDb>, taken: Omit<ToilTaken, 'id'>, at: Date): Promise<string> {
    const row = await db
      .insertInto('safetyToilTaken')
      .values({ amhpId: taken.amhpId, takenOn: taken.date, minutes: taken.minutes, recordedBy: taken.recordedBy, recordedAt: at })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}
