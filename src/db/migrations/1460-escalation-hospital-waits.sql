-- Bed and A&E breach escalation (issue 14, point 5): a hospital's timers (the 12-hour A&E breach
-- protocol with its earlier warning points; the bed escalation pathway to the duty senior nurse and
-- the site manager), a person's wait on a referral (arrival in the emergency department or the bed
-- request), each contact made at a step, and each step's notice (one row, so it is sent once).
-- The referral is held by id and reference only (looked up through the referrals module).

create table escalation_hospital_timers (
  partner_id uuid primary key references escalation_partners (id),
  -- [{ afterMinutes, role, breach }]
  emergency_department jsonb not null,
  bed jsonb not null,
  version integer not null default 1,
  updated_at timestamptz not null,
  updated_by uuid references people (id)
);

create table escalation_hospital_waits (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null,
  referral_reference text not null,
  partner_id uuid not null references escalation_partners (id),
  kind text not null,
  started_at timestamptz not null,
  -- the hospital's steps when the wait was recorded: [{ afterMinutes, role, breach }]
  steps jsonb not null,
  recorded_by uuid not null references people (id),
  recorded_at timestamptz not null,
  ended_at timestamptz,
  end_note text not null default '',
  version integer not null default 1
);
create index escalation_hospital_waits_referral on escalation_hospital_waits (referral_id, started_at);
create index escalation_hospital_waits_open on escalation_hospital_waits (started_at) where ended_at is null;

create table escalation_hospital_wait_contacts (
  id uuid primary key default gen_random_uuid(),
  wait_id uuid not null references escalation_hospital_waits (id),
  seq bigserial,
  step_index integer not null,
  contact_role text not null,
  number text not null default '',
  at timestamptz not null,
  answered boolean not null,
  outcome text not null default '',
  by_person_id uuid not null references people (id)
);
create index escalation_hospital_wait_contacts_wait on escalation_hospital_wait_contacts (wait_id, seq);

create table escalation_hospital_wait_notices (
  wait_id uuid not null references escalation_hospital_waits (id),
  step_index integer not null,
  at timestamptz not null,
  primary key (wait_id, step_index)
);
