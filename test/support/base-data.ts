import { hashPassword } from '../../src/platform/auth/passwords.js';
import type { Services } from '../../src/services.js';

/**
 * The small service every test database starts with (no demo data): two councils, the NHS
 * trust, the daytime AMHP team and EDT, and one system administrator who builders act as.
 * Written with SQL on purpose: it is the test fixture, not product code.
 */
export const BASE = {
  password: 'correct horse battery staple',
  admin: { name: 'Tess Administrator', email: 'admin@test.example.org' },
  organisations: {
    northshire: { name: 'Northshire County Council', shortName: 'Northshire', kind: 'lssa' },
    westford: { name: 'Westford Borough Council', shortName: 'Westford', kind: 'lssa' },
    trust: { name: 'Northshire and Westford NHS Foundation Trust', shortName: 'NWFT', kind: 'nhs_trust' },
  },
  teams: {
    daytime: { name: 'Northshire AMHP Service', kind: 'daytime', organisation: 'northshire' },
    edt: { name: 'Northshire Emergency Duty Team', kind: 'edt', organisation: 'northshire' },
  },
} as const;

export type OrganisationKey = keyof typeof BASE.organisations;
export type TeamKey = keyof typeof BASE.teams;

export async function seedBaseData(services: Services): Promise<void> {
  const db = services.db;
  const orgIds: Record<string, string> = {};
  for (const [key, org] of Object.entries(BASE.organisations)) {
    const row = await db.insertInto('organisations').values({ name: org.name, shortName: org.shortName, kind: org.kind }).returning('id').executeTakeFirstOrThrow();
    orgIds[key] = row.id;
  }
  for (const team of Object.values(BASE.teams)) {
    await db.insertInto('teams').values({ name: team.name, kind: team.kind, organisationId: orgIds[team.organisation]! }).execute();
  }
  const admin = await db
    .insertInto('people')
    .values({ name: BASE.admin.name, email: BASE.admin.email, employingOrganisationId: orgIds.northshire!, teamId: null, lineManagerId: null, approvalExpiresOn: null, passwordHash: await hashPassword(BASE.password) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('personRoles').values({ personId: admin.id, role: 'admin' }).execute();
}
