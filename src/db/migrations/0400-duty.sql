-- Duty day: rota, sickness cover, daily allocation sheet, handovers with acceptance.
-- Referral ids are kept without a foreign key: the duty module reads referrals through the
-- referrals service, never its tables.

create table duty_shifts (
  id uuid primary key default gen_random_uuid(),
  shift_date date not null,
  kind text not null check (kind in ('daytime', 'edt')),
  person_id uuid not null references people (id),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  status text not null default 'planned' check (status in ('planned', 'unavailable', 'cancelled')),
  covers_shift_id uuid references duty_shifts (id),
  report_writing_day date,
  version integer not null default 1,
  created_by uuid references people (id),
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index duty_shifts_date_idx on duty_shifts (shift_date);
create index duty_shifts_person_idx on duty_shifts (person_id, starts_at);

create table duty_frequency_agreements (
  person_id uuid primary key references people (id),
  shifts_per_month integer not null check (shifts_per_month between 1 and 4),
  version integer not null default 1,
  updated_at timestamptz not null default now()
);

create table duty_rota_changes (
  id uuid primary key default gen_random_uuid(),
  kind text not null default 'sickness' check (kind in ('sickness')),
  at timestamptz not null,
  shift_date date not null,
  shift_kind text not null check (shift_kind in ('daytime', 'edt')),
  shift_id uuid not null references duty_shifts (id),
  absent_person_id uuid not null references people (id),
  backup_person_id uuid references people (id),
  backup_shift_id uuid references duty_shifts (id),
  recorded_by uuid not null references people (id),
  decided_by uuid not null references people (id),
  note text
);
create index duty_rota_changes_date_idx on duty_rota_changes (shift_date);
create unique index duty_rota_changes_shift_idx on duty_rota_changes (shift_id);

-- One sheet a day; attendees, entries and amendments kept as the domain's JSON, guarded by version.
create table allocation_sheets (
  id uuid primary key default gen_random_uuid(),
  sheet_date date not null unique,
  status text not null default 'draft' check (status in ('draft', 'finalised')),
  version integer not null default 1,
  attendees jsonb not null default '[]',
  entries jsonb not null default '[]',
  challenges text,
  amendments jsonb not null default '[]',
  finalised_by uuid references people (id),
  finalised_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table handovers (
  id uuid primary key default gen_random_uuid(),
  from_kind text not null check (from_kind in ('team', 'other-service')),
  from_team text check (from_team in ('daytime', 'edt')),
  from_service text,
  to_kind text not null check (to_kind in ('team', 'other-service')),
  to_team text check (to_team in ('daytime', 'edt')),
  to_service text,
  sent_by uuid not null references people (id),
  sent_at timestamptz not null,
  documents_sent jsonb not null default '[]',
  status text not null default 'sent' check (status in ('sent', 'accepted', 'withdrawn')),
  accepted_by uuid references people (id),
  accepted_by_external text,
  accepted_at timestamptz,
  withdrawn_by uuid references people (id),
  withdrawn_at timestamptz,
  withdrawn_reason text,
  acceptance_deadline timestamptz,
  version integer not null default 1
);
create index handovers_sent_at_idx on handovers (sent_at desc);
create index handovers_open_idx on handovers (status) where status = 'sent';

create table handover_items (
  handover_id uuid not null references handovers (id) on delete cascade,
  position integer not null,
  referral_id uuid not null,
  done text not null,
  outstanding text not null,
  contingency text not null,
  warrant_application boolean not null default false,
  warrant_reason text,
  primary key (handover_id, position),
  unique (handover_id, referral_id)
);
create index handover_items_referral_idx on handover_items (referral_id);

-- Idempotency key for the "not accepted within 30 minutes" flag: one row a handover.
create table handover_overdue_flags (
  handover_id uuid primary key references handovers (id) on delete cascade,
  flagged_at timestamptz not null
);
