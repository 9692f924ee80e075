-- Sign-in credentials belong to the platform (auth), not to the staff module's people: the
-- password hash, the failed sign-in count and lock, and the last sign-in move to their own table.
-- Staff's people table keeps who a person is; auth never reads or writes it.

create table credentials (
  person_id uuid primary key references people (id),
  password_hash text,
  failed_sign_in_count integer not null default 0,
  locked_until timestamptz,
  last_signed_in_at timestamptz,
  updated_at timestamptz not null default now()
);

insert into credentials (person_id, password_hash, failed_sign_in_count, locked_until, last_signed_in_at)
select id, password_hash, failed_sign_in_count, locked_until, last_signed_in_at
from people
where password_hash is not null or failed_sign_in_count <> 0 or locked_until is not null or last_signed_in_at is not null;

alter table people
  drop column password_hash,
  drop column failed_sign_in_count,
  drop column locked_until,
  drop column last_signed_in_at;
