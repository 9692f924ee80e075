-- High Risk Multi-Agency Discussions (issue 14, point 8): recorded on a referral (held by id and
-- reference only) with who attended and the agreed actions, each with an owner and a due date.
-- Joint case reviews: a dated note on an escalation.

create table escalation_risk_discussions (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null,
  referral_reference text not null,
  held_on date not null,
  -- [{ name, organisation }]
  attendees jsonb not null default '[]'::jsonb,
  -- [{ action, owner, dueOn }]
  actions jsonb not null default '[]'::jsonb,
  summary text not null default '',
  recorded_by uuid not null references people (id),
  recorded_at timestamptz not null,
  version integer not null default 1
);
create index escalation_risk_discussions_referral on escalation_risk_discussions (referral_id, held_on);

create table escalation_case_reviews (
  id uuid primary key default gen_random_uuid(),
  escalation_id uuid not null references escalations (id),
  held_on date not null,
  note text not null,
  recorded_by uuid not null references people (id),
  recorded_at timestamptz not null
);
create index escalation_case_reviews_escalation on escalation_case_reviews (escalation_id, held_on);
