import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/database.js';
import { instantOf } from '../../platform/london-time.js';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import { testClock } from '../../../test/support/test-clock.js';
import { aReferral, referralLead } from '../../../test/support/builders/referral-builders.js';
import { aPerson, organisationId, type TestPerson } from '../../../test/support/builders/staff-builders.js';

/**
 * The monthly summary rows the reports add up (migration 2050-referrals-report-months.sql) are
 * kept by triggers as referrals change: after a realistic run of creates, decisions, allocations,
 * re-allocations, corrections across a month boundary, withdrawals, reopened assessments, bulk
 * inserts and updates, and deletions, they equal a full recount of referrals_report_facts.
 */
describe('referrals_report_months (the pack’s monthly referral counts)', () => {
  let t: TestServices;
  let amhpA: TestPerson;
  let amhpB: TestPerson;

  type Row = { month: string; service: string; lssaId: string | null; allocatedAmhpId: string | null; dimension: string; key: string; n: number };
  const order = (rows: Row[]) => rows.map((r) => ({ ...r, n: Number(r.n) })).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

  async function summary(): Promise<Row[]> {
    const rows = await sql<Row>`select to_char(month, 'YYYY-MM-DD') as month, service, lssa_id, allocated_amhp_id, dimension, key, n from referrals_report_months where n <> 0`.execute(t.database.db);
    return order(rows.rows);
  }

  /** Every referral counted again from the published view, as the pack counted before the summary. */
  async function recount(): Promise<Row[]> {
    const rows = await sql<Row>`
      select to_char(date_trunc('month', f.received_local), 'YYYY-MM-DD') as month, f.service, f.lssa_id, f.allocated_amhp_id, d.dimension, d.key, count(*)::integer as n
      from referrals_report_facts f
      cross join lateral (values ('source', f.source_type), ('route', f.received_via), ('decision', coalesce(f.decision, 'undecided')),
        ('age', coalesce(f.age_years::text, 'unknown')), ('legal', f.legal_status)) as d(dimension, key)
      group by 1, 2, 3, 4, 5, 6`.execute(t.database.db);
    return order(rows.rows);
  }

  async function expectEqualToRecount(): Promise<Row[]> {
    const [kept, counted] = await Promise.all([summary(), recount()]);
    expect(kept).toEqual(counted);
    return kept;
  }

  beforeAll(async () => {
    t = await createTestServices({ template: 'base', clock: testClock('2026-11-15T10:00') });
    amhpA = await aPerson('Ari Amhp').withRoles('amhp').inTeam('daytime').build(t.services);
    amhpB = await aPerson('Bo Amhp').withRoles('amhp').inTeam('edt').build(t.services);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('equals a full recount after creates, updates, reopenings and deletes', async () => {
    const db = t.database.db;
    const westford = await organisationId(t.services, 'westford');
    const lead = await referralLead(t.services);

    // Created as people would take them: daytime and out of hours, s136, either side of a month's end.
    const r1 = await aReferral({ sourceType: 'gp' }).received('2026-10-05T10:00').allocatedTo(amhpA).build(t.services);
    const r2 = await aReferral().received('2026-10-10T22:00').underSection136('2026-10-10T21:00').inCouncil('westford').build(t.services);
    const r3 = await aReferral({ receivedVia: 'email' }).received('2026-10-31T23:30').decided().build(t.services);
    const r4 = await aReferral().received('2026-11-02T09:15').inCouncil(null).forPerson({ dateOfBirth: '2009-11-03' }).build(t.services);
    const r5 = await aReferral().received('2025-10-20T16:59').allocatedTo(amhpB).build(t.services);
    const before = await expectEqualToRecount();
    expect(before.filter((r) => r.dimension === 'source').reduce((a, r) => a + r.n, 0)).toBe(5);

    // Decided, allocated, re-allocated, withdrawn.
    let v3 = (await t.services.referrals.allocate(lead.ctx, r3.id, { amhpId: amhpB.id, version: r3.version })).version;
    v3 = (await t.services.referrals.allocate(lead.ctx, r3.id, { amhpId: amhpA.id, version: v3 })).version;
    await t.services.referrals.withdraw(lead.ctx, r4.id, { reason: 'The GP withdrew the request', version: r4.version });
    await expectEqualToRecount();

    // An assessment recorded, its outcome reopened for correction and recorded again (the referral's status moves each time).
    const assessment = (await sql<{ id: string }>`insert into assessments (referral_id, interview_at, outcome, application_section, outcome_recorded_at) values (${r1.id}, ${instantOf('2026-10-05T15:00')}, 's2', 's2', ${instantOf('2026-10-05T18:00')}) returning id`.execute(db)).rows[0]!.id;
    await sql`update referrals set status = 'outcome_recorded' where id = ${r1.id}`.execute(db);
    await sql`update referrals set status = 'in_assessment' where id = ${r1.id}`.execute(db);
    await sql`update assessments set outcome = 'informal_admission', application_section = null where id = ${assessment}`.execute(db);
    await sql`update referrals set status = 'outcome_recorded' where id = ${r1.id}`.execute(db);
    await expectEqualToRecount();

    // Corrections: received a day earlier (across the month's end, EDT to daytime), another council,
    // the date of birth found, the decision changed, the legal status corrected.
    await sql`update referrals set received_at = ${instantOf('2026-10-30T11:00')}, lssa_id = ${westford}, date_of_birth = '1961-02-28', legal_status = 'informal' where id = ${r4.id}`.execute(db);
    await sql`update referrals set decision = 'not_proceed', decision_alternative = 'signposting', allocated_amhp_id = null where id = ${r3.id}`.execute(db);
    await sql`update referrals set source_type = 'police', received_via = 'in_person' where id = ${r2.id}`.execute(db);
    await expectEqualToRecount();

    // Many referrals in one statement (an import), then one update over them all, then most deleted.
    await sql`
      insert into referrals (reference, status, received_at, received_via, source_type, referrer_name, given_name, family_name, date_of_birth, lssa_id, legal_status, reason, urgency, allocated_amhp_id, created_by)
      select 'BULK-' || i, 'received', ${instantOf('2026-09-01T00:00')}::timestamptz + (i * interval '7 hours'), case when i % 3 = 0 then 'email' else 'phone' end, case when i % 2 = 0 then 'gp' else 'family_or_carer' end,
        'Referrer', 'Pat', 'Bulk' || i, case when i % 5 = 0 then null else date '1950-01-01' + i * 97 end, case when i % 4 = 0 then null else ${westford}::uuid end,
        case when i % 6 = 0 then 's136' else 'community' end, 'Reason', 'urgent', case when i % 2 = 0 then ${amhpA.id}::uuid end, ${lead.id}
      from generate_series(1, 240) as i`.execute(db);
    await expectEqualToRecount();
    await sql`update referrals set allocated_amhp_id = ${amhpB.id}, decision = 'proceed' where reference like 'BULK-%' and received_at < ${instantOf('2026-10-15T00:00')}`.execute(db);
    await sql`update referrals set updated_at = now() where reference like 'BULK-%'`.execute(db);
    await expectEqualToRecount();
    await sql`delete from referrals where reference like 'BULK-%' and received_at >= ${instantOf('2026-10-01T00:00')}`.execute(db);
    await sql`delete from referral_events where referral_id = ${r5.id}`.execute(db);
    await sql`delete from referrals where id = ${r5.id}`.execute(db);
    const after = await expectEqualToRecount();

    // What was deleted is no longer counted: nothing is left from October 2025.
    expect(after.filter((r) => r.month === '2025-10-01')).toEqual([]);
    expect(v3).toBeGreaterThan(r3.version);
  });

  it('changes nothing when the change is rolled back', async () => {
    const db = t.database.db;
    const kept = await summary();
    await expect(
      inTransaction(db, async (trx) => {
        await sql`update referrals set received_at = received_at - interval '40 days'`.execute(trx);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await summary()).toEqual(kept);
    await expectEqualToRecount();
  });
});
