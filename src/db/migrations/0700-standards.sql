-- National AMHP Service Standards toolkit: catalogue versions, evaluations of the 28 standards,
-- per-standard records (Map, Evaluate, Plan, Rate), development-plan actions, early thoughts
-- and circulation comments.

-- Each version of the standards' wording, kept whole so an evaluation always shows the text
-- it was made against. The built-in paraphrase is added by the service on first use.
create table standards_catalogues (
  id uuid primary key default gen_random_uuid(),
  version_label text not null unique,
  wording text not null check (wording in ('paraphrase', 'official')),
  catalogue jsonb not null,
  is_current boolean not null default false,
  created_at timestamptz not null default now(),
  created_by uuid references people (id)
);
create unique index standards_catalogues_one_current on standards_catalogues (is_current) where is_current;

create table standards_evaluations (
  id uuid primary key default gen_random_uuid(),
  -- The AMHP service evaluated: the council (organisation of kind lssa) that runs it.
  organisation_id uuid not null references organisations (id),
  service_name text not null,
  evaluation_date date not null,
  chair_person_id uuid not null references people (id),
  note_taker_person_id uuid references people (id),
  service_parts jsonb not null,
  catalogue_id uuid not null references standards_catalogues (id),
  baseline_evaluation_id uuid references standards_evaluations (id),
  status text not null check (status in ('preparing', 'in_meeting', 'circulating', 'closed')),
  history jsonb not null default '[]'::jsonb,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  created_by uuid references people (id),
  updated_at timestamptz not null default now(),
  closed_at timestamptz
);
create index standards_evaluations_org_idx on standards_evaluations (organisation_id, evaluation_date);
create index standards_evaluations_status_idx on standards_evaluations (status);

create table standards_participants (
  evaluation_id uuid not null references standards_evaluations (id),
  person_id uuid not null references people (id),
  represents jsonb not null,
  attending boolean not null default true,
  added_at timestamptz not null default now(),
  primary key (evaluation_id, person_id)
);
create index standards_participants_person_idx on standards_participants (person_id);

create table standards_records (
  evaluation_id uuid not null references standards_evaluations (id),
  standard_number text not null check (standard_number ~ '^[1-6]\.[1-6]$'),
  extent_met text check (extent_met in ('met', 'partly_met', 'not_met')),
  part_positions jsonb not null default '[]'::jsonb,
  evidence jsonb not null default '[]'::jsonb,
  map_notes text not null default '',
  effectiveness text check (effectiveness in ('effective', 'partly_effective', 'not_effective')),
  evaluate_notes text not null default '',
  plan_notes text not null default '',
  risk_amhps text check (risk_amhps in ('low', 'medium', 'high')),
  risk_service text check (risk_service in ('low', 'medium', 'high')),
  risk_organisation text check (risk_organisation in ('low', 'medium', 'high')),
  agreed_by_group boolean not null default false,
  -- Starts at 0 (never saved); every save must quote the version it started from.
  version integer not null default 0,
  updated_at timestamptz,
  updated_by uuid references people (id),
  primary key (evaluation_id, standard_number)
);

create table standards_actions (
  id uuid primary key default gen_random_uuid(),
  evaluation_id uuid not null references standards_evaluations (id),
  organisation_id uuid not null references organisations (id),
  standard_number text not null check (standard_number ~ '^[1-6]\.[1-6]$'),
  description text not null check (length(trim(description)) > 0),
  owner text not null check (length(trim(owner)) > 0),
  owner_person_id uuid references people (id),
  target_date date not null,
  status text not null check (status in ('not_started', 'in_progress', 'done', 'dropped')),
  progress_notes jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now(),
  completed_on date,
  carried_forward_from uuid references standards_actions (id),
  needs_review boolean not null default false,
  version integer not null default 1
);
create index standards_actions_evaluation_idx on standards_actions (evaluation_id, standard_number);
create index standards_actions_open_idx on standards_actions (status, target_date);
create index standards_actions_carried_idx on standards_actions (carried_forward_from);

-- Before the meeting: early thoughts per standard, and views gathered from people who cannot attend.
create table standards_early_thoughts (
  id uuid primary key default gen_random_uuid(),
  evaluation_id uuid not null references standards_evaluations (id),
  standard_number text check (standard_number ~ '^[1-6]\.[1-6]$'),
  author_person_id uuid not null references people (id),
  text text not null,
  gathered_from text,
  created_at timestamptz not null default now()
);
create index standards_early_thoughts_eval_idx on standards_early_thoughts (evaluation_id, created_at);

-- After the meeting: comments from people who were not there, visible to the chair.
create table standards_comments (
  id uuid primary key default gen_random_uuid(),
  evaluation_id uuid not null references standards_evaluations (id),
  standard_number text check (standard_number ~ '^[1-6]\.[1-6]$'),
  author_person_id uuid not null references people (id),
  text text not null,
  created_at timestamptz not null default now()
);
create index standards_comments_eval_idx on standards_comments (evaluation_id, created_at);
