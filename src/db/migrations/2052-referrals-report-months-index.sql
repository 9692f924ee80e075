-- ── Owned by referrals (intake) ──────────────────────────────────────────────────────────────
-- The pack reads referrals_report_months by dimension for the months of its three periods: an
-- index on exactly that (without it, every summary row was read for each dimension; profiled on
-- 150,000 referrals, where the summary holds ~180,000 rows).
create index referrals_report_months_dimension_idx on referrals_report_months (dimension, month);
