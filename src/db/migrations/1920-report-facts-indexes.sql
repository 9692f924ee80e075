-- Indexes for the report-facts views the reports read by period (issue 15 point 8, profiled on
-- 150,000 referrals): without them the monthly pack, disparity and workforce pages scanned every
-- assessment (by the time its outcome was recorded) and every referral (by the time it was
-- allocated) for each figure. Indexes only: no table or view changes.
create index if not exists assessments_outcome_recorded_idx on assessments (outcome_recorded_at) where outcome_recorded_at is not null;
create index if not exists referrals_allocated_at_idx on referrals (allocated_at) where allocated_at is not null;
