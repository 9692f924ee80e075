-- Issue 14, point 2: an escalation may be linked to a handover (duty) or a lone-working visit
-- (safety), as well as a referral and a partner organisation. Held by id only: the id is checked
-- through those modules' published services when the escalation is raised.
alter table escalations add column handover_id uuid;
alter table escalations add column visit_id uuid;
