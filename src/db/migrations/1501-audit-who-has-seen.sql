-- "Who has seen this person" (issue 13): list and search rows name the ids they showed, in
-- summary.shown; this index lets a referral's access page find them among millions of rows.
create index audit_log_shown_idx on audit_log using gin ((summary -> 'shown') jsonb_path_ops);
