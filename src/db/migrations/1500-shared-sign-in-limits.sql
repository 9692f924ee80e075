-- Sign-in limits shared by every instance (issue 13): the per-address limit on sign-in and token
-- requests is a counter in the database, incremented atomically (INSERT … ON CONFLICT DO UPDATE),
-- so three instances behind a load balancer give an attacker the same allowance as one.
-- The per-account lockout stays on `credentials`, now claimed before the password is checked.

create table rate_limit_counters (
  key text primary key,
  hits integer not null,
  window_ends_at timestamptz not null
);

create index rate_limit_counters_window_ends_at on rate_limit_counters (window_ends_at);
