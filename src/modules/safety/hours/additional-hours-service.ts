import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import { type IsoDate, type IsoMonth, addDays, londonMonth } from '../../../platform/london-time.js';
import { unwrap } from '../../../platform/result.js';
import { hasAnyRole, requireRole } from '../../../platform/roles.js';
import { HOURS_APPROVERS, HOURS_MONITORS } from '../safety-access.js';
import { type LookupReference, type SafetyServiceDeps, linkReferral } from '../safety-ports.js';
import { SafetyPeopleRepository } from '../safety-people-repository.js';
import type { SafetyDb } from '../safety-tables.js';
import {
  type AdditionalHoursReason,
  type ClaimDecision,
  type MonthlyHoursRow,
  type ToilTaken,
  ADDITIONAL_HOURS_REASON_LABELS,
  decideClaim,
  monthlyAdditionalHours,
  recordToilTaken,
  submitClaim,
  toilBalanceMinutes,
  withdrawClaim,
} from './additional-hours.js';
import { type ClaimRow, HoursRepository } from './hours-repository.js';
import type { HoursSettings } from './hours-settings.js';

export interface ClaimCommand {
  startAt: Date;
  endAt: Date;
  reason: AdditionalHoursReason;
  reasonDetail?: string | undefined;
  /** A referral id or reference, as typed. */
  referral?: string | undefined;
}

export interface ToilCommand {
  date: IsoDate;
  minutes: number;
}

export interface MyHoursView {
  claims: ClaimRow[];
  taken: ToilTaken[];
  toilBalanceMinutes: number;
}

export interface ClaimView {
  claim: ClaimRow;
  toilBalanceMinutes: number;
  /** The person looking may approve or decline it now. */
  mayDecide: boolean;
}

export interface MonthlyView {
  months: Array<{ month: IsoMonth; rows: Array<MonthlyHoursRow & { name: string; mainReasonLabel: string }> }>;
  balances: Array<{ amhpId: string; name: string; minutes: number }>;
}

/**
 * Additional hours and time off in lieu (Working Hours Guidance §2.1, §2.7, §3): the AMHP claims,
 * their line manager (or an operational manager) decides, TOIL taken is recorded, and the
 * monthly view shows who works the most additional hours and why.
 */
export class AdditionalHoursService {
  private readonly repository = new HoursRepository();
  private readonly people = new SafetyPeopleRepository();

  constructor(private readonly deps: SafetyServiceDeps & { lookupReference: LookupReference; settings: HoursSettings }) {}

  async submitClaim(ctx: ServiceContext, command: ClaimCommand): Promise<ClaimRow> {
    requireRole(ctx.actor, ['amhp'], 'claim additional hours');
    const now = this.deps.clock.now();
    const referral = await linkReferral(this.deps.lookupReference, command.referral);
    return inTransaction(this.deps.db, async (trx) => {
      await this.repository.lockAmhpClaims(trx, ctx.actor.personId);
      const existing = await this.repository.claimsOf(trx, ctx.actor.personId);
      const claim = unwrap(
        submitClaim(
          { id: randomUUID(), amhpId: ctx.actor.personId, startAt: command.startAt, endAt: command.endAt, reason: command.reason, reasonDetail: command.reasonDetail ?? null, referralId: referral.id },
          now,
          existing,
        ),
      );
      const id = await this.repository.insertClaim(trx, claim, referral.reference);
      await this.deps.audit.record(trx, ctx, { action: 'hours_claimed', entityType: 'safety_hours_claim', entityId: id, summary: { reason: claim.reason } });
      return this.load(trx, id);
    });
  }

  async myHours(ctx: ServiceContext): Promise<MyHoursView> {
    const claims = await this.repository.claimsOf(this.deps.db, ctx.actor.personId);
    const taken = await this.repository.toilTaken(this.deps.db, ctx.actor.personId);
    return { claims, taken, toilBalanceMinutes: toilBalanceMinutes(ctx.actor.personId, claims, taken) };
  }

  /**
   * Who may decide (and record TOIL for) an AMHP's hours: their line manager; an operational
   * manager too only where the service has configured it (the hours deciders setting).
   */
  private async decider(ctx: ServiceContext): Promise<(claim: { lineManagerId: string | null }) => boolean> {
    const deciders = (await this.deps.settings.deciders()).value;
    const operational = deciders === 'line_manager_or_operational_manager' && hasAnyRole(ctx.actor, ['operational_manager']);
    return (claim) => claim.lineManagerId === ctx.actor.personId || operational;
  }

  /** Claims waiting for this manager: their own team members' (all, for an operational manager where configured); oldest first. */
  async claimsToDecide(ctx: ServiceContext): Promise<ClaimRow[]> {
    requireRole(ctx.actor, HOURS_APPROVERS, 'decide additional hours');
    const mayDecide = await this.decider(ctx);
    const claims = await this.repository.claims(this.deps.db, { status: 'submitted' });
    return claims.filter((c) => c.amhpId !== ctx.actor.personId && mayDecide(c)).reverse();
  }

  /** One claim, for the AMHP, a manager who may decide it, or those who monitor hours. Audited. */
  async claim(ctx: ServiceContext, id: string): Promise<ClaimView> {
    const claim = await this.load(this.deps.db, id);
    const mayDecide = await this.decider(ctx);
    if (claim.amhpId !== ctx.actor.personId && !mayDecide(claim) && !hasAnyRole(ctx.actor, HOURS_MONITORS)) throw new ForbiddenError('You cannot see this claim');
    const all = await this.repository.claimsOf(this.deps.db, claim.amhpId);
    const taken = await this.repository.toilTaken(this.deps.db, claim.amhpId);
    await this.deps.audit.record(this.deps.db, ctx, { action: 'hours_claim_viewed', entityType: 'safety_hours_claim', entityId: id });
    return {
      claim,
      toilBalanceMinutes: toilBalanceMinutes(claim.amhpId, all, taken),
      mayDecide: claim.status === 'submitted' && claim.amhpId !== ctx.actor.personId && mayDecide(claim),
    };
  }

  async decideClaim(ctx: ServiceContext, id: string, decision: ClaimDecision): Promise<ClaimRow> {
    requireRole(ctx.actor, HOURS_APPROVERS, 'decide additional hours');
    const now = this.deps.clock.now();
    const mayDecide = await this.decider(ctx);
    const refusal = await this.whoDecides();
    return inTransaction(this.deps.db, async (trx) => {
      const claim = await this.load(trx, id);
      if (claim.amhpId !== ctx.actor.personId && !mayDecide(claim)) throw new ForbiddenError(refusal);
      const decided = unwrap(decideClaim(claim, decision, ctx.actor.personId, now));
      await this.repository.updateClaim(trx, decided, claim.version);
      await this.deps.audit.record(trx, ctx, { action: 'hours_claim_decided', entityType: 'safety_hours_claim', entityId: id, summary: { status: decided.status, compensation: decided.compensation } });
      return this.load(trx, id);
    });
  }

  async withdrawClaim(ctx: ServiceContext, id: string): Promise<ClaimRow> {
    return inTransaction(this.deps.db, async (trx) => {
      const claim = await this.load(trx, id);
      const changed = unwrap(withdrawClaim(claim, ctx.actor.personId));
      await this.repository.updateClaim(trx, changed, claim.version);
      await this.deps.audit.record(trx, ctx, { action: 'hours_claim_withdrawn', entityType: 'safety_hours_claim', entityId: id });
      return this.load(trx, id);
    });
  }

  /** A manager records TOIL taken by an AMHP they may decide claims for; the entry and the balance left. */
  async recordToil(ctx: ServiceContext, amhpId: string, command: ToilCommand): Promise<ToilTaken & { toilBalanceMinutes: number }> {
    requireRole(ctx.actor, HOURS_APPROVERS, 'record time off in lieu');
    const mayDecide = await this.decider(ctx);
    const refusal = `${await this.whoDecides()} (time off in lieu included)`;
    return inTransaction(this.deps.db, async (trx) => {
      const amhp = await this.people.person(trx, amhpId);
      if (!amhp) throw new NotFoundError('The AMHP');
      if (amhp.id === ctx.actor.personId || !mayDecide(amhp)) {
        throw new ForbiddenError(refusal);
      }
      await this.repository.lockAmhpClaims(trx, amhpId);
      const claims = await this.repository.claimsOf(trx, amhpId);
      const taken = await this.repository.toilTaken(trx, amhpId);
      const balance = toilBalanceMinutes(amhpId, claims, taken);
      const entry = unwrap(recordToilTaken({ id: randomUUID(), amhpId, date: command.date, minutes: command.minutes, recordedBy: ctx.actor.personId }, balance));
      const id = await this.repository.insertToilTaken(trx, entry, this.deps.clock.now());
      await this.deps.audit.record(trx, ctx, { action: 'toil_taken_recorded', entityType: 'safety_toil', entityId: id, summary: { minutes: entry.minutes } });
      return { ...entry, id, toilBalanceMinutes: balance - entry.minutes };
    });
  }

  /** Who works the most additional hours and why, by month (the last six), with TOIL balances. Audited. */
  async monthly(ctx: ServiceContext): Promise<MonthlyView> {
    requireRole(ctx.actor, HOURS_MONITORS, 'see additional hours monitoring');
    const now = this.deps.clock.now();
    const fromMonth = addDays(`${londonMonth(now)}-01`, -160).slice(0, 7);
    const claims = await this.repository.claims(this.deps.db);
    const taken = await this.repository.toilTaken(this.deps.db);
    const rows = monthlyAdditionalHours(claims, { fromMonth });
    const names = new Map(claims.map((c) => [c.amhpId, c.amhpName]));
    const months = [...new Set(rows.map((r) => r.month))].sort().reverse();
    const balances = [...names.entries()]
      .map(([amhpId, name]) => ({ amhpId, name, minutes: toilBalanceMinutes(amhpId, claims, taken) }))
      .filter((b) => b.minutes !== 0)
      .sort((a, b) => b.minutes - a.minutes);
    await this.deps.audit.record(this.deps.db, ctx, { action: 'hours_monitoring_viewed', entityType: 'safety_hours_claim' });
    return {
      months: months.map((month) => ({
        month,
        rows: rows.filter((r) => r.month === month).map((r) => ({ ...r, name: names.get(r.amhpId) ?? '', mainReasonLabel: ADDITIONAL_HOURS_REASON_LABELS[r.mainReason] })),
      })),
      balances,
    };
  }

  /** The refusal, in the words of the setting in force. */
  private async whoDecides(): Promise<string> {
    return (await this.deps.settings.deciders()).value === 'line_manager'
      ? 'Only the AMHP’s line manager can decide their additional hours'
      : 'Only the AMHP’s line manager or an operational manager can decide their additional hours';
  }

  private async load(db: Kysely<SafetyDb>, id: string): Promise<ClaimRow> {
    const claim = await this.repository.findClaim(db, id);
    if (!claim) throw new NotFoundError('The claim');
    return claim;
  }
}
