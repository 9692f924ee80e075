-- Need-to-know with break-glass (issue 13, docs/access.md): a reason recorded by a person to open
-- a referral outside their need-to-know (break_glass), or by a Lead to take over an assessment
-- allocated to someone else (take_over). Each opens the record for that person for a while and
-- waits in the AMHP Lead's review list until someone reviews it.
create table referral_access_grants (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null references referrals (id),
  person_id uuid not null references people (id),
  kind text not null check (kind in ('break_glass', 'take_over')),
  reason text not null check (length(btrim(reason)) >= 10),
  granted_at timestamptz not null,
  expires_at timestamptz not null,
  reviewed_by uuid references people (id),
  reviewed_at timestamptz,
  review_note text not null default '',
  version integer not null default 1
);
create index referral_access_grants_person on referral_access_grants (person_id, referral_id, expires_at);
create index referral_access_grants_unreviewed on referral_access_grants (granted_at desc) where reviewed_at is null;
