-- A tamper-evident audit trail (issue 13): every audit row is sealed into a hash chain, in the
-- order the sealing job meets it. Each seal holds the hash of the previous seal and of its row,
-- so changing or deleting any sealed row (or seal) breaks the chain that `npm run audit:verify`
-- walks. Seals live in their own append-only table so that audit_log stays insert-only.
create table audit_seals (
  seq bigint primary key,
  audit_id bigint not null unique references audit_log (id),
  prev_hash text not null,
  row_hash text not null,
  sealed_at timestamptz not null default now()
);

create trigger audit_seals_no_update before update or delete on audit_seals
  for each row execute function audit_log_is_append_only();
create trigger audit_seals_no_truncate before truncate on audit_seals
  for each statement execute function audit_log_is_append_only();
