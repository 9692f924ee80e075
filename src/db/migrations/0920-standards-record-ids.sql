-- Each standard's record gets its own id, so it is saved through the one optimistic-locking
-- update (db/versioned-update.ts: `where id = ? and version = ?`) like every other record.
-- The primary key stays (evaluation_id, standard_number).
alter table standards_records add column id uuid not null default gen_random_uuid();
create unique index standards_records_id_idx on standards_records (id);
