import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction, migrate, openPglite, tablesFor, type DatabaseHandle } from '../../db/database.js';
import { instantOf } from '../../platform/london-time.js';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import { aReferral, referralLead, referralTaker } from '../../../test/support/builders/referral-builders.js';
import { adminContext, aPerson, organisationId, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { ExportService, loadExport } from '../setup/export-service.js';
import { OPEN_REFERRAL_STATUSES } from './referral-lifecycle.js';

/**
 * The home page's open-referral count comes from referral_status_counts, kept by triggers
 * (migration 2060-referral-status-counts.sql). After creates, decisions, allocations,
 * withdrawals, bulk inserts and updates, deletes, a rolled-back change, an erasure and an export
 * loaded into an empty database, it equals a full recount of the referrals by status.
 */
describe('referral_status_counts (the home page’s open-referral count)', () => {
  let t: TestServices;
  let amhp: TestPerson;

  async function kept(db: DatabaseHandle['db'] = t.database.db): Promise<Record<string, number>> {
    const rows = await sql<{ status: string; n: string | number }>`select status, n from referral_status_counts where n <> 0 order by status`.execute(db);
    return Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]));
  }

  async function recount(db: DatabaseHandle['db'] = t.database.db): Promise<Record<string, number>> {
    const rows = await sql<{ status: string; n: string | number }>`select status, count(*) as n from referrals group by status order by status`.execute(db);
    return Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]));
  }

  /** The sums kept beside each count for the allocation sheet's digest (2062), as exact text. */
  async function keptSums(db: DatabaseHandle['db'] = t.database.db): Promise<Record<string, string>> {
    const rows = await sql<{ status: string; sums: string }>`select status, id_hash_sum::text || ' ' || received_epoch_sum::numeric(30, 6)::text as sums from referral_status_counts where n <> 0 order by status`.execute(db);
    return Object.fromEntries(rows.rows.map((r) => [r.status, r.sums]));
  }

  async function summedAgain(db: DatabaseHandle['db'] = t.database.db): Promise<Record<string, string>> {
    const rows = await sql<{ status: string; sums: string }>`select status, sum(uuid_hash_extended(id, 0))::text || ' ' || sum(extract(epoch from received_at))::numeric(30, 6)::text as sums from referrals group by status order by status`.execute(db);
    return Object.fromEntries(rows.rows.map((r) => [r.status, r.sums]));
  }

  /** The counter (and its sums) equals the recount, and the home page's open counts are its open statuses. */
  async function expectEqualToRecount(): Promise<Record<string, number>> {
    const counted = await recount();
    expect(await kept()).toEqual(counted);
    expect(await keptSums()).toEqual(await summedAgain());
    const open = Object.fromEntries(Object.entries(counted).filter(([status]) => (OPEN_REFERRAL_STATUSES as readonly string[]).includes(status)));
    expect(await t.services.referrals.openCounts()).toEqual(open);
    return counted;
  }

  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
    amhp = await aPerson('Ari Counted').withRoles('amhp').inTeam('daytime').build(t.services);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('equals a full recount after creates, status changes, bulk changes and deletes', async () => {
    const db = t.database.db;
    const lead = await referralLead(t.services);
    const taker = await referralTaker(t.services);
    const before = await expectEqualToRecount();

    const received = await aReferral().build(t.services);
    const decided = await aReferral().decided().build(t.services);
    const allocated = await aReferral().allocatedTo(amhp).build(t.services);
    const withdrawn = await aReferral().build(t.services);
    await t.services.referrals.withdraw(taker.ctx, withdrawn.id, { reason: 'The GP withdrew the request', version: withdrawn.version });
    const afterCreates = await expectEqualToRecount();
    expect((afterCreates.received ?? 0) - (before.received ?? 0)).toBe(1);
    expect((afterCreates.decided ?? 0) - (before.decided ?? 0)).toBe(1);
    expect((afterCreates.allocated ?? 0) - (before.allocated ?? 0)).toBe(1);
    expect((afterCreates.withdrawn ?? 0) - (before.withdrawn ?? 0)).toBe(1);

    // Decided and allocated through the service; then an assessment and its outcome move the status.
    const v = (await t.services.referrals.decide(lead.ctx, received.id, { decision: 'proceed', rationale: 'Needs a Mental Health Act assessment', version: received.version })).version;
    await t.services.referrals.allocate(lead.ctx, received.id, { amhpId: amhp.id, version: v });
    await sql`update referrals set status = 'in_assessment' where id = ${allocated.id}`.execute(db);
    await sql`update referrals set status = 'outcome_recorded' where id = ${allocated.id}`.execute(db);
    // A change that leaves the status alone counts nothing.
    await sql`update referrals set reason = 'Reason corrected', updated_at = now() where id = ${decided.id}`.execute(db);
    await expectEqualToRecount();
    // Its received time corrected: the count stays, the sums follow.
    await sql`update referrals set received_at = received_at - interval '1 day' where id = ${decided.id}`.execute(db);
    await expectEqualToRecount();

    // Many in one statement (an import), one update over them all, then most of them deleted.
    const northshire = await organisationId(t.services, 'northshire');
    await sql`
      insert into referrals (reference, status, received_at, received_via, source_type, referrer_name, given_name, family_name, lssa_id, legal_status, reason, urgency, created_by)
      select 'COUNT-' || i, case when i % 3 = 0 then 'closed' when i % 3 = 1 then 'received' else 'awaiting_information' end,
        ${instantOf('2026-01-01T00:00')}::timestamptz + (i * interval '5 hours'), 'phone', 'gp', 'Referrer', 'Pat', 'Count' || i, ${northshire}::uuid, 'community', 'Reason', 'urgent', ${lead.id}
      from generate_series(1, 120) as i`.execute(db);
    await expectEqualToRecount();
    await sql`update referrals set status = case when status = 'received' then 'awaiting_information' when status = 'awaiting_information' then 'received' else status end where reference like 'COUNT-%'`.execute(db);
    await sql`update referrals set status = 'withdrawn', withdrawn_reason = 'Bulk' where reference like 'COUNT-%' and family_name like 'Count1%' and status <> 'closed'`.execute(db);
    await expectEqualToRecount();
    await sql`delete from referrals where reference like 'COUNT-%' and status <> 'closed'`.execute(db);
    const afterDeletes = await expectEqualToRecount();
    expect(afterDeletes.closed).toBe((before.closed ?? 0) + 40);
  });

  it('changes nothing when the change is rolled back', async () => {
    const counted = await kept();
    await expect(
      inTransaction(t.database.db, async (trx) => {
        await sql`update referrals set status = 'closed'`.execute(trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await kept()).toEqual(counted);
    await expectEqualToRecount();
  });

  it('stops counting a referral erased at the end of its retention period', async () => {
    const deciderOfErasure = await aPerson('Priya Counting').withRoles('amhp_lead').build(t.services);
    const old = await aReferral().forPerson({ givenName: 'Olive', familyName: 'Oldcount' }).build(t.services);
    const taker = await referralTaker(t.services);
    await t.services.referrals.withdraw(taker.ctx, old.id, { reason: 'Withdrawn long ago by the GP', version: old.version });
    const longAgo = new Date('2005-01-10T12:00:00Z');
    await t.tables.updateTable('referralEvents').set({ occurredAt: longAgo }).where('referralId', '=', old.id).execute();
    await t.tables.updateTable('referrals').set({ updatedAt: longAgo, closedAt: longAgo }).where('id', '=', old.id).execute();
    const before = await expectEqualToRecount();

    await t.services.privacy.runReview(t.database.db, t.clock.now());
    const review = (await t.services.privacy.reviews(deciderOfErasure.ctx)).find((r) => r.recordId === old.id)!;
    const done = await t.services.privacy.decide(deciderOfErasure.ctx, review.id, { decision: 'erase', reason: 'Past the retention period; no hold', version: review.version });
    expect(done.decision).toBe('erased');
    const after = await expectEqualToRecount();
    expect(after.withdrawn).toBe(before.withdrawn! - 1);
  });

  it('is the same after the service is exported and loaded into an empty database', async () => {
    const source = await expectEqualToRecount();
    const exported = await new ExportService({ db: t.database.db, clock: t.clock, audit: t.services.audit }).exportAll(await adminContext(t.services));
    const target = await openPglite({});
    try {
      await migrate(target);
      await loadExport(tablesFor<object>(target.db), exported.zip);
      // Not doubled: the triggers counted the referrals as they loaded, then the export's copy replaced that.
      expect(await kept(target.db)).toEqual(source);
      expect(await recount(target.db)).toEqual(source);
      // And the copy keeps counting.
      await sql`update referrals set status = 'closed' where status = 'received'`.execute(target.db);
      expect(await kept(target.db)).toEqual(await recount(target.db));
    } finally {
      await target.close();
    }
  });
});
