-- The first administrator (issue 19): `npm run create-admin` gives a one-time code that must be
-- changed at first sign-in. The flag lives with the credentials; a session opened with such a
-- code carries it too, so every page sends that person to "change your password" until they do.

alter table credentials add column must_change_password boolean not null default false;
alter table sessions add column must_change_password boolean not null default false;
