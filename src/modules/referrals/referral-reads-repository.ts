// The SQL behind what the referrals module publishes for other modules to read: the duty reads
// (a referral with its assessment's outcome and delay, no names) and the reference lookup.

import { sql, type Kysely } from 'kysely';
import { OPEN_REFERRAL_STATUSES } from './referral-lifecycle.js';
import type { ReferralsModuleTables } from './referrals-tables.js';

export type DutyReadRow = Awaited<ReturnType<ReturnType<ReferralReadsRepository['dutyBase']>['execute']>>[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class ReferralReadsRepository {
  constructor(private readonly db: Kysely<ReferralsModuleTables>) {}

  private dutyBase() {
    return this.db
      .selectFrom('referrals as r')
      .leftJoin('assessments as a', 'a.referralId', 'r.id')
      .select([
        'r.id',
        'r.reference',
        'r.status',
        'r.receivedAt',
        'r.closedAt',
        'r.decision',
        'r.decidedBy',
        'r.allocatedAmhpId',
        'r.lssaId',
        'r.sourceType',
        'r.urgency',
        'r.version',
        'r.legalStatus',
        'r.legalStatusSince',
        'a.outcome',
        'a.outcomeRecordedAt',
        'a.delayCause',
        'a.legalContext',
      ]);
  }

  async open(limit: number): Promise<DutyReadRow[]> {
    return this.dutyBase().where('r.status', 'in', [...OPEN_REFERRAL_STATUSES]).orderBy('r.receivedAt').limit(limit).execute();
  }

  /**
   * The allocation sheet's referrals in one statement, each arm by its own index: those received,
   * closed or with an outcome recorded at or after `recentFrom` (when given), those with `ids`,
   * and the open ones received before `openExcept.receivedBefore` not in `openExcept.ids` (when
   * given: an anti-join, so a draft reads only the open referrals it lacks however many it already
   * holds; an empty list means every open one).
   */
  async forSheet(input: { recentFrom: Date | null; ids: readonly string[]; openExcept: { ids: readonly string[]; receivedBefore: Date } | null }): Promise<DutyReadRow[]> {
    const { recentFrom, ids, openExcept } = input;
    return this.dutyBase()
      // `= any(array(…))`, not `in (…)`: the planner cannot know the anti-join leaves few of the open
      // referrals, and for the ~20,000 it expects it chose a sequential scan of every referral (1.5M
      // in the load bench); an array it takes for a few, and reads each by its key.
      .where('r.id', '=', (eb) => {
        // An arm not asked for is "where false": the planner drops it without reading anything.
        const onlyIf = (asked: boolean) => (asked ? sql<boolean>`true` : sql<boolean>`false`);
        const since = recentFrom ?? new Date(0);
        const picked = eb
          .selectFrom('referrals as rr').select('rr.id').where('rr.receivedAt', '>=', since).where(onlyIf(recentFrom !== null))
          .union(eb.selectFrom('referrals as rc').select('rc.id').where('rc.closedAt', '>=', since).where(onlyIf(recentFrom !== null)))
          .union(eb.selectFrom('assessments as ao').select('ao.referralId as id').where('ao.outcomeRecordedAt', '>=', since).where(onlyIf(recentFrom !== null)))
          .union(eb.selectFrom('referrals as ri').select('ri.id').where('ri.id', '=', sql<string>`any(${[...ids]}::uuid[])`).where(onlyIf(ids.length > 0)))
          .union(
            eb
              .selectFrom('referrals as ro')
              .select('ro.id')
              .where('ro.status', 'in', [...OPEN_REFERRAL_STATUSES])
              .where('ro.receivedAt', '<', openExcept?.receivedBefore ?? new Date(0))
              .where(onlyIf(openExcept !== null))
              .where(({ not, exists }) => not(exists(sql`(select 1 from unnest(${[...(openExcept?.ids ?? [])]}::uuid[]) as known(id) where known.id = ro.id)`))),
          );
        return sql<string>`any(array(${picked}))`;
      })
      .orderBy('r.receivedAt')
      .orderBy('r.id')
      .execute();
  }

  async receivedBetween(from: Date, to: Date): Promise<DutyReadRow[]> {
    return this.dutyBase().where('r.receivedAt', '>=', from).where('r.receivedAt', '<', to).orderBy('r.receivedAt').execute();
  }

  async completedBetween(from: Date, to: Date): Promise<DutyReadRow[]> {
    return this.dutyBase()
      .where((eb) => eb.or([eb.and([eb('a.outcomeRecordedAt', '>=', from), eb('a.outcomeRecordedAt', '<', to)]), eb.and([eb('r.closedAt', '>=', from), eb('r.closedAt', '<', to), eb('a.outcomeRecordedAt', 'is', null)])]))
      .orderBy('r.receivedAt')
      .execute();
  }

  /** Request and arrival times of each referral's doctors and resources (bed, ambulance, police, interpreter). */
  async waitTimes(referralIds: readonly string[]) {
    if (referralIds.length === 0) return { doctors: [], resources: [] };
    const [doctors, resources] = await Promise.all([
      this.db
        .selectFrom('assessmentDoctors as d')
        .innerJoin('assessments as a', 'a.id', 'd.assessmentId')
        .select(['a.referralId', 'd.name', 'd.requestedAt', 'd.arrivedAt'])
        .where('a.referralId', 'in', [...referralIds])
        .where('d.removedAt', 'is', null)
        .orderBy('d.createdAt')
        .execute(),
      this.db
        .selectFrom('assessmentResources as r')
        .innerJoin('assessments as a', 'a.id', 'r.assessmentId')
        .select(['a.referralId', 'r.kind', 'r.requestedAt', 'r.arrivedAt'])
        .where('a.referralId', 'in', [...referralIds])
        .execute(),
    ]);
    return { doctors, resources };
  }

  async one(id: string): Promise<DutyReadRow | undefined> {
    return this.dutyBase().where('r.id', '=', id).executeTakeFirst();
  }

  /** A referral by its id or its reference (any case), as people type it. */
  async lookupReference(text: string): Promise<{ id: string; reference: string } | null> {
    const value = text.trim();
    if (!value) return null;
    const byId = UUID.test(value);
    const row = await this.db
      .selectFrom('referrals')
      .select(['id', 'reference'])
      .where(byId ? 'id' : 'reference', '=', byId ? value : value.toUpperCase())
      .executeTakeFirst();
    return row ?? null;
  }
}
