-- Two-step verification (issue 13): a TOTP secret per person (RFC 6238), confirmed with a code
-- before it counts, the last time step used (a used code is never accepted again), and one-time
-- recovery codes stored as SHA-256 hashes. A session signed in with a password but not yet with
-- the code is `mfa_pending` (it opens nothing but the code page); one whose role requires two-step
-- verification before it is set up is `must_enrol_mfa` (it opens nothing but the set-up page).

create table mfa_factors (
  person_id uuid primary key references people (id),
  secret text not null,
  confirmed_at timestamptz,
  last_used_step integer,
  created_at timestamptz not null
);

create table mfa_recovery_codes (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id),
  code_hash text not null,
  used_at timestamptz,
  created_at timestamptz not null
);
create index mfa_recovery_codes_person_idx on mfa_recovery_codes (person_id);

alter table sessions
  add column mfa_pending boolean not null default false,
  add column must_enrol_mfa boolean not null default false;
