import type { Services } from '../../src/services.js';

/**
 * The small service every test database starts with (no demo data): two councils, the NHS
 * trust, the daytime AMHP team and EDT, and one system administrator who builders act as.
 * Made through the staff module as any directory is (its password through the platform's accounts).
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
  await services.staff.seedDirectory(
    {
      organisations: Object.entries(BASE.organisations).map(([key, org]) => ({ key, ...org })),
      teams: Object.entries(BASE.teams).map(([key, team]) => ({ key, ...team })),
      people: [{ key: 'admin', name: BASE.admin.name, email: BASE.admin.email, organisation: 'northshire', team: null, roles: ['admin'] }],
    },
    BASE.password,
    'base-data',
  );
}
