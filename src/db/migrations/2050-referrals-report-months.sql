-- ── Owned by referrals (intake) ──────────────────────────────────────────────────────────────
-- Monthly summary rows of the referrals the reports count (issue 15 point 8): how many referrals
-- were received in each London calendar month, per service (daytime/EDT, as in
-- referrals_report_facts), LSSA and allocated AMHP, by each counted dimension:
--   source (source_type), route (received_via), decision (the decision, 'undecided' when none),
--   age (whole years at receipt, 'unknown' when no date of birth), legal (legal_status).
-- The reports add up whole months from here instead of reading every referral; the team filter
-- joins the allocated AMHP's team at read time (a person moving team moves their counts, as in
-- the view). Kept by the triggers below in the same transaction as every insert, update and
-- delete of a referral (one aggregated statement per SQL statement, via transition tables; rows
-- are upserted in key order so concurrent writers lock them in the same order), so
-- the rows always equal a full recount of referrals_report_facts
-- (src/modules/referrals/referrals-report-months.integration.test.ts proves it). A row whose
-- count has fallen to zero may stay (it adds nothing).
create table referrals_report_months (
  month date not null,
  service text not null,
  lssa_id uuid,
  allocated_amhp_id uuid,
  dimension text not null,
  key text not null,
  n integer not null,
  constraint referrals_report_months_key unique nulls not distinct (month, service, lssa_id, allocated_amhp_id, dimension, key)
);

create function referrals_report_month_rows(r referrals)
returns table (month date, service text, lssa_id uuid, allocated_amhp_id uuid, dimension text, key text)
language sql stable as $$
  select
    date_trunc('month', r.received_at at time zone 'Europe/London')::date,
    case
      when extract(isodow from (r.received_at at time zone 'Europe/London')) between 1 and 5
       and (r.received_at at time zone 'Europe/London')::time >= time '09:00'
       and (r.received_at at time zone 'Europe/London')::time < time '17:00' then 'daytime'
      else 'edt'
    end,
    r.lssa_id,
    r.allocated_amhp_id,
    d.dimension,
    d.key
  from (values
    ('source', r.source_type),
    ('route', r.received_via),
    ('decision', coalesce(r.decision, 'undecided')),
    ('age', case when r.date_of_birth is null then 'unknown'
                 else extract(year from age((r.received_at at time zone 'Europe/London')::date, r.date_of_birth))::integer::text end),
    ('legal', r.legal_status)
  ) as d(dimension, key)
$$;

create function referrals_report_months_apply() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into referrals_report_months (month, service, lssa_id, allocated_amhp_id, dimension, key, n)
    select m.month, m.service, m.lssa_id, m.allocated_amhp_id, m.dimension, m.key, count(*)::integer
    from new_rows r cross join lateral referrals_report_month_rows(r) m
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict on constraint referrals_report_months_key do update set n = referrals_report_months.n + excluded.n;
  elsif tg_op = 'DELETE' then
    insert into referrals_report_months (month, service, lssa_id, allocated_amhp_id, dimension, key, n)
    select m.month, m.service, m.lssa_id, m.allocated_amhp_id, m.dimension, m.key, -count(*)::integer
    from old_rows r cross join lateral referrals_report_month_rows(r) m
    group by 1, 2, 3, 4, 5, 6
    order by 1, 2, 3, 4, 5, 6
    on conflict on constraint referrals_report_months_key do update set n = referrals_report_months.n + excluded.n;
  else
    -- Only the rows whose counted columns changed: -1 where they were counted, +1 where they are now.
    insert into referrals_report_months (month, service, lssa_id, allocated_amhp_id, dimension, key, n)
    select c.month, c.service, c.lssa_id, c.allocated_amhp_id, c.dimension, c.key, sum(c.n)::integer
    from (
      select m.*, -1 as n
      from old_rows o join new_rows r on r.id = o.id cross join lateral referrals_report_month_rows(o) m
      where (o.received_at, o.lssa_id, o.allocated_amhp_id, o.source_type, o.received_via, o.decision, o.date_of_birth, o.legal_status)
        is distinct from (r.received_at, r.lssa_id, r.allocated_amhp_id, r.source_type, r.received_via, r.decision, r.date_of_birth, r.legal_status)
      union all
      select m.*, 1 as n
      from old_rows o join new_rows r on r.id = o.id cross join lateral referrals_report_month_rows(r) m
      where (o.received_at, o.lssa_id, o.allocated_amhp_id, o.source_type, o.received_via, o.decision, o.date_of_birth, o.legal_status)
        is distinct from (r.received_at, r.lssa_id, r.allocated_amhp_id, r.source_type, r.received_via, r.decision, r.date_of_birth, r.legal_status)
    ) c
    group by 1, 2, 3, 4, 5, 6
    having sum(c.n) <> 0
    order by 1, 2, 3, 4, 5, 6
    on conflict on constraint referrals_report_months_key do update set n = referrals_report_months.n + excluded.n;
  end if;
  return null;
end
$$;

create trigger referrals_report_months_insert after insert on referrals
  referencing new table as new_rows for each statement execute function referrals_report_months_apply();
create trigger referrals_report_months_update after update on referrals
  referencing old table as old_rows new table as new_rows for each statement execute function referrals_report_months_apply();
create trigger referrals_report_months_delete after delete on referrals
  referencing old table as old_rows for each statement execute function referrals_report_months_apply();

create function referrals_report_months_truncate() returns trigger language plpgsql as $$
begin
  delete from referrals_report_months;
  return null;
end
$$;
create trigger referrals_report_months_truncate after truncate on referrals
  for each statement execute function referrals_report_months_truncate();

-- The referrals already there.
insert into referrals_report_months (month, service, lssa_id, allocated_amhp_id, dimension, key, n)
select m.month, m.service, m.lssa_id, m.allocated_amhp_id, m.dimension, m.key, count(*)::integer
from referrals r cross join lateral referrals_report_month_rows(r) m
group by 1, 2, 3, 4, 5, 6;
