-- The monthly Highlight Report (issue 15 point 2): one per London calendar month, for the AMHP
-- Governance Group. The figures are computed from the report-facts views each time; only the
-- Lead's narrative per theme, and the report's state, are kept here. Approving locks it.
create table report_highlights (
  id uuid primary key default gen_random_uuid(),
  month text not null unique check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  -- { "<theme id>": "narrative", … } (theme ids in src/modules/reports/highlight.ts)
  narratives jsonb not null default '{}'::jsonb,
  status text not null default 'draft' check (status in ('draft', 'approved')),
  created_at timestamptz not null,
  edited_by uuid references people (id),
  edited_at timestamptz,
  approved_by uuid references people (id),
  approved_at timestamptz,
  version integer not null default 1,
  check ((status = 'approved') = (approved_by is not null and approved_at is not null))
);
