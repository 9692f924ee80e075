-- Recorded after the event (issue 12 item 8): a referral decision made at 09:45 and recorded at
-- 16:50 keeps both. decided_at is when the decision was made (as the person says, London time);
-- decision_recorded_at is when it was entered. The same for additional hours decisions.
-- Existing rows were entered as they were made: both times are the same.

alter table referrals add column decision_recorded_at timestamptz;
update referrals set decision_recorded_at = decided_at where decided_at is not null;

alter table safety_hours_claims add column decision_recorded_at timestamptz;
update safety_hours_claims set decision_recorded_at = decided_at where decided_at is not null;
