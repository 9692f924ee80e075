-- Multi-agency escalations (issue 14; Partnership Working Practice Guidance, Multi Agency
-- Escalation Practice §1–§6): the partner directory, escalations with their 24-hour / 7-working-day
-- clock and ladder rung, their events (acknowledgements, responses, disputes, replies), the
-- on-call ladder's call attempts, and the reminders sent (one row each, so a reminder goes once).

create table escalation_partners (
  id uuid primary key default gen_random_uuid(),
  name text not null unique,
  kind text not null,
  complaint_route text not null default '',
  notes text not null default '',
  -- [{ roleLabel, rung (1 manager, 2 senior manager, 3 head of service / director), hours, phone, bleep, mailbox, personName }]
  contacts jsonb not null default '[]'::jsonb,
  active boolean not null default true,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by uuid references people (id)
);

create table escalations (
  id uuid primary key default gen_random_uuid(),
  raised_by uuid not null references people (id),
  raised_at timestamptz not null,
  referral_id uuid,
  referral_reference text,
  partner_id uuid references escalation_partners (id),
  category text not null,
  urgency text not null,
  concern text not null,
  tried_locally text not null,
  outcome_sought text not null,
  rung integer not null default 1,
  receiver_person_id uuid references people (id),
  receiver_name text not null,
  receiver_contact text not null default '',
  status text not null,
  clock_started_at timestamptz not null,
  acknowledge_by timestamptz not null,
  respond_by timestamptz not null,
  acknowledged_at timestamptz,
  responded_at timestamptz,
  version integer not null default 1
);
create index escalations_status on escalations (status, acknowledge_by);
create index escalations_partner on escalations (partner_id);

create table escalation_events (
  id uuid primary key default gen_random_uuid(),
  escalation_id uuid not null references escalations (id),
  -- Several events can share an instant (raised and acknowledged at once): this keeps their order.
  seq bigserial not null,
  kind text not null,
  rung integer not null,
  by_person_id uuid not null references people (id),
  on_behalf_of text,
  at timestamptz not null,
  text text not null default ''
);
create index escalation_events_escalation on escalation_events (escalation_id, seq);

create table escalation_call_attempts (
  id uuid primary key default gen_random_uuid(),
  escalation_id uuid not null references escalations (id),
  seq bigserial not null,
  step text not null,
  number text not null,
  answered boolean not null,
  by_person_id uuid not null references people (id),
  at timestamptz not null,
  note text not null default ''
);
create index escalation_call_attempts_escalation on escalation_call_attempts (escalation_id, seq);

create table escalation_reminders (
  key text primary key,
  escalation_id uuid not null references escalations (id),
  at timestamptz not null
);

-- People at a partner organisation who sign in (the partner role): they see only their
-- organisation's escalations. One organisation each.
create table escalation_partner_members (
  person_id uuid primary key references people (id),
  partner_id uuid not null references escalation_partners (id),
  added_at timestamptz not null,
  added_by uuid not null references people (id)
);
create index escalation_partner_members_partner on escalation_partner_members (partner_id);
