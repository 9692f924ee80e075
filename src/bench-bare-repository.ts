// The load bench's bare routes' queries (src/bench-bare-routes.ts): each measured page's main
// query, nothing else. Only ever reached when BENCH_BARE_ROUTES is set (never in production).
import { sql, type Kysely } from "kysely";
import { tablesFor, type UntypedDb } from "./db/database.js";
import { ReferralRepository } from "./modules/referrals/intake/referral-repository.js";
import { AssessmentRepository } from "./modules/referrals/assessment/assessment-repository.js";
import { OPEN_REFERRAL_STATUSES } from "./modules/referrals/referral-lifecycle.js";
import { ReferralReadsRepository } from "./modules/referrals/referral-reads-repository.js";
import type { ReferralsModuleTables } from "./modules/referrals/referrals-tables.js";
import type { AssessmentDb } from "./modules/referrals/assessment/assessments-tables.js";

/** The page each bare route stands for, and the main query it runs (docs/performance.md). */
export const BARE_QUERIES = {
  home: "open referrals counted by status (the home page count)",
  list: "open referrals, newest first, 50 (the list page)",
  "name-search": "referrals whose name starts with q, newest first, 50",
  "nhs-search": "referrals with NHS number q",
  referral: "one referral with its council and people (findDetail)",
  assessment: "one referral's assessment record",
  "duty-board": "the day's planned shifts with the people's names",
  "allocation-sheet": "the sheet's head row and the referrals it re-reads, with the open-referral digest",
  whereabouts: "visits out now with the AMHPs’ names",
  "register-person": "a person's register entry and approvals",
  evaluation: "a standards evaluation and its records",
} as const;

export type BarePage = keyof typeof BARE_QUERIES;

export function bareQueries(
  untyped: UntypedDb,
): Record<
  BarePage,
  (q: Record<string, string | undefined>) => Promise<unknown>
> {
  const referralsDb = tablesFor<ReferralsModuleTables>(untyped);
  const assessmentsDb = tablesFor<AssessmentDb>(untyped);
  const raw = untyped as Kysely<unknown>;
  const referrals = new ReferralRepository();
  const sheetReads = new ReferralReadsRepository(referralsDb);
  const assessments = new AssessmentRepository();
  const run = async <T>(query: ReturnType<typeof sql<T>>) =>
    (await query.execute(raw)).rows;

  return {
    home: () => referrals.countByStatus(referralsDb, OPEN_REFERRAL_STATUSES),
    list: () =>
      referrals.list(referralsDb, {
        statuses: OPEN_REFERRAL_STATUSES,
        limit: 50,
      }),
    "name-search": (q) =>
      referrals.search(
        referralsDb,
        { kind: "name", terms: [String(q.q ?? "")] },
        50,
      ),
    "nhs-search": (q) =>
      referrals.search(
        referralsDb,
        { kind: "nhs_number", nhsNumber: String(q.q ?? "") },
        50,
      ),
    referral: async (q) =>
      (await referrals.findDetail(referralsDb, String(q.id ?? ""))) ?? null,
    assessment: async (q) =>
      (await assessments.findByReferral(assessmentsDb, String(q.id ?? ""))) ??
      null,
    "duty-board": (q) =>
      run(sql`select s.*, p.name from duty_shifts s join people p on p.id = s.person_id
              where s.shift_date = ${String(q.date ?? "")}::date and s.status = 'planned' order by s.starts_at`),
    // As a view of an unchanged draft: its head (the entries are not sent again) and one
    // statement for the digest of what the draft is worked out from (no cards).
    "allocation-sheet": async (q) => {
      const date = String(q.date ?? "");
      const since = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000);
      const [head, read] = await Promise.all([
        run(sql`select id, version, status, attendees, amendments from allocation_sheets where sheet_date = ${date}::date`),
        sheetReads.forSheet({ recentFrom: null, ids: [], openExcept: null, digest: { openReceivedBefore: new Date(since.getTime() + 3 * 86_400_000), recentFrom: since } }),
      ]);
      return { head, read };
    },
    whereabouts: () =>
      run(sql`select v.*, p.name from safety_visits v join people p on p.id = v.amhp_id
              where v.status in ('out', 'help_requested', 'duress') order by v.expected_finish_at`),
    "register-person": (q) =>
      run(sql`select e.*, a.id as approval_id, a.start_date, a.end_date, a.ended_on from register_entries e
              left join register_approvals a on a.person_id = e.person_id where e.person_id = ${String(q.id ?? "")}::uuid
              order by a.start_date desc`),
    evaluation: (q) =>
      run(sql`select e.*, r.standard_number, r.extent_met from standards_evaluations e
              left join standards_records r on r.evaluation_id = e.id where e.id = ${String(q.id ?? "")}::uuid
              order by r.standard_number`),
  };
}
