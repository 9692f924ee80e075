-- Section 12 doctors (issue 16): invitations from the finder (the doctor accepts or declines in
-- the app; the assessment's doctor contact log gets a line each time), claims after an
-- assessment, and the payment batches the claims officer exports.
create table s12_invitations (
  id uuid primary key default gen_random_uuid(),
  doctor_id uuid not null references s12_doctors (id),
  referral_id uuid not null,
  referral_reference text not null,
  needed_at timestamptz not null,
  message text not null default '',
  invited_at timestamptz not null,
  invited_by uuid not null references people (id),
  status text not null default 'invited' check (status in ('invited', 'accepted', 'declined')),
  responded_at timestamptz,
  response_note text not null default '',
  version integer not null default 1
);
create index s12_invitations_doctor on s12_invitations (doctor_id, invited_at);
create index s12_invitations_referral on s12_invitations (referral_id, invited_at);
create unique index s12_invitations_open_once on s12_invitations (doctor_id, referral_id) where status = 'invited';

create table s12_payment_batches (
  id uuid primary key default gen_random_uuid(),
  period_from date not null,
  period_to date not null,
  created_at timestamptz not null,
  created_by uuid not null references people (id),
  claim_count integer not null,
  total_pence integer not null,
  csv text not null
);

create table s12_claims (
  id uuid primary key default gen_random_uuid(),
  doctor_id uuid not null references s12_doctors (id),
  referral_id uuid not null,
  referral_reference text not null,
  assessment_date date not null,
  fee_type text not null check (fee_type in ('assessment', 'assessment_not_possible')),
  miles numeric(7, 1) not null default 0 check (miles >= 0),
  fee_pence integer not null,
  mileage_pence integer not null,
  total_pence integer not null,
  status text not null default 'submitted' check (status in ('submitted', 'approved', 'rejected', 'paid')),
  submitted_at timestamptz not null,
  decided_at timestamptz,
  decided_by uuid references people (id),
  decision_reason text not null default '',
  batch_id uuid references s12_payment_batches (id),
  version integer not null default 1,
  -- One claim per doctor per assessment: a rejected claim is changed and sent again, never doubled.
  constraint s12_claims_once unique (doctor_id, referral_id),
  constraint s12_claims_rejection_reason check (status <> 'rejected' or decision_reason <> '')
);
create index s12_claims_status on s12_claims (status, decided_at);
