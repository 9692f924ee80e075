import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import { unwrap } from '../../../platform/result.js';
import { hasAnyRole, requireRole } from '../../../platform/roles.js';
import type { Acknowledgement, EscalationPolicy, EscalationRecord } from '../ladders/overdue-escalation.js';
import { ALERT_READERS, WATCHERS } from '../safety-access.js';
import { type LookupReference, type SafetyServiceDeps, linkReferral } from '../safety-ports.js';
import { SafetyPeopleRepository } from '../safety-people-repository.js';
import type { SafetyDb } from '../safety-tables.js';
import type { CheckinCodesService } from './checkin-codes-service.js';
import { type AmhpVisitView, type Companion, extendVisit, finishVisit, requestHelp, resolveAlarm, startVisit, visitAsSeenByAmhp } from './visit.js';
import { type VisitRow, VisitsRepository } from './visits-repository.js';

/** What visits need from the escalation engine (ladders/), handed in by the module. */
export interface VisitEscalation {
  escalateVisit(trx: Kysely<SafetyDb>, visit: VisitRow, now: Date): Promise<number>;
  history(db: Kysely<SafetyDb>, visitIds: readonly string[]): Promise<{ records: EscalationRecord[]; acknowledgements: Array<Acknowledgement & { byName: string }> }>;
  policyFor(db: Kysely<SafetyDb>, teamId: string | null): Promise<EscalationPolicy>;
}

export interface StartVisitCommand {
  place: string;
  /** A referral id or reference, as typed. */
  referral?: string | undefined;
  companions: Companion[];
  aloneReason?: string | undefined;
  phone: string;
  expectedFinishAt: Date;
}

export interface CheckInCommand {
  action: 'safe' | 'home' | 'help';
  /** The check-in or duress code, when the AMHP has set codes; never echoed or stored. */
  code?: string | undefined;
}

export interface ExtendVisitCommand {
  newExpectedFinishAt: Date;
  reason: string;
}

/**
 * The AMHP's own view of a visit. It never shows a duress alarm, and carries no version: a lead
 * closing a duress alarm changes the record, and a version that moved would tell whoever holds
 * the AMHP's phone that the alarm was raised.
 */
export type OwnVisitView = AmhpVisitView & { referralReference: string | null };

function ownView(visit: VisitRow): OwnVisitView {
  return { ...visitAsSeenByAmhp(visit), referralReference: visit.referralReference };
}

/** Going out, checking in (safe, home, help, or silently under duress), extending, closing alarms. */
export class VisitsService {
  private readonly repository = new VisitsRepository();
  private readonly people = new SafetyPeopleRepository();

  constructor(private readonly deps: SafetyServiceDeps & { escalation: VisitEscalation; codes: CheckinCodesService; lookupReference: LookupReference }) {}

  private async loadVisit(db: Kysely<SafetyDb>, id: string, forUpdate = false): Promise<VisitRow> {
    const visit = await this.repository.findVisit(db, id, forUpdate);
    if (!visit) throw new NotFoundError('The visit');
    return visit;
  }

  /** Records the AMHP going out; the visit as they now see it. */
  async startVisit(ctx: ServiceContext, command: StartVisitCommand): Promise<OwnVisitView> {
    requireRole(ctx.actor, ['amhp'], 'record going out');
    const now = this.deps.clock.now();
    const referral = await linkReferral(this.deps.lookupReference, command.referral);
    const visit = await inTransaction(this.deps.db, async (trx) => {
      // A duress visit still open on the board does not stop them going out again: refusing
      // would tell whoever is with them that the finish was not a normal one.
      const open = await this.repository.ownOpenVisitOf(trx, ctx.actor.personId);
      const started = unwrap(
        startVisit(
          {
            id: randomUUID(),
            amhpId: ctx.actor.personId,
            place: command.place,
            referralId: referral.id,
            companions: command.companions,
            aloneReason: command.aloneReason ?? null,
            phone: command.phone,
            expectedFinishAt: command.expectedFinishAt,
          },
          now,
          open ? [open] : [],
        ),
      );
      const teamId = ctx.actor.teamId ?? (await this.people.firstTeamOfKind(trx, 'daytime'));
      const id = await this.repository.insertVisit(trx, started, { teamId, referralReference: referral.reference });
      await this.deps.audit.record(trx, ctx, {
        action: 'visit_started',
        entityType: 'safety_visit',
        entityId: id,
        summary: { companions: started.companions.map((c) => c.kind), alone: started.companions.length === 0, referralLinked: referral.id !== null },
      });
      return this.loadVisit(trx, id);
    });
    this.deps.publish();
    return ownView(visit);
  }

  /** The AMHP's own view of their visit: never shows a duress alarm. */
  async ownVisit(ctx: ServiceContext, id: string): Promise<OwnVisitView & { hasCodes: boolean }> {
    const visit = await this.loadVisit(this.deps.db, id);
    if (visit.amhpId !== ctx.actor.personId) throw new ForbiddenError('You can only see your own visits here');
    return { ...ownView(visit), hasCodes: await this.deps.codes.hasCodes(ctx.actor.personId) };
  }

  /** The phone the AMHP carries, from their staff record: what the going-out form suggests. */
  async myPhone(ctx: ServiceContext): Promise<string> {
    return (await this.people.person(this.deps.db, ctx.actor.personId))?.phone ?? '';
  }

  async isOwnVisit(ctx: ServiceContext, id: string): Promise<boolean> {
    const visit = await this.repository.findVisit(this.deps.db, id);
    return visit?.amhpId === ctx.actor.personId;
  }

  /** The visit the AMHP is on, as they see it: after a duress finish, none (as after a normal one). */
  async myOpenVisit(ctx: ServiceContext): Promise<OwnVisitView | null> {
    const visit = await this.repository.ownOpenVisitOf(this.deps.db, ctx.actor.personId);
    return visit ? ownView(visit) : null;
  }

  async myRecentVisits(ctx: ServiceContext): Promise<OwnVisitView[]> {
    return (await this.repository.visitsOf(this.deps.db, ctx.actor.personId, 10)).map(ownView);
  }

  /**
   * Safe, going home, or "I need help now". Returns exactly what the AMHP's screen shows; a
   * duress finish returns the same as a normal one, records the same audit row, and differs
   * only in what the leads see.
   */
  async checkIn(ctx: ServiceContext, visitId: string, command: CheckInCommand): Promise<OwnVisitView> {
    const duress = command.action === 'help' ? false : await this.deps.codes.isDuress(ctx.actor.personId, command.code);
    const now = this.deps.clock.now();
    const result = await inTransaction(this.deps.db, async (trx) => {
      const visit = await this.loadVisit(trx, visitId, true);
      const changed =
        command.action === 'help'
          ? unwrap(requestHelp(visit, { by: ctx.actor.personId, at: now }))
          : unwrap(finishVisit(visit, { by: ctx.actor.personId, at: now, how: command.action, duress }));
      const version = await this.repository.updateVisit(trx, changed, visit.version);
      // The audit row is the same for a duress finish: the alarm itself is on the visit record.
      await this.deps.audit.record(trx, ctx, {
        action: command.action === 'help' ? 'visit_help_requested' : 'visit_checked_in',
        entityType: 'safety_visit',
        entityId: visitId,
        summary: command.action === 'help' ? {} : { how: command.action },
      });
      const updated: VisitRow = { ...visit, ...changed, version };
      // Alarms escalate at once, in the same transaction as the check-in.
      if (changed.status === 'help_requested' || changed.status === 'duress') await this.deps.escalation.escalateVisit(trx, updated, now);
      return ownView(updated);
    });
    this.deps.publish();
    return result;
  }

  /** The AMHP, or a watcher who has reached them, moves the expected finish later. */
  async extend(ctx: ServiceContext, visitId: string, command: ExtendVisitCommand): Promise<VisitRow> {
    const now = this.deps.clock.now();
    const result = await inTransaction(this.deps.db, async (trx) => {
      const visit = await this.loadVisit(trx, visitId, true);
      const changed = unwrap(
        extendVisit(visit, { by: { id: ctx.actor.personId, mayActForOthers: hasAnyRole(ctx.actor, WATCHERS) }, at: now, newExpectedFinishAt: command.newExpectedFinishAt, reason: command.reason }),
      );
      const version = await this.repository.updateVisit(trx, changed, visit.version);
      await this.deps.audit.record(trx, ctx, { action: 'visit_extended', entityType: 'safety_visit', entityId: visitId, summary: { byAmhp: visit.amhpId === ctx.actor.personId } });
      const updated: VisitRow = { ...visit, ...changed, version };
      await this.deps.escalation.escalateVisit(trx, updated, now);
      return updated;
    });
    this.deps.publish();
    return result;
  }

  /** The extension as the caller sees it: the AMHP their own view, a watcher the record. */
  async extendAsSeen(ctx: ServiceContext, visitId: string, command: ExtendVisitCommand): Promise<OwnVisitView | VisitRow> {
    const visit = await this.extend(ctx, visitId, command);
    return visit.amhpId === ctx.actor.personId ? ownView(visit) : visit;
  }

  /** A watcher closes a help request or silent alarm once the AMHP is confirmed safe. */
  async resolveAlarm(ctx: ServiceContext, visitId: string, command: { note: string }): Promise<VisitRow> {
    requireRole(ctx.actor, ALERT_READERS, 'close an alarm');
    const now = this.deps.clock.now();
    const result = await inTransaction(this.deps.db, async (trx) => {
      const visit = await this.loadVisit(trx, visitId, true);
      const changed = unwrap(resolveAlarm(visit, { by: ctx.actor.personId, at: now, note: command.note }));
      const version = await this.repository.updateVisit(trx, changed, visit.version);
      await this.deps.audit.record(trx, ctx, { action: 'visit_alarm_closed', entityType: 'safety_visit', entityId: visitId });
      const updated: VisitRow = { ...visit, ...changed, version };
      await this.deps.escalation.escalateVisit(trx, updated, now);
      return updated;
    });
    this.deps.publish();
    return result;
  }
}
