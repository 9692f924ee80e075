-- Referrals at a large county's scale (issue 3, item 11; figures in docs/performance.md).
--
-- The open-referrals list shows open referrals newest first. Open ones are a few hundred at most
-- out of ~150,000 over ten years, so a PARTIAL index on open statuses ordered by received_at
-- gives the page (limit/offset) and its capped count without walking closed history. Its
-- predicate lists exactly OPEN_REFERRAL_STATUSES (referral-lifecycle.ts); a query for any subset
-- of them (status filter) can use it too. `id` breaks ties so pages are stable.
create index referrals_open_received_idx on referrals (received_at desc, id desc)
  where status in ('received', 'awaiting_information', 'decided', 'allocated', 'in_assessment', 'outcome_recorded');

-- Lists filtered to all statuses (including closed) page through history newest first with the
-- same tie-break as the open list.
create index referrals_received_id_idx on referrals (received_at desc, id desc);
drop index if exists referrals_received_idx;
