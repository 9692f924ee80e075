import type { Kysely } from 'kysely';
import type { ReportsBDb } from '../part-b-tables.js';
import type { AssessmentReturnFact, S136ReturnFact } from './returns.js';

type Db = Kysely<ReportsBDb>;

export async function assessmentFacts(db: Db, from: Date, to: Date, lssaId: string | null): Promise<AssessmentReturnFact[]> {
  let q = db
    .selectFrom('partbAssessmentFacts as f')
    .leftJoin('organisations as o', 'o.id', 'f.lssaId')
    .select(['f.assessmentId', 'f.referralId', 'f.personKey', 'o.name as lssaName', 'f.receivedAt', 'f.interviewAt', 'f.outcomeRecordedAt', 'f.outcome', 'f.age', 'f.ethnicity', 'f.sex', 'f.legalStatus', 'f.sourceType', 'f.delayCause'])
    .where('f.outcomeRecordedAt', '>=', from)
    .where('f.outcomeRecordedAt', '<', to)
    .where('f.outcome', 'is not', null)
    .orderBy('f.outcomeRecordedAt');
  if (lssaId) q = q.where('f.lssaId', '=', lssaId);
  const rows = await q.execute();
  return rows.map((r) => ({
    assessmentId: r.assessmentId,
    referralId: r.referralId,
    nhsNumber: r.personKey.startsWith('referral:') ? null : r.personKey,
    lssaName: r.lssaName,
    receivedAt: r.receivedAt,
    interviewAt: r.interviewAt,
    outcomeRecordedAt: r.outcomeRecordedAt as Date,
    outcome: r.outcome as string,
    age: r.age,
    ethnicity: r.ethnicity,
    sex: r.sex,
    legalStatus: r.legalStatus,
    sourceType: r.sourceType,
    delayCause: r.delayCause,
  }));
}

/** s136 referrals received in [from, to), with their assessment (when there is one) and references. */
export async function s136Facts(db: Db, from: Date, to: Date, lssaId: string | null): Promise<S136ReturnFact[]> {
  let q = db
    .selectFrom('partbAssessmentFacts as f')
    .leftJoin('organisations as o', 'o.id', 'f.lssaId')
    .leftJoin('reportS136References as s', 's.referralId', 'f.referralId')
    .select(['f.referralId', 'f.referralReference', 'o.name as lssaName', 'f.legalStatusSince', 'f.receivedAt', 'f.interviewAt', 'f.outcome', 'f.age', 'f.ethnicity', 'f.sex', 's.policeReference', 's.placeOfSafetyReference'])
    .where('f.legalStatus', '=', 's136')
    .where('f.receivedAt', '>=', from)
    .where('f.receivedAt', '<', to)
    .orderBy('f.receivedAt');
  if (lssaId) q = q.where('f.lssaId', '=', lssaId);
  const rows = await q.execute();
  return rows.map((r) => ({
    referralId: r.referralId,
    referralReference: r.referralReference,
    lssaName: r.lssaName,
    detainedAt: r.legalStatusSince,
    receivedAt: r.receivedAt,
    interviewAt: r.interviewAt,
    outcome: r.outcome,
    age: r.age,
    ethnicity: r.ethnicity,
    sex: r.sex,
    policeReference: r.policeReference || null,
    placeOfSafetyReference: r.placeOfSafetyReference || null,
  }));
}

export async function s136Referral(db: Db, reference: string): Promise<{ referralId: string; referralReference: string; legalStatus: string } | undefined> {
  const ref = reference.trim();
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  return db
    .selectFrom('partbAssessmentFacts')
    .select(['referralId', 'referralReference', 'legalStatus'])
    .where((eb) => (isUuid ? eb('referralId', '=', ref) : eb(eb.fn('upper', ['referralReference']), '=', ref.toUpperCase())))
    .executeTakeFirst();
}

export async function upsertS136Reference(trx: Db, row: { referralId: string; policeReference: string; placeOfSafetyReference: string; recordedAt: Date; recordedBy: string }): Promise<void> {
  await trx
    .insertInto('reportS136References')
    .values(row)
    .onConflict((oc) => oc.column('referralId').doUpdateSet({ policeReference: row.policeReference, placeOfSafetyReference: row.placeOfSafetyReference, recordedAt: row.recordedAt, recordedBy: row.recordedBy, version: (eb) => eb('reportS136References.version', '+', 1) }))
    .execute();
}

/** The named secret, made on first use (two instances racing keep the first). */
export async function secretKey(db: Db, name: string, fresh: string, now: Date): Promise<string> {
  await db.insertInto('reportKeys').values({ name, secret: fresh, createdAt: now }).onConflict((oc) => oc.column('name').doNothing()).execute();
  const row = await db.selectFrom('reportKeys').select('secret').where('name', '=', name).executeTakeFirstOrThrow();
  return row.secret;
}
