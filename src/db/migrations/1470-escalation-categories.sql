-- Issue 14, point 2: the escalation categories are configurable. Administrators and the AMHP Lead
-- add, rename, retire and restore them; a retired category cannot be chosen for a new escalation,
-- but escalations already raised keep it (and its label). Seeded with the guidance's §2.1 list
-- (the keys the escalations already hold, and their labels: see DEFAULT_CATEGORIES in escalation.ts).

create table escalation_categories (
  id uuid primary key default gen_random_uuid(),
  key text not null unique,
  label text not null,
  sort_order integer not null,
  retired_at timestamptz,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by uuid references people (id)
);
create unique index escalation_categories_label on escalation_categories (lower(label));

insert into escalation_categories (key, label, sort_order) values
  ('complex_safeguarding', 'Complex safeguarding', 10),
  ('complex_case', 'Complex case', 20),
  ('dispute_on_outcome', 'Mental Health Act referral: dispute on outcome', 30),
  ('delay_statutory_assessment', 'Delay in a statutory assessment', 40),
  ('appropriate_adult', 'Delay providing, or unable to provide, an appropriate adult', 50),
  ('professional_dispute', 'Professional dispute or difference of opinion', 60),
  ('it_access', 'IT access', 70),
  ('shift_cover', 'Shift cover', 80),
  ('health_and_safety', 'Health and safety', 90),
  ('commissioning', 'Commissioning of services or staff', 100),
  ('weather', 'Inclement weather', 110),
  ('reputational_risk', 'Reputational risk', 120),
  ('media', 'Media enquiry', 130),
  ('on_call_unreachable', 'Cannot reach the on-call manager or get manager support', 140),
  ('service_delay', 'Delay in service delivery', 150),
  ('transfer_of_care', 'Transfer of care between acute and mental health trusts (bed allocation)', 160),
  ('conveyance', 'Conveyance', 170),
  ('pace_bed', 'PACE bed availability', 180),
  ('business_continuity', 'Business continuity plan activated', 190);
