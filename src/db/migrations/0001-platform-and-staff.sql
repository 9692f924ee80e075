-- Platform and the service model: organisations, teams, people, roles, sessions, tokens, audit.

create table organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  short_name text not null,
  kind text not null check (kind in ('lssa', 'nhs_trust', 'other')),
  active boolean not null default true,
  created_at timestamptz not null default now()
);

create table teams (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  kind text not null check (kind in ('daytime', 'edt', 'other')),
  organisation_id uuid not null references organisations (id),
  created_at timestamptz not null default now()
);

create table people (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  job_title text not null default '',
  phone text not null default '',
  employing_organisation_id uuid not null references organisations (id),
  line_manager_id uuid references people (id),
  team_id uuid references teams (id),
  password_hash text,
  active boolean not null default true,
  deactivated_at timestamptz,
  deactivated_reason text,
  approval_expires_on date,
  failed_sign_in_count integer not null default 0,
  locked_until timestamptz,
  last_signed_in_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint people_not_own_line_manager check (line_manager_id is null or line_manager_id <> id)
);
create unique index people_email_unique on people (lower(email));
create index people_name_idx on people (lower(name));

create table person_roles (
  person_id uuid not null references people (id),
  role text not null check (role in (
    'amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'line_manager',
    'business_support', 'lead_amhp', 'governance_viewer', 'admin')),
  primary key (person_id, role)
);

create table sessions (
  id_hash text primary key,
  person_id uuid not null references people (id),
  csrf_token text not null,
  flash jsonb,
  created_at timestamptz not null,
  last_seen_at timestamptz not null,
  expires_at timestamptz not null
);
create index sessions_person_idx on sessions (person_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  person_id uuid not null references people (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index api_tokens_person_idx on api_tokens (person_id);

create table audit_log (
  id bigserial primary key,
  occurred_at timestamptz not null,
  actor_id uuid references people (id),
  actor_role text,
  action text not null,
  entity_type text not null,
  entity_id text,
  request_id text,
  summary jsonb not null default '{}'::jsonb
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, occurred_at);
create index audit_log_actor_idx on audit_log (actor_id, occurred_at);
create index audit_log_time_idx on audit_log (occurred_at);

create function audit_log_is_append_only() returns trigger language plpgsql as $fn$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op using errcode = '42501';
end;
$fn$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();

create table bank_holidays (
  holiday_date date primary key,
  name text not null,
  created_at timestamptz not null default now()
);

-- Administrator-editable configuration (service hours, escalation ladders, …), one row a key.
create table settings (
  key text primary key,
  value jsonb not null,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by uuid references people (id)
);

-- Messages that leave the app (e-mail when SMTP is configured), and their delivery state.
create table notification_outbox (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null,
  recipient_person_id uuid references people (id),
  recipient_address text not null default '',
  subject text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed', 'not_sent')),
  sent_at timestamptz,
  failure text
);
create index notification_outbox_created_idx on notification_outbox (created_at desc);
