import type { DemoIds } from '../platform/module.js';
import type { Services } from '../services.js';
import { DEMO_ORGANISATIONS, DEMO_PEOPLE, DEMO_TEAMS } from './demo-people.js';

/** A new installation: nobody has been added yet (the demo is seeded only then). */
export async function databaseIsEmpty(services: Services): Promise<boolean> {
  return services.staff.isEmpty();
}

/**
 * The fictional demo service. Staff creates the organisations, teams and people (everyone with
 * the demo password); then each module adds its part of the story, in layer order, on those ids.
 * No SQL here: every record is made by its owning module.
 */
export async function seedDemo(services: Services, password: string): Promise<DemoIds> {
  const seeded = await services.staff.seedDirectory(
    {
      organisations: DEMO_ORGANISATIONS,
      teams: DEMO_TEAMS,
      people: DEMO_PEOPLE.map((person, index) => ({
        key: person.key,
        name: person.name,
        email: person.email,
        jobTitle: person.jobTitle,
        // Ofcom's drama range: numbers that ring nobody.
        phone: `01632 960${String(100 + index).padStart(3, '0')}`,
        organisation: person.organisation,
        team: person.team,
        roles: person.roles,
        ...(person.manager ? { manager: person.manager } : {}),
      })),
    },
    password,
    'demo-seed',
  );
  const ids: DemoIds = { ...seeded, directory: DEMO_PEOPLE };
  for (const module of services.modules) await module.seedDemo?.(ids);
  await services.audit.record(services.db, { actor: null, requestId: 'demo-seed' }, { action: 'demo_seeded', entityType: 'service', summary: { people: DEMO_PEOPLE.length } });
  return ids;
}
