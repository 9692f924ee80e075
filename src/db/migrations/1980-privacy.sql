-- UK GDPR (issue 13 point 5, docs/privacy.md): restriction of processing, the retention schedule
-- with its reviews, and the tombstones left by an erasure.

-- Restriction of processing (UK GDPR Art. 18), owned by the referrals module: while a referral
-- has a restriction not yet lifted, its record is read-only (the guard below) and left out of
-- lists and searches except for the people who manage restrictions.
create table referral_restrictions (
  id uuid primary key default gen_random_uuid(),
  referral_id uuid not null references referrals (id),
  reason text not null check (length(btrim(reason)) >= 10),
  restricted_by uuid not null references people (id),
  restricted_at timestamptz not null,
  lift_reason text check (lift_reason is null or length(btrim(lift_reason)) >= 10),
  lifted_by uuid references people (id),
  lifted_at timestamptz,
  version integer not null default 1,
  constraint referral_restrictions_lifted_whole check ((lifted_at is null) = (lifted_by is null) and (lifted_at is null) = (lift_reason is null))
);
create unique index referral_restrictions_current on referral_restrictions (referral_id) where lifted_at is null;

-- The write guard. Attached to every table that holds a referral_id (the referral's own record
-- in every module), except those below, which serve someone else's safety or a legal
-- obligation (UK GDPR Art. 18(2)); see docs/privacy.md. A test fails when a table with a
-- referral_id has neither this trigger nor a place in that list.
--   'self'   the referrals table (the row's id)
--   'direct' a referral_id column
--   'via'    a child row: tg_argv[1] is the parent table (which holds referral_id), tg_argv[2]
--            the column naming the parent's id
create function privacy_refuse_restricted_write() returns trigger language plpgsql as $$
declare
  rec jsonb := case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end;
  target text;
begin
  -- Loading a whole-service export (setup module) copies restricted records as they were.
  if current_setting('amhp.loading_export', true) = 'on' then
    if tg_op = 'DELETE' then return old; end if;
    return new;
  end if;
  if tg_argv[0] = 'self' then
    target := rec ->> 'id';
  elsif tg_argv[0] = 'direct' then
    target := rec ->> 'referral_id';
  else
    execute format('select referral_id::text from %I where id::text = $1', tg_argv[1]) into target using (rec ->> tg_argv[2]);
  end if;
  if target is not null and exists (select 1 from referral_restrictions r where r.referral_id::text = target and r.lifted_at is null) then
    raise exception 'This record is restricted (UK GDPR restriction of processing): it cannot be changed until the restriction is lifted.' using errcode = 'AHR01';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$;

create trigger privacy_restriction_guard before update or delete on referrals
  for each row execute function privacy_refuse_restricted_write('self');

do $$
declare t text;
begin
  for t in
    select c.table_name from information_schema.columns c
    join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
    where c.table_schema = current_schema() and c.column_name = 'referral_id'
      and c.table_name not in ('referral_restrictions', 'referral_access_grants', 'handover_items', 'safety_visits', 'safety_debriefs',
        'safety_hours_claims', 's12_claims', 'report_s136_references', 'escalations', 'escalation_hospital_waits',
        'escalation_police_requests', 'escalation_risk_discussions')
  loop
    execute format('create trigger privacy_restriction_guard before insert or update or delete on %I for each row execute function privacy_refuse_restricted_write(%L)', t, 'direct');
  end loop;
end $$;

create trigger privacy_restriction_guard before insert or update or delete on assessment_addenda
  for each row execute function privacy_refuse_restricted_write('via', 'assessments', 'assessment_id');
create trigger privacy_restriction_guard before insert or update or delete on assessment_doctor_contacts
  for each row execute function privacy_refuse_restricted_write('via', 'assessments', 'assessment_id');
create trigger privacy_restriction_guard before insert or update or delete on assessment_doctors
  for each row execute function privacy_refuse_restricted_write('via', 'assessments', 'assessment_id');
create trigger privacy_restriction_guard before insert or update or delete on assessment_resources
  for each row execute function privacy_refuse_restricted_write('via', 'assessments', 'assessment_id');
create trigger privacy_restriction_guard before insert or update or delete on statutory_form_signatures
  for each row execute function privacy_refuse_restricted_write('via', 'statutory_forms', 'form_id');

-- A signature is never changed, and removed only by a confirmed erasure at the end of the
-- retention period (the privacy module sets amhp.erasure for that one transaction).
create or replace function statutory_form_signatures_locked() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and current_setting('amhp.erasure', true) = 'on' then return old; end if;
  raise exception 'an electronic signature cannot be changed or removed';
end $$;

-- The retention schedule (privacy module): how long each kind of record is kept, editable.
create table privacy_retention_rules (
  kind text primary key check (kind in ('referral', 'register_entry')),
  years integer not null check (years between 1 and 100),
  basis text not null,
  updated_by uuid references people (id),
  updated_at timestamptz,
  version integer not null default 1
);
insert into privacy_retention_rules (kind, years, basis) values
  ('referral', 20, 'Records Management Code of Practice 2021 (NHS England), Appendix II: mental health records are kept 20 years after the last contact, or 10 years after death (8 in the 2016 Code); the service records no deaths, so the 20-year rule applies'),
  ('register_entry', 10, 'National Workforce Plan for AMHPs (2019) and the register''s own rule: records about an approval are kept 10 years after it ended');

-- Records the review job found past their retention date, waiting for a Lead's decision.
create table privacy_retention_reviews (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('referral', 'register_entry')),
  record_id text not null,
  label text not null,
  last_activity_on date not null,
  due_on date not null,
  found_at timestamptz not null,
  decision text check (decision is null or decision in ('erased', 'kept')),
  decision_reason text,
  decided_by uuid references people (id),
  decided_at timestamptz,
  keep_until date,
  version integer not null default 1
);
create unique index privacy_retention_reviews_open on privacy_retention_reviews (kind, record_id) where decision is null;
create index privacy_retention_reviews_kept on privacy_retention_reviews (kind, record_id, keep_until) where decision = 'kept';

-- What an erasure leaves: what kind of record, its id, when, who and why. No personal data.
create table privacy_tombstones (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  record_id text not null,
  erased_at timestamptz not null,
  erased_by uuid not null references people (id),
  reason text not null,
  rows_erased jsonb not null
);
create index privacy_tombstones_record on privacy_tombstones (kind, record_id);
