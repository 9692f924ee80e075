import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../platform/errors.js';
import { type IsoDate, addMinutes } from '../../../platform/london-time.js';
import { unwrap } from '../../../platform/result.js';
import { hasAnyRole, requireRole } from '../../../platform/roles.js';
import { ALERT_READERS, DEBRIEF_REQUESTERS, WATCHERS } from '../safety-access.js';
import { type LookupReference, type SafetyServiceDeps, linkReferral } from '../safety-ports.js';
import { type PersonBrief, SafetyPeopleRepository } from '../safety-people-repository.js';
import type { SafetyDb } from '../safety-tables.js';
import { cancelDebrief, debriefDueBy, isDebriefOverdue, openDebriefs, recordDebriefHeld, requestDebrief } from './debrief.js';
import { type DebriefRow, DebriefsRepository } from './debriefs-repository.js';

export interface DebriefRequestCommand {
  /** Blank when the AMHP asks for themselves; a lead asking on someone's behalf names them. */
  amhpId?: string | undefined;
  /** A referral id or reference, as typed. */
  referral?: string | undefined;
  reason: string;
}

export interface DebriefHeldCommand {
  heldBy: string;
  heldAt: Date;
}

export interface DebriefsView {
  open: Array<{ request: DebriefRow; overdue: boolean; dueBy: IsoDate }>;
  closed: DebriefRow[];
  /** Everyone's (watchers), or only the person's own. */
  all: boolean;
}

export interface DebriefView {
  debrief: DebriefRow;
  overdue: boolean;
  dueBy: IsoDate;
}

/** Debriefs after challenging assessments (Staff Welfare §4.2, §5.6): requested, held, or cancelled. */
export class DebriefsService {
  private readonly repository = new DebriefsRepository();
  private readonly people = new SafetyPeopleRepository();

  constructor(private readonly deps: SafetyServiceDeps & { lookupReference: LookupReference }) {}

  async requestDebrief(ctx: ServiceContext, command: DebriefRequestCommand): Promise<DebriefView> {
    requireRole(ctx.actor, DEBRIEF_REQUESTERS, 'request a debrief');
    const amhpId = command.amhpId && command.amhpId !== ctx.actor.personId ? command.amhpId : ctx.actor.personId;
    if (amhpId !== ctx.actor.personId && !hasAnyRole(ctx.actor, WATCHERS)) throw new ForbiddenError('Only a lead can request a debrief on someone else’s behalf');
    if (amhpId === ctx.actor.personId) requireRole(ctx.actor, ['amhp'], 'request a debrief for yourself');
    const referral = await linkReferral(this.deps.lookupReference, command.referral);
    return inTransaction(this.deps.db, async (trx) => {
      if (!(await this.people.person(trx, amhpId))) throw ValidationError.of('amhpId', 'Choose the AMHP the debrief is for');
      const request = unwrap(requestDebrief({ id: randomUUID(), amhpId, requestedBy: ctx.actor.personId, referralId: referral.id, reason: command.reason }, this.deps.clock.now()));
      const id = await this.repository.insertDebrief(trx, request, referral.reference);
      await this.deps.audit.record(trx, ctx, { action: 'debrief_requested', entityType: 'safety_debrief', entityId: id, summary: { onBehalf: amhpId !== ctx.actor.personId } });
      return this.view(await this.load(trx, id));
    });
  }

  /** Watchers see every open request and those of the last 60 days; an AMHP their own. Audited. */
  async debriefs(ctx: ServiceContext): Promise<DebriefsView> {
    const now = this.deps.clock.now();
    const all = hasAnyRole(ctx.actor, ALERT_READERS);
    const rows = await this.repository.debriefs(this.deps.db, all ? { since: addMinutes(now, -60 * 24 * 60) } : { amhpId: ctx.actor.personId });
    await this.deps.audit.record(this.deps.db, ctx, { action: 'debriefs_viewed', entityType: 'safety_debrief', summary: { all } });
    return { open: openDebriefs(rows, now), closed: rows.filter((r) => r.status !== 'requested'), all };
  }

  async debrief(ctx: ServiceContext, id: string): Promise<DebriefView> {
    const row = await this.load(this.deps.db, id);
    if (row.amhpId !== ctx.actor.personId && !hasAnyRole(ctx.actor, ALERT_READERS)) throw new ForbiddenError('You cannot see this debrief');
    await this.deps.audit.record(this.deps.db, ctx, { action: 'debrief_viewed', entityType: 'safety_debrief', entityId: id });
    return this.view(row);
  }

  async debriefHeld(ctx: ServiceContext, id: string, command: DebriefHeldCommand): Promise<DebriefView> {
    requireRole(ctx.actor, ALERT_READERS, 'record a debrief as held');
    const now = this.deps.clock.now();
    return inTransaction(this.deps.db, async (trx) => {
      const row = await this.load(trx, id);
      if (!(await this.people.person(trx, command.heldBy))) throw ValidationError.of('heldBy', 'Choose who held the debrief');
      const held = unwrap(recordDebriefHeld(row, command, now));
      await this.repository.updateDebrief(trx, held, row.version);
      await this.deps.audit.record(trx, ctx, { action: 'debrief_held', entityType: 'safety_debrief', entityId: id });
      return this.view(await this.load(trx, id));
    });
  }

  async cancelDebrief(ctx: ServiceContext, id: string, command: { cancelReason: string }): Promise<DebriefView> {
    return inTransaction(this.deps.db, async (trx) => {
      const row = await this.load(trx, id);
      if (row.amhpId !== ctx.actor.personId && !hasAnyRole(ctx.actor, ALERT_READERS)) throw new ForbiddenError('You cannot cancel this debrief');
      const cancelled = unwrap(cancelDebrief(row, { by: ctx.actor.personId, reason: command.cancelReason }, this.deps.clock.now()));
      await this.repository.updateDebrief(trx, cancelled, row.version);
      await this.deps.audit.record(trx, ctx, { action: 'debrief_cancelled', entityType: 'safety_debrief', entityId: id });
      return this.view(await this.load(trx, id));
    });
  }

  /** AMHPs a lead may ask a debrief for. */
  async amhpOptions(): Promise<PersonBrief[]> {
    return this.people.peopleWithRoles(this.deps.db, ['amhp']);
  }

  /** People who may hold a debrief. */
  async staffOptions(): Promise<PersonBrief[]> {
    return this.people.peopleWithRoles(this.deps.db, ['amhp', ...ALERT_READERS, 'lead_amhp']);
  }

  private view(row: DebriefRow): DebriefView {
    const now = this.deps.clock.now();
    return { debrief: row, overdue: isDebriefOverdue(row, now), dueBy: debriefDueBy(row) };
  }

  private async load(db: Kysely<SafetyDb>, id: string): Promise<DebriefRow> {
    const row = await this.repository.findDebrief(db, id);
    if (!row) throw new NotFoundError('The debrief');
    return row;
  }
}
