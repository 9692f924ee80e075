import type { DirectoryPerson, PeopleDirectory } from '../../platform/auth/people-directory.js';
import { StaffRepository, type PersonSummary, type StaffDb } from './staff-repository.js';

function entry(person: PersonSummary): DirectoryPerson {
  return {
    id: person.id,
    name: person.name,
    email: person.email,
    roles: person.roles,
    active: person.active,
    organisationId: person.employingOrganisationId,
    teamId: person.teamId,
  };
}

/** Staff's implementation of the platform's port: how auth, the audit log and the outbox read people. */
export class StaffDirectory implements PeopleDirectory {
  private readonly repository = new StaffRepository();

  constructor(private readonly db: StaffDb) {}

  async byId(id: string): Promise<DirectoryPerson | undefined> {
    const person = await this.repository.findPerson(this.db, id);
    return person ? entry(person) : undefined;
  }

  async byEmail(email: string): Promise<DirectoryPerson | undefined> {
    const person = await this.repository.findPersonByEmail(this.db, email);
    return person ? entry(person) : undefined;
  }

  async names(ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    return this.repository.names(this.db, ids);
  }

  async everyone(): Promise<Array<{ id: string; name: string; active: boolean }>> {
    return this.repository.everyone(this.db);
  }
}
