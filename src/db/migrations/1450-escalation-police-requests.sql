-- Right Care, Right Person (issue 14, point 7): each request for police attendance on a referral,
-- with the reason against the RCRP threshold (risk to life or serious harm, a crime, a breach of the
-- peace, or another reason explained), the police response, and the escalation raised about it.
-- The referral is held by id and reference only (looked up through the referrals module).

create table escalation_police_requests (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null,
  referral_reference text not null,
  partner_id uuid references escalation_partners (id),
  threshold text not null,
  explanation text not null default '',
  requested_at timestamptz not null,
  requested_by uuid not null references people (id),
  response text not null default 'awaiting',
  response_note text not null default '',
  responded_at timestamptz,
  escalation_id uuid references escalations (id),
  version integer not null default 1
);
create index escalation_police_requests_referral on escalation_police_requests (referral_id, requested_at);
create index escalation_police_requests_requested on escalation_police_requests (requested_at);
