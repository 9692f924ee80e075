-- AMHP register: approvals, authorisations, suspensions, training, supervision, competencies,
-- trainee pipeline. Records are never deleted (no delete routes): the register keeps them for
-- at least ten years after an approval ends. people.approval_expires_on (the interim field) is
-- kept for forward-only migrations but no longer read.

create table register_entries (
  person_id uuid primary key references people(id),
  profession text not null check (profession in ('social_worker', 'nurse_mental_health', 'nurse_learning_disabilities', 'occupational_therapist', 'chartered_psychologist')),
  registration_number text not null,
  arrangement text not null default 'rota' check (arrangement in ('rota', 'substantive_daytime', 'edt', 'supervisor_is_line_manager')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);

create table register_approvals (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references register_entries(person_id),
  approving_lssa_id uuid not null references organisations(id),
  start_date date not null,
  end_date date not null,
  ended_on date,
  end_reason text check (end_reason in ('professional_requirements_not_met', 'condition_breached', 'competence_concern', 'amhp_request', 'approved_elsewhere', 'other')),
  end_note text,
  notes text,
  created_by uuid references people(id),
  created_at timestamptz not null default now(),
  version integer not null default 1,
  check (end_date > start_date),
  check (ended_on is null or ended_on >= start_date)
);
create index register_approvals_person on register_approvals (person_id, start_date);
create index register_approvals_end on register_approvals (end_date);

create table register_suspensions (
  id uuid primary key default gen_random_uuid(),
  approval_id uuid not null references register_approvals(id),
  person_id uuid not null references register_entries(person_id),
  start_date date not null,
  end_date date,
  reason text not null,
  created_by uuid references people(id),
  created_at timestamptz not null default now(),
  version integer not null default 1,
  check (end_date is null or end_date >= start_date)
);
create index register_suspensions_person on register_suspensions (person_id);

create table register_authorisations (
  id uuid primary key default gen_random_uuid(),
  approval_id uuid not null references register_approvals(id),
  person_id uuid not null references register_entries(person_id),
  lssa_id uuid not null references organisations(id),
  start_date date not null,
  end_date date not null,
  created_by uuid references people(id),
  created_at timestamptz not null default now(),
  check (end_date >= start_date)
);
create index register_authorisations_person on register_authorisations (person_id);

create table register_training (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references register_entries(person_id),
  date date not null,
  title text not null,
  provider text not null,
  hours numeric(5,2) not null check (hours > 0 and hours <= 24),
  amhp_specific boolean not null default false,
  legal_update boolean not null default false,
  entered_by uuid references people(id),
  created_at timestamptz not null default now()
);
create index register_training_person on register_training (person_id, date);

create table register_events (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references register_entries(person_id),
  date date not null,
  kind text not null check (kind in ('professional_meeting', 'away_day')),
  entered_by uuid references people(id),
  created_at timestamptz not null default now()
);
create index register_events_person on register_events (person_id, date);

create table register_supervision_contracts (
  id uuid primary key default gen_random_uuid(),
  supervisee_id uuid not null references register_entries(person_id),
  supervisor_id uuid not null references people(id),
  arrangement text not null check (arrangement in ('rota', 'substantive_daytime', 'edt', 'supervisor_is_line_manager')),
  start_date date not null,
  end_date date,
  review_dates jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  version integer not null default 1,
  check (supervisor_id <> supervisee_id)
);
create index register_contracts_supervisee on register_supervision_contracts (supervisee_id, start_date);

create table register_supervision_records (
  id uuid primary key default gen_random_uuid(),
  supervisee_id uuid not null references register_entries(person_id),
  supervisor_id uuid not null references people(id),
  date date not null,
  type text not null check (type in ('professional_1_1', 'group', 'edt_peer', 'management')),
  cases_discussed jsonb not null default '[]'::jsonb,
  topic text,
  signatures jsonb not null default '[]'::jsonb,
  dispute jsonb,
  created_by uuid references people(id),
  created_at timestamptz not null default now(),
  version integer not null default 1,
  check (supervisor_id <> supervisee_id)
);
create index register_supervision_supervisee on register_supervision_records (supervisee_id, date);
create index register_supervision_date on register_supervision_records (date);

create table register_competency_records (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references register_entries(person_id),
  recorded_on date not null,
  entries jsonb not null,
  entered_by uuid references people(id),
  created_at timestamptz not null default now()
);
create index register_competency_person on register_competency_records (person_id, recorded_on);

create table register_trainees (
  id uuid primary key default gen_random_uuid(),
  nomination jsonb not null,
  lssa_id uuid not null references organisations(id),
  cohort_year integer not null,
  cohort_intake text not null check (cohort_intake in ('april', 'september')),
  nominated_on date not null,
  checklist jsonb not null,
  nomination_approved_on date,
  shadowing_days jsonb not null default '[]'::jsonb,
  course_started_on date,
  outcome jsonb,
  first_approval_start date,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index register_trainees_cohort on register_trainees (cohort_year, cohort_intake);
