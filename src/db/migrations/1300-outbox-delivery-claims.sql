-- E-mail delivery claims: a message is claimed (claimed_at, attempts) in a committed transaction
-- before it is sent, so a crash mid-delivery leaves a claim instead of a pending row that the next
-- run would send again at once. A claim older than the lease is retried, marked as a repeat and
-- with the same Message-ID (the idempotency key): see docs/operations.md, "Notifications".
alter table notification_outbox add column attempts integer not null default 0;
alter table notification_outbox add column claimed_at timestamptz;
create index notification_outbox_pending_idx on notification_outbox (created_at) where status = 'pending';
