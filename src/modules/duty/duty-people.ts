import { ROLES } from '../../platform/roles.js';
import type { StaffService } from '../staff/staff-service.js';

/** What duty asks of the staff module: people with their roles, and the teams. */
export type DutyStaff = Pick<StaffService, 'peopleWithRole' | 'teams'>;

export interface DutyPerson {
  id: string;
  name: string;
  organisationName: string;
  teamId: string | null;
  roles: string[];
  active: boolean;
}

/** Names for ids, read through the staff service (one query per request). */
export class PeopleNames {
  private constructor(private readonly byId: Map<string, DutyPerson>) {}

  static async load(staff: DutyStaff): Promise<PeopleNames> {
    const people = await staff.peopleWithRole(ROLES, { activeOnly: false });
    return new PeopleNames(new Map(people.map((p) => [p.id, { id: p.id, name: p.name, organisationName: p.organisationName, teamId: p.teamId, roles: p.roles, active: p.active }])));
  }

  name(id: string | null | undefined): string {
    if (!id) return '';
    return this.byId.get(id)?.name ?? 'Unknown person';
  }

  get(id: string): DutyPerson | undefined {
    return this.byId.get(id);
  }

  /** Active people holding any of the roles, by name. */
  withRoles(roles: readonly string[]): DutyPerson[] {
    return [...this.byId.values()].filter((p) => p.active && p.roles.some((r) => roles.includes(r))).sort((a, b) => a.name.localeCompare(b.name));
  }

  amhps(): DutyPerson[] {
    return this.withRoles(['amhp']);
  }
}
