-- Escalation ladders move out of the platform's settings table (keys 'safety.escalation.<team id>')
-- into a table the safety module owns, so the escalation job reads them in its own transaction
-- and they are edited with the same optimistic locking as every other record.

create table safety_escalation_ladders (
  id uuid primary key default gen_random_uuid(),
  team_id uuid not null unique references teams (id),
  grace_minutes integer not null,
  step_interval_minutes integer not null,
  alarm_step_interval_minutes integer not null,
  steps jsonb not null,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  updated_by uuid references people (id)
);

insert into safety_escalation_ladders (team_id, grace_minutes, step_interval_minutes, alarm_step_interval_minutes, steps, version, updated_at, updated_by)
select t.id,
       (s.value ->> 'graceMinutes')::integer,
       (s.value ->> 'stepIntervalMinutes')::integer,
       (s.value ->> 'alarmStepIntervalMinutes')::integer,
       coalesce(s.value -> 'ladder', '[]'::jsonb),
       s.version,
       s.updated_at,
       s.updated_by
from settings s
join teams t on s.key = 'safety.escalation.' || t.id::text;

delete from settings where key like 'safety.escalation.%';
