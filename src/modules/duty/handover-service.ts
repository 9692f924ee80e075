import { randomUUID } from 'node:crypto';
import { inTransaction, type Db, type Tx } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import type { LiveEvents } from '../../platform/live-events.js';
import type { Notifications } from '../../platform/notifications.js';
import { hasAnyRole, requireRole, type Actor } from '../../platform/roles.js';
import type { Job } from '../../platform/scheduler.js';
import type { StaffService } from '../staff/staff-service.js';
import { DUTY_ROLES, refusalError } from './duty-access.js';
import { PeopleNames } from './duty-people.js';
import type { DutyReferralsPort } from './duty-referrals-port.js';
import type { DutyRepository } from './duty-repository.js';
import { acceptHandoverSchema, createHandoverSchema, withdrawHandoverSchema } from './duty-schemas.js';
import { formatLondonDateTime } from './duty-time.js';
import { acceptanceDeadline, acceptHandover, createHandover, handoverTiming, initialHolderAt, partyLabel, responsibilityIntervals, withdrawHandover } from './handover.js';
import type { Handover, HandoverParty, HandoverTiming, ResponsibilityInterval } from './handover.js';
import { DUTY_TOPIC } from './rota-service.js';
import type { ServiceTeam } from './service-hours.js';
import type { ServiceHoursService } from './service-hours-service.js';

export interface HandoverView extends Handover {
  version: number;
  fromLabel: string;
  toLabel: string;
  sentByName: string;
  acceptedByName: string | null;
  withdrawnByName: string | null;
  timing: HandoverTiming;
  flagged: boolean;
  hasWarrant: boolean;
  referralLabels: Record<string, string>;
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

/** Handover form fields arrive flat from HTML ("items.0.referralId"); the API sends nested JSON. */
export function handoverInputFromForm(form: Record<string, unknown>): Record<string, unknown> {
  if (Array.isArray(form.items)) return form;
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < 10; i++) {
    const referralId = form[`items.${i}.referralId`];
    if (typeof referralId !== 'string' || referralId === '') continue;
    items.push({
      referralId,
      done: form[`items.${i}.done`],
      outstanding: form[`items.${i}.outstanding`],
      contingency: form[`items.${i}.contingency`],
      warrantApplication: form[`items.${i}.warrantApplication`],
      warrantReason: form[`items.${i}.warrantReason`],
    });
  }
  const documents = typeof form.documentsSent === 'string' ? form.documentsSent.split(/\r?\n/) : Array.isArray(form.documentsSent) ? form.documentsSent : [];
  return { direction: form.direction, ourTeam: form.ourTeam || undefined, otherServiceName: form.otherServiceName, items, documentsSent: documents };
}

export class HandoverService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly staff: StaffService,
    private readonly hours: ServiceHoursService,
    private readonly repository: DutyRepository,
    private readonly referrals: () => DutyReferralsPort,
    private readonly liveEvents: LiveEvents,
    private readonly notifications: Notifications,
  ) {}

  private async teamsOf(actor: Actor): Promise<ServiceTeam[]> {
    const teams = await this.staff.teams();
    const kind = teams.find((t) => t.id === actor.teamId)?.kind ?? null;
    return acceptorTeams(actor, kind);
  }

  private async views(ctx: ServiceContext, handovers: Array<Handover & { version: number }>): Promise<HandoverView[]> {
    const [names, hours, teams] = await Promise.all([PeopleNames.load(this.staff), this.hours.context(), this.teamsOf(ctx.actor)]);
    const flagged = await this.repository.flaggedIds(this.db, handovers.map((h) => h.id));
    const now = this.clock.now();
    const labels: Record<string, string> = {};
    const port = this.referrals();
    for (const id of new Set(handovers.flatMap((h) => h.items.map((i) => i.referralId)))) {
      labels[id] = (await port.get(id))?.reference ?? 'Referral';
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
      referralLabels: labels,
      canAccept: h.status === 'sent' && (h.to.kind === 'other-service' ? h.sentBy === ctx.actor.personId || teams.some((t) => h.from.kind === 'team' && h.from.team === t) : teams.includes(h.to.team)),
    }));
  }

  async list(ctx: ServiceContext, options: { openOnly?: boolean; referralId?: string } = {}): Promise<HandoverView[]> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see handovers');
    const since = new Date(this.clock.now().getTime() - 7 * 24 * 3_600_000);
    const handovers = await this.repository.listHandovers(this.db, { ...options, ...(options.openOnly || options.referralId ? {} : { since }) });
    return this.views(ctx, handovers);
  }

  async get(ctx: ServiceContext, id: string): Promise<HandoverView> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see handovers');
    const handover = await this.repository.findHandover(this.db, id);
    if (!handover) throw new NotFoundError('The handover');
    const [view] = await this.views(ctx, [handover]);
    await inTransaction(this.db, (trx) => this.audit.record(trx, ctx, { action: 'handover_viewed', entityType: 'handover', entityId: id }));
    return view as HandoverView;
  }

  async create(ctx: ServiceContext, raw: Record<string, unknown>): Promise<{ id: string; warnings: string[] }> {
    requireRole(ctx.actor, DUTY_ROLES.handoverSend, 'send a handover');
    const input = parseInput(createHandoverSchema, handoverInputFromForm(raw));
    const port = this.referrals();
    for (const [index, item] of input.items.entries()) {
      if (port.available && !(await port.get(item.referralId))) throw ValidationError.of(`items.${index}.referralId`, 'Select a referral that exists');
    }
    const now = this.clock.now();
    const outcome = createHandover({ id: randomUUID(), from: input.from, to: input.to, sentBy: ctx.actor.personId, sentAt: now, items: input.items, documentsSent: input.documentsSent });
    if (!outcome.ok) throw refusalError(outcome, outcome.code === 'warrant-reason-required' ? 'items.0.warrantReason' : 'items');
    const hours = await this.hours.context();
    const deadline = acceptanceDeadline(outcome.value, hours.config, hours.bankHolidays);
    const id = await inTransaction(this.db, async (trx) => {
      const id = await this.repository.insertHandover(trx, outcome.value, deadline);
      await this.audit.record(trx, ctx, { action: 'handover_sent', entityType: 'handover', entityId: id, summary: { from: partyKey(input.from), to: partyKey(input.to), referrals: input.items.length, warrant: input.items.some((i) => i.warrantApplication) } });
      for (const item of outcome.value.items) {
        await port.addTimelineEvent(trx, ctx, item.referralId, {
          kind: 'handover_sent',
          summary: `Handover sent from ${partyLabel(input.from)} to ${partyLabel(input.to)}: ${partyLabel(input.from)} stays responsible until it is accepted`,
          data: { handoverId: id, responsibleTeam: partyKey(input.from), to: partyKey(input.to) },
        });
      }
      return id;
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return { id, warnings: outcome.warnings };
  }

  /** Accept: only someone in the receiving team; exactly one of two concurrent acceptances wins. */
  async accept(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    const input = parseInput(acceptHandoverSchema, raw ?? {});
    const [teams, names] = await Promise.all([this.teamsOf(ctx.actor), PeopleNames.load(this.staff)]);
    await inTransaction(this.db, async (trx) => {
      const handover = await this.repository.findHandover(trx, id);
      if (!handover) throw new NotFoundError('The handover');
      const outcome = acceptHandover(withNames(handover, names), { by: { personId: ctx.actor.personId, teams }, at: this.clock.now(), ...(input.externalAcceptorName ? { externalAcceptorName: input.externalAcceptorName } : {}) });
      if (!outcome.ok) throw refusalError(outcome, 'externalAcceptorName');
      if ((await this.repository.closeHandover(trx, { ...outcome.value, acceptedBy: ctx.actor.personId }, handover.version)) !== 1) {
        throw await this.closedError(trx, id, names);
      }
      await this.audit.record(trx, ctx, { action: 'handover_accepted', entityType: 'handover', entityId: id });
      for (const item of handover.items) {
        await this.referrals().addTimelineEvent(trx, ctx, item.referralId, {
          kind: 'handover_accepted',
          summary: `Handover accepted by ${outcome.value.acceptedByExternal ?? ctx.actor.name}: ${partyLabel(handover.to)} is now responsible`,
          data: { handoverId: id, responsibleTeam: partyKey(handover.to) },
        });
      }
    });
    this.liveEvents.publish(DUTY_TOPIC);
  }

  /** The loser of a race: re-read and say who got there first. */
  private async closedError(trx: Tx, id: string, names: PeopleNames): Promise<Error> {
    const now = await this.repository.findHandover(trx, id);
    if (now && now.status !== 'sent') {
      const refusal = acceptHandover(withNames(now, names), { by: { personId: '', teams: [] }, at: this.clock.now() });
      if (!refusal.ok) return refusalError(refusal);
    }
    return refusalError({ ok: false, kind: 'conflict', code: 'stale-handover', message: 'Someone else changed this handover at the same moment. Nothing was saved: check its current state.' });
  }

  async withdraw(ctx: ServiceContext, id: string, raw: unknown): Promise<void> {
    const input = parseInput(withdrawHandoverSchema, raw);
    const names = await PeopleNames.load(this.staff);
    await inTransaction(this.db, async (trx) => {
      const handover = await this.repository.findHandover(trx, id);
      if (!handover) throw new NotFoundError('The handover');
      if (handover.sentBy !== ctx.actor.personId) requireRole(ctx.actor, ['amhp_lead', 'edt_manager', 'operational_manager'], 'withdraw a handover someone else sent');
      const outcome = withdrawHandover(withNames(handover, names), ctx.actor.personId, this.clock.now(), input.reason);
      if (!outcome.ok) throw refusalError(outcome, 'reason');
      if ((await this.repository.closeHandover(trx, { ...outcome.value, acceptedBy: handover.acceptedBy }, handover.version)) !== 1) throw await this.closedError(trx, id, names);
      await this.audit.record(trx, ctx, { action: 'handover_withdrawn', entityType: 'handover', entityId: id });
      for (const item of handover.items) {
        await this.referrals().addTimelineEvent(trx, ctx, item.referralId, {
          kind: 'handover_withdrawn',
          summary: `Handover to ${partyLabel(handover.to)} withdrawn: ${partyLabel(handover.from)} remains responsible`,
          data: { handoverId: id, responsibleTeam: partyKey(handover.from) },
        });
      }
    });
    this.liveEvents.publish(DUTY_TOPIC);
  }

  /** Which team held the referral at every moment since it was received. */
  async responsibility(referralId: string, receivedAt: Date): Promise<Array<ResponsibilityInterval & { holderLabel: string }>> {
    const [handovers, hours] = await Promise.all([this.repository.listHandovers(this.db, { referralId, limit: 500 }), this.hours.context()]);
    const holder = initialHolderAt(receivedAt, hours.config, hours.bankHolidays);
    return responsibilityIntervals(referralId, { at: receivedAt, holder }, handovers).map((i) => ({ ...i, holderLabel: partyLabel(i.holder) }));
  }

  async openHandovers(): Promise<Array<Handover & { version: number }>> {
    return this.repository.listHandovers(this.db, { openOnly: true, limit: 500 });
  }

  async handoversSince(since: Date): Promise<Array<Handover & { version: number }>> {
    return this.repository.listHandovers(this.db, { since, limit: 500 });
  }

  /** Scheduler: flag each handover not accepted in time to both leads, once. */
  overdueJob(): Job {
    return {
      name: 'duty-handover-acceptance-overdue',
      intervalSeconds: 60,
      run: async (trx, now) => {
        const overdue = await this.repository.overdueUnflagged(trx, now);
        if (overdue.length === 0) return;
        const leads = await this.repository.activePeopleWithRoles(trx, ['amhp_lead', 'edt_manager']);
        for (const h of overdue) {
          if (!(await this.repository.markFlagged(trx, h.id, now))) continue;
          for (const lead of leads) {
            await this.notifications.enqueue(trx, {
              recipientPersonId: lead.id,
              recipientAddress: lead.email,
              subject: `Handover not accepted: ${partyLabel(h.from)} to ${partyLabel(h.to)}`,
              body: `A handover from ${partyLabel(h.from)} to ${partyLabel(h.to)} sent at ${formatLondonDateTime(h.sentAt)} has not been accepted within 30 minutes of the receiving service starting. ${partyLabel(h.from)} remains responsible. Open the AMHP Hub to follow it up.`,
            });
          }
          await this.audit.record(trx, { actor: null, requestId: 'scheduler' }, { action: 'handover_flagged_overdue', entityType: 'handover', entityId: h.id, summary: { leadsNotified: leads.length } });
        }
        this.liveEvents.publish(DUTY_TOPIC);
      },
    };
  }
}

function partyKey(p: HandoverParty): string {
  return p.kind === 'team' ? p.team : 'other-service';
}

/** The domain's messages name who accepted; give it names rather than ids. */
function withNames(h: Handover, names: PeopleNames): Handover {
  return { ...h, acceptedBy: h.acceptedBy ? names.name(h.acceptedBy) : null };
}
