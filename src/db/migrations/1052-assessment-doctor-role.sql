-- The doctor's role on the assessment (issue 12 item 10): GP, consultant psychiatrist, approved
-- clinician or other. Records made before roles keep null ("not recorded").
alter table assessment_doctors add column role text
  check (role is null or role in ('gp', 'consultant_psychiatrist', 'approved_clinician', 'other'));
