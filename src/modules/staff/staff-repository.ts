import type { DbOrTx } from '../../db/database.js';
import { isRole, type Role } from '../../platform/roles.js';
import type { PeopleFilter, PersonInput } from './staff-schemas.js';

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
  approvalExpiresOn: string | null;
  version: number;
  deactivatedAt: Date | null;
  deactivatedReason: string | null;
  lastSignedInAt: Date | null;
  roles: Role[];
}

function personQuery(db: DbOrTx) {
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
      'people.approvalExpiresOn',
      'people.version',
      'people.deactivatedAt',
      'people.deactivatedReason',
      'people.lastSignedInAt',
    ]);
}

async function withRoles<T extends { id: string }>(db: DbOrTx, people: T[]): Promise<Array<T & { roles: Role[] }>> {
  if (people.length === 0) return [];
  const rows = await db
    .selectFrom('personRoles')
    .select(['personId', 'role'])
    .where(
      'personId',
      'in',
      people.map((p) => p.id),
    )
    .execute();
  const byPerson = new Map<string, Role[]>();
  for (const row of rows) {
    if (!isRole(row.role)) continue;
    byPerson.set(row.personId, [...(byPerson.get(row.personId) ?? []), row.role]);
  }
  return people.map((person) => ({ ...person, roles: byPerson.get(person.id) ?? [] }));
}

export class StaffRepository {
  async listPeople(db: DbOrTx, filter: PeopleFilter): Promise<PersonSummary[]> {
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

  async findPerson(db: DbOrTx, id: string): Promise<PersonSummary | undefined> {
    const row = await personQuery(db).where('people.id', '=', id).executeTakeFirst();
    return row ? (await withRoles(db, [row]))[0] : undefined;
  }

  async peopleWithRole(db: DbOrTx, roles: readonly Role[], options: { activeOnly?: boolean } = {}): Promise<PersonSummary[]> {
    let query = personQuery(db).where((eb) =>
      eb.exists(eb.selectFrom('personRoles').select('personId').whereRef('personRoles.personId', '=', 'people.id').where('personRoles.role', 'in', [...roles])),
    );
    if (options.activeOnly !== false) query = query.where('people.active', '=', true);
    return withRoles(db, await query.orderBy('people.name').execute());
  }

  async emailTaken(db: DbOrTx, email: string, exceptId?: string): Promise<boolean> {
    let query = db.selectFrom('people').select('id').where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()));
    if (exceptId) query = query.where('id', '<>', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  async insertPerson(db: DbOrTx, input: PersonInput, passwordHash: string | null): Promise<string> {
    const row = await db
      .insertInto('people')
      .values({
        name: input.name,
        email: input.email,
        jobTitle: input.jobTitle,
        phone: input.phone,
        employingOrganisationId: input.employingOrganisationId,
        teamId: input.teamId,
        lineManagerId: input.lineManagerId,
        approvalExpiresOn: input.approvalExpiresOn,
        passwordHash,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await this.replaceRoles(db, row.id, input.roles);
    return row.id;
  }

  /** Returns the number of rows updated: 0 means the version had moved on. */
  async updatePerson(db: DbOrTx, id: string, input: PersonInput, expectedVersion: number, now: Date): Promise<number> {
    const result = await db
      .updateTable('people')
      .set((eb) => ({
        name: input.name,
        email: input.email,
        jobTitle: input.jobTitle,
        phone: input.phone,
        employingOrganisationId: input.employingOrganisationId,
        teamId: input.teamId,
        lineManagerId: input.lineManagerId,
        approvalExpiresOn: input.approvalExpiresOn,
        version: eb('version', '+', 1),
        updatedAt: now,
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async replaceRoles(db: DbOrTx, personId: string, roles: readonly Role[]): Promise<void> {
    await db.deleteFrom('personRoles').where('personId', '=', personId).execute();
    if (roles.length > 0) {
      await db.insertInto('personRoles').values([...new Set(roles)].map((role) => ({ personId, role }))).execute();
    }
  }

  async setActive(db: DbOrTx, id: string, active: boolean, reason: string | null, expectedVersion: number, now: Date): Promise<number> {
    const result = await db
      .updateTable('people')
      .set((eb) => ({
        active,
        deactivatedAt: active ? null : now,
        deactivatedReason: active ? null : reason,
        version: eb('version', '+', 1),
        updatedAt: now,
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async setPasswordHash(db: DbOrTx, id: string, passwordHash: string, now: Date): Promise<void> {
    await db.updateTable('people').set((eb) => ({ passwordHash, failedSignInCount: 0, lockedUntil: null, updatedAt: now, version: eb('version', '+', 1) })).where('id', '=', id).execute();
  }

  /** Would making `managerId` the line manager of `personId` create a loop? */
  async managesIndirectly(db: DbOrTx, personId: string, managerId: string): Promise<boolean> {
    let current: string | null = managerId;
    for (let depth = 0; current && depth < 50; depth += 1) {
      if (current === personId) return true;
      const row: { lineManagerId: string | null } | undefined = await db.selectFrom('people').select('lineManagerId').where('id', '=', current).executeTakeFirst();
      current = row?.lineManagerId ?? null;
    }
    return false;
  }

  async listOrganisations(db: DbOrTx) {
    return db.selectFrom('organisations').selectAll().orderBy('kind').orderBy('name').execute();
  }

  async listTeams(db: DbOrTx) {
    return db
      .selectFrom('teams')
      .innerJoin('organisations', 'organisations.id', 'teams.organisationId')
      .select(['teams.id', 'teams.name', 'teams.kind', 'teams.organisationId', 'organisations.name as organisationName'])
      .orderBy('teams.name')
      .execute();
  }
}
