import type { ServiceContext } from '../../../src/platform/audit.js';
import type { Actor, Role } from '../../../src/platform/roles.js';
import type { Services } from '../../../src/services.js';
import { BASE, type OrganisationKey, type TeamKey } from '../base-data.js';
import { nextNumber } from './numbering.js';

export interface TestPerson {
  id: string;
  name: string;
  email: string;
  actor: Actor;
  /** A service context acting as this person. */
  ctx: ServiceContext;
}


/** The base template's administrator, for builders and tests that set things up. */
export async function adminContext(services: Services): Promise<ServiceContext> {
  const [admin] = await services.staff.peopleWithRole(['admin']);
  if (!admin) throw new Error('The base template has no administrator');
  const actor = await services.auth.loadActor(admin.id);
  if (!actor) throw new Error('The base administrator is not active');
  return { actor, requestId: 'test-setup' };
}

export async function organisationId(services: Services, key: OrganisationKey): Promise<string> {
  const found = (await services.staff.organisations()).find((o) => o.name === BASE.organisations[key].name);
  if (!found) throw new Error(`No base organisation ${key}`);
  return found.id;
}

export async function teamId(services: Services, key: TeamKey): Promise<string> {
  const found = (await services.staff.teams()).find((t) => t.name === BASE.teams[key].name);
  if (!found) throw new Error(`No base team ${key}`);
  return found.id;
}

/**
 * A person, built through the staff service as an administrator would add them:
 * `await aPerson('Ava Amhp').withRoles('amhp').inTeam('daytime').build(services)`.
 */
export function aPerson(name?: string) {
  const spec: { name: string; roles: Role[]; team: TeamKey | null; organisation: OrganisationKey; lineManagerId: string | null; password: string | null; jobTitle: string } = {
    name: name ?? `Test Person ${nextNumber('staff')}`,
    roles: ['amhp'],
    team: 'daytime',
    organisation: 'northshire',
    lineManagerId: null,
    password: BASE.password,
    jobTitle: '',
  };
  const builder = {
    withRoles(...roles: Role[]) {
      spec.roles = roles;
      return builder;
    },
    inTeam(team: TeamKey | null) {
      spec.team = team;
      return builder;
    },
    employedBy(organisation: OrganisationKey) {
      spec.organisation = organisation;
      return builder;
    },
    managedBy(person: { id: string }) {
      spec.lineManagerId = person.id;
      return builder;
    },
    withJobTitle(jobTitle: string) {
      spec.jobTitle = jobTitle;
      return builder;
    },
    withoutPassword() {
      spec.password = null;
      return builder;
    },
    async build(services: Services): Promise<TestPerson> {
      const admin = await adminContext(services);
      const n = nextNumber('staff');
      const email = `${spec.name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${n}@test.example.org`;
      const id = await services.staff.addPerson(
        admin,
        {
          name: spec.name,
          email,
          jobTitle: spec.jobTitle,
          employingOrganisationId: await organisationId(services, spec.organisation),
          teamId: spec.team ? await teamId(services, spec.team) : null,
          lineManagerId: spec.lineManagerId,
          roles: spec.roles,
        },
        spec.password ?? undefined,
      );
      const actor = await services.auth.loadActor(id);
      if (!actor) throw new Error('The new person is not active');
      return { id, name: spec.name, email, actor, ctx: { actor, requestId: `test-${n}` } };
    },
  };
  return builder;
}
