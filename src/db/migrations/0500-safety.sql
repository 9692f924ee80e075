-- Safety module: whereabouts (visits), check-ins, overdue escalation, long shifts,
-- additional hours and TOIL, debriefs, personal check-in / duress codes.

create table safety_visits (
  id uuid primary key default gen_random_uuid(),
  amhp_id uuid not null references people (id),
  team_id uuid references teams (id),
  place text not null,
  referral_id uuid,
  referral_reference text,
  companions jsonb not null default '[]',
  alone_reason text,
  phone text not null,
  started_at timestamptz not null,
  expected_finish_at timestamptz not null,
  status text not null check (status in ('out', 'help_requested', 'duress', 'finished_safe', 'finished_home')),
  extensions jsonb not null default '[]',
  help_requested_at timestamptz,
  duress_at timestamptz,
  finished_at timestamptz,
  reported_finish text check (reported_finish in ('safe', 'home')),
  alarm_resolved_by uuid references people (id),
  alarm_resolved_at timestamptz,
  alarm_resolution_note text,
  version integer not null default 1,
  created_at timestamptz not null default now()
);
-- One open visit per AMHP at a time.
create unique index safety_visits_one_open on safety_visits (amhp_id) where status in ('out', 'help_requested', 'duress');
create index safety_visits_open on safety_visits (expected_finish_at) where status in ('out', 'help_requested', 'duress');
create index safety_visits_amhp on safety_visits (amhp_id, started_at desc);

-- Escalation steps: written exactly once each, under a unique key (insert … on conflict do nothing).
create table safety_escalation_records (
  key text primary key,
  visit_id uuid not null references safety_visits (id),
  episode_key text not null,
  trigger text not null check (trigger in ('overdue', 'help_requested', 'duress')),
  kind text not null check (kind in ('alert', 'ladder_exhausted', 'stand_down')),
  step_index integer,
  step jsonb,
  stand_down_reason text,
  notify_step_indexes jsonb,
  at timestamptz not null
);
create index safety_escalation_records_visit on safety_escalation_records (visit_id, at);

create table safety_acknowledgements (
  id uuid primary key default gen_random_uuid(),
  alert_key text not null references safety_escalation_records (key),
  by_person_id uuid not null references people (id),
  at timestamptz not null,
  outcome text not null check (outcome in ('called_amhp', 'reached_amhp', 'not_reached')),
  note text
);
create index safety_acknowledgements_alert on safety_acknowledgements (alert_key);

-- Argon2 hashes only.
create table safety_checkin_codes (
  person_id uuid primary key references people (id),
  checkin_code_hash text not null,
  duress_code_hash text not null,
  updated_at timestamptz not null,
  version integer not null default 1
);

create table safety_working_days (
  id uuid primary key default gen_random_uuid(),
  amhp_id uuid not null references people (id),
  kind text not null check (kind in ('daytime', 'edt')),
  started_at timestamptz not null,
  ended_at timestamptz,
  plans jsonb not null default '[]',
  version integer not null default 1,
  check (ended_at is null or ended_at > started_at)
);
create unique index safety_working_days_one_open on safety_working_days (amhp_id) where ended_at is null;

create table safety_long_shift_alerts (
  key text primary key,
  working_day_id uuid not null references safety_working_days (id),
  kind text not null check (kind in ('pre_warning', 'limit_passed')),
  limit_at timestamptz not null,
  plan_agreed boolean not null,
  at timestamptz not null
);
create index safety_long_shift_alerts_day on safety_long_shift_alerts (working_day_id);

create table safety_hours_claims (
  id uuid primary key default gen_random_uuid(),
  amhp_id uuid not null references people (id),
  start_at timestamptz not null,
  end_at timestamptz not null,
  reason text not null check (reason in ('late_referral', 'section_12_doctor', 'bed_delay', 'complex_assessment', 'transport_delay', 'other')),
  reason_detail text,
  referral_id uuid,
  referral_reference text,
  submitted_at timestamptz not null,
  status text not null check (status in ('submitted', 'approved', 'declined', 'withdrawn')),
  compensation text check (compensation in ('toil', 'payment')),
  decided_by uuid references people (id),
  decided_at timestamptz,
  decline_reason text,
  version integer not null default 1,
  check (end_at > start_at)
);
create index safety_hours_claims_amhp on safety_hours_claims (amhp_id, start_at);
create index safety_hours_claims_status on safety_hours_claims (status, submitted_at);

create table safety_toil_taken (
  id uuid primary key default gen_random_uuid(),
  amhp_id uuid not null references people (id),
  taken_on date not null,
  minutes integer not null check (minutes > 0),
  recorded_by uuid not null references people (id),
  recorded_at timestamptz not null
);
create index safety_toil_taken_amhp on safety_toil_taken (amhp_id);

create table safety_debriefs (
  id uuid primary key default gen_random_uuid(),
  amhp_id uuid not null references people (id),
  requested_by uuid not null references people (id),
  requested_at timestamptz not null,
  referral_id uuid,
  referral_reference text,
  reason text not null,
  status text not null check (status in ('requested', 'held', 'cancelled')),
  held_by uuid references people (id),
  held_at timestamptz,
  cancelled_by uuid references people (id),
  cancelled_at timestamptz,
  cancel_reason text,
  version integer not null default 1
);
create index safety_debriefs_open on safety_debriefs (status, requested_at);
