import type { Role } from '../roles.js';

/** A person as the platform needs to know them: who they are, what they may do, where they sit. */
export interface DirectoryPerson {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  active: boolean;
  organisationId: string;
  teamId: string | null;
}

/**
 * How the platform reads people. The platform owns no people: the staff module does, and
 * implements this port; the composition root hands it to auth, the audit search and the outbox.
 */
export interface PeopleDirectory {
  /** A person by id, active or not. */
  byId(id: string): Promise<DirectoryPerson | undefined>;
  /** A person by e-mail address, compared without case, active or not. */
  byEmail(email: string): Promise<DirectoryPerson | undefined>;
  /** Names of many people at once (audit and outbox lists); unknown ids are left out. */
  names(ids: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** Everyone, active or not, by name (the audit search's "person" filter). */
  everyone(): Promise<Array<{ id: string; name: string; active: boolean }>>;
}

/** The part of the directory a list of records needs to show who did what. */
export type PersonNames = Pick<PeopleDirectory, 'names'>;
