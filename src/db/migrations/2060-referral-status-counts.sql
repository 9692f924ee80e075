-- ── Owned by referrals (intake) ──────────────────────────────────────────────────────────────
-- How many referrals there are in each status (issue 17 point 4): the home page's "Open
-- referrals" panel read every open referral to count them (20,000 rows at 1.5M referrals, 507 ms
-- cold on PostgreSQL); it now reads at most eight rows from here. Kept by the triggers below in
-- the same transaction as every insert, delete and status change of a referral (one aggregated
-- statement per SQL statement, via transition tables; rows are upserted in status order so
-- concurrent writers lock them in the same order; an update that leaves the status alone does
-- not touch the table), so the rows always equal a full recount of referrals by status
-- (src/modules/referrals/referral-status-counts.integration.test.ts proves it). A status whose
-- count has fallen to zero keeps its row (n = 0). As referrals_report_months (2050), the export
-- load fills it from the referrals and then replaces it with the export's copy.
create table referral_status_counts (
  status text primary key,
  n bigint not null
);

create function referral_status_counts_apply() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into referral_status_counts (status, n)
    select r.status, count(*) from new_rows r group by r.status order by r.status
    on conflict (status) do update set n = referral_status_counts.n + excluded.n;
  elsif tg_op = 'DELETE' then
    insert into referral_status_counts (status, n)
    select o.status, -count(*) from old_rows o group by o.status order by o.status
    on conflict (status) do update set n = referral_status_counts.n + excluded.n;
  else
    insert into referral_status_counts (status, n)
    select c.status, sum(c.n)
    from (
      select o.status, -1 as n from old_rows o join new_rows r on r.id = o.id where o.status is distinct from r.status
      union all
      select r.status, 1 as n from old_rows o join new_rows r on r.id = o.id where o.status is distinct from r.status
    ) c
    group by c.status
    having sum(c.n) <> 0
    order by c.status
    on conflict (status) do update set n = referral_status_counts.n + excluded.n;
  end if;
  return null;
end
$$;

create trigger referral_status_counts_insert after insert on referrals
  referencing new table as new_rows for each statement execute function referral_status_counts_apply();
create trigger referral_status_counts_update after update on referrals
  referencing old table as old_rows new table as new_rows for each statement execute function referral_status_counts_apply();
create trigger referral_status_counts_delete after delete on referrals
  referencing old table as old_rows for each statement execute function referral_status_counts_apply();

create function referral_status_counts_truncate() returns trigger language plpgsql as $$
begin
  delete from referral_status_counts;
  return null;
end
$$;
create trigger referral_status_counts_truncate after truncate on referrals
  for each statement execute function referral_status_counts_truncate();

-- The referrals already there.
insert into referral_status_counts (status, n)
select status, count(*) from referrals group by status;
