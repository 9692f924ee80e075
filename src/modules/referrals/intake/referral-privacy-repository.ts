// Restriction of processing and the retention review's reads, on the referrals module's own
// tables (migration 1980; docs/privacy.md).

import { sql, type Kysely } from 'kysely';
import type { ReferralsModuleTables } from '../referrals-tables.js';

type Db = Kysely<ReferralsModuleTables>;

/** The condition a list or search adds on `r` so that restricted referrals stay out of it. */
export function notRestricted() {
  return sql<boolean>`not exists (select 1 from referral_restrictions x where x.referral_id = r.id and x.lifted_at is null)`;
}

const SUBJECT_COLUMNS = ['id', 'reference', 'givenName', 'familyName', 'dateOfBirth', 'nhsNumber', 'status', 'receivedAt', 'closedAt'] as const;
const LAST_ACTIVITY = sql<Date>`greatest(r.updated_at, coalesce(r.closed_at, r.updated_at), coalesce((select max(e.occurred_at) from referral_events e where e.referral_id = r.id), r.updated_at))`;

export class ReferralPrivacyRepository {
  byNhsNumber(db: Db, nhsNumber: string) {
    return db.selectFrom('referrals').select(SUBJECT_COLUMNS).where('nhsNumber', '=', nhsNumber).orderBy('receivedAt').execute();
  }

  byReference(db: Db, reference: string) {
    return db.selectFrom('referrals').select(SUBJECT_COLUMNS).where('reference', '=', reference).executeTakeFirst();
  }

  restrictionsOf(db: Db, referralIds: readonly string[]) {
    return db
      .selectFrom('referralRestrictions as x')
      .leftJoin('people as rb', 'rb.id', 'x.restrictedBy')
      .leftJoin('people as lb', 'lb.id', 'x.liftedBy')
      .select(['x.id', 'x.referralId', 'x.reason', 'x.restrictedBy', 'rb.name as restrictedByName', 'x.restrictedAt', 'x.liftReason', 'lb.name as liftedByName', 'x.liftedAt', 'x.version'])
      .where('x.referralId', 'in', [...referralIds])
      .orderBy('x.restrictedAt', 'desc')
      .execute();
  }

  async restrictedNow(db: Db, referralIds: readonly string[]): Promise<Set<string>> {
    const rows = await db.selectFrom('referralRestrictions').select('referralId').where('referralId', 'in', [...referralIds]).where('liftedAt', 'is', null).execute();
    return new Set(rows.map((r) => r.referralId));
  }

  async referralExistsForUpdate(trx: Db, referralId: string): Promise<boolean> {
    return (await trx.selectFrom('referrals').select('id').where('id', '=', referralId).forUpdate().executeTakeFirst()) !== undefined;
  }

  currentForUpdate(trx: Db, referralId: string) {
    return trx.selectFrom('referralRestrictions').select(['id', 'version']).where('referralId', '=', referralId).where('liftedAt', 'is', null).forUpdate().executeTakeFirst();
  }

  async insertRestriction(trx: Db, values: { referralId: string; reason: string; restrictedBy: string; restrictedAt: Date }): Promise<string> {
    return (await trx.insertInto('referralRestrictions').values(values).returning('id').executeTakeFirstOrThrow()).id;
  }

  async liftRestriction(trx: Db, id: string, change: { liftReason: string; liftedBy: string; liftedAt: Date; version: number }): Promise<void> {
    await trx.updateTable('referralRestrictions').set(change).where('id', '=', id).execute();
  }

  /** Closed or withdrawn, not restricted, last activity before `cutoff`; oldest first. */
  async retentionCandidates(db: Db, cutoff: Date, limit: number): Promise<Array<{ id: string; reference: string; lastActivityAt: Date }>> {
    const rows = await db
      .selectFrom('referrals as r')
      .select(['r.id', 'r.reference', LAST_ACTIVITY.as('lastActivityAt')])
      .where('r.status', 'in', ['closed', 'withdrawn'])
      .where(notRestricted())
      // The last activity (LAST_ACTIVITY) before the cutoff, said term by term so that no
      // referral touched since is ever summed over its events: a greatest() in the condition
      // ran the max over every closed referral's timeline (20 s and more at 1.5M referrals).
      .where('r.updatedAt', '<', cutoff)
      .where(sql<boolean>`coalesce(r.closed_at, r.updated_at) < ${cutoff}`)
      .where(sql<boolean>`not exists (select 1 from referral_events e where e.referral_id = r.id and e.occurred_at >= ${cutoff})`)
      .orderBy('r.receivedAt')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, lastActivityAt: new Date(r.lastActivityAt) }));
  }
}
