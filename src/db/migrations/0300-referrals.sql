-- Referrals: intake, the AMHP Lead's decision, allocation, feedback to the referrer, and the
-- timeline of everything that happened. The assessment record itself is in 0310-assessments.sql.

-- One counter a year for the human-readable reference REF-YYYY-NNNNNN (restarts each year).
create table referral_reference_counters (
  year integer primary key,
  last_sequence integer not null default 0
);

create table referrals (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique,
  status text not null default 'received' check (status in (
    'received', 'awaiting_information', 'decided', 'allocated', 'in_assessment',
    'outcome_recorded', 'closed', 'withdrawn')),
  received_at timestamptz not null,
  received_via text not null check (received_via in ('phone', 'email', 'in_person', 'handover_from_edt', 'other')),
  source_type text not null check (source_type in (
    'gp', 'police', 'mental_health_team', 'mental_health_inpatient_ward', 'acute_hospital',
    'crisis_team', 'nearest_relative', 'family_or_carer', 'ambulance_service', 'adult_social_care', 'other')),
  referrer_name text not null,
  referrer_role text not null default '',
  referrer_organisation text not null default '',
  referrer_contact text not null default '',
  given_name text not null,
  family_name text not null,
  date_of_birth date,
  nhs_number text check (nhs_number is null or nhs_number ~ '^[0-9]{10}$'),
  address text not null default '',
  postcode text not null default '',
  lssa_id uuid references organisations (id),
  gender text not null default 'not_known' check (gender in ('male', 'female', 'non_binary', 'other', 'not_known', 'not_stated')),
  ethnicity text check (ethnicity is null or ethnicity in (
    'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R', 'S', 'Z')),
  first_language text not null default '',
  interpreter_needed boolean not null default false,
  communication_needs text not null default '',
  current_location text not null default '',
  legal_status text not null check (legal_status in (
    'informal', 's136', 's5_2', 's5_4', 'already_detained', 'community', 'cto', 'other')),
  legal_status_since timestamptz,
  reason text not null,
  risks text not null default '',
  risks_to_staff text not null default '',
  urgency text not null check (urgency in ('emergency', 'urgent', 'routine')),
  -- The AMHP Lead's decision (the latest one; every decision is also on the timeline).
  decision text check (decision is null or decision in ('proceed', 'not_proceed', 'more_information_needed')),
  decision_alternative text check (decision_alternative is null or decision_alternative in (
    'crisis_team_home_treatment', 'community_team_follow_up', 'signposting', 'other')),
  decision_alternative_detail text,
  decision_rationale text,
  decided_by uuid references people (id),
  decided_by_name text,
  decided_at timestamptz,
  -- Allocation to an AMHP.
  allocated_amhp_id uuid references people (id),
  allocated_by uuid references people (id),
  allocated_at timestamptz,
  allocation_override_reason text,
  withdrawn_reason text,
  closed_at timestamptz,
  created_by uuid not null references people (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint referrals_not_proceed_has_alternative
    check (decision is distinct from 'not_proceed' or decision_alternative is not null)
);

-- Open-referrals list: filter by status, newest first.
create index referrals_status_received_idx on referrals (status, received_at desc);
create index referrals_received_idx on referrals (received_at desc);
create index referrals_reference_year_idx on referrals (reference text_pattern_ops);
create index referrals_updated_idx on referrals (updated_at desc);
-- Search by name (+ date of birth) and duplicate check.
-- text_pattern_ops so prefix searches (lower(family_name) like 'smi%') use the index in any collation.
create index referrals_family_name_idx on referrals (lower(family_name) text_pattern_ops, lower(given_name) text_pattern_ops, date_of_birth);
create index referrals_given_name_idx on referrals (lower(given_name) text_pattern_ops);
create index referrals_dob_idx on referrals (date_of_birth);
create index referrals_nhs_number_idx on referrals (nhs_number) where nhs_number is not null;
create index referrals_lssa_idx on referrals (lssa_id, status);
create index referrals_allocated_amhp_idx on referrals (allocated_amhp_id, status) where allocated_amhp_id is not null;

-- The timeline (MOJ timeline on the referral page). Append-only in practice.
create table referral_events (
  id bigserial primary key,
  referral_id uuid not null references referrals (id),
  occurred_at timestamptz not null,
  actor_id uuid references people (id),
  kind text not null,
  summary text not null,
  data jsonb not null default '{}'::jsonb
);
create index referral_events_referral_idx on referral_events (referral_id, occurred_at);

-- Verbal feedback given to the referrer about the decision (Daily Expectations §2.11).
create table referral_feedback (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null references referrals (id),
  given_by uuid not null references people (id),
  given_to text not null,
  given_at timestamptz not null,
  method text not null check (method in ('phone', 'in_person', 'email', 'letter', 'other')),
  notes text not null default '',
  created_at timestamptz not null default now()
);
create index referral_feedback_referral_idx on referral_feedback (referral_id, given_at);
