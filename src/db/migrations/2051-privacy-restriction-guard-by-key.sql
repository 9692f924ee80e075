-- ── Owned by privacy ─────────────────────────────────────────────────────────────────────────
-- The restriction guard (migration 1980) looked the parent row up by `id::text = $1`, which no
-- index answers: every row written to assessment_doctors, assessment_doctor_contacts,
-- assessment_resources, assessment_addenda and statutory_form_signatures read every assessment
-- (or form) — 270,000 doctor rows on the 150,000-referral bench took over half an hour. Same rule,
-- the lookups now by key (the parent's primary key, referral_restrictions by referral_id).
create or replace function privacy_refuse_restricted_write() returns trigger language plpgsql as $$
declare
  rec jsonb := case when tg_op = 'DELETE' then to_jsonb(old) else to_jsonb(new) end;
  target uuid;
begin
  -- Loading a whole-service export (setup module) copies restricted records as they were.
  if current_setting('amhp.loading_export', true) = 'on' then
    if tg_op = 'DELETE' then return old; end if;
    return new;
  end if;
  if tg_argv[0] = 'self' then
    target := (rec ->> 'id')::uuid;
  elsif tg_argv[0] = 'direct' then
    target := (rec ->> 'referral_id')::uuid;
  else
    execute format('select referral_id from %I where id = $1::uuid', tg_argv[1]) into target using (rec ->> tg_argv[2]);
  end if;
  if target is not null and exists (select 1 from referral_restrictions r where r.referral_id = target and r.lifted_at is null) then
    raise exception 'This record is restricted (UK GDPR restriction of processing): it cannot be changed until the restriction is lifted.' using errcode = 'AHR01';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$;
