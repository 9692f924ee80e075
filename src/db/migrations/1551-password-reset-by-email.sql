-- Resetting a forgotten password by e-mail (issue 13): a single-use link valid for 30 minutes.
-- Only the SHA-256 of the link's token is stored, so the table gives nobody a way in.
create table password_reset_tokens (
  token_hash text primary key,
  person_id uuid not null references people (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz
);
create index password_reset_tokens_person_idx on password_reset_tokens (person_id);
