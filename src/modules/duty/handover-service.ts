import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.js';
import type { LiveEvents } from '../../platform/live-events.js';
import { unwrap, type Result } from '../../platform/result.js';
import { hasAnyRole, requireRole, type Actor } from '../../platform/roles.js';
import { DUTY_ROLES } from './duty-access.js';
import { formatDayTime } from './duty-calendar.js';
import { PeopleNames, type DutyStaff } from './duty-people.js';
import type { DutyAudit, DutyNotify } from './duty-platform-port.js';
import type { DutyReferralsPort } from './duty-referrals-port.js';
import { DUTY_DAY_MAX_AGE_MS, dutyDayChanges, type DutyDb, type DutyRepository, type DutyTx, type StoredHandover } from './duty-repository.js';
import { ReadCache } from '../../platform/read-cache.js';
import { acceptanceDeadline, acceptHandover, createHandover, handoverTiming, handoverWarnings, initialHolderAt, partyLabel, responsibilityIntervals, withdrawHandover } from './handover.js';
import type { Handover, HandoverParty, HandoverTiming, ResponsibilityInterval } from './handover.js';
import type { SendHandoverCommand } from './handover-schemas.js';
import { DUTY_TOPIC } from './rota-service.js';
import type { ServiceTeam } from './service-hours.js';
import type { ServiceHoursService } from './service-hours-service.js';

export interface HandoverView extends StoredHandover {
  fromLabel: string;
  toLabel: string;
  sentByName: string;
  acceptedByName: string | null;
  withdrawnByName: string | null;
  timing: HandoverTiming;
  flagged: boolean;
  hasWarrant: boolean;
  referralLabels: Record<string, string>;
  /** The s136 24-hour end of each referral held under s136 (by referral id). */
  s136EndsAt: Record<string, Date>;
  /** Whether the person looking may accept it. */
  canAccept: boolean;
}

/** Which of the two service teams a person can accept handovers for. */
export function acceptorTeams(actor: Actor, teamKind: string | null): ServiceTeam[] {
  const teams = new Set<ServiceTeam>();
  if (teamKind === 'daytime' || teamKind === 'edt') teams.add(teamKind);
  if (hasAnyRole(actor, ['edt_officer', 'edt_manager'])) teams.add('edt');
  if (hasAnyRole(actor, ['amhp_lead', 'operational_manager'])) teams.add('daytime');
  return [...teams];
}

function partyKey(p: HandoverParty): string {
  return p.kind === 'team' ? p.team : 'other-service';
}

/** The domain's messages name who accepted; give it names rather than ids. */
function withNames(h: Handover, names: PeopleNames): Handover {
  return { ...h, acceptedBy: h.acceptedBy ? names.name(h.acceptedBy) : null };
}

/**
 * Handovers between the daytime service, EDT and other services (Handover Practice Guidance
 * §3–§4): responsibility stays with the sender until someone in the receiving team accepts.
 */
export class HandoverService {
  constructor(
    private readonly db: DutyDb,
    private readonly clock: Clock,
    private readonly audit: DutyAudit,
    private readonly notify: DutyNotify,
    private readonly staff: DutyStaff,
    private readonly hours: ServiceHoursService,
    private readonly repository: DutyRepository,
    private readonly referrals: () => DutyReferralsPort,
    private readonly liveEvents: LiveEvents,
  ) {
    this.openRead = new ReadCache({ load: () => this.repository.listHandovers(this.db, { openOnly: true, limit: 500 }), stamp: dutyDayChanges, clock: this.clock, maxAgeMs: DUTY_DAY_MAX_AGE_MS });
  }

  /** The handovers awaiting acceptance: one read shared by the board and the home panels until one changes. */
  private readonly openRead: ReadCache<StoredHandover[]>;

  /** Drops the shared read (another instance's duty change, through the duty live event). */
  invalidate(): void {
    this.openRead.clear();
  }

  private async teamsOf(actor: Actor): Promise<ServiceTeam[]> {
    const teams = await this.staff.teams();
    const kind = teams.find((t) => t.id === actor.teamId)?.kind ?? null;
    return acceptorTeams(actor, kind);
  }

  private async views(ctx: ServiceContext, handovers: StoredHandover[]): Promise<HandoverView[]> {
    const [names, hours, teams, flagged] = await Promise.all([
      PeopleNames.load(this.staff),
      this.hours.context(),
      this.teamsOf(ctx.actor),
      this.repository.flaggedIds(
        this.db,
        handovers.map((h) => h.id),
      ),
    ]);
    const now = this.clock.now();
    const labels: Record<string, string> = {};
    const s136: Record<string, Date> = {};
    const port = this.referrals();
    for (const id of new Set(handovers.flatMap((h) => h.items.map((i) => i.referralId)))) {
      const referral = await port.get(id);
      labels[id] = referral?.reference ?? 'Referral';
      if (referral?.s136EndsAt) s136[id] = referral.s136EndsAt;
    }
    return handovers.map((h) => ({
      ...h,
      fromLabel: partyLabel(h.from),
      toLabel: partyLabel(h.to),
      sentByName: names.name(h.sentBy),
      acceptedByName: h.acceptedBy ? names.name(h.acceptedBy) : null,
      withdrawnByName: h.withdrawnBy ? names.name(h.withdrawnBy) : null,
      timing: handoverTiming(h, now, hours.config, hours.bankHolidays),
      flagged: flagged.has(h.id),
      hasWarrant: h.items.some((i) => i.warrantApplication),
      referralLabels: Object.fromEntries(h.items.map((i) => [i.referralId, labels[i.referralId] ?? 'Referral'])),
      s136EndsAt: Object.fromEntries(h.items.flatMap((i) => (s136[i.referralId] ? [[i.referralId, s136[i.referralId] as Date]] : []))),
      // A handover to another service is accepted there and recorded here by the sending team; a
      // handover between our teams is accepted by someone in the receiving team other than the sender.
      canAccept: h.status === 'sent' && (h.to.kind === 'other-service' ? h.sentBy === ctx.actor.personId || teams.some((t) => h.from.kind === 'team' && h.from.team === t) : teams.includes(h.to.team) && h.sentBy !== ctx.actor.personId),
    }));
  }

  /** Handovers of the last seven days and every one still awaiting acceptance, newest first. */
  async list(ctx: ServiceContext, options: { openOnly?: boolean } = {}): Promise<HandoverView[]> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see handovers');
    const since = new Date(this.clock.now().getTime() - 7 * 24 * 3_600_000);
    const handovers = options.openOnly ? await this.openHandovers() : await this.repository.listHandovers(this.db, { since });
    const views = await this.views(ctx, handovers);
    await this.audit(this.db, ctx, { action: 'handovers_listed', entityType: 'handover', summary: { results: views.length, shown: [...new Set(views.flatMap((view) => view.items.map((item) => item.referralId)))] } });
    return views;
  }

  /** One handover, recording that it was read (it holds clinical detail). */
  async get(ctx: ServiceContext, id: string, options: { audit?: boolean } = {}): Promise<HandoverView> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see handovers');
    const handover = await this.repository.findHandover(this.db, id);
    if (!handover) throw new NotFoundError('The handover');
    const [view] = await this.views(ctx, [handover]);
    if (options.audit !== false) await inTransaction(this.db, (trx) => this.audit(trx, ctx, { action: 'handover_viewed', entityType: 'handover', entityId: id }));
    return view as HandoverView;
  }

  async send(ctx: ServiceContext, command: SendHandoverCommand): Promise<HandoverView & { warnings: string[] }> {
    requireRole(ctx.actor, DUTY_ROLES.handoverSend, 'send a handover');
    const port = this.referrals();
    for (const [index, item] of command.items.entries()) {
      if (port.available && !(await port.get(item.referralId))) throw ValidationError.of(`items.${index}.referralId`, 'Select a referral that exists');
    }
    const handover = unwrap(createHandover({ id: randomUUID(), from: command.from, to: command.to, sentBy: ctx.actor.personId, sentAt: this.clock.now(), items: command.items, documentsSent: command.documentsSent }));
    const hours = await this.hours.context();
    const deadline = acceptanceDeadline(handover, hours.config, hours.bankHolidays);
    await inTransaction(this.db, async (trx) => {
      await this.repository.insertHandover(trx, handover, deadline);
      await this.audit(trx, ctx, { action: 'handover_sent', entityType: 'handover', entityId: handover.id, summary: { from: partyKey(handover.from), to: partyKey(handover.to), referrals: handover.items.length, warrant: handover.items.some((i) => i.warrantApplication) } });
      for (const item of handover.items) {
        await port.addTimelineEvent(trx, ctx, item.referralId, {
          kind: 'handover_sent',
          summary: `Handover sent from ${partyLabel(handover.from)} to ${partyLabel(handover.to)}: ${partyLabel(handover.from)} stays responsible until it is accepted`,
          data: { handoverId: handover.id, responsibleTeam: partyKey(handover.from), to: partyKey(handover.to) },
        });
      }
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return { ...(await this.get(ctx, handover.id, { audit: false })), warnings: handoverWarnings(handover) };
  }

  /**
   * Closes a handover (accept or withdraw) against the version read in this transaction. Of two
   * people closing it at the same moment one wins; the other is told who got there first.
   */
  private async close(trx: DutyTx, read: StoredHandover, closed: Handover, explainLoss: (now: Handover) => Result<Handover>): Promise<void> {
    try {
      await this.repository.closeHandover(trx, closed, read);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      const now = await this.repository.findHandover(trx, read.id);
      if (now && now.status !== 'sent') unwrap(explainLoss(now));
      throw error;
    }
  }

  /** Accept: only someone in the receiving team; exactly one of two concurrent acceptances wins. */
  async accept(ctx: ServiceContext, id: string, command: { externalAcceptorName?: string | undefined }): Promise<HandoverView> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'accept handovers');
    const [teams, names] = await Promise.all([this.teamsOf(ctx.actor), PeopleNames.load(this.staff)]);
    const by = { personId: ctx.actor.personId, teams };
    await inTransaction(this.db, async (trx) => {
      const handover = await this.repository.findHandover(trx, id);
      if (!handover) throw new NotFoundError('The handover');
      const at = this.clock.now();
      const accepted = unwrap(acceptHandover(withNames(handover, names), { by, at, ...(command.externalAcceptorName ? { externalAcceptorName: command.externalAcceptorName } : {}) }));
      await this.close(trx, handover, { ...accepted, acceptedBy: ctx.actor.personId }, (now) => acceptHandover(withNames(now, names), { by, at }));
      await this.audit(trx, ctx, { action: 'handover_accepted', entityType: 'handover', entityId: id });
      for (const item of handover.items) {
        await this.referrals().addTimelineEvent(trx, ctx, item.referralId, {
          kind: 'handover_accepted',
          summary: `Handover accepted by ${accepted.acceptedByExternal ?? ctx.actor.name}: ${partyLabel(handover.to)} is now responsible`,
          data: { handoverId: id, responsibleTeam: partyKey(handover.to) },
        });
      }
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return this.get(ctx, id, { audit: false });
  }

  /** Withdraw: the sender, or a lead or manager; the sending team stays responsible. */
  async withdraw(ctx: ServiceContext, id: string, command: { reason: string }): Promise<HandoverView> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'withdraw handovers');
    const names = await PeopleNames.load(this.staff);
    await inTransaction(this.db, async (trx) => {
      const handover = await this.repository.findHandover(trx, id);
      if (!handover) throw new NotFoundError('The handover');
      if (handover.sentBy !== ctx.actor.personId) requireRole(ctx.actor, DUTY_ROLES.handoverWithdrawAny, 'withdraw a handover someone else sent');
      const at = this.clock.now();
      const withdrawn = unwrap(withdrawHandover(withNames(handover, names), ctx.actor.personId, at, command.reason));
      await this.close(trx, handover, { ...withdrawn, acceptedBy: handover.acceptedBy }, (now) => withdrawHandover(withNames(now, names), ctx.actor.personId, at, command.reason));
      await this.audit(trx, ctx, { action: 'handover_withdrawn', entityType: 'handover', entityId: id });
      for (const item of handover.items) {
        await this.referrals().addTimelineEvent(trx, ctx, item.referralId, {
          kind: 'handover_withdrawn',
          summary: `Handover to ${partyLabel(handover.to)} withdrawn: ${partyLabel(handover.from)} remains responsible`,
          data: { handoverId: id, responsibleTeam: partyKey(handover.from) },
        });
      }
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return this.get(ctx, id, { audit: false });
  }

  /** Which team held the referral at every moment since it was received. */
  async responsibility(ctx: ServiceContext, referralId: string): Promise<Array<ResponsibilityInterval & { holderLabel: string }>> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see who is responsible for a referral');
    const referral = await this.referrals().get(referralId);
    if (!referral) throw new NotFoundError('The referral');
    const [handovers, hours] = await Promise.all([this.repository.listHandovers(this.db, { referralId, limit: 500 }), this.hours.context()]);
    const holder = initialHolderAt(referral.receivedAt, hours.config, hours.bankHolidays);
    return responsibilityIntervals(referralId, { at: referral.receivedAt, holder }, handovers).map((i) => ({ ...i, holderLabel: partyLabel(i.holder) }));
  }

  async openHandovers(): Promise<StoredHandover[]> {
    return [...(await this.openRead.get())];
  }

  handoversSince(since: Date): Promise<StoredHandover[]> {
    return this.repository.listHandovers(this.db, { since, limit: 500 });
  }

  /**
   * For the scheduler, inside its transaction: flag each handover not accepted 30 minutes after
   * the receiving service started (§3.1) to every AMHP Lead and EDT on-call manager, once.
   */
  async flagOverdue(trx: DutyDb, now: Date): Promise<void> {
    const overdue = await this.repository.overdueUnflagged(trx, now);
    if (overdue.length === 0) return;
    const leads = await this.repository.activePeopleWithRoles(trx, ['amhp_lead', 'edt_manager']);
    for (const h of overdue) {
      if (!(await this.repository.markFlagged(trx, h.id, now))) continue;
      for (const lead of leads) {
        await this.notify(trx, {
          recipientPersonId: lead.id,
          recipientAddress: lead.email,
          subject: `Handover not accepted: ${partyLabel(h.from)} to ${partyLabel(h.to)}`,
          body: `A handover from ${partyLabel(h.from)} to ${partyLabel(h.to)} sent at ${formatDayTime(h.sentAt)} has not been accepted within 30 minutes of the receiving service starting. ${partyLabel(h.from)} remains responsible. Open the AMHP Hub to follow it up.`,
        });
      }
      await this.audit(trx, { actor: null, requestId: 'scheduler' }, { action: 'handover_flagged_overdue', entityType: 'handover', entityId: h.id, summary: { leadsNotified: leads.length } });
    }
    this.liveEvents.publish(DUTY_TOPIC);
  }
}
