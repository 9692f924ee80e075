-- Statutory forms (issue 16 point 4): the AMHP's applications (A2, A6, A10, G2) and the doctors'
-- medical recommendations (A3/A4, A7/A8, A11, G3/G4), produced from the assessment record and
-- signed electronically. A form's content is fixed when it is made; each signature records who,
-- when and the SHA-256 of that exact content. A rectification (s15) is a new version in the same
-- series with its reason; the old version is kept, marked superseded.
create table statutory_forms (
  id uuid primary key default gen_random_uuid(),
  series_id uuid not null,
  form_version integer not null default 1 check (form_version >= 1),
  referral_id uuid not null,
  code text not null check (code in ('A2', 'A3', 'A4', 'A6', 'A7', 'A8', 'A10', 'A11', 'G2', 'G3', 'G4')),
  section text not null check (section in ('s2', 's3', 's4', 'guardianship')),
  kind text not null check (kind in ('application', 'recommendation')),
  -- The assessment's doctors the recommendation is from (one, or two for a joint form).
  doctor_ids jsonb not null default '[]',
  -- What the doctor completed (grounds, reasons …), kept so a rectification starts from it.
  inputs jsonb not null default '{}',
  content jsonb not null,
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  nearest_relative_statement text,
  rectification_reason text not null default '',
  previous_hash text,
  superseded_at timestamptz,
  created_by uuid not null references people (id),
  created_at timestamptz not null default now(),
  unique (series_id, form_version)
);
create index statutory_forms_referral_idx on statutory_forms (referral_id);

create table statutory_form_signatures (
  id uuid primary key default gen_random_uuid(),
  form_id uuid not null references statutory_forms (id),
  signer_id uuid not null references people (id),
  signer_name text not null,
  capacity text not null check (capacity in ('amhp', 'doctor')),
  assessment_doctor_id uuid,
  signed_at timestamptz not null,
  content_hash text not null check (content_hash ~ '^[0-9a-f]{64}$'),
  unique (form_id, signer_id)
);

-- A signed form is locked: its content and hash never change (only superseded_at may be set).
create function statutory_forms_locked() returns trigger language plpgsql as $$
begin
  if new.content is distinct from old.content or new.content_hash is distinct from old.content_hash
     or new.code is distinct from old.code or new.referral_id is distinct from old.referral_id
     or new.doctor_ids is distinct from old.doctor_ids or new.form_version is distinct from old.form_version then
    raise exception 'statutory form % is signed and locked: rectify it as a new version', old.id;
  end if;
  return new;
end $$;
create trigger statutory_forms_locked before update on statutory_forms for each row execute function statutory_forms_locked();
create function statutory_form_signatures_locked() returns trigger language plpgsql as $$
begin
  raise exception 'an electronic signature cannot be changed or removed';
end $$;
create trigger statutory_form_signatures_locked before update or delete on statutory_form_signatures for each row execute function statutory_form_signatures_locked();
