-- Absences that stop an AMHP covering a duty: sickness (reported by the AMHP themselves or
-- recorded by a manager) and leave. The back-up picker refuses anyone absent on the day.
create table duty_absences (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id),
  kind text not null check (kind in ('sickness', 'leave')),
  starts_on date not null,
  ends_on date not null,
  note text,
  self_reported boolean not null default false,
  recorded_by uuid not null references people (id),
  recorded_at timestamptz not null,
  check (ends_on >= starts_on)
);
create index duty_absences_person_idx on duty_absences (person_id, starts_on);
create index duty_absences_dates_idx on duty_absences (starts_on, ends_on);

-- A sickness the AMHP reported themselves has no back-up decision yet: the line manager or the
-- operational manager decides it afterwards (staff welfare guidance §4.1).
alter table duty_rota_changes alter column decided_by drop not null;
