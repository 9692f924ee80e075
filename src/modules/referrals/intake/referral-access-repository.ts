// SQL for the need-to-know grants (break-glass reasons and assessment take-overs).

import type { ReferralsDb } from './referral-repository.js';
import type { GrantKind } from './need-to-know.js';

export interface AccessGrantRow {
  id: string;
  referralId: string;
  reference: string;
  personId: string;
  personName: string;
  kind: GrantKind;
  reason: string;
  grantedAt: Date;
  expiresAt: Date;
  reviewedBy: string | null;
  reviewedByName: string | null;
  reviewedAt: Date | null;
  reviewNote: string;
  version: number;
}

export class ReferralAccessRepository {
  async insert(trx: ReferralsDb, grant: { referralId: string; personId: string; kind: GrantKind; reason: string; grantedAt: Date; expiresAt: Date }): Promise<string> {
    const row = await trx.insertInto('referralAccessGrants').values(grant).returning('id').executeTakeFirstOrThrow();
    return row.id;
  }

  /** The kinds of grant this person holds on this referral now. */
  async activeKinds(db: ReferralsDb, personId: string, referralId: string, now: Date): Promise<Set<GrantKind>> {
    const rows = await db
      .selectFrom('referralAccessGrants')
      .select('kind')
      .where('personId', '=', personId)
      .where('referralId', '=', referralId)
      .where('expiresAt', '>', now)
      .execute();
    return new Set(rows.map((row) => row.kind));
  }

  /** Of these referrals, the ones this person holds an active break-glass grant on. */
  async openedByReason(db: ReferralsDb, personId: string, referralIds: readonly string[], now: Date): Promise<Set<string>> {
    if (referralIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('referralAccessGrants')
      .select('referralId')
      .where('personId', '=', personId)
      .where('referralId', 'in', referralIds)
      .where('expiresAt', '>', now)
      .execute();
    return new Set(rows.map((row) => row.referralId));
  }

  /** Grants for the Lead's review: unreviewed first (oldest first), then the latest reviewed. */
  async forReview(db: ReferralsDb, options: { reviewed: boolean; limit: number }): Promise<AccessGrantRow[]> {
    let query = db
      .selectFrom('referralAccessGrants as g')
      .innerJoin('referrals as r', 'r.id', 'g.referralId')
      .innerJoin('people as p', 'p.id', 'g.personId')
      .leftJoin('people as reviewer', 'reviewer.id', 'g.reviewedBy')
      .select([
        'g.id',
        'g.referralId',
        'r.reference',
        'g.personId',
        'p.name as personName',
        'g.kind',
        'g.reason',
        'g.grantedAt',
        'g.expiresAt',
        'g.reviewedBy',
        'reviewer.name as reviewedByName',
        'g.reviewedAt',
        'g.reviewNote',
        'g.version',
      ]);
    query = options.reviewed ? query.where('g.reviewedAt', 'is not', null).orderBy('g.reviewedAt', 'desc') : query.where('g.reviewedAt', 'is', null).orderBy('g.grantedAt', 'asc');
    return (await query.limit(options.limit).execute()) as AccessGrantRow[];
  }

  async findForUpdate(trx: ReferralsDb, id: string): Promise<{ id: string; referralId: string; personId: string; reviewedAt: Date | null; version: number } | undefined> {
    return trx.selectFrom('referralAccessGrants').select(['id', 'referralId', 'personId', 'reviewedAt', 'version']).where('id', '=', id).forUpdate().executeTakeFirst();
  }

  async markReviewed(trx: ReferralsDb, id: string, reviewedBy: string, reviewedAt: Date, note: string): Promise<void> {
    await trx
      .updateTable('referralAccessGrants')
      .set((eb) => ({ reviewedBy, reviewedAt, reviewNote: note, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }
}
