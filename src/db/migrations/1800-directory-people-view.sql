-- Issue 17: the session and the signed-in person in one query.
-- The staff module publishes who a person is for the platform's sign-in (the PeopleDirectory
-- port, as SQL): the platform joins its sessions to this view, so every request reads the
-- session, the person (active or not) and their roles in one round trip, always current:
-- a deactivated person or a removed role is refused on the very next request, with no cache to
-- invalidate. Only the columns the platform's Actor needs.
create view directory_people as
select
  p.id,
  p.name,
  p.email,
  p.active,
  p.employing_organisation_id as organisation_id,
  p.team_id,
  array(select r.role from person_roles r where r.person_id = p.id order by r.role) as roles
from people p;
