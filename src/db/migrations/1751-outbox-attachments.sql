-- E-mail attachments in the outbox (issue 16: the hospital's copy of the statutory forms is sent
-- as a PDF attachment). Each: { filename, contentType, contentBase64 }.
alter table notification_outbox add column attachments jsonb not null default '[]';
