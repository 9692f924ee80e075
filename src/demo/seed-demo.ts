import { inTransaction } from '../db/database.js';
import { hashPassword } from '../platform/auth/passwords.js';
import type { DemoIds } from '../platform/http/module.js';
import { allModuleParts } from '../modules/index.js';
import type { Services } from '../services.js';
import { DEMO_ORGANISATIONS, DEMO_PEOPLE, DEMO_TEAMS } from './demo-people.js';


export async function databaseIsEmpty(services: Services): Promise<boolean> {
  const row = await services.db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export async function seedDemo(services: Services, password: string): Promise<DemoIds> {
  const passwordHash = await hashPassword(password);
  const ids: DemoIds = { organisations: {}, teams: {}, people: {} };
  await inTransaction(services.db, async (trx) => {
    for (const org of DEMO_ORGANISATIONS) {
      const row = await trx.insertInto('organisations').values({ name: org.name, shortName: org.shortName, kind: org.kind }).returning('id').executeTakeFirstOrThrow();
      ids.organisations[org.key] = row.id;
    }
    for (const team of DEMO_TEAMS) {
      const row = await trx
        .insertInto('teams')
        .values({ name: team.name, kind: team.kind, organisationId: ids.organisations[team.organisation] ?? '' })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.teams[team.key] = row.id;
    }
    for (const [index, person] of DEMO_PEOPLE.entries()) {
      const row = await trx
        .insertInto('people')
        .values({
          name: person.name,
          email: person.email,
          jobTitle: person.jobTitle,
          phone: `01632 960${String(100 + index).padStart(3, '0')}`,
          employingOrganisationId: ids.organisations[person.organisation] ?? '',
          teamId: person.team ? (ids.teams[person.team] ?? null) : null,
          lineManagerId: null,
          approvalExpiresOn: person.approvalExpiresOn ?? null,
          passwordHash,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.people[person.key] = row.id;
      await trx.insertInto('personRoles').values(person.roles.map((role) => ({ personId: row.id, role }))).execute();
    }
    for (const person of DEMO_PEOPLE) {
      if (!person.manager) continue;
      await trx.updateTable('people').set({ lineManagerId: ids.people[person.manager] ?? null }).where('id', '=', ids.people[person.key] ?? '').execute();
    }
    await services.audit.record(trx, { actor: null, requestId: 'demo-seed' }, { action: 'demo_seeded', entityType: 'service', summary: { people: DEMO_PEOPLE.length } });
  });
  // Each module adds its part of the story, in layer order.
  for (const module of allModuleParts(services)) await module.seedDemo?.(ids);
  return ids;
}
