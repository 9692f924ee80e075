-- The Mental Health Act assessment record: one per referral, built up over hours. Each section
-- is saved separately against the record's version; the doctor contact log and addenda are
-- append-only. Rarely used legal facts (place of safety, holding powers, conflicts, section 4
-- statements, guardianship, CTO) are kept as one checked JSON document (legal_context) that the
-- statutory checks read.

create table assessments (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null unique references referrals (id),
  -- Plan
  planned_at timestamptz,
  planned_place text not null default '',
  -- The AMHP's interview (s13(2)) and last sight of the person (s11(5), s4(5))
  interview_at timestamptz,
  last_saw_at timestamptz,
  most_appropriate_reason text not null default '',
  notes text not null default '',
  -- Medical recommendations
  recommendation_form text check (recommendation_form is null or recommendation_form in ('joint', 'separate')),
  no_previous_acquaintance_reason text not null default '',
  -- Nearest relative (s26 category order; informed for s2/s4, consulted for s3/guardianship)
  nr_category text check (nr_category is null or nr_category in (
    'spouse_or_civil_partner', 'child', 'parent', 'sibling', 'grandparent', 'grandchild',
    'uncle_or_aunt', 'nephew_or_niece', 'household_member_5_years', 'local_authority', 'guardian_or_order_holder')),
  nr_name text not null default '',
  nr_relationship text not null default '',
  nr_contact text not null default '',
  nr_informed_at timestamptz,
  nr_told_of_discharge_power boolean not null default false,
  nr_consulted_at timestamptz,
  nr_objected boolean not null default false,
  nr_not_practicable_reason text check (nr_not_practicable_reason is null or nr_not_practicable_reason in (
    'no_nearest_relative', 'not_reasonably_practicable', 'unreasonable_delay')),
  nr_not_practicable_detail text not null default '',
  nr_s13_request boolean not null default false,
  nr_s13_reasons text not null default '',
  -- Legal context the checks read (validated by the service's schema)
  legal_context jsonb not null default '{}'::jsonb,
  -- Outcome
  outcome text check (outcome is null or outcome in (
    's2', 's3', 's4', 'guardianship', 'informal_admission', 'crht_home_treatment',
    'community_follow_up', 'no_further_action', 'assessment_not_possible', 'other')),
  application_section text check (application_section is null or application_section in ('s2', 's3', 's4', 'guardianship')),
  application_at timestamptz,
  admitted_at timestamptz,
  hospital_name text not null default '',
  hospital_addressed_to_managers boolean not null default false,
  outcome_reason text not null default '',
  applicant_id uuid references people (id),
  outcome_recorded_at timestamptz,
  outcome_recorded_by uuid references people (id),
  -- Statutory warnings the AMHP went ahead with, each with a reason: { "R-MR-ACQ": "…" }
  warning_reasons jsonb not null default '{}'::jsonb,
  -- Delays
  delay_cause text check (delay_cause is null or delay_cause in (
    'section_12_doctor', 'bed', 'conveyance', 'police', 'interpreter', 'information', 'other')),
  delay_note text not null default '',
  -- The AMHP report
  principles jsonb not null default '{}'::jsonb,
  alternatives_considered text not null default '',
  report_finalised_at timestamptz,
  report_finalised_by uuid references people (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint assessments_application_matches_outcome check (
    (outcome in ('s2', 's3', 's4', 'guardianship') and application_section = outcome)
    or (outcome is null or outcome not in ('s2', 's3', 's4', 'guardianship')) and application_section is null)
);
create index assessments_outcome_idx on assessments (outcome, application_at) where outcome is not null;

create table assessment_doctors (
  id uuid primary key default gen_random_uuid(),
  assessment_id uuid not null references assessments (id),
  name text not null,
  gmc_number text not null default '',
  s12_approved boolean not null default false,
  approved_clinician boolean not null default false,
  previous_acquaintance boolean not null default false,
  requested_at timestamptz,
  arrived_at timestamptz,
  examined_at timestamptz,
  signed_at timestamptz,
  joint_or_separate text check (joint_or_separate is null or joint_or_separate in ('joint', 'separate')),
  removed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  constraint assessment_doctors_exam_before_signature check (signed_at is null or examined_at is null or examined_at <= signed_at)
);
create index assessment_doctors_assessment_idx on assessment_doctors (assessment_id, created_at);

create table assessment_doctor_contacts (
  id uuid primary key default gen_random_uuid(),
  assessment_id uuid not null references assessments (id),
  doctor_name text not null,
  s12_approved boolean not null default false,
  called_at timestamptz not null,
  result text not null check (result in ('available', 'declined', 'no_answer', 'left_message')),
  called_by uuid references people (id),
  called_by_name text not null default '',
  note text not null default '',
  created_at timestamptz not null default now()
);
create index assessment_doctor_contacts_assessment_idx on assessment_doctor_contacts (assessment_id, called_at);

-- Interpreter, police, ambulance and bed: requested at, arrived (bed: confirmed) at, by whom.
create table assessment_resources (
  id uuid primary key default gen_random_uuid(),
  assessment_id uuid not null references assessments (id),
  kind text not null check (kind in ('interpreter', 'police', 'ambulance', 'bed')),
  requested_at timestamptz,
  arrived_at timestamptz,
  requested_by text not null default '',
  provider text not null default '',
  detail text not null default '',
  updated_at timestamptz not null default now(),
  unique (assessment_id, kind)
);

-- After the report is finalised it is read-only; later changes are addenda.
create table assessment_addenda (
  id uuid primary key default gen_random_uuid(),
  assessment_id uuid not null references assessments (id),
  text text not null,
  added_by uuid not null references people (id),
  added_by_name text not null,
  added_at timestamptz not null
);
create index assessment_addenda_assessment_idx on assessment_addenda (assessment_id, added_at);
