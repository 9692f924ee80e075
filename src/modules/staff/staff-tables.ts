import type { Generated } from 'kysely';
import type { InstantDefaultNow, ReadOnlyTable } from '../../db/column-types.js';

// The staff module owns the organisations the service acts for, its teams, people and roles.
// Sign-in credentials are not here: they belong to the platform (platform-tables.ts, `credentials`).

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  shortName: string;
  kind: 'lssa' | 'nhs_trust' | 'other';
  active: Generated<boolean>;
  createdAt: InstantDefaultNow;
}

export interface TeamsTable {
  id: Generated<string>;
  name: string;
  kind: 'daytime' | 'edt' | 'other';
  organisationId: string;
  createdAt: InstantDefaultNow;
}

export interface PeopleTable {
  id: Generated<string>;
  email: string;
  name: string;
  jobTitle: Generated<string>;
  phone: Generated<string>;
  employingOrganisationId: string;
  lineManagerId: string | null;
  teamId: string | null;
  active: Generated<boolean>;
  deactivatedAt: Date | null;
  deactivatedReason: string | null;
  version: Generated<number>;
  createdAt: InstantDefaultNow;
  updatedAt: InstantDefaultNow;
}

export interface PersonRolesTable {
  personId: string;
  role: string;
}

export interface StaffTables {
  organisations: OrganisationsTable;
  teams: TeamsTable;
  people: PeopleTable;
  personRoles: PersonRolesTable;
}

/**
 * What staff publishes for other modules to read (and join) — never to write: people, roles,
 * teams and organisations. A module's repository is typed with its own
 * tables plus this.
 */
export interface StaffReadModel {
  organisations: ReadOnlyTable<Pick<OrganisationsTable, 'id' | 'name' | 'shortName' | 'kind' | 'active'>>;
  teams: ReadOnlyTable<Pick<TeamsTable, 'id' | 'name' | 'kind' | 'organisationId'>>;
  people: ReadOnlyTable<Pick<PeopleTable, 'id' | 'email' | 'name' | 'jobTitle' | 'phone' | 'employingOrganisationId' | 'lineManagerId' | 'teamId' | 'active'>>;
  personRoles: ReadOnlyTable<PersonRolesTable>;
}
