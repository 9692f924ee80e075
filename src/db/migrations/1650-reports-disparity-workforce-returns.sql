-- Reports part B (issue 15, points 3–6): population denominators, the s136 linking references,
-- the log of reports sent by themselves; and the read-only views those reports use of the lower
-- modules' data (published here because their own migrations did not publish them yet). The views
-- carry no names, and no date of birth: the age when referred is computed here.

-- Population by LSSA and group, imported by an administrator from the ONS Census 2021 tables
-- (docs/reports.md: TS021 ethnic group, TS008 sex, TS007A age). One dimension at a time.
create table report_population_denominators (
  lssa_id uuid not null references organisations (id),
  dimension text not null check (dimension in ('ethnicity', 'sex', 'age_band')),
  group_code text not null,
  population integer not null check (population >= 0),
  imported_at timestamptz not null,
  imported_by uuid references people (id),
  primary key (lssa_id, dimension, group_code)
);

-- The police and place of safety references of an s136 episode, so partners can link the return.
create table report_s136_references (
  referral_id uuid primary key,
  police_reference text not null default '',
  place_of_safety_reference text not null default '',
  recorded_at timestamptz not null,
  recorded_by uuid not null references people (id),
  version integer not null default 1
);

-- What was sent to whom: one row per report, period and recipient (the unique key is what makes
-- a send happen exactly once, whichever instance's scheduler runs it).
create table report_sends (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('daily_sitrep', 'monthly_summary')),
  period text not null,
  recipient text not null,
  subject text not null,
  sent_at timestamptz not null,
  unique (kind, period, recipient)
);
create index report_sends_sent on report_sends (sent_at desc);

-- The secret key of the returns' keyed hash (pseudonyms): made once, never shown or exported.
create table report_keys (
  name text primary key,
  secret text not null,
  created_at timestamptz not null
);

-- Published by referrals (intake and assessment): one row per assessment, identity-free.
create view partb_assessment_facts as
select
  a.id as assessment_id,
  r.id as referral_id,
  r.reference as referral_reference,
  r.lssa_id,
  r.received_at,
  r.source_type,
  r.legal_status,
  r.legal_status_since,
  r.gender as sex,
  r.ethnicity,
  coalesce(nullif(regexp_replace(r.nhs_number, '\s', '', 'g'), ''), 'referral:' || r.id::text) as person_key,
  case when r.date_of_birth is null then null
       else date_part('year', age((r.received_at at time zone 'Europe/London')::date, r.date_of_birth))::integer end as age,
  a.interview_at,
  a.outcome,
  a.outcome_recorded_at,
  a.delay_cause,
  coalesce(a.applicant_id, r.allocated_amhp_id) as amhp_id
from assessments a
join referrals r on r.id = a.referral_id;

-- Published by referrals: when each referral arrived and for which LSSA (demand by hour).
create view partb_referrals_received as
select id as referral_id, received_at, lssa_id, legal_status from referrals;

-- Published by the register: approvals with the profession (workforce, ASC-WDS).
create view partb_approvals as
select ap.id as approval_id, ap.person_id, ap.approving_lssa_id, ap.start_date, ap.end_date, ap.ended_on, ap.end_reason, e.profession
from register_approvals ap
join register_entries e on e.person_id = ap.person_id;

-- Published by the register: the trainee pipeline (no nomination details).
create view partb_trainees as
select id as trainee_id, lssa_id, cohort_year, nominated_on, course_started_on, outcome ->> 'result' as outcome_result, first_approval_start
from register_trainees;

-- Published by duty: planned shifts (rota cover).
create view partb_shifts as
select id as shift_id, shift_date, kind, person_id, starts_at, ends_at
from duty_shifts
where status = 'planned';
