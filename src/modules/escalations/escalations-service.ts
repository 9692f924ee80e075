import type { Kysely } from 'kysely';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import { ForbiddenError, NotFoundError, StateError, ValidationError } from '../../platform/errors.js';
import { formatDateTime } from '../../platform/london-time.js';
import { unwrap } from '../../platform/result.js';
import { type Actor, STAFF_ROLES, hasAnyRole, requireRole } from '../../platform/roles.js';
import {
  type ClockView,
  type EscalationState,
  type ReminderDue,
  type Urgency,
  acknowledge,
  clockView,
  deadlines,
  dispute,
  isOutOfHours,
  remindersDue,
  resolve,
  respond,
} from './escalation.js';
import { CategoriesRepository } from './categories-repository.js';
import { checkRaisable } from './escalation-categories.js';
import { COORDINATORS, MISSED_DEADLINE_WATCHERS, OVERSIGHT, RAISERS } from './escalations-access.js';
import { escalationsPaths } from './escalations-paths.js';
import type { EscalationsServiceDeps } from './escalations-ports.js';
import { type AttemptRow, type EscalationRow, type EventRow, type PartnerRow, type PersonBrief, EscalationsRepository } from './escalations-repository.js';
import type { EscalationsDb } from './escalations-tables.js';
import { type CaseReviewRow, RiskDiscussionsRepository } from './risk-discussions-repository.js';
import { type LadderStepKey, type NextStep, STEP_RUNG, nextStep } from './on-call-ladder.js';
import { type PartnerContact, contactLine, contactsFor } from './partner-directory.js';

export interface RaiseCommand {
  category: string;
  urgency: Urgency;
  concern: string;
  triedLocally: string;
  outcomeSought: string;
  /** A referral id or reference, as typed. */
  referral?: string | undefined;
  /** A handover (duty) this is about, by id. */
  handover?: string | undefined;
  /** A lone-working visit (safety) this is about, by id. */
  visit?: string | undefined;
  partnerId?: string | undefined;
  /** The receiving manager: a person in the app, or a named manager outside it. */
  receiverPersonId?: string | undefined;
  receiverName?: string | undefined;
  receiverContact?: string | undefined;
}

export interface AcknowledgeCommand {
  version: number;
  /** For a receiver outside the app: who acknowledged (e.g. "Inspector Ola Oduya, by phone"). */
  onBehalfOf?: string | undefined;
  note?: string | undefined;
}

export interface RespondCommand {
  version: number;
  response: string;
  onBehalfOf?: string | undefined;
}

export interface DisputeCommand {
  version: number;
  reason: string;
  nextReceiverPersonId?: string | undefined;
  nextReceiverName?: string | undefined;
  nextReceiverContact?: string | undefined;
}

export interface AttemptCommand {
  step: LadderStepKey;
  number: string;
  answered: boolean;
  note?: string | undefined;
}

export interface EscalationSummary {
  escalation: EscalationRow;
  clock: ClockView;
}

export interface EscalationView extends EscalationSummary {
  events: EventRow[];
  attempts: AttemptRow[];
  /** The on-call ladder: what to do next, and the directory's number for it. */
  ladder: { next: NextStep; contact: PartnerContact | null; contacts: Partial<Record<LadderStepKey, PartnerContact | null>> };
  outOfHours: boolean;
  /** The receiving organisation's directory entry, when linked. */
  partner: PartnerRow | null;
  /** Joint case reviews held about it (date and note). */
  caseReviews: CaseReviewRow[];
  /** What the acting person may do here. */
  may: { acknowledge: boolean; respond: boolean; dispute: boolean; resolve: boolean; callLadder: boolean };
  now: Date;
}

/** A person at a partner agency (and not also staff): sees only their organisation's escalations. */
export function isPartner(actor: Actor): boolean {
  return hasAnyRole(actor, ['partner']) && !hasAnyRole(actor, STAFF_ROLES);
}

/**
 * Escalations (Multi Agency Escalation Practice §2–§6): raised by anyone signed in, received by a
 * manager who acknowledges within 24 hours and responds in writing within 7 working days; a
 * disputed response goes one rung up. Reminders and missed deadlines through the platform outbox.
 */
export class EscalationsService {
  private readonly repository = new EscalationsRepository();
  private readonly categories = new CategoriesRepository();

  constructor(private readonly deps: EscalationsServiceDeps) {}

  /** `within` runs in the same transaction once the escalation is recorded (a police request links it). */
  async raise(ctx: ServiceContext, command: RaiseCommand, within?: (trx: Kysely<EscalationsDb>, id: string) => Promise<void>): Promise<EscalationView> {
    requireRole(ctx.actor, RAISERS, 'raise an escalation');
    // Only a category in use: a retired one is refused before anything is written.
    unwrap(checkRaisable(await this.categories.byKey(this.deps.db, command.category)));
    if (!command.receiverPersonId && !command.receiverName) throw ValidationError.of('receiverName', 'Choose the receiving manager, or name them');
    if (isPartner(ctx.actor)) {
      // A partner raises a concern with the service (Appendix 1, "Record for partners to raise
      // concerns"): from their own organisation, to a manager of the service, about no referral.
      const own = await this.repository.membership(this.deps.db, ctx.actor.personId);
      if (!own) throw new ForbiddenError('Your account is not linked to a partner organisation: ask the AMHP service to link it');
      if (command.referral) throw ValidationError.of('referral', 'Describe the concern without a referral reference: partners cannot look up referrals');
      if (command.handover || command.visit) throw ValidationError.of(command.handover ? 'handover' : 'visit', 'Describe the concern without linking a handover or a visit: partners cannot see them');
      if (!command.receiverPersonId) throw ValidationError.of('receiverPersonId', 'Choose the manager at the service who should receive this');
      command = { ...command, partnerId: own };
    }
    const referral = await this.linkReferral(command.referral);
    if (command.handover && !(await this.deps.links?.handover(ctx, command.handover).catch(() => null))) throw ValidationError.of('handover', 'No handover you can see has this id: check the link, or leave it blank');
    if (command.visit && !(await this.deps.links?.visit(ctx, command.visit).catch(() => null))) throw ValidationError.of('visit', 'No visit you can see has this id: check the link, or leave it blank');
    const now = this.deps.clock.now();
    const calendar = await this.deps.calendar.calendar();
    const id = await inTransaction(this.deps.db, async (trx) => {
      if (command.partnerId && !(await this.repository.partner(trx, command.partnerId))) throw ValidationError.of('partnerId', 'Choose an organisation from the directory');
      const receiver = command.receiverPersonId ? await this.repository.person(trx, command.receiverPersonId) : undefined;
      if (command.receiverPersonId && !receiver) throw ValidationError.of('receiverPersonId', 'Choose the receiving manager from the list');
      const id = await this.repository.insertEscalation(trx, {
        raisedBy: ctx.actor.personId,
        raisedAt: now,
        referralId: referral.id,
        referralReference: referral.reference,
        partnerId: command.partnerId ?? null,
        handoverId: command.handover ?? null,
        visitId: command.visit ?? null,
        category: command.category,
        urgency: command.urgency,
        concern: command.concern,
        triedLocally: command.triedLocally,
        outcomeSought: command.outcomeSought,
        receiverPersonId: receiver?.id ?? null,
        receiverName: receiver?.name ?? command.receiverName ?? '',
        receiverContact: receiver ? receiver.email : (command.receiverContact ?? ''),
        clockStartedAt: now,
        ...deadlines(now, calendar),
      });
      await this.repository.addEvent(trx, { escalationId: id, kind: 'raised', rung: 1, byPersonId: ctx.actor.personId, at: now });
      const row = (await this.repository.escalation(trx, id))!;
      await this.notifyReceiver(trx, row, receiver, `New escalation for you: ${(await this.categoryLabel(trx, row.category))}`, `${ctx.actor.name} has escalated a concern to you. Please acknowledge it within 24 hours (by ${formatDateTime(row.acknowledgeBy)}) and give a written response by ${formatDateTime(row.respondBy)}.`);
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_raised', entityType: 'escalation', entityId: id, summary: { category: command.category, urgency: command.urgency, linkedReferral: referral.id !== null } });
      if (within) await within(trx, id);
      return id;
    });
    this.deps.publish();
    return this.view(ctx, id);
  }

  /** Escalations the person may see, newest first, each with its clock. Audited. */
  async list(ctx: ServiceContext): Promise<{ escalations: EscalationSummary[]; all: boolean; now: Date }> {
    const all = hasAnyRole(ctx.actor, OVERSIGHT);
    const own = isPartner(ctx.actor) ? await this.repository.membership(this.deps.db, ctx.actor.personId) : null;
    const rows = isPartner(ctx.actor)
      ? own
        ? await this.repository.escalations(this.deps.db, { partnerId: own })
        : []
      : await this.repository.escalations(this.deps.db, all ? {} : { involving: ctx.actor.personId });
    await this.deps.platform.audit(this.deps.db, ctx, { action: 'escalations_viewed', entityType: 'escalation', summary: { all, count: rows.length } });
    const now = this.deps.clock.now();
    return { escalations: rows.map((escalation) => ({ escalation, clock: clockView(escalation, now) })), all, now };
  }

  async view(ctx: ServiceContext, id: string): Promise<EscalationView> {
    const escalation = await this.load(this.deps.db, id);
    const forOwnOrganisation = await this.mustSee(this.deps.db, ctx, escalation);
    await this.deps.platform.audit(this.deps.db, ctx, { action: 'escalation_viewed', entityType: 'escalation', entityId: id });
    const now = this.deps.clock.now();
    const calendar = await this.deps.calendar.calendar();
    const [events, attempts] = [await this.repository.events(this.deps.db, id), await this.repository.attempts(this.deps.db, id)];
    const caseReviews = await new RiskDiscussionsRepository().reviews(this.deps.db, id);
    const partner = escalation.partnerId ? ((await this.repository.partner(this.deps.db, escalation.partnerId)) ?? null) : null;
    const outOfHours = isOutOfHours(now, calendar);
    const next = nextStep(
      attempts.map((a) => ({ step: a.step, at: a.at, answered: a.answered })),
      escalation.urgency === 'urgent',
      now,
    );
    const stepContact = (step: LadderStepKey) => (partner ? (contactsFor(partner.contacts, STEP_RUNG[step], true)[0] ?? null) : null);
    const nextKey = next.kind === 'call' ? next.step : next.kind === 'wait' ? next.then : null;
    const coordinator = hasAnyRole(ctx.actor, COORDINATORS);
    const mine = escalation.raisedBy === ctx.actor.personId;
    const receiver = escalation.receiverPersonId ? escalation.receiverPersonId === ctx.actor.personId : mine || coordinator || forOwnOrganisation;
    return {
      escalation,
      clock: clockView(escalation, now),
      events,
      attempts,
      ladder: {
        next,
        contact: nextKey ? stepContact(nextKey) : null,
        contacts: { on_call_manager: stepContact('on_call_manager'), team_manager: stepContact('team_manager'), head_of_service: stepContact('head_of_service') },
      },
      outOfHours,
      partner,
      caseReviews,
      may: {
        acknowledge: receiver && escalation.status === 'awaiting_acknowledgement',
        respond: receiver && escalation.status === 'acknowledged',
        dispute: (mine || coordinator) && escalation.status === 'responded' && escalation.rung < 3,
        resolve: (mine || coordinator) && escalation.status === 'responded',
        callLadder: (mine || coordinator) && escalation.status !== 'resolved',
      },
      now,
    };
  }

  async acknowledge(ctx: ServiceContext, id: string, command: AcknowledgeCommand): Promise<EscalationView> {
    await this.change(ctx, id, command.version, 'escalation_acknowledged', async (trx, row, now) => {
      const outside = await this.outsideReceiverCheck(trx, ctx, row, command.onBehalfOf);
      const change = unwrap(acknowledge(row, { personId: ctx.actor.personId, mayRecordForOutsideReceiver: outside.may }, now));
      await this.repository.addEvent(trx, { escalationId: id, kind: 'acknowledged', rung: row.rung, byPersonId: ctx.actor.personId, onBehalfOf: outside.onBehalfOf, at: now, text: command.note ?? '' });
      return change;
    });
    return this.view(ctx, id);
  }

  async respond(ctx: ServiceContext, id: string, command: RespondCommand): Promise<EscalationView> {
    await this.change(ctx, id, command.version, 'escalation_responded', async (trx, row, now) => {
      const outside = await this.outsideReceiverCheck(trx, ctx, row, command.onBehalfOf);
      const change = unwrap(respond(row, { personId: ctx.actor.personId, mayRecordForOutsideReceiver: outside.may }, now));
      await this.repository.addEvent(trx, { escalationId: id, kind: 'responded', rung: row.rung, byPersonId: ctx.actor.personId, onBehalfOf: outside.onBehalfOf, at: now, text: command.response });
      const raiser = await this.repository.person(trx, row.raisedBy);
      if (raiser) {
        await this.deps.platform.enqueue(trx, {
          recipientPersonId: raiser.id,
          recipientAddress: raiser.email,
          subject: `Written response to your escalation: ${(await this.categoryLabel(trx, row.category))}`,
          body: `${row.receiverName} has responded in writing. Read it, then mark it resolved or dispute it: ${escalationsPaths.escalation({ id })}`,
        });
      }
      return change;
    });
    return this.view(ctx, id);
  }

  async dispute(ctx: ServiceContext, id: string, command: DisputeCommand): Promise<EscalationView> {
    const calendar = await this.deps.calendar.calendar();
    await this.change(ctx, id, command.version, 'escalation_disputed', async (trx, row, now) => {
      const next = await this.nextReceiver(trx, row, command, isOutOfHours(now, calendar));
      const change = unwrap(dispute(row, ctx.actor.personId, hasAnyRole(ctx.actor, COORDINATORS), next, now, calendar));
      await this.repository.addEvent(trx, { escalationId: id, kind: 'disputed', rung: change.rung, byPersonId: ctx.actor.personId, at: now, text: command.reason });
      const person = next.personId ? await this.repository.person(trx, next.personId) : undefined;
      await this.notifyReceiver(trx, { ...row, ...change }, person, `Disputed escalation for you: ${(await this.categoryLabel(trx, row.category))}`, `A response to this escalation was disputed and it now comes to you. Please acknowledge it by ${formatDateTime(change.acknowledgeBy)} and respond in writing by ${formatDateTime(change.respondBy)}.`);
      return change;
    });
    return this.view(ctx, id);
  }

  async resolve(ctx: ServiceContext, id: string, command: { version: number; note?: string | undefined }): Promise<EscalationView> {
    await this.change(ctx, id, command.version, 'escalation_resolved', async (trx, row, now) => {
      const change = unwrap(resolve(row, ctx.actor.personId, hasAnyRole(ctx.actor, COORDINATORS)));
      await this.repository.addEvent(trx, { escalationId: id, kind: 'resolved', rung: row.rung, byPersonId: ctx.actor.personId, at: now, text: command.note ?? '' });
      return change;
    });
    return this.view(ctx, id);
  }

  /** A note on the trail by anyone who can see the escalation (a reply to a response, an update). */
  async reply(ctx: ServiceContext, id: string, command: { text: string }): Promise<EscalationView> {
    requireRole(ctx.actor, RAISERS, 'reply to an escalation');
    const now = this.deps.clock.now();
    await inTransaction(this.deps.db, async (trx) => {
      const row = await this.load(trx, id);
      await this.mustSee(trx, ctx, row);
      await this.repository.addEvent(trx, { escalationId: id, kind: 'reply', rung: row.rung, byPersonId: ctx.actor.personId, at: now, text: command.text });
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_replied', entityType: 'escalation', entityId: id });
    });
    return this.view(ctx, id);
  }

  /** §6.1: a call on the on-call ladder, answered or not, with the number dialled. */
  async recordAttempt(ctx: ServiceContext, id: string, command: AttemptCommand): Promise<EscalationView> {
    const now = this.deps.clock.now();
    await inTransaction(this.deps.db, async (trx) => {
      const row = await this.load(trx, id);
      this.mustAct(ctx, row);
      if (row.status === 'resolved') throw new StateError('resolved', 'This escalation is resolved');
      await this.repository.addAttempt(trx, { escalationId: id, step: command.step, number: command.number, answered: command.answered, byPersonId: ctx.actor.personId, at: now, note: command.note ?? '' });
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_call_recorded', entityType: 'escalation', entityId: id, summary: { step: command.step, answered: command.answered } });
    });
    return this.view(ctx, id);
  }

  /** §6.3–6.4: the on-call manager's decision and actions, recorded by the officer (or the manager). */
  async recordDecision(ctx: ServiceContext, id: string, command: { decision: string }): Promise<EscalationView> {
    const now = this.deps.clock.now();
    await inTransaction(this.deps.db, async (trx) => {
      const row = await this.load(trx, id);
      this.mustAct(ctx, row);
      await this.repository.addEvent(trx, { escalationId: id, kind: 'on_call_decision', rung: row.rung, byPersonId: ctx.actor.personId, at: now, text: command.decision });
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_decision_recorded', entityType: 'escalation', entityId: id });
    });
    return this.view(ctx, id);
  }

  /** Managers who may be named as the receiver in the app. */
  async receiverOptions(): Promise<PersonBrief[]> {
    return this.repository.peopleWithRoles(this.deps.db, ['amhp_lead', 'edt_manager', 'operational_manager', 'line_manager', 'lead_amhp']);
  }

  /** A category's label from the table (retired ones too: an escalation keeps its category). */
  async categoryLabel(db: Kysely<EscalationsDb>, key: string): Promise<string> {
    return (await this.categories.byKey(db, key))?.label ?? key;
  }

  /** The job: reminders before each deadline to the receiver, and to the AMHP Lead when one is missed; the 15-minute retry. */
  async runReminders(db: Kysely<EscalationsDb>, now: Date): Promise<number> {
    let sent = 0;
    const leads = await this.repository.peopleWithRoles(db, MISSED_DEADLINE_WATCHERS);
    for (const row of await this.repository.openForReminders(db)) {
      for (const due of remindersDue(row, now)) {
        if (!(await this.repository.claimReminder(db, due.key, row.id, now))) continue;
        sent += await this.sendReminder(db, row, due, leads);
      }
    }
    for (const row of await this.repository.waitingOnCall(db)) {
      const attempts = await this.repository.attempts(db, row.id);
      const last = attempts.at(-1);
      const next = nextStep(attempts, false, now);
      if (!last || next.kind !== 'call') continue;
      if (!(await this.repository.claimReminder(db, `${row.id}:retry:${last.id}`, row.id, now))) continue;
      const raiser = await this.repository.person(db, row.raisedBy);
      if (!raiser) continue;
      await this.deps.platform.enqueue(db, { recipientPersonId: raiser.id, recipientAddress: raiser.email, subject: 'Try the on-call manager again now', body: `15 minutes have passed since your unanswered call. Call again and record it: ${escalationsPaths.onCall({ id: row.id })}` });
      sent += 1;
    }
    if (sent > 0) this.deps.publish();
    return sent;
  }

  private async sendReminder(db: Kysely<EscalationsDb>, row: EscalationRow, due: ReminderDue, leads: PersonBrief[]): Promise<number> {
    const link = escalationsPaths.escalation({ id: row.id });
    const what = await this.categoryLabel(db, row.category);
    const texts: Record<ReminderDue['kind'], { subject: string; body: string }> = {
      acknowledge_soon: { subject: `Please acknowledge the escalation by ${formatDateTime(row.acknowledgeBy)}`, body: `An escalation (${what}) raised by ${row.raisedByName} is waiting for your acknowledgement, due by ${formatDateTime(row.acknowledgeBy)}: ${link}` },
      respond_soon: { subject: `Written response due by ${formatDateTime(row.respondBy)}`, body: `An escalation (${what}) raised by ${row.raisedByName} needs your written response by ${formatDateTime(row.respondBy)}: ${link}` },
      acknowledgement_missed: { subject: `Missed: acknowledgement of an escalation to ${row.receiverName}`, body: `${row.receiverName} has not acknowledged an escalation (${what}) raised by ${row.raisedByName}; it was due by ${formatDateTime(row.acknowledgeBy)}: ${link}` },
      response_missed: { subject: `Missed: written response from ${row.receiverName}`, body: `${row.receiverName} has not responded in writing to an escalation (${what}) raised by ${row.raisedByName}; it was due by ${formatDateTime(row.respondBy)}: ${link}` },
    };
    const text = texts[due.kind];
    if (due.to === 'amhp_lead') {
      for (const lead of leads) await this.deps.platform.enqueue(db, { recipientPersonId: lead.id, recipientAddress: lead.email, ...text });
      return leads.length;
    }
    const person = row.receiverPersonId ? await this.repository.person(db, row.receiverPersonId) : undefined;
    return this.notifyReceiver(db, row, person, text.subject, text.body);
  }

  /** To the receiver in the app, or to the outside manager's mailbox when one was given. */
  private async notifyReceiver(db: Kysely<EscalationsDb>, row: Pick<EscalationRow, 'receiverContact'>, person: PersonBrief | undefined, subject: string, body: string): Promise<number> {
    const address = person?.email ?? (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(row.receiverContact) ? row.receiverContact : null);
    if (!address) return 0;
    await this.deps.platform.enqueue(db, { recipientPersonId: person?.id ?? null, recipientAddress: address, subject, body });
    return 1;
  }

  private async nextReceiver(db: Kysely<EscalationsDb>, row: EscalationRow, command: DisputeCommand, outOfHours: boolean): Promise<{ personId: string | null; name: string; contact: string }> {
    if (command.nextReceiverPersonId) {
      const person = await this.repository.person(db, command.nextReceiverPersonId);
      if (!person) throw ValidationError.of('nextReceiverPersonId', 'Choose the senior manager from the list');
      return { personId: person.id, name: person.name, contact: person.email };
    }
    if (command.nextReceiverName) return { personId: null, name: command.nextReceiverName, contact: command.nextReceiverContact ?? '' };
    const partner = row.partnerId ? await this.repository.partner(db, row.partnerId) : undefined;
    const contact = partner ? contactsFor(partner.contacts, row.rung + 1, outOfHours)[0] : undefined;
    if (!contact) throw ValidationError.of('nextReceiverName', 'The directory has no one at the next level: name the senior manager');
    return { personId: null, name: `${contact.roleLabel}, ${partner!.name}`, contact: contact.mailbox || contactLine(contact) };
  }

  /**
   * A receiver outside the service: a person at that organisation who signs in (partner role)
   * replies for it themselves; otherwise the raiser or a coordinator records the reply, naming who.
   */
  private async outsideReceiverCheck(db: Kysely<EscalationsDb>, ctx: ServiceContext, row: EscalationRow, onBehalfOf: string | undefined): Promise<{ may: boolean; onBehalfOf: string | null }> {
    if (row.receiverPersonId) return { may: false, onBehalfOf: null };
    if (isPartner(ctx.actor)) {
      const own = await this.repository.membership(db, ctx.actor.personId);
      return { may: own !== null && own === row.partnerId, onBehalfOf: onBehalfOf ?? ctx.actor.name };
    }
    const may = row.raisedBy === ctx.actor.personId || hasAnyRole(ctx.actor, COORDINATORS);
    if (may && !onBehalfOf) throw ValidationError.of('onBehalfOf', `Say who at the receiving organisation replied, e.g. ${row.receiverName}`);
    return { may, onBehalfOf: onBehalfOf ?? null };
  }

  private async change(
    ctx: ServiceContext,
    id: string,
    version: number,
    action: string,
    work: (trx: Kysely<EscalationsDb>, row: EscalationRow, now: Date) => Promise<Partial<Omit<EscalationState, 'id' | 'raisedBy'>> & { receiverContact?: string }>,
  ): Promise<void> {
    const now = this.deps.clock.now();
    await inTransaction(this.deps.db, async (trx) => {
      const row = await this.load(trx, id);
      await this.mustSee(trx, ctx, row);
      const change = await work(trx, row, now);
      await this.repository.updateEscalation(trx, id, version, change);
      await this.deps.platform.audit(trx, ctx, { action, entityType: 'escalation', entityId: id, summary: { rung: change.rung ?? row.rung } });
    });
    this.deps.publish();
  }

  /**
   * Staff see what they raised or receive (coordinators and governance everything); a partner sees
   * only their own organisation's escalations. True when the actor is a partner of the receiving
   * organisation.
   */
  private async mustSee(db: Kysely<EscalationsDb>, ctx: ServiceContext, row: EscalationRow): Promise<boolean> {
    if (isPartner(ctx.actor)) {
      const own = await this.repository.membership(db, ctx.actor.personId);
      if (own !== null && row.partnerId === own) return true;
      throw new ForbiddenError('You can see only your organisation’s escalations');
    }
    if (hasAnyRole(ctx.actor, OVERSIGHT) || row.raisedBy === ctx.actor.personId || row.receiverPersonId === ctx.actor.personId) return false;
    throw new ForbiddenError('You cannot see this escalation');
  }

  private mustAct(ctx: ServiceContext, row: EscalationRow): void {
    if (row.raisedBy === ctx.actor.personId || hasAnyRole(ctx.actor, COORDINATORS)) return;
    throw new ForbiddenError('Only the person who raised the escalation, or a coordinator, can record calls and decisions');
  }

  private async load(db: Kysely<EscalationsDb>, id: string): Promise<EscalationRow> {
    const row = await this.repository.escalation(db, id);
    if (!row) throw new NotFoundError('The escalation');
    return row;
  }

  private async linkReferral(text: string | undefined): Promise<{ id: string | null; reference: string | null }> {
    const value = text?.trim();
    if (!value) return { id: null, reference: null };
    const found = await this.deps.lookupReference(value).catch(() => null);
    if (!found) throw ValidationError.of('referral', 'No referral has this reference: check it, or leave it blank');
    return { id: found.id, reference: found.reference };
  }
}
