-- Every editable record has an id and a version, so one helper (db/versioned-update.ts) does
-- every optimistic-locking update. The register entry was keyed by person only; it gets an id.
alter table register_entries add column id uuid not null default gen_random_uuid();
alter table register_entries add constraint register_entries_id_key unique (id);
