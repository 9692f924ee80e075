import type { Kysely } from 'kysely';
import { updateVersioned } from '../../platform/versioned-update.js';
import { isRole, type Role } from '../../platform/roles.js';
import type { OrganisationCommand, OrganisationKind, PeopleFilter, TeamCommand, TeamKind } from './staff-schemas.js';
import type { StaffTables } from './staff-tables.js';
import { ChangeStamp } from '../../platform/read-cache.js';

/**
 * Moves whenever this process writes people, roles, organisations or teams: the stamp behind the
 * cached option lists built from the directory (organisations, active AMHPs). Published through
 * the staff service (`directoryStamp`).
 */
export const directoryChanges = new ChangeStamp();

export type StaffDb = Kysely<StaffTables>;

export interface PersonSummary {
  id: string;
  name: string;
  email: string;
  jobTitle: string;
  phone: string;
  active: boolean;
  employingOrganisationId: string;
  organisationName: string;
  teamId: string | null;
  teamName: string | null;
  lineManagerId: string | null;
  lineManagerName: string | null;
  version: number;
  deactivatedAt: Date | null;
  deactivatedReason: string | null;
  roles: Role[];
}

export interface Organisation {
  id: string;
  name: string;
  shortName: string;
  kind: OrganisationKind;
  active: boolean;
}

export interface Team {
  id: string;
  name: string;
  kind: TeamKind;
  organisationId: string;
  organisationName: string;
}

/** The columns of a person a write sets (everything an administrator edits, roles apart). */
export interface PersonRow {
  name: string;
  email: string;
  jobTitle: string;
  phone: string;
  employingOrganisationId: string;
  teamId: string | null;
  lineManagerId: string | null;
}

function personQuery(db: StaffDb) {
  return db
    .selectFrom('people')
    .innerJoin('organisations', 'organisations.id', 'people.employingOrganisationId')
    .leftJoin('teams', 'teams.id', 'people.teamId')
    .leftJoin('people as manager', 'manager.id', 'people.lineManagerId')
    .select([
      'people.id',
      'people.name',
      'people.email',
      'people.jobTitle',
      'people.phone',
      'people.active',
      'people.employingOrganisationId',
      'organisations.name as organisationName',
      'people.teamId',
      'teams.name as teamName',
      'people.lineManagerId',
      'manager.name as lineManagerName',
      'people.version',
      'people.deactivatedAt',
      'people.deactivatedReason',
    ]);
}

async function rolesOf(db: StaffDb, personIds: readonly string[]): Promise<Map<string, Role[]>> {
  const byPerson = new Map<string, Role[]>();
  if (personIds.length === 0) return byPerson;
  const rows = await db.selectFrom('personRoles').select(['personId', 'role']).where('personId', 'in', [...personIds]).execute();
  for (const row of rows) {
    if (!isRole(row.role)) continue;
    byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row.role]);
  }
  return byPerson;
}

async function withRoles<T extends { id: string }>(db: StaffDb, people: T[]): Promise<Array<T & { roles: Role[] }>> {
  const roles = await rolesOf(db, people.map((p) => p.id));
  return people.map((person) => ({ ...person, roles: roles.get(person.id) ?? [] }));
}

export class StaffRepository {
  async listPeople(db: StaffDb, filter: PeopleFilter): Promise<PersonSummary[]> {
    let query = personQuery(db);
    if (filter.q) {
      const term = `%${filter.q.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
      query = query.where((eb) => eb.or([eb(eb.fn('lower', ['people.name']), 'like', term), eb(eb.fn('lower', ['people.email']), 'like', term)]));
    }
    if (filter.status === 'active') query = query.where('people.active', '=', true);
    if (filter.status === 'inactive') query = query.where('people.active', '=', false);
    if (filter.organisationId) query = query.where('people.employingOrganisationId', '=', filter.organisationId);
    if (filter.role) {
      const role = filter.role;
      query = query.where((eb) => eb.exists(eb.selectFrom('personRoles').select('personId').whereRef('personRoles.personId', '=', 'people.id').where('personRoles.role', '=', role)));
    }
    return withRoles(db, await query.orderBy('people.name').execute());
  }

  async findPerson(db: StaffDb, id: string): Promise<PersonSummary | undefined> {
    const row = await personQuery(db).where('people.id', '=', id).executeTakeFirst();
    return row ? (await withRoles(db, [row]))[0] : undefined;
  }

  async findPersonByEmail(db: StaffDb, email: string): Promise<PersonSummary | undefined> {
    const row = await personQuery(db)
      .where((eb) => eb(eb.fn('lower', ['people.email']), '=', email.toLowerCase()))
      .executeTakeFirst();
    return row ? (await withRoles(db, [row]))[0] : undefined;
  }

  async peopleWithRole(db: StaffDb, roles: readonly Role[], options: { activeOnly?: boolean } = {}): Promise<PersonSummary[]> {
    let query = personQuery(db).where((eb) =>
      eb.exists(eb.selectFrom('personRoles').select('personId').whereRef('personRoles.personId', '=', 'people.id').where('personRoles.role', 'in', [...roles])),
    );
    if (options.activeOnly !== false) query = query.where('people.active', '=', true);
    return withRoles(db, await query.orderBy('people.name').execute());
  }

  async names(db: StaffDb, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', [...ids]).execute();
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async everyone(db: StaffDb): Promise<Array<{ id: string; name: string; active: boolean }>> {
    return db.selectFrom('people').select(['id', 'name', 'active']).orderBy('name').execute();
  }

  async countPeople(db: StaffDb): Promise<number> {
    const row = await db.selectFrom('people').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async emailTaken(db: StaffDb, email: string, exceptId?: string): Promise<boolean> {
    let query = db.selectFrom('people').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
    if (exceptId) query = query.where('id', '<>', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  async personExists(db: StaffDb, id: string): Promise<boolean> {
    return (await db.selectFrom('people').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async insertPerson(db: StaffDb, person: PersonRow, roles: readonly Role[]): Promise<string> {
    directoryChanges.changed();
    const row = await db.insertInto('people').values(person).returning('id').executeTakeFirstOrThrow();
    await this.replaceRoles(db, row.id, roles);
    return row.id;
  }

  /** Replaces the person's details from the version read; returns the new version. */
  async updatePerson(db: StaffDb, id: string, person: PersonRow, expectedVersion: number, now: Date): Promise<number> {
    directoryChanges.changed();
    return updateVersioned(db, 'people', { id, expectedVersion }, { ...person, updatedAt: now }, 'person');
  }

  async setLineManager(db: StaffDb, id: string, lineManagerId: string | null): Promise<void> {
    directoryChanges.changed();
    await db.updateTable('people').set({ lineManagerId }).where('id', '=', id).execute();
  }

  async replaceRoles(db: StaffDb, personId: string, roles: readonly Role[]): Promise<void> {
    directoryChanges.changed();
    await db.deleteFrom('personRoles').where('personId', '=', personId).execute();
    if (roles.length > 0) {
      await db.insertInto('personRoles').values([...new Set(roles)].map((role) => ({ personId, role }))).execute();
    }
  }

  /** Deactivates (with the reason) or reactivates from the version read; returns the new version. */
  async setActive(db: StaffDb, id: string, active: boolean, reason: string | null, expectedVersion: number, now: Date): Promise<number> {
    directoryChanges.changed();
    return updateVersioned(
      db,
      'people',
      { id, expectedVersion },
      { active, deactivatedAt: active ? null : now, deactivatedReason: active ? null : reason, updatedAt: now },
      'person',
    );
  }

  /** Would making `managerId` the line manager of `personId` create a loop? */
  async managesIndirectly(db: StaffDb, personId: string, managerId: string): Promise<boolean> {
    let current: string | null = managerId;
    for (let depth = 0; current && depth < 50; depth += 1) {
      if (current === personId) return true;
      const row: { lineManagerId: string | null } | undefined = await db.selectFrom('people').select('lineManagerId').where('id', '=', current).executeTakeFirst();
      current = row?.lineManagerId ?? null;
    }
    return false;
  }

  async listOrganisations(db: StaffDb): Promise<Organisation[]> {
    return db.selectFrom('organisations').select(['id', 'name', 'shortName', 'kind', 'active']).orderBy('kind').orderBy('name').execute();
  }

  async findOrganisation(db: StaffDb, id: string): Promise<Organisation | undefined> {
    return db.selectFrom('organisations').select(['id', 'name', 'shortName', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
  }

  async organisationNameTaken(db: StaffDb, name: string): Promise<boolean> {
    return (await db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirst()) !== undefined;
  }

  async insertOrganisation(db: StaffDb, organisation: OrganisationCommand): Promise<string> {
    directoryChanges.changed();
    return (await db.insertInto('organisations').values(organisation).returning('id').executeTakeFirstOrThrow()).id;
  }

  private teamQuery(db: StaffDb) {
    return db
      .selectFrom('teams')
      .innerJoin('organisations', 'organisations.id', 'teams.organisationId')
      .select(['teams.id', 'teams.name', 'teams.kind', 'teams.organisationId', 'organisations.name as organisationName']);
  }

  async listTeams(db: StaffDb): Promise<Team[]> {
    return this.teamQuery(db).orderBy('teams.name').execute();
  }

  async findTeam(db: StaffDb, id: string): Promise<Team | undefined> {
    return this.teamQuery(db).where('teams.id', '=', id).executeTakeFirst();
  }

  async teamNameTaken(db: StaffDb, name: string): Promise<boolean> {
    return (await db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirst()) !== undefined;
  }

  async insertTeam(db: StaffDb, team: TeamCommand): Promise<string> {
    directoryChanges.changed();
    return (await db.insertInto('teams').values(team).returning('id').executeTakeFirstOrThrow()).id;
  }
}
