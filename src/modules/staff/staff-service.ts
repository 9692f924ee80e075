import { inTransaction } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { CredentialsService } from '../../platform/auth/credentials-service.js';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { requireRole, ROLES, type Role } from '../../platform/roles.js';
import { type ChangeStamp, OPTION_LIST_MAX_AGE_MS, ReadCache } from '../../platform/read-cache.js';
import { StaffRepository, directoryChanges, type Organisation, type PersonRow, type PersonSummary, type StaffDb, type Team } from './staff-repository.js';
import type { AddPersonCommand, DeactivateCommand, OrganisationCommand, PeopleFilter, PersonDetails, TeamCommand, UpdatePersonCommand } from './staff-schemas.js';

export type { Organisation, PersonSummary, Team } from './staff-repository.js';

/** Roles that may see the staff directory (names, teams, roles — no health data). */
export const DIRECTORY_READERS: readonly Role[] = ['admin', 'amhp_lead', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp', 'line_manager'];

/** What staff needs from the platform's accounts: passwords and ending access (never its tables). */
export type StaffCredentials = Pick<CredentialsService, 'preparePassword' | 'storePassword' | 'resetPassword' | 'endAllAccess'> & Partial<Pick<CredentialsService, 'storeOneTimeCode'>>;

/** The first administrator of a new installation (`npm run create-admin`). */
export interface FirstAdministratorCommand {
  name: string;
  email: string;
  /** Their employing organisation: found by name, or added (the service's host council, usually). */
  organisationName: string;
  organisationKind: OrganisationCommand['kind'];
}

/** One person of an import (setup/imports), checked before: created, or updated from the version read. */
export type PersonImportChange = {
  row: number;
  details: { name: string; email: string; jobTitle: string; phone: string; employingOrganisationId: string; teamId: string | null };
  roles: Role[];
  /** Set after everyone is in, so a manager may be further down the file (null: none). */
  lineManagerEmail: string | null;
} & ({ kind: 'create' } | { kind: 'update'; personId: string; version: number; changed: string[] });

export class AdministratorExistsError extends Error {
  constructor() {
    super('An administrator already exists: sign in as them and add people under Administration → People and roles.');
  }
}

export interface StaffDependencies {
  db: StaffDb;
  clock: Clock;
  audit: Pick<AuditLog, 'record'>;
  credentials: StaffCredentials;
}

/** Organisations, teams and people for a whole service at once (the demo, the test base data). */
export interface DirectorySeed {
  organisations: ReadonlyArray<{ key: string; name: string; shortName: string; kind: OrganisationCommand['kind'] }>;
  teams: ReadonlyArray<{ key: string; name: string; kind: TeamCommand['kind']; organisation: string }>;
  people: ReadonlyArray<{ key: string; name: string; email: string; jobTitle?: string; phone?: string; organisation: string; team: string | null; roles: readonly Role[]; manager?: string }>;
}

export interface DirectoryIds {
  organisations: Record<string, string>;
  teams: Record<string, string>;
  people: Record<string, string>;
}

const PERSON_FIELDS = ['name', 'email', 'jobTitle', 'phone', 'employingOrganisationId', 'teamId', 'lineManagerId'] as const;

function personRow(details: PersonDetails): PersonRow {
  return {
    name: details.name,
    email: details.email,
    jobTitle: details.jobTitle ?? '',
    phone: details.phone ?? '',
    employingOrganisationId: details.employingOrganisationId,
    teamId: details.teamId ?? null,
    lineManagerId: details.lineManagerId ?? null,
  };
}

/** People, their roles and line managers; the organisations and teams they belong to. */
/**
 * How long the shared list of people with their roles (names on boards, who can be allocated)
 * may be used without a change this instance saw: a few seconds, for another instance's change.
 * Who is signed in, and with which roles, is never read from it (the session read, every request).
 */
export const PEOPLE_MAX_AGE_MS = 5_000;

export class StaffService {
  private readonly repository = new StaffRepository();
  private readonly db: StaffDb;
  private readonly clock: Clock;
  private readonly audit: Pick<AuditLog, 'record'>;
  private readonly credentials: StaffCredentials;

  constructor(deps: StaffDependencies) {
    this.db = deps.db;
    this.clock = deps.clock;
    this.audit = deps.audit;
    this.credentials = deps.credentials;
    this.organisationList = new ReadCache({ load: () => this.repository.listOrganisations(this.db), stamp: directoryChanges, clock: this.clock, maxAgeMs: OPTION_LIST_MAX_AGE_MS });
    this.teamList = new ReadCache({ load: () => this.repository.listTeams(this.db), stamp: directoryChanges, clock: this.clock, maxAgeMs: OPTION_LIST_MAX_AGE_MS });
    this.everyoneWithRoles = new ReadCache({ load: () => this.repository.peopleWithRole(this.db, ROLES, { activeOnly: false }), stamp: directoryChanges, clock: this.clock, maxAgeMs: PEOPLE_MAX_AGE_MS });
  }

  /** Everyone holding a role, active or not, by name: one read shared until the directory changes. */
  private readonly everyoneWithRoles: ReadCache<PersonSummary[]>;
  private readonly teamList: ReadCache<Team[]>;

  async listPeople(ctx: ServiceContext, filter: PeopleFilter): Promise<PersonSummary[]> {
    requireRole(ctx.actor, DIRECTORY_READERS, 'see the staff list');
    return this.repository.listPeople(this.db, filter);
  }

  async getPerson(ctx: ServiceContext, id: string): Promise<PersonSummary> {
    if (ctx.actor.personId !== id) requireRole(ctx.actor, DIRECTORY_READERS, 'see this person');
    const person = await this.repository.findPerson(this.db, id);
    if (!person) throw new NotFoundError('The person');
    await this.audit.record(this.db, ctx, { action: 'person_viewed', entityType: 'person', entityId: id });
    return person;
  }

  /** For other modules: active people holding any of the roles (e.g. AMHPs to allocate). */
  async peopleWithRole(roles: readonly Role[], options: { activeOnly?: boolean } = {}): Promise<PersonSummary[]> {
    // The shared read (see PEOPLE_MAX_AGE_MS): a copy of each row, so no caller changes another's.
    return (await this.everyoneWithRoles.get())
      .filter((person) => (options.activeOnly === false || person.active) && person.roles.some((role) => roles.includes(role)))
      .map((person) => ({ ...person, roles: [...person.roles] }));
  }

  /** For other modules: a person by id without a permission check (callers check their own). */
  async findPerson(id: string): Promise<PersonSummary | undefined> {
    return this.repository.findPerson(this.db, id);
  }

  async organisations(): Promise<Organisation[]> {
    return (await this.organisationList.get()).map((organisation) => ({ ...organisation }));
  }

  /** Read once and shared until an organisation changes (option lists on every page). */
  private readonly organisationList: ReadCache<Organisation[]>;

  /** Moves whenever people, roles, organisations or teams change in this process (for caches above staff). */
  get directoryStamp(): ChangeStamp {
    return directoryChanges;
  }

  /** The local authorities (LSSAs) the service acts for, active ones only. */
  async lssas(): Promise<Organisation[]> {
    return (await this.organisationList.get()).filter((o) => o.kind === 'lssa' && o.active);
  }

  async teams(): Promise<Team[]> {
    return (await this.teamList.get()).map((team) => ({ ...team }));
  }

  /** True before anyone has been added: a new installation (the demo is seeded only then). */
  async isEmpty(): Promise<boolean> {
    return (await this.repository.countPeople(this.db)) === 0;
  }

  /** Adds a person with their roles (and a first password, if given); returns their id. */
  async addPerson(ctx: ServiceContext, command: AddPersonCommand, initialPassword?: string): Promise<string> {
    requireRole(ctx.actor, ['admin'], 'add people');
    const password = initialPassword ? await this.credentials.preparePassword(initialPassword) : undefined;
    return inTransaction(this.db, async (trx) => {
      if (await this.repository.emailTaken(trx, command.email)) throw ValidationError.of('email', 'Someone already has this email address');
      await this.checkReferences(trx, command);
      const id = await this.repository.insertPerson(trx, personRow(command), command.roles);
      if (password) await this.credentials.storePassword(trx, id, password);
      await this.audit.record(trx, ctx, {
        action: 'person_added',
        entityType: 'person',
        entityId: id,
        summary: { roles: command.roles, organisationId: command.employingOrganisationId, teamId: command.teamId ?? null },
      });
      return id;
    });
  }

  /** Replaces a person's details and roles; removing a role ends their sessions at once. */
  async updatePerson(ctx: ServiceContext, id: string, command: UpdatePersonCommand): Promise<PersonSummary> {
    requireRole(ctx.actor, ['admin'], 'edit people');
    return inTransaction(this.db, async (trx) => {
      const before = await this.repository.findPerson(trx, id);
      if (!before) throw new NotFoundError('The person');
      if (await this.repository.emailTaken(trx, command.email, id)) throw ValidationError.of('email', 'Someone else already has this email address');
      await this.checkReferences(trx, command, id);
      if (id === ctx.actor.personId && before.roles.includes('admin') && !command.roles.includes('admin')) {
        throw ValidationError.of('roles', 'You cannot remove your own system administrator role');
      }
      const row = personRow(command);
      await this.repository.updatePerson(trx, id, row, command.version, this.clock.now());
      const rolesBefore = [...before.roles].sort();
      const rolesAfter = [...new Set(command.roles)].sort();
      const rolesChanged = rolesBefore.join() !== rolesAfter.join();
      if (rolesChanged) await this.repository.replaceRoles(trx, id, rolesAfter);
      const changed = PERSON_FIELDS.filter((field) => (before[field] ?? null) !== (row[field] ?? null));
      await this.audit.record(trx, ctx, { action: 'person_updated', entityType: 'person', entityId: id, summary: { changed } });
      if (rolesChanged) {
        await this.audit.record(trx, ctx, {
          action: 'roles_changed',
          entityType: 'person',
          entityId: id,
          summary: { added: rolesAfter.filter((r) => !rolesBefore.includes(r)), removed: rolesBefore.filter((r) => !rolesAfter.includes(r)) },
        });
        // New roles take effect at once; removed ones must not linger in an open session.
        if (rolesBefore.some((r) => !rolesAfter.includes(r))) await this.credentials.endAllAccess(trx, id);
      }
      return this.mustFind(trx, id);
    });
  }

  /** Never deletes: the person stays, marked deactivated with the reason, and is signed out. */
  async deactivate(ctx: ServiceContext, id: string, command: DeactivateCommand): Promise<PersonSummary> {
    requireRole(ctx.actor, ['admin'], 'deactivate people');
    if (id === ctx.actor.personId) throw ValidationError.of('reason', 'You cannot deactivate your own account');
    return inTransaction(this.db, async (trx) => {
      await this.mustFind(trx, id);
      await this.repository.setActive(trx, id, false, command.reason, command.version, this.clock.now());
      await this.credentials.endAllAccess(trx, id);
      await this.audit.record(trx, ctx, { action: 'person_deactivated', entityType: 'person', entityId: id });
      return this.mustFind(trx, id);
    });
  }

  async reactivate(ctx: ServiceContext, id: string, version: number): Promise<PersonSummary> {
    requireRole(ctx.actor, ['admin'], 'reactivate people');
    return inTransaction(this.db, async (trx) => {
      await this.mustFind(trx, id);
      await this.repository.setActive(trx, id, true, null, version, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'person_reactivated', entityType: 'person', entityId: id });
      return this.mustFind(trx, id);
    });
  }

  /** An administrator sets a password (through the platform's accounts); their sessions end. */
  async setPassword(ctx: ServiceContext, id: string, password: string): Promise<PersonSummary> {
    requireRole(ctx.actor, ['admin'], 'set passwords');
    const prepared = await this.credentials.preparePassword(password);
    return inTransaction(this.db, async (trx) => {
      const person = await this.mustFind(trx, id);
      await this.credentials.resetPassword(trx, id, prepared);
      await this.audit.record(trx, ctx, { action: 'password_set', entityType: 'person', entityId: id });
      return person;
    });
  }

  async addOrganisation(ctx: ServiceContext, command: OrganisationCommand): Promise<Organisation> {
    requireRole(ctx.actor, ['admin'], 'add organisations');
    return inTransaction(this.db, async (trx) => {
      if (await this.repository.organisationNameTaken(trx, command.name)) throw ValidationError.of('name', 'An organisation with this name already exists');
      const id = await this.repository.insertOrganisation(trx, command);
      await this.audit.record(trx, ctx, { action: 'organisation_added', entityType: 'organisation', entityId: id, summary: { kind: command.kind } });
      return (await this.repository.findOrganisation(trx, id))!;
    });
  }

  async addTeam(ctx: ServiceContext, command: TeamCommand): Promise<Team> {
    requireRole(ctx.actor, ['admin'], 'add teams');
    return inTransaction(this.db, async (trx) => {
      if (await this.repository.teamNameTaken(trx, command.name)) throw ValidationError.of('name', 'A team with this name already exists');
      if (!(await this.repository.findOrganisation(trx, command.organisationId))) throw ValidationError.of('organisationId', 'Choose the organisation the team belongs to');
      const id = await this.repository.insertTeam(trx, command);
      await this.audit.record(trx, ctx, { action: 'team_added', entityType: 'team', entityId: id, summary: { kind: command.kind } });
      return (await this.repository.findTeam(trx, id))!;
    });
  }

  /**
   * An import's people, all in one transaction (all or nothing): creations, updates from the
   * version the dry run read (a person changed since refuses the whole import), then line
   * managers by e-mail. Each person is audited, and the import once with the file's hash.
   */
  async importPeople(ctx: ServiceContext, changes: readonly PersonImportChange[], file: { sha256: string; name: string }): Promise<{ created: number; updated: number }> {
    requireRole(ctx.actor, ['admin'], 'import people');
    return inTransaction(this.db, async (trx) => {
      const now = this.clock.now();
      const ids = new Map<PersonImportChange, string>();
      for (const change of changes) {
        if (change.kind === 'create') {
          if (await this.repository.emailTaken(trx, change.details.email)) throw ValidationError.of('email', `Row ${change.row}: someone already has ${change.details.email}`);
          const id = await this.repository.insertPerson(trx, { ...change.details, lineManagerId: null }, change.roles);
          ids.set(change, id);
          await this.audit.record(trx, ctx, { action: 'person_added', entityType: 'person', entityId: id, summary: { roles: change.roles, imported: true } });
        } else {
          const before = await this.mustFind(trx, change.personId);
          await this.repository.updatePerson(trx, change.personId, { ...change.details, lineManagerId: before.lineManagerId }, change.version, now);
          const rolesBefore = [...before.roles].sort();
          if (rolesBefore.join() !== [...change.roles].sort().join()) {
            await this.repository.replaceRoles(trx, change.personId, change.roles);
            if (rolesBefore.some((r) => !change.roles.includes(r))) await this.credentials.endAllAccess(trx, change.personId);
          }
          ids.set(change, change.personId);
          await this.audit.record(trx, ctx, { action: 'person_updated', entityType: 'person', entityId: change.personId, summary: { changed: change.changed, imported: true } });
        }
      }
      for (const change of changes) {
        const id = ids.get(change)!;
        const manager = change.lineManagerEmail ? await this.repository.findPersonByEmail(trx, change.lineManagerEmail) : undefined;
        if (change.lineManagerEmail && !manager) throw ValidationError.of('line_manager_email', `Row ${change.row}: there is nobody with the e-mail address ${change.lineManagerEmail}`);
        if (manager && (await this.repository.managesIndirectly(trx, id, manager.id))) throw ValidationError.of('line_manager_email', `Row ${change.row}: this line management would go round in a loop`);
        await this.repository.setLineManager(trx, id, manager?.id ?? null);
      }
      const created = changes.filter((c) => c.kind === 'create').length;
      await this.audit.record(trx, ctx, { action: 'staff_imported', entityType: 'import', summary: { fileSha256: file.sha256, created, updated: changes.length - created } });
      return { created, updated: changes.length - created };
    });
  }

  /**
   * The first administrator, as the system (nobody can sign in yet): refused once any active
   * administrator exists (checked in the same transaction). Their one-time code must be changed
   * at first sign-in. Audited as `first_administrator_created` (no name or e-mail in the row).
   */
  async createFirstAdministrator(command: FirstAdministratorCommand, oneTimeCode: string, requestId: string): Promise<{ personId: string; organisationId: string }> {
    const storeOneTimeCode = this.credentials.storeOneTimeCode;
    if (!storeOneTimeCode) throw new Error('The staff module was built without one-time codes');
    const prepared = await this.credentials.preparePassword(oneTimeCode);
    return inTransaction(this.db, async (trx) => {
      if ((await this.repository.peopleWithRole(trx, ['admin'], { activeOnly: true })).length > 0) throw new AdministratorExistsError();
      if (await this.repository.emailTaken(trx, command.email)) throw ValidationError.of('email', 'Someone already has this email address');
      const existing = (await this.repository.listOrganisations(trx)).find((o) => o.name.toLowerCase() === command.organisationName.toLowerCase());
      const organisationId =
        existing?.id ?? (await this.repository.insertOrganisation(trx, { name: command.organisationName, shortName: command.organisationName.slice(0, 40), kind: command.organisationKind }));
      const personId = await this.repository.insertPerson(trx, personRow({ name: command.name, email: command.email, jobTitle: 'System administrator', employingOrganisationId: organisationId, roles: ['admin'] }), ['admin']);
      await storeOneTimeCode.call(this.credentials, trx, personId, prepared);
      await this.audit.record(trx, { actor: null, requestId }, {
        action: 'first_administrator_created',
        entityType: 'person',
        entityId: personId,
        summary: { organisationId, organisationAdded: !existing },
      });
      return { personId, organisationId };
    });
  }

  /**
   * A whole directory in one transaction, as the system (no administrator yet): the demo service
   * and the test base data are made this way. Everyone gets the same password.
   */
  async seedDirectory(seed: DirectorySeed, password: string, requestId = 'seed'): Promise<DirectoryIds> {
    const prepared = await this.credentials.preparePassword(password, { seed: true });
    const ids: DirectoryIds = { organisations: {}, teams: {}, people: {} };
    const idOf = (map: Record<string, string>, key: string, what: string) => {
      const id = map[key];
      if (!id) throw new Error(`The seed names ${what} "${key}", which it does not define`);
      return id;
    };
    await inTransaction(this.db, async (trx) => {
      for (const org of seed.organisations) ids.organisations[org.key] = await this.repository.insertOrganisation(trx, { name: org.name, shortName: org.shortName, kind: org.kind });
      for (const team of seed.teams) {
        ids.teams[team.key] = await this.repository.insertTeam(trx, { name: team.name, kind: team.kind, organisationId: idOf(ids.organisations, team.organisation, 'organisation') });
      }
      for (const person of seed.people) {
        const row = personRow({
          name: person.name,
          email: person.email,
          jobTitle: person.jobTitle,
          phone: person.phone,
          employingOrganisationId: idOf(ids.organisations, person.organisation, 'organisation'),
          teamId: person.team ? idOf(ids.teams, person.team, 'team') : null,
          roles: [...person.roles],
        });
        const id = await this.repository.insertPerson(trx, row, person.roles);
        await this.credentials.storePassword(trx, id, prepared);
        ids.people[person.key] = id;
      }
      for (const person of seed.people) {
        if (person.manager) await this.repository.setLineManager(trx, idOf(ids.people, person.key, 'person'), idOf(ids.people, person.manager, 'manager'));
      }
      await this.audit.record(trx, { actor: null, requestId }, {
        action: 'directory_seeded',
        entityType: 'service',
        summary: { organisations: seed.organisations.length, teams: seed.teams.length, people: seed.people.length },
      });
    });
    return ids;
  }

  private async mustFind(db: StaffDb, id: string): Promise<PersonSummary> {
    const person = await this.repository.findPerson(db, id);
    if (!person) throw new NotFoundError('The person');
    return person;
  }

  /** The organisation, team and line manager a person points at exist, and management has no loop. */
  private async checkReferences(db: StaffDb, details: PersonDetails, personId?: string): Promise<void> {
    if (!(await this.repository.findOrganisation(db, details.employingOrganisationId))) throw ValidationError.of('employingOrganisationId', 'Choose the employing organisation');
    if (details.teamId && !(await this.repository.findTeam(db, details.teamId))) throw ValidationError.of('teamId', 'Choose a team from the list');
    if (details.lineManagerId) {
      if (!(await this.repository.personExists(db, details.lineManagerId))) throw ValidationError.of('lineManagerId', 'Choose a line manager from the list');
      if (personId && (await this.repository.managesIndirectly(db, personId, details.lineManagerId))) {
        throw ValidationError.of('lineManagerId', 'A person cannot be line-managed by themselves or by someone they manage');
      }
    }
  }
}
