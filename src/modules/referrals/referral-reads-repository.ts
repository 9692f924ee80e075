// The SQL behind what the referrals module publishes for other modules to read: the duty reads
// (a referral with its assessment's outcome and delay, no names) and the reference lookup.

import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import { OPEN_REFERRAL_STATUSES } from './referral-lifecycle.js';
import type { ReferralsModuleTables } from './referrals-tables.js';

/** What the allocation sheet asks for in one read (ReferralReadsRepository.forSheet). */
export interface SheetReadInput {
  recentFrom: Date | null;
  ids: readonly string[];
  openExcept: { ids: readonly string[]; receivedBefore: Date } | null;
  /** A digest of what a draft sheet is worked out from, read in the same statement (forSheet). */
  digest?: { openReceivedBefore: Date; recentFrom: Date };
}

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
   *
   * With `digest`, the same statement (so the same snapshot) also gives a digest of everything a
   * draft sheet is worked out from: the open referrals received before `digest.openReceivedBefore`
   * (their ids and received times, kept per status by triggers: migration 2062) and the referrals
   * received, closed or with an outcome since `digest.recentFrom` (ids and those times) — each part
   * a count and sums of 64-bit hashes and times. A sheet brought up to date from a read with this
   * digest need not be worked out again, nor its ids sent, while the digest stays the same (issue
   * 17: at 20,000 open referrals the ids took 250 ms to send and join, and the recent referrals
   * were 1,600 rows to read and sort on every view of the sheet).
   */
  async forSheet(input: SheetReadInput): Promise<{ rows: DutyReadRow[]; digest: string | null }> {
    const { recentFrom, ids, openExcept, digest: digestOf } = input;
    const rows = this.dutyBase()
      .where((eb) => {
        // Only the arms asked for: each one more is planned on every view (planning was 4.5 ms of
        // the sheet's statement with all five).
        const arms: Array<SelectQueryBuilder<ReferralsModuleTables, never, { id: string }>> = [
          ...(recentFrom !== null ? [this.recentIds(recentFrom)] : []),
          ...(ids.length > 0 ? [this.db.selectFrom('referrals as ri').select('ri.id').where('ri.id', '=', sql<string>`any(${[...ids]}::uuid[])`)] : []),
          ...(openExcept
            ? [
                this.db
                  .selectFrom('referrals as ro')
                  .select('ro.id')
                  .where('ro.status', 'in', [...OPEN_REFERRAL_STATUSES])
                  .where('ro.receivedAt', '<', openExcept.receivedBefore)
                  .where(({ not, exists }) => not(exists(sql`(select 1 from unnest(${[...openExcept.ids]}::uuid[]) as known(id) where known.id = ro.id)`))),
              ]
            : []),
        ];
        const [first, ...more] = arms;
        if (!first) return sql<boolean>`false`;
        // `= any(array(…))`, not `in (…)`: the planner cannot know the anti-join leaves few of the open
        // referrals, and for the ~20,000 it expects it chose a sequential scan of every referral (1.5M
        // in the load bench); an array it takes for a few, and reads each by its key.
        return eb('r.id', '=', sql<string>`any(array(${more.reduce((union, arm) => union.union(arm), first)}))`);
      })
      .orderBy('r.receivedAt')
      .orderBy('r.id');
    if (!digestOf) return { rows: await rows.execute(), digest: null };
    // Each digest is one row (aggregates), joined to the rows so that it comes back even when no referral does.
    // The open part from the sums kept per status (2062): unless an open referral was received
    // at or after `openReceivedBefore` (a sheet for a past day), when the open-referral index is
    // summed (3 ms at 20,000 open).
    const openStatuses = sql.join([...OPEN_REFERRAL_STATUSES]);
    const open = this.db.selectNoFrom(
      sql<string>`case when coalesce((select max(received_at) from referrals where status in (${openStatuses})), '-infinity') < ${digestOf.openReceivedBefore}
        then (select coalesce(sum(n), 0)::text || ':' || coalesce(sum(id_hash_sum), 0)::text || ':' || coalesce(sum(received_epoch_sum), 0)::text
              from referral_status_counts where status in (${openStatuses}))
        else (select count(*)::text || ':' || coalesce(sum(uuid_hash_extended(id, 0)), 0)::text || ':' || coalesce(sum(extract(epoch from received_at)), 0)::text
              from referrals where status in (${openStatuses}) and received_at < ${digestOf.openReceivedBefore})
        end`.as('open'),
    );
    // The recent part from indexes too (7 ms → 1 ms at 1,600 recent referrals): what places an
    // entry in a section is when it was received, closed (and whether withdrawn or closed) and
    // when its outcome was recorded; a referral leaving or joining the open ones is in the open part.
    const since = digestOf.recentFrom;
    const recent = this.db.selectNoFrom(
      sql<string>`(select count(*)::text || ':' || coalesce(sum(uuid_hash_extended(id, 0)), 0)::text || ':' || coalesce(sum(extract(epoch from received_at)), 0)::text
          from referrals where received_at >= ${since})
        || '/' || (select count(*)::text || ':' || coalesce(sum(uuid_hash_extended(id, 0) + hashtext(status)), 0)::text || ':' || coalesce(sum(extract(epoch from closed_at)), 0)::text
          from referrals where closed_at >= ${since})
        || '/' || (select count(*)::text || ':' || coalesce(sum(uuid_hash_extended(referral_id, 0)), 0)::text || ':' || coalesce(sum(extract(epoch from outcome_recorded_at)), 0)::text
          from assessments where outcome_recorded_at >= ${since})`.as('recent'),
    );
    const joined = await this.db
      .selectFrom(open.as('od'))
      .crossJoin(recent.as('rd'))
      .leftJoinLateral(rows.as('x'), (join) => join.onTrue())
      .selectAll('x')
      .select(['od.open', 'rd.recent'])
      .orderBy('x.receivedAt')
      .orderBy('x.id')
      .execute();
    const first = joined[0];
    return {
      rows: joined.filter((r) => r.id !== null).map(({ open: _open, recent: _recent, ...row }) => row as DutyReadRow),
      digest: first ? `${first.open}/${first.recent}` : null,
    };
  }

  /** The referrals received, closed or with an outcome recorded at or after `since`. */
  private recentIds(since: Date) {
    return this.db
      .selectFrom('referrals as rr').select('rr.id').where('rr.receivedAt', '>=', since)
      .union(this.db.selectFrom('referrals as rc').select('rc.id').where('rc.closedAt', '>=', since))
      .union(this.db.selectFrom('assessments as ao').select('ao.referralId as id').where('ao.outcomeRecordedAt', '>=', since));
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
