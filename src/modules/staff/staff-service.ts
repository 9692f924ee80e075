import { inTransaction, type Db } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { AuthService } from '../../platform/auth/auth-service.js';
import { hashPassword, passwordProblem } from '../../platform/auth/passwords.js';
import type { Clock } from '../../platform/clock.js';
import { assertVersionMatched, NotFoundError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import { requireRole, type Role } from '../../platform/roles.js';
import { StaffRepository, type PersonSummary } from './staff-repository.js';
import {
  deactivateSchema,
  organisationSchema,
  personSchema,
  personUpdateSchema,
  teamSchema,
  type PeopleFilter,
} from './staff-schemas.js';

/** Roles that may see the staff directory (names, teams, roles — no health data). */
const DIRECTORY_READERS: readonly Role[] = ['admin', 'amhp_lead', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp', 'line_manager'];

export class StaffService {
  private readonly repository = new StaffRepository();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly auth: AuthService,
  ) {}

  async listPeople(ctx: ServiceContext, filter: PeopleFilter): Promise<PersonSummary[]> {
    requireRole(ctx.actor, DIRECTORY_READERS, 'see the staff list');
    return this.repository.listPeople(this.db, filter);
  }

  async getPerson(ctx: ServiceContext, id: string): Promise<PersonSummary> {
    if (ctx.actor.personId !== id) requireRole(ctx.actor, DIRECTORY_READERS, 'see this person');
    const person = await this.repository.findPerson(this.db, id);
    if (!person) throw new NotFoundError('The person');
    return person;
  }

  /** For other modules: active people holding any of the roles (e.g. AMHPs to allocate). */
  async peopleWithRole(roles: readonly Role[], options: { activeOnly?: boolean } = {}): Promise<PersonSummary[]> {
    return this.repository.peopleWithRole(this.db, roles, options);
  }

  /** For other modules: a person by id without a permission check (callers check their own). */
  async findPerson(id: string): Promise<PersonSummary | undefined> {
    return this.repository.findPerson(this.db, id);
  }

  async organisations() {
    return this.repository.listOrganisations(this.db);
  }

  async lssas() {
    return (await this.repository.listOrganisations(this.db)).filter((o) => o.kind === 'lssa' && o.active);
  }

  async teams() {
    return this.repository.listTeams(this.db);
  }

  async addPerson(ctx: ServiceContext, raw: unknown, initialPassword?: string): Promise<string> {
    requireRole(ctx.actor, ['admin'], 'add people');
    const input = parseInput(personSchema, raw);
    if (initialPassword !== undefined) {
      const problem = passwordProblem(initialPassword);
      if (problem) throw ValidationError.of('password', problem);
    }
    const passwordHash = initialPassword ? await hashPassword(initialPassword) : null;
    return inTransaction(this.db, async (trx) => {
      if (await this.repository.emailTaken(trx, input.email)) throw ValidationError.of('email', 'Someone already has this email address');
      const id = await this.repository.insertPerson(trx, input, passwordHash);
      await this.audit.record(trx, ctx, {
        action: 'person_added',
        entityType: 'person',
        entityId: id,
        summary: { roles: input.roles, organisationId: input.employingOrganisationId, teamId: input.teamId },
      });
      return id;
    });
  }

  async updatePerson(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'edit people');
    const { version, ...input } = parseInput(personUpdateSchema, raw);
    await inTransaction(this.db, async (trx) => {
      const before = await this.repository.findPerson(trx, id);
      if (!before) throw new NotFoundError('The person');
      if (await this.repository.emailTaken(trx, input.email, id)) throw ValidationError.of('email', 'Someone else already has this email address');
      if (input.lineManagerId && (await this.repository.managesIndirectly(trx, id, input.lineManagerId))) {
        throw ValidationError.of('lineManagerId', 'A person cannot be line-managed by themselves or by someone they manage');
      }
      if (id === ctx.actor.personId && before.roles.includes('admin') && !input.roles.includes('admin')) {
        throw ValidationError.of('roles', 'You cannot remove your own system administrator role');
      }
      assertVersionMatched(await this.repository.updatePerson(trx, id, input, version, this.clock.now()), 'person');
      const rolesBefore = [...before.roles].sort();
      const rolesAfter = [...new Set(input.roles)].sort();
      const rolesChanged = rolesBefore.join() !== rolesAfter.join();
      if (rolesChanged) await this.repository.replaceRoles(trx, id, rolesAfter);
      const changed = (['name', 'email', 'jobTitle', 'phone', 'employingOrganisationId', 'teamId', 'lineManagerId', 'approvalExpiresOn'] as const).filter(
        (field) => (before[field] ?? null) !== (input[field] ?? null),
      );
      await this.audit.record(trx, ctx, { action: 'person_updated', entityType: 'person', entityId: id, summary: { changed } });
      if (rolesChanged) {
        await this.audit.record(trx, ctx, {
          action: 'roles_changed',
          entityType: 'person',
          entityId: id,
          summary: { added: rolesAfter.filter((r) => !rolesBefore.includes(r)), removed: rolesBefore.filter((r) => !rolesAfter.includes(r)) },
        });
        // New roles take effect at once; removed ones must not linger in an open session.
        if (rolesBefore.some((r) => !rolesAfter.includes(r))) await this.auth.endAllAccess(trx, id);
      }
    });
  }

  async deactivate(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'deactivate people');
    const { reason, version } = parseInput(deactivateSchema, raw);
    if (id === ctx.actor.personId) throw ValidationError.of('reason', 'You cannot deactivate your own account');
    await inTransaction(this.db, async (trx) => {
      const person = await this.repository.findPerson(trx, id);
      if (!person) throw new NotFoundError('The person');
      assertVersionMatched(await this.repository.setActive(trx, id, false, reason, version, this.clock.now()), 'person');
      await this.auth.endAllAccess(trx, id);
      await this.audit.record(trx, ctx, { action: 'person_deactivated', entityType: 'person', entityId: id });
    });
  }

  async reactivate(ctx: ServiceContext, id: string, version: number): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'reactivate people');
    await inTransaction(this.db, async (trx) => {
      const person = await this.repository.findPerson(trx, id);
      if (!person) throw new NotFoundError('The person');
      assertVersionMatched(await this.repository.setActive(trx, id, true, null, version, this.clock.now()), 'person');
      await this.audit.record(trx, ctx, { action: 'person_reactivated', entityType: 'person', entityId: id });
    });
  }

  async setPassword(ctx: ServiceContext, id: string, password: string): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'set passwords');
    const problem = passwordProblem(password);
    if (problem) throw ValidationError.of('password', problem);
    const passwordHash = await hashPassword(password);
    await inTransaction(this.db, async (trx) => {
      const person = await this.repository.findPerson(trx, id);
      if (!person) throw new NotFoundError('The person');
      await this.repository.setPasswordHash(trx, id, passwordHash, this.clock.now());
      await this.auth.endAllAccess(trx, id);
      await this.audit.record(trx, ctx, { action: 'password_set', entityType: 'person', entityId: id });
    });
  }

  async addOrganisation(ctx: ServiceContext, raw: unknown): Promise<string> {
    requireRole(ctx.actor, ['admin'], 'add organisations');
    const input = parseInput(organisationSchema, raw);
    return inTransaction(this.db, async (trx) => {
      const clash = await trx.selectFrom('organisations').select('id').where('name', '=', input.name).executeTakeFirst();
      if (clash) throw ValidationError.of('name', 'An organisation with this name already exists');
      const row = await trx.insertInto('organisations').values(input).returning('id').executeTakeFirstOrThrow();
      await this.audit.record(trx, ctx, { action: 'organisation_added', entityType: 'organisation', entityId: row.id, summary: { kind: input.kind } });
      return row.id;
    });
  }

  async addTeam(ctx: ServiceContext, raw: unknown): Promise<string> {
    requireRole(ctx.actor, ['admin'], 'add teams');
    const input = parseInput(teamSchema, raw);
    return inTransaction(this.db, async (trx) => {
      const clash = await trx.selectFrom('teams').select('id').where('name', '=', input.name).executeTakeFirst();
      if (clash) throw ValidationError.of('name', 'A team with this name already exists');
      const row = await trx.insertInto('teams').values(input).returning('id').executeTakeFirstOrThrow();
      await this.audit.record(trx, ctx, { action: 'team_added', entityType: 'team', entityId: row.id, summary: { kind: input.kind } });
      return row.id;
    });
  }
}
