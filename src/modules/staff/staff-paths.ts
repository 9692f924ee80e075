import { definePaths } from '../../platform/http/paths.js';

/** Every URL of the staff module: routes, redirects and templates (`paths.staff.person({ id })`). */
export const staffPaths = definePaths({
  people: '/admin/people',
  newPerson: '/admin/people/new',
  person: '/admin/people/:id',
  editPerson: '/admin/people/:id/edit',
  deactivate: '/admin/people/:id/deactivate',
  reactivate: '/admin/people/:id/reactivate',
  password: '/admin/people/:id/password',
  organisations: '/admin/organisations',
  teams: '/admin/teams',

  apiPeople: '/api/v1/people',
  apiPerson: '/api/v1/people/:id',
  apiDeactivate: '/api/v1/people/:id/deactivate',
  apiReactivate: '/api/v1/people/:id/reactivate',
  apiPassword: '/api/v1/people/:id/password',
  apiOrganisations: '/api/v1/organisations',
  apiTeams: '/api/v1/teams',
});
