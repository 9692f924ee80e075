-- The lawful alternative when the authority to convey and admit has run out (s6(1)): the AMHP
-- records "application lapsed: the person was not admitted under it" instead of an admission.
-- The record keeps the section the application was made under (application_section) and when it
-- was made; there is no admission. The recommendation form column was never written (the form
-- is read from the doctors' joint/separate answers): dropped.

alter table assessments drop constraint assessments_application_matches_outcome;
alter table assessments drop constraint assessments_outcome_check;

alter table assessments add constraint assessments_outcome_check check (outcome is null or outcome in (
  's2', 's3', 's4', 'guardianship', 'application_lapsed', 'informal_admission', 'crht_home_treatment',
  'community_follow_up', 'no_further_action', 'assessment_not_possible', 'other'));

alter table assessments add constraint assessments_application_matches_outcome check (
  (outcome in ('s2', 's3', 's4', 'guardianship') and application_section = outcome)
  or (outcome = 'application_lapsed' and application_section in ('s2', 's3', 's4') and application_at is not null and admitted_at is null)
  or ((outcome is null or outcome not in ('s2', 's3', 's4', 'guardianship', 'application_lapsed')) and application_section is null));

alter table assessments drop column recommendation_form;
