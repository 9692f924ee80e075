import type { Kysely } from 'kysely';
import type { Role } from '../../platform/roles.js';
import type { SafetyDb } from './safety-tables.js';

export interface PersonBrief {
  id: string;
  name: string;
  email: string;
  phone: string;
  teamId: string | null;
  lineManagerId: string | null;
}

export interface TeamBrief {
  id: string;
  name: string;
  kind: 'daytime' | 'edt' | 'other';
}

/** People and teams as safety reads them: through the staff module's read model only. */
export class SafetyPeopleRepository {
  async person(db: Kysely<SafetyDb>, id: string): Promise<PersonBrief | undefined> {
    return db.selectFrom('people').select(['id', 'name', 'email', 'phone', 'teamId', 'lineManagerId']).where('id', '=', id).executeTakeFirst();
  }

  async peopleNames(db: Kysely<SafetyDb>, ids: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter(Boolean))];
    if (unique.length === 0) return new Map();
    const rows = await db.selectFrom('people').select(['id', 'name']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  /** Active people holding any of the roles (in one team when given), by name. */
  async peopleWithRoles(db: Kysely<SafetyDb>, roles: readonly Role[], teamId?: string | null): Promise<PersonBrief[]> {
    let query = db
      .selectFrom('people')
      .innerJoin('personRoles', 'personRoles.personId', 'people.id')
      .select(['people.id', 'people.name', 'people.email', 'people.phone', 'people.teamId', 'people.lineManagerId'])
      .distinct()
      .where('people.active', '=', true)
      .where('personRoles.role', 'in', [...roles]);
    if (teamId) query = query.where('people.teamId', '=', teamId);
    return query.orderBy('people.name').execute();
  }

  async teams(db: Kysely<SafetyDb>): Promise<TeamBrief[]> {
    return db.selectFrom('teams').select(['id', 'name', 'kind']).orderBy('name').execute();
  }

  async team(db: Kysely<SafetyDb>, id: string): Promise<TeamBrief | undefined> {
    return db.selectFrom('teams').select(['id', 'name', 'kind']).where('id', '=', id).executeTakeFirst();
  }

  async firstTeamOfKind(db: Kysely<SafetyDb>, kind: 'daytime' | 'edt'): Promise<string | null> {
    const row = await db.selectFrom('teams').select('id').where('kind', '=', kind).orderBy('name').executeTakeFirst();
    return row?.id ?? null;
  }
}
