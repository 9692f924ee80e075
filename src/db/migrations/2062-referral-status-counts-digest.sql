-- ── Owned by referrals (intake) ──────────────────────────────────────────────────────────────
-- The allocation sheet's digest of the open referrals (issue 17, ReferralReadsRepository.forSheet)
-- summed the 64-bit hash of every open referral's id and its received time on every view of the
-- sheet: 20,000 rows at 1.5M referrals, the costliest part of the page under load. The same sums
-- are now kept per status beside the count (2060), by the same triggers and in the same
-- transaction; an update that changes neither the status nor the received time still does not
-- touch the table. Proven equal to a recount in referral-status-counts.integration.test.ts.
alter table referral_status_counts
  add column id_hash_sum numeric not null default 0,
  add column received_epoch_sum numeric not null default 0;

create or replace function referral_status_counts_apply() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into referral_status_counts (status, n, id_hash_sum, received_epoch_sum)
    select r.status, count(*), sum(uuid_hash_extended(r.id, 0)), sum(extract(epoch from r.received_at))
    from new_rows r group by r.status order by r.status
    on conflict (status) do update set
      n = referral_status_counts.n + excluded.n,
      id_hash_sum = referral_status_counts.id_hash_sum + excluded.id_hash_sum,
      received_epoch_sum = referral_status_counts.received_epoch_sum + excluded.received_epoch_sum;
  elsif tg_op = 'DELETE' then
    insert into referral_status_counts (status, n, id_hash_sum, received_epoch_sum)
    select o.status, -count(*), -sum(uuid_hash_extended(o.id, 0)), -sum(extract(epoch from o.received_at))
    from old_rows o group by o.status order by o.status
    on conflict (status) do update set
      n = referral_status_counts.n + excluded.n,
      id_hash_sum = referral_status_counts.id_hash_sum + excluded.id_hash_sum,
      received_epoch_sum = referral_status_counts.received_epoch_sum + excluded.received_epoch_sum;
  else
    insert into referral_status_counts (status, n, id_hash_sum, received_epoch_sum)
    select c.status, sum(c.n), sum(c.h), sum(c.e)
    from (
      select o.status, -1 as n, -uuid_hash_extended(o.id, 0)::numeric as h, -extract(epoch from o.received_at) as e
      from old_rows o join new_rows r on r.id = o.id
      where o.status is distinct from r.status or o.received_at is distinct from r.received_at
      union all
      select r.status, 1 as n, uuid_hash_extended(r.id, 0)::numeric as h, extract(epoch from r.received_at) as e
      from old_rows o join new_rows r on r.id = o.id
      where o.status is distinct from r.status or o.received_at is distinct from r.received_at
    ) c
    group by c.status
    having sum(c.n) <> 0 or sum(c.h) <> 0 or sum(c.e) <> 0
    order by c.status
    on conflict (status) do update set
      n = referral_status_counts.n + excluded.n,
      id_hash_sum = referral_status_counts.id_hash_sum + excluded.id_hash_sum,
      received_epoch_sum = referral_status_counts.received_epoch_sum + excluded.received_epoch_sum;
  end if;
  return null;
end
$$;

-- The referrals already there.
update referral_status_counts c
set id_hash_sum = s.h, received_epoch_sum = s.e
from (
  select status, sum(uuid_hash_extended(id, 0)) as h, sum(extract(epoch from received_at)) as e
  from referrals group by status
) s
where s.status = c.status;
