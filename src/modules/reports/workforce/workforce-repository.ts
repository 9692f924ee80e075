import { sql, type Kysely } from 'kysely';
import type { IsoDate } from '../../../platform/london-time.js';
import type { ReportsBDb } from '../part-b-tables.js';

type Db = Kysely<ReportsBDb>;

/** London hours (0–23) of the referrals received in [from, to). */
export async function receivedHours(db: Db, from: Date, to: Date, lssaId: string | null): Promise<Array<{ hour: number; n: number }>> {
  let q = db
    .selectFrom('partbReferralsReceived')
    .select([sql<number>`extract(hour from received_at at time zone 'Europe/London')::int`.as('hour'), sql<string>`count(*)`.as('n')])
    .where('receivedAt', '>=', from)
    .where('receivedAt', '<', to)
    .groupBy(sql`1`);
  if (lssaId) q = q.where('lssaId', '=', lssaId);
  const rows = await q.execute();
  return rows.map((r) => ({ hour: Number(r.hour), n: Number(r.n) }));
}

export async function shiftsBetween(db: Db, fromDate: IsoDate, toDate: IsoDate): Promise<Array<{ personId: string; startsAt: Date; endsAt: Date }>> {
  return db.selectFrom('partbShifts').select(['personId', 'startsAt', 'endsAt']).where('shiftDate', '>=', fromDate).where('shiftDate', '<=', toDate).execute();
}

/** Who led each assessment with an outcome recorded in [from, to). */
export async function assessmentLeads(db: Db, from: Date, to: Date): Promise<Array<{ amhpId: string; n: number }>> {
  const rows = await db
    .selectFrom('partbAssessmentFacts')
    .select(['amhpId', sql<string>`count(*)`.as('n')])
    .where('outcomeRecordedAt', '>=', from)
    .where('outcomeRecordedAt', '<', to)
    .where('amhpId', 'is not', null)
    .groupBy('amhpId')
    .execute();
  return rows.map((r) => ({ amhpId: r.amhpId as string, n: Number(r.n) }));
}

export interface ApprovalRow {
  personId: string;
  name: string;
  profession: string;
  lssaName: string;
  startDate: IsoDate;
  endDate: IsoDate;
  endedOn: IsoDate | null;
}

export async function approvals(db: Db): Promise<ApprovalRow[]> {
  return db
    .selectFrom('partbApprovals as a')
    .innerJoin('people as p', 'p.id', 'a.personId')
    .innerJoin('organisations as o', 'o.id', 'a.approvingLssaId')
    .select(['a.personId', 'p.name', 'a.profession', 'o.shortName as lssaName', 'a.startDate', 'a.endDate', 'a.endedOn'])
    .orderBy('a.startDate')
    .execute();
}

export async function trainees(db: Db): Promise<Array<{ cohortYear: number; courseStartedOn: IsoDate | null; outcomeResult: string | null; firstApprovalStart: IsoDate | null }>> {
  return db.selectFrom('partbTrainees').select(['cohortYear', 'courseStartedOn', 'outcomeResult', 'firstApprovalStart']).execute();
}

export async function onRotaSince(db: Db, fromDate: IsoDate): Promise<Set<string>> {
  const rows = await db.selectFrom('partbShifts').select('personId').distinct().where('shiftDate', '>=', fromDate).execute();
  return new Set(rows.map((r) => r.personId));
}
