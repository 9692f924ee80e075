/**
 * The pack's SQL: every figure is counted by a grouped query over the report-facts views the
 * lower modules publish (migration 1600), for the three periods at once (a `slot` column says
 * which). Medians and 90th percentiles are percentile_cont in SQL.
 */
import { type Expression, type Kysely, type RawBuilder, sql } from 'kysely';
import { type Counted, type PackFacts, type Timed, ageBand } from './pack.js';
import type { PeriodSet, ServiceFilter, Slot } from './report-period.js';
import type { ReportsDb } from './reports-tables.js';

export interface PackFilter {
  service: ServiceFilter;
  lssaId: string | null;
  teamId: string | null;
}

type Db = Kysely<ReportsDb>;

/** `case when col in current then 'current' … end` over a timestamptz or date column. */
function slotOf(column: string, periods: PeriodSet, dates = false): RawBuilder<Slot> {
  const ref = sql.ref(column);
  const bound = (slot: Slot) => (dates ? [periods[slot].fromDate, periods[slot].toDate] : [periods[slot].from, periods[slot].to]);
  const [c0, c1] = bound('current');
  const [p0, p1] = bound('previous');
  const [y0, y1] = bound('yearEarlier');
  return sql<Slot>`case when ${ref} >= ${c0} and ${ref} < ${c1} then 'current' when ${ref} >= ${p0} and ${ref} < ${p1} then 'previous' when ${ref} >= ${y0} and ${ref} < ${y1} then 'yearEarlier' end`;
}

/** `col` within any of the three periods. */
function inPeriods(column: string, periods: PeriodSet, dates = false): RawBuilder<boolean> {
  const ref = sql.ref(column);
  const b = (slot: Slot) => (dates ? sql`(${ref} >= ${periods[slot].fromDate} and ${ref} < ${periods[slot].toDate})` : sql`(${ref} >= ${periods[slot].from} and ${ref} < ${periods[slot].to})`);
  return sql<boolean>`(${b('current')} or ${b('previous')} or ${b('yearEarlier')})`;
}

const count = sql<number>`count(*)::integer`;
const median = (e: Expression<unknown> | RawBuilder<unknown>) => sql<number | null>`percentile_cont(0.5) within group (order by ${e})`;
const p90 = (e: Expression<unknown> | RawBuilder<unknown>) => sql<number | null>`percentile_cont(0.9) within group (order by ${e})`;
const minutes = (later: string, earlier: string) => sql<number>`extract(epoch from (${sql.ref(later)} - ${sql.ref(earlier)})) / 60`;

/** The referral filters (service, LSSA, team) on the referrals view aliased `f`. */
function referralFilter(filter: PackFilter): RawBuilder<boolean> {
  const parts = [sql`true`];
  if (filter.service !== 'both') parts.push(sql`f.service = ${filter.service}`);
  if (filter.lssaId) parts.push(sql`f.lssa_id = ${filter.lssaId}`);
  if (filter.teamId) parts.push(sql`f.allocated_team_id = ${filter.teamId}`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/**
 * Referrals received in the three periods, counted by one dimension, from the monthly summary
 * rows the referrals module keeps (migration 2050): every period is whole London months, and the
 * current month's rows are as up to date as the referrals themselves.
 */
async function monthlyReferrals(db: Db, periods: PeriodSet, filter: PackFilter, dimension: 'source' | 'route' | 'decision' | 'age'): Promise<Counted[]> {
  const rows = await db
    .selectFrom('referralsReportMonths as m')
    .select([slotOf('m.month', periods, true).as('slot'), 'm.key', sql<number>`sum(m.n)::integer`.as('n')])
    .where('m.dimension', '=', dimension)
    .where(inPeriods('m.month', periods, true))
    .$if(filter.service !== 'both', (q) => q.where('m.service', '=', filter.service as 'daytime' | 'edt'))
    .$if(filter.lssaId !== null, (q) => q.where('m.lssaId', '=', filter.lssaId))
    .$if(filter.teamId !== null, (q) => q.where('m.allocatedAmhpId', 'in', db.selectFrom('people').select('people.id').where('people.teamId', '=', filter.teamId)))
    .groupBy([sql`1`, 'm.key'])
    .having(sql<boolean>`sum(m.n) <> 0`)
    .execute();
  return rows.map((r) => ({ slot: r.slot, key: r.key, n: Number(r.n) }));
}

function timedRows(rows: Array<{ slot: Slot; key: string; n: number; median: number | null; p90: number | null }>): Timed[] {
  return rows.map((r) => ({ slot: r.slot, key: r.key, n: Number(r.n), median: r.median === null ? null : Number(r.median), p90: r.p90 === null ? null : Number(r.p90) }));
}

export async function packFacts(db: Db, periods: PeriodSet, filter: PackFilter): Promise<PackFacts> {
  const rf = referralFilter(filter);
  const serviceKind = filter.service === 'both' ? null : filter.service;

  // Counts by a dimension of the referral: whole months added up from the referrals module's
  // monthly summary rows (kept as referrals change), not every referral read.
  const referralsBySource = monthlyReferrals(db, periods, filter, 'source');
  const referralsByRoute = monthlyReferrals(db, periods, filter, 'route');
  const decisions = monthlyReferrals(db, periods, filter, 'decision');
  const ageBands = monthlyReferrals(db, periods, filter, 'age').then((rows) => {
    const banded = new Map<string, Counted>();
    for (const r of rows) {
      const key = ageBand(r.key === 'unknown' ? null : Number(r.key));
      const at = `${r.slot}|${key}`;
      const sum = banded.get(at);
      if (sum) sum.n += r.n;
      else banded.set(at, { slot: r.slot, key, n: r.n });
    }
    return [...banded.values()];
  });
  // Repeat referrals: for each referral in the periods, the latest earlier one of the same person
  // within 90 days (a correlated max over the (person key, received) index, one probe per
  // referral), then counted within 30 and within 90 days in one pass.
  const earlier = db
    .selectFrom('referralsReportFacts as f')
    .select([
      slotOf('f.receivedAt', periods).as('slot'),
      'f.receivedAt',
      sql<Date | null>`(select max(p.received_at) from referrals_report_facts p where p.person_key = f.person_key and p.received_at < f.received_at and p.received_at >= f.received_at - interval '90 days')`.as('previousAt'),
    ])
    .where(inPeriods('f.receivedAt', periods))
    .where(rf)
    // Kept apart from the outer query, which would otherwise run the subquery once per use of previous_at.
    .offset(0);
  const repeats = db
    .selectFrom(earlier.as('x'))
    .select([sql<Slot>`x.slot`.as('slot'), sql<number>`count(*) filter (where x.previous_at >= x.received_at - interval '30 days')::integer`.as('within30'), sql<number>`count(x.previous_at)::integer`.as('within90')])
    .groupBy(sql`1`)
    .execute()
    .then((rows) =>
      rows.flatMap((r): Counted[] => [
        { slot: r.slot, key: 'within_30', n: Number(r.within30) },
        { slot: r.slot, key: 'within_90', n: Number(r.within90) },
      ]),
    );

  const heatMap = db
    .selectFrom('referralsReportFacts as f')
    .select([sql<number>`extract(isodow from f.received_local)::integer`.as('dow'), sql<number>`extract(hour from f.received_local)::integer`.as('hour'), count.as('n')])
    .where('f.receivedAt', '>=', periods.current.from)
    .where('f.receivedAt', '<', periods.current.to)
    .where(rf)
    .groupBy([sql`1`, sql`2`])
    .execute();

  // Assessments are found by their own indexed time (interview, outcome recorded) in the periods;
  // the referral is looked up for each by its key (a lateral subquery: `offset 0` keeps the
  // planner from hash-joining a scan of every referral instead — profiled on 150,000 referrals).
  const assessed = (column: 'a.outcomeRecordedAt' | 'a.interviewAt') =>
    db
      .selectFrom('assessmentsReportFacts as a')
      .innerJoinLateral(
        (eb) => eb.selectFrom('referralsReportFacts as f').select(['f.receivedAt']).where(sql<boolean>`f.referral_id = a.referral_id`).where(rf).offset(0).as('f'),
        (join) => join.onTrue(),
      )
      .where(inPeriods(column, periods));
  // Figures of the assessment alone: the referral is read only to filter.
  const filtered = filter.service !== 'both' || filter.lssaId !== null || filter.teamId !== null;
  const assessedOnly = (column: 'a.outcomeRecordedAt' | 'a.interviewAt') =>
    db
      .selectFrom('assessmentsReportFacts as a')
      .where(inPeriods(column, periods))
      // A scalar subquery, one referral read by key per assessment (EXISTS or IN would become a
      // semi-join over every referral).
      .$if(filtered, (q) => q.where(sql<boolean>`coalesce((select true from referrals_report_facts f where f.referral_id = a.referral_id and ${rf}), false)`));

  const outcomes = assessedOnly('a.outcomeRecordedAt')
    .select([
      slotOf('a.outcomeRecordedAt', periods).as('slot'),
      sql<string>`case when a.outcome in ('crht_home_treatment', 'community_follow_up') then 'community_plan' when a.outcome in ('s2','s3','s4','guardianship','informal_admission','no_further_action','assessment_not_possible') then a.outcome else 'other' end`.as('key'),
      count.as('n'),
    ])
    .where('a.outcome', 'is not', null)
    .groupBy([sql`1`, sql`2`])
    .execute();

  const toAssessment = minutes('a.interviewAt', 'f.receivedAt');
  const referralToAssessment = assessed('a.interviewAt')
    .select([slotOf('a.interviewAt', periods).as('slot'), sql<string>`'all'`.as('key'), count.as('n'), median(toAssessment).as('median'), p90(toAssessment).as('p90')])
    .where(sql<boolean>`a.interview_at >= f.received_at`)
    .groupBy(sql`1`)
    .execute();

  const wait = sql`case a.delay_cause when 'section_12_doctor' then a.doctor_wait_minutes when 'bed' then a.bed_wait_minutes when 'conveyance' then a.conveyance_wait_minutes when 'police' then a.police_wait_minutes end`;
  const delays = assessedOnly('a.interviewAt')
    .select([slotOf('a.interviewAt', periods).as('slot'), sql<string>`a.delay_cause`.as('key'), count.as('n'), median(wait).as('median'), p90(wait).as('p90')])
    .where('a.delayCause', 'is not', null)
    .groupBy([sql`1`, sql`2`])
    .execute();

  // s136 episodes: the referrals received in the periods (indexed), each one's assessment looked up by key.
  const arrival = sql`extract(epoch from (a.interview_at - coalesce(f.legal_status_since, f.received_at))) / 60`;
  const s136Referrals = () =>
    db
      .selectFrom('referralsReportFacts as f')
      .where(inPeriods('f.receivedAt', periods))
      .where(rf)
      .where('f.legalStatus', '=', 's136');
  const s136 = s136Referrals()
    .leftJoinLateral(
      (eb) => eb.selectFrom('assessmentsReportFacts as a').select(['a.interviewAt']).where(sql<boolean>`a.referral_id = f.referral_id`).offset(0).as('a'),
      (join) => join.onTrue(),
    )
    .select([slotOf('f.receivedAt', periods).as('slot'), sql<string>`'all'`.as('key'), count.as('n'), median(sql`case when a.interview_at >= coalesce(f.legal_status_since, f.received_at) then ${arrival} end`).as('median'), p90(sql`case when a.interview_at >= coalesce(f.legal_status_since, f.received_at) then ${arrival} end`).as('p90')])
    .groupBy(sql`1`)
    .execute();
  const s136Outcomes = s136Referrals()
    .innerJoinLateral(
      (eb) => eb.selectFrom('assessmentsReportFacts as a').select(['a.outcome']).where(sql<boolean>`a.referral_id = f.referral_id`).where('a.outcome', 'is not', null).offset(0).as('a'),
      (join) => join.onTrue(),
    )
    .select([
      slotOf('f.receivedAt', periods).as('slot'),
      sql<string>`case when a.outcome in ('crht_home_treatment', 'community_follow_up') then 'community_plan' when a.outcome in ('s2','s3','s4','guardianship','informal_admission','no_further_action','assessment_not_possible') then a.outcome else 'other' end`.as('key'),
      count.as('n'),
    ])
    .groupBy([sql`1`, sql`2`])
    .execute();

  const acceptance = sql`case when h.accepted_at >= h.sent_at then extract(epoch from (h.accepted_at - h.sent_at)) / 60 end`;
  const handovers = db
    .selectFrom('handoversReportFacts as h')
    .select([
      slotOf('h.sentAt', periods).as('slot'),
      count.as('n'),
      sql<number>`count(h.accepted_at)::integer`.as('accepted'),
      sql<number>`count(*) filter (where h.status <> 'withdrawn' and (h.accepted_at is null or (h.acceptance_deadline is not null and h.accepted_at > h.acceptance_deadline)))::integer`.as('late'),
      median(acceptance).as('median'),
      p90(acceptance).as('p90'),
    ])
    .where(inPeriods('h.sentAt', periods))
    .$if(serviceKind !== null, (q) => q.where('h.fromTeam', '=', serviceKind))
    .groupBy(sql`1`)
    .execute();

  const perAmhp = db
    .selectFrom('referralsReportFacts as f')
    .select([slotOf('f.allocatedAt', periods).as('slot'), 'f.allocatedAmhpId as amhpId', count.as('n')])
    .where(inPeriods('f.allocatedAt', periods))
    .where('f.allocatedAmhpId', 'is not', null)
    .where(rf)
    .groupBy([sql`1`, sql`2`]);
  const allocationSummary = db
    .selectFrom(perAmhp.as('x'))
    .select([sql<Slot>`x.slot`.as('slot'), count.as('amhps'), sql<number>`sum(x.n)::integer`.as('allocated'), median(sql`x.n`).as('median'), p90(sql`x.n`).as('p90')])
    .groupBy(sql`1`)
    .execute();
  const allocation = db
    .selectFrom('referralsReportFacts as f')
    .innerJoin('people as p', 'p.id', 'f.allocatedAmhpId')
    .select(['p.name as name', count.as('n')])
    .where('f.allocatedAt', '>=', periods.current.from)
    .where('f.allocatedAt', '<', periods.current.to)
    .where(rf)
    .groupBy('p.name')
    .orderBy(sql`2`, 'desc')
    .orderBy('p.name')
    .execute();

  const visitsQuery = () => db.selectFrom('safetyVisitsReportFacts as v').where(inPeriods('v.startedAt', periods)).$if(filter.teamId !== null, (q) => q.where('v.teamId', '=', filter.teamId));
  const ack = sql`case when v.first_overdue_acknowledged_at >= v.first_overdue_alert_at then extract(epoch from (v.first_overdue_acknowledged_at - v.first_overdue_alert_at)) / 60 end`;
  const safety = visitsQuery()
    .select([
      slotOf('v.startedAt', periods).as('slot'),
      count.as('visits'),
      sql<number>`count(*) filter (where v.alone)::integer`.as('alone'),
      sql<number>`count(*) filter (where v.help_requested)::integer`.as('helpRequested'),
      sql<number>`count(*) filter (where v.duress)::integer`.as('duress'),
      sql<number>`count(v.first_overdue_alert_at)::integer`.as('overdue'),
      median(ack).as('median'),
      p90(ack).as('p90'),
    ])
    .groupBy(sql`1`)
    .execute();
  const aloneReasons = db
    .selectFrom('safetyVisitsReportFacts as v')
    .select([sql<string>`coalesce(nullif(trim(v.alone_reason), ''), 'No reason given')`.as('reason'), count.as('n')])
    .where('v.alone', '=', true)
    .where('v.startedAt', '>=', periods.current.from)
    .where('v.startedAt', '<', periods.current.to)
    .$if(filter.teamId !== null, (q) => q.where('v.teamId', '=', filter.teamId))
    .groupBy(sql`1`)
    .orderBy(sql`2`, 'desc')
    .limit(20)
    .execute();

  const hoursByReason = db
    .selectFrom('safetyHoursReportFacts as c')
    .innerJoin('people as p', 'p.id', 'c.amhpId')
    .select([slotOf('c.startAt', periods).as('slot'), 'c.reason as key', sql<number>`sum(c.minutes)::integer`.as('n')])
    .where(inPeriods('c.startAt', periods))
    .where('c.status', 'in', ['submitted', 'approved'])
    .$if(filter.teamId !== null, (q) => q.where('p.teamId', '=', filter.teamId))
    .groupBy([sql`1`, sql`2`])
    .execute();

  const toilAt = async (slot: Slot): Promise<Counted[]> => {
    const rows = await db
      .selectFrom('safetyToilReportFacts as t')
      .innerJoin('people as p', 'p.id', 't.amhpId')
      .select(['t.amhpId', sql<number>`sum(t.minutes)::integer`.as('balance')])
      .where('t.at', '<', periods[slot].to)
      .$if(filter.teamId !== null, (q) => q.where('p.teamId', '=', filter.teamId))
      .groupBy('t.amhpId')
      .execute();
    const owed = rows.filter((r) => Number(r.balance) > 0);
    return [
      { slot, key: 'balance_minutes', n: owed.reduce((a, r) => a + Number(r.balance), 0) },
      { slot, key: 'in_credit', n: owed.length },
    ];
  };

  const workforceAt = async (slot: Slot): Promise<Counted[]> => {
    const p = periods[slot];
    const lastDay = sql<string>`(${p.toDate}::date - 1)`;
    const approvedRows = await db
      .selectFrom('registerApprovalsReportFacts as a')
      .select(['a.personId', 'a.endDate'])
      .distinct()
      .where('a.startDate', '<=', sql<string>`${lastDay}`)
      .where('a.endDate', '>=', sql<string>`${lastDay}`)
      .where((eb) => eb.or([eb('a.endedOn', 'is', null), eb('a.endedOn', '>', sql<string>`${lastDay}`)]))
      .$if(filter.lssaId !== null, (q) => q.where('a.lssaId', '=', filter.lssaId))
      .$if(filter.teamId !== null, (q) => q.where('a.teamId', '=', filter.teamId))
      .execute();
    const approvedIds = [...new Set(approvedRows.map((r) => r.personId))];
    const reapprovalsDue = await db
      .selectFrom('registerApprovalsReportFacts as a')
      .select(count.as('n'))
      .where('a.endDate', '>=', p.toDate)
      .where('a.endDate', '<', sql<string>`(${p.toDate}::date + interval '6 months')::date`)
      .where('a.startDate', '<', p.toDate)
      .where('a.endedOn', 'is', null)
      .$if(filter.lssaId !== null, (q) => q.where('a.lssaId', '=', filter.lssaId))
      .$if(filter.teamId !== null, (q) => q.where('a.teamId', '=', filter.teamId))
      .executeTakeFirst();
    const trained = approvedIds.length
      ? await db
          .selectFrom('registerTrainingReportFacts as t')
          .select('t.personId')
          .where('t.personId', 'in', approvedIds)
          .where('t.date', '>', sql<string>`(${p.toDate}::date - interval '12 months')::date`)
          .where('t.date', '<', p.toDate)
          .groupBy('t.personId')
          .having(sql<boolean>`sum(t.hours) >= 18`)
          .execute()
      : [];
    const supervised = approvedIds.length
      ? await db
          .selectFrom('registerSupervisionReportFacts as s')
          .select('s.personId')
          .distinct()
          .where('s.personId', 'in', approvedIds)
          .where('s.date', '>', sql<string>`(${p.toDate}::date - interval '3 months')::date`)
          .where('s.date', '<', p.toDate)
          .execute()
      : [];
    const rota = await db
      .selectFrom('dutyShiftsReportFacts as s')
      .select([
        sql<number>`count(distinct s.person_id) filter (where s.status = 'planned')::integer`.as('onRota'),
        sql<number>`count(*) filter (where not s.is_cover and s.status <> 'cancelled')::integer`.as('shifts'),
        sql<number>`count(*) filter (where not s.is_cover and (s.status = 'planned' or (s.status = 'unavailable' and s.covered)))::integer`.as('filled'),
      ])
      .where('s.shiftDate', '>=', p.fromDate)
      .where('s.shiftDate', '<', p.toDate)
      .$if(serviceKind !== null, (q) => q.where('s.kind', '=', serviceKind!))
      .$if(filter.teamId !== null, (q) => q.where('s.teamId', '=', filter.teamId))
      .executeTakeFirstOrThrow();
    const backedUp = await db
      .selectFrom('dutyShiftsReportFacts as s')
      .select(count.as('n'))
      .where('s.shiftDate', '>=', p.fromDate)
      .where('s.shiftDate', '<', p.toDate)
      .where('s.status', '=', 'unavailable')
      .where('s.covered', '=', true)
      .$if(serviceKind !== null, (q) => q.where('s.kind', '=', serviceKind!))
      .$if(filter.teamId !== null, (q) => q.where('s.teamId', '=', filter.teamId))
      .executeTakeFirstOrThrow();
    const sickness = await db
      .selectFrom('dutyAbsencesReportFacts as a')
      .innerJoin('people as pp', 'pp.id', 'a.personId')
      .select(sql<number>`coalesce(sum(least(a.ends_on, ${p.toDate}::date - 1) - greatest(a.starts_on, ${p.fromDate}::date) + 1), 0)::integer`.as('days'))
      .where('a.kind', '=', 'sickness')
      .where('a.startsOn', '<', p.toDate)
      .where('a.endsOn', '>=', p.fromDate)
      .$if(filter.teamId !== null, (q) => q.where('pp.teamId', '=', filter.teamId))
      .executeTakeFirstOrThrow();
    const row = (key: string, n: number): Counted => ({ slot, key, n: Number(n) });
    return [
      row('approved', approvedIds.length),
      row('reapprovals_due', reapprovalsDue?.n ?? 0),
      row('training_compliant', trained.length),
      row('supervision_compliant', supervised.length),
      row('on_rota', rota.onRota),
      row('shifts', rota.shifts),
      row('filled', rota.filled),
      row('backed_up', backedUp.n),
      row('sickness_days', sickness.days),
    ];
  };

  const escalationsByCategory = db
    .selectFrom('escalationsReportFacts as e')
    .select([slotOf('e.raisedAt', periods).as('slot'), 'e.category as key', count.as('n')])
    .where(inPeriods('e.raisedAt', periods))
    .groupBy([sql`1`, sql`2`])
    .execute();
  const ackMinutes = sql`case when e.acknowledged_at >= e.clock_started_at then extract(epoch from (e.acknowledged_at - e.clock_started_at)) / 60 end`;
  const respondMinutes = sql`case when e.responded_at >= e.clock_started_at then extract(epoch from (e.responded_at - e.clock_started_at)) / 60 end`;
  const escalationTimes = db
    .selectFrom('escalationsReportFacts as e')
    .select([slotOf('e.raisedAt', periods).as('slot'), count.as('n'), sql<number>`count(e.acknowledged_at)::integer`.as('acknowledged'), sql<number>`count(e.responded_at)::integer`.as('responded'), median(ackMinutes).as('ackMedian'), p90(ackMinutes).as('ackP90'), median(respondMinutes).as('respondMedian'), p90(respondMinutes).as('respondP90')])
    .where(inPeriods('e.raisedAt', periods))
    .groupBy(sql`1`)
    .execute();

  const [src, route, dec, age, rep, heat, outc, r2a, del, s, so, ho, alloc, allocSum, saf, alone, hrs, toilC, toilP, toilY, wfC, wfP, wfY, escC, escT] = await Promise.all([
    referralsBySource,
    referralsByRoute,
    decisions,
    ageBands,
    repeats,
    heatMap,
    outcomes,
    referralToAssessment,
    delays,
    s136,
    s136Outcomes,
    handovers,
    allocation,
    allocationSummary,
    safety,
    aloneReasons,
    hoursByReason,
    toilAt('current'),
    toilAt('previous'),
    toilAt('yearEarlier'),
    workforceAt('current'),
    workforceAt('previous'),
    workforceAt('yearEarlier'),
    escalationsByCategory,
    escalationTimes,
  ]);

  return {
    referralsBySource: src,
    referralsByRoute: route,
    decisions: dec,
    ageBands: age,
    repeats: rep,
    heatMap: heat.map((h) => ({ dow: Number(h.dow), hour: Number(h.hour), n: Number(h.n) })),
    outcomes: outc,
    referralToAssessment: timedRows(r2a),
    delays: timedRows(del),
    s136: timedRows(s),
    s136Outcomes: so,
    handovers: ho.flatMap((h) => [
      { slot: h.slot, key: 'sent', n: Number(h.n), median: h.median === null ? null : Number(h.median), p90: h.p90 === null ? null : Number(h.p90) },
      { slot: h.slot, key: 'accepted', n: Number(h.accepted), median: null, p90: null },
      { slot: h.slot, key: 'late', n: Number(h.late), median: null, p90: null },
    ]),
    allocation: alloc.map((a) => ({ name: a.name, n: Number(a.n) })),
    allocationSummary: allocSum.flatMap((a) => [
      { slot: a.slot, key: 'amhps', n: Number(a.amhps), median: null, p90: null },
      { slot: a.slot, key: 'allocated', n: Number(a.allocated), median: null, p90: null },
      { slot: a.slot, key: 'per_amhp', n: Number(a.amhps), median: a.median === null ? null : Number(a.median), p90: a.p90 === null ? null : Number(a.p90) },
    ]),
    safety: saf.flatMap((v) => [
      { slot: v.slot, key: 'visits', n: Number(v.visits) },
      { slot: v.slot, key: 'alone', n: Number(v.alone) },
      { slot: v.slot, key: 'help_requested', n: Number(v.helpRequested) },
      { slot: v.slot, key: 'duress', n: Number(v.duress) },
      { slot: v.slot, key: 'overdue', n: Number(v.overdue) },
    ]),
    safetyAcknowledge: saf.map((v) => ({ slot: v.slot, key: 'acknowledge', n: Number(v.overdue), median: v.median === null ? null : Number(v.median), p90: v.p90 === null ? null : Number(v.p90) })),
    aloneReasons: alone.map((a) => ({ reason: a.reason, n: Number(a.n) })),
    hoursByReason: hrs.map((h) => ({ slot: h.slot, key: h.key, n: Number(h.n) })),
    toil: [...toilC, ...toilP, ...toilY],
    workforce: [...wfC, ...wfP, ...wfY],
    escalationsByCategory: escC,
    escalationTimes: escT.flatMap((e) => [
      { slot: e.slot, key: 'acknowledge', n: Number(e.acknowledged), median: e.ackMedian === null ? null : Number(e.ackMedian), p90: e.ackP90 === null ? null : Number(e.ackP90) },
      { slot: e.slot, key: 'respond', n: Number(e.responded), median: e.respondMedian === null ? null : Number(e.respondMedian), p90: e.respondP90 === null ? null : Number(e.respondP90) },
    ]),
  };
}

/** The LSSAs and teams to filter by (staff read model). */
export async function filterOptions(db: Db) {
  const [lssas, teams] = await Promise.all([
    db.selectFrom('organisations').select(['id', 'name']).where('kind', '=', 'lssa').orderBy('name').execute(),
    db.selectFrom('teams').select(['id', 'name']).orderBy('name').execute(),
  ]);
  return { lssas, teams };
}
