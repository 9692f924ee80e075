-- The partner agency role (issue 14): a person at a police force, ambulance service or trust who
-- raises concerns with the service and sees only their organisation's escalations.
alter table person_roles drop constraint person_roles_role_check;
alter table person_roles add constraint person_roles_role_check check (role in (
  'amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'line_manager',
  'business_support', 'lead_amhp', 'governance_viewer', 'admin', 'partner'
));
