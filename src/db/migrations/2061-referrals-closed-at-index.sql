-- ── Owned by referrals (intake) ──────────────────────────────────────────────────────────────
-- The allocation sheet re-checks the referrals closed since the previous working day began
-- (ReferralReadsRepository.forSheet, issue 17): an index on exactly that, so the arm reads a
-- day's closures instead of every referral (1.5M in the load bench).
create index referrals_closed_at_idx on referrals (closed_at) where closed_at is not null;
