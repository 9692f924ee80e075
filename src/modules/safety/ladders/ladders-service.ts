import type { Kysely } from 'kysely';
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ConflictError, NotFoundError } from '../../../platform/errors.js';
import { invalid, unwrap } from '../../../platform/result.js';
import { requireRole } from '../../../platform/roles.js';
import type { SafetyServiceDeps } from '../safety-ports.js';
import { type PersonBrief, type TeamBrief, SafetyPeopleRepository } from '../safety-people-repository.js';
import type { SafetyDb } from '../safety-tables.js';
import { LaddersRepository } from './ladders-repository.js';
import { type EscalationPolicy, type LadderStep, escalationPolicy, validateEscalationPolicy } from './overdue-escalation.js';

const FALLBACK_NUMBER = '01632 960000';
const CONFLICT_MESSAGE = 'Someone else changed this escalation ladder while you were editing it. Your changes have not been saved: check the current version and try again.';

/** A team's ladder as the administrator sees it. `version` 0: not configured, the default applies. */
export interface TeamLadder {
  teamId: string;
  teamName: string;
  teamKind: TeamBrief['kind'];
  policy: EscalationPolicy;
  configured: boolean;
  version: number;
}

/** What an administrator sends: the timings and the steps, and the version they last read. */
export interface LadderCommand {
  graceMinutes: number;
  stepIntervalMinutes: number;
  alarmStepIntervalMinutes: number;
  steps: Array<{ roleLabel: string; personId?: string | undefined; contactNumber: string }>;
  version: number;
}

/** Escalation ladders: one per team, configured by administrators; a default until then. */
export class LaddersService {
  private readonly repository = new LaddersRepository();
  private readonly people = new SafetyPeopleRepository();

  constructor(private readonly deps: Pick<SafetyServiceDeps, 'db' | 'clock' | 'audit'>) {}

  /** The team's ladder, or the default one; read in the caller's transaction (the job's). */
  async policyFor(db: Kysely<SafetyDb>, teamId: string | null): Promise<EscalationPolicy> {
    const stored = teamId ? await this.repository.ladder(db, teamId) : undefined;
    return stored?.policy ?? this.defaultPolicy(db, teamId);
  }

  /** Until an administrator configures a ladder: the team's lead / on-call manager, then an operational manager. */
  private async defaultPolicy(db: Kysely<SafetyDb>, teamId: string | null): Promise<EscalationPolicy> {
    const team = teamId ? await this.people.team(db, teamId) : undefined;
    const edt = team?.kind === 'edt';
    const first = await this.people.peopleWithRoles(db, [edt ? 'edt_manager' : 'amhp_lead'], teamId);
    const managers = await this.people.peopleWithRoles(db, ['operational_manager']);
    const step = (roleLabel: string, p: PersonBrief): LadderStep => ({ roleLabel, personLabel: p.name, personId: p.id, contactNumber: p.phone || FALLBACK_NUMBER });
    const ladder: LadderStep[] = [
      ...first.slice(0, 1).map((p) => step(edt ? 'EDT on-call manager' : 'AMHP Lead', p)),
      ...managers.slice(0, 1).map((p) => step('AMHP operational manager', p)),
    ];
    if (ladder.length === 0) ladder.push({ roleLabel: 'AMHP Lead on duty', personLabel: null, contactNumber: FALLBACK_NUMBER });
    return escalationPolicy(ladder);
  }

  private async teamLadder(db: Kysely<SafetyDb>, team: TeamBrief): Promise<TeamLadder> {
    const stored = await this.repository.ladder(db, team.id);
    return {
      teamId: team.id,
      teamName: team.name,
      teamKind: team.kind,
      policy: stored?.policy ?? (await this.defaultPolicy(db, team.id)),
      configured: stored !== undefined,
      version: stored?.version ?? 0,
    };
  }

  async ladders(ctx: ServiceContext): Promise<TeamLadder[]> {
    requireRole(ctx.actor, ['admin'], 'see the escalation ladders');
    const teams = await this.people.teams(this.deps.db);
    const result: TeamLadder[] = [];
    for (const team of teams) result.push(await this.teamLadder(this.deps.db, team));
    return result;
  }

  async ladder(ctx: ServiceContext, teamId: string): Promise<TeamLadder> {
    requireRole(ctx.actor, ['admin'], 'see the escalation ladders');
    const team = await this.people.team(this.deps.db, teamId);
    if (!team) throw new NotFoundError('The team');
    return this.teamLadder(this.deps.db, team);
  }

  /** Sets a team's ladder. `version` 0 configures it for the first time. */
  async putLadder(ctx: ServiceContext, teamId: string, command: LadderCommand): Promise<TeamLadder> {
    requireRole(ctx.actor, ['admin'], 'change the escalation ladders');
    const now = this.deps.clock.now();
    return inTransaction(this.deps.db, async (trx) => {
      const team = await this.people.team(trx, teamId);
      if (!team) throw new NotFoundError('The team');
      const ladder: LadderStep[] = [];
      for (const [index, step] of command.steps.entries()) {
        const person = step.personId ? await this.people.person(trx, step.personId) : undefined;
        if (step.personId && !person) unwrap(invalid(`ladder.${index}.personId`, 'Choose someone from the list'));
        ladder.push({ roleLabel: step.roleLabel, personId: person?.id ?? null, personLabel: person?.name ?? null, contactNumber: step.contactNumber });
      }
      const policy: EscalationPolicy = {
        graceMinutes: command.graceMinutes,
        stepIntervalMinutes: command.stepIntervalMinutes,
        alarmStepIntervalMinutes: command.alarmStepIntervalMinutes,
        ladder,
      };
      const problems = validateEscalationPolicy(policy);
      if (problems.length > 0) unwrap(invalid(problems));
      const existing = await this.repository.ladder(trx, teamId);
      if (existing) await this.repository.updateLadder(trx, existing.id, command.version, policy, ctx.actor.personId, now);
      else {
        const inserted = command.version === 0 ? await this.repository.insertLadder(trx, teamId, policy, ctx.actor.personId, now) : 0;
        // Someone else configured it first, or the caller sent a version that does not exist.
        if (inserted === 0) throw new ConflictError(CONFLICT_MESSAGE, { currentVersion: (await this.repository.ladder(trx, teamId))?.version ?? 0 });
      }
      await this.deps.audit.record(trx, ctx, { action: 'escalation_ladder_changed', entityType: 'safety_escalation_ladder', entityId: teamId, summary: { steps: ladder.length } });
      return this.teamLadder(trx, team);
    });
  }

  /** People who may be named on a ladder step. */
  async staffOptions(): Promise<PersonBrief[]> {
    return this.people.peopleWithRoles(this.deps.db, ['amhp', 'amhp_lead', 'edt_manager', 'operational_manager', 'line_manager', 'lead_amhp']);
  }
}
