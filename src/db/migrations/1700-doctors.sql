-- Section 12 doctors (issue 16): two roles outside the service's staff — the s12 doctor (sees only
-- their own profile, availability, invitations and claims) and the claims officer at the paying
-- NHS body — and the doctor directory with its version history and the doctors' availability.
alter table person_roles drop constraint person_roles_role_check;
alter table person_roles add constraint person_roles_role_check check (role in (
  'amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'line_manager',
  'business_support', 'lead_amhp', 'governance_viewer', 'admin', 'partner', 's12_doctor', 'claims_officer'
));

create table s12_doctors (
  id uuid primary key default gen_random_uuid(),
  -- The doctor's own sign-in (role s12_doctor), when they have one.
  person_id uuid unique references people (id),
  name text not null,
  gmc_number text not null unique check (gmc_number ~ '^[0-9]{7}$'),
  s12_approved_from date,
  -- The s12 approval's end (approvals last five years); null = not s12 approved.
  s12_approved_until date,
  approved_clinician boolean not null default false,
  -- ['cyp', 'learning_disability', 'older_adults', 'forensic']
  specialisms jsonb not null default '[]'::jsonb,
  languages jsonb not null default '[]'::jsonb,
  -- Councils (LSSA organisation ids) the doctor covers.
  areas jsonb not null default '[]'::jsonb,
  phone text not null default '',
  email text not null default '',
  base text not null default '',
  notes text not null default '',
  active boolean not null default true,
  version integer not null default 1,
  updated_at timestamptz not null,
  updated_by uuid references people (id),
  constraint s12_doctors_approval_period check (s12_approved_from is null or s12_approved_until is null or s12_approved_from <= s12_approved_until)
);

-- Every saved version of a directory entry, as it was (who, when, what).
create table s12_doctor_versions (
  doctor_id uuid not null references s12_doctors (id),
  version integer not null,
  saved_at timestamptz not null,
  saved_by uuid references people (id),
  snapshot jsonb not null,
  primary key (doctor_id, version)
);

-- The doctor's own availability: a weekly slot (London wall-clock minutes on a weekday), a
-- one-off slot, or "available now" for the next few hours (both as instants).
create table s12_availability (
  id uuid primary key default gen_random_uuid(),
  doctor_id uuid not null references s12_doctors (id),
  kind text not null check (kind in ('weekly', 'one_off', 'now')),
  weekday integer check (weekday between 1 and 7),
  start_minute integer check (start_minute between 0 and 1439),
  end_minute integer check (end_minute between 1 and 1440),
  starts_at timestamptz,
  ends_at timestamptz,
  created_at timestamptz not null,
  constraint s12_availability_shape check (
    (kind = 'weekly' and weekday is not null and start_minute is not null and end_minute is not null and start_minute < end_minute and starts_at is null and ends_at is null)
    or (kind in ('one_off', 'now') and starts_at is not null and ends_at is not null and starts_at < ends_at and weekday is null))
);
create index s12_availability_doctor on s12_availability (doctor_id);
