-- Imports from the spreadsheets a service runs on (issue 19). An upload is checked first (a dry
-- run) and kept here with its parsed rows and the file's SHA-256 until it is confirmed; the
-- confirmation writes everything in one transaction and records when and by whom.

create table setup_imports (
  id uuid primary key default gen_random_uuid(),
  kind text not null check (kind in ('staff', 'approvals')),
  file_name text not null,
  file_sha256 text not null,
  headers jsonb not null,
  rows jsonb not null,
  problems jsonb not null default '[]'::jsonb,
  created_by uuid not null references people (id),
  created_at timestamptz not null default now(),
  applied_at timestamptz,
  applied_by uuid references people (id),
  result jsonb
);
create index setup_imports_created on setup_imports (created_at desc);
