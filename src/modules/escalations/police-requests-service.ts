import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import { ConflictError, NotFoundError, StateError, ValidationError } from '../../platform/errors.js';
import { formatDateTime } from '../../platform/london-time.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { type Urgency, DEFAULT_CATEGORIES, isOutOfHours } from './escalation.js';
import { POLICE_REQUESTERS } from './escalations-access.js';
import type { EscalationsServiceDeps } from './escalations-ports.js';
import { EscalationsRepository } from './escalations-repository.js';
import type { EscalationView, EscalationsService } from './escalations-service.js';
import { contactLine, contactsFor } from './partner-directory.js';
import { type PoliceEscalationCategory, type PoliceResponse, type Threshold, checkReason, escalationText, mayEscalate } from './police-requests.js';
import { type PoliceRequestRow, PoliceRequestsRepository } from './police-requests-repository.js';

export interface RecordPoliceRequestCommand {
  /** A referral id or reference, as typed. */
  referral: string;
  threshold: Threshold;
  explanation?: string | undefined;
  /** The police force, from the partner directory. */
  partnerId?: string | undefined;
  /** When police attendance was requested; now when left out. */
  requestedAt?: Date | undefined;
}

export interface PoliceResponseCommand {
  version: number;
  response: Exclude<PoliceResponse, 'awaiting'>;
  note?: string | undefined;
}

export interface EscalatePoliceResponseCommand {
  version: number;
  category: PoliceEscalationCategory;
  urgency: Urgency;
  triedLocally: string;
  /** The receiving manager at the force; the directory's first contact when left blank. */
  receiverName?: string | undefined;
  receiverContact?: string | undefined;
}

export interface PoliceRequestView {
  request: PoliceRequestRow;
  mayEscalate: boolean;
  /** What an escalation about this response would say (shown before raising it). */
  prefill: { concern: string; outcomeSought: string; receiverName: string; receiverContact: string };
}

/**
 * Right Care, Right Person (issue 14, point 7): requests for police attendance on a referral, the
 * threshold reason, the police response, and a one-step escalation about a declined or unanswered
 * request (to the force, from the partner directory). Staff only: partners never see referrals.
 */
export class PoliceRequestsService {
  private readonly repository = new PoliceRequestsRepository();
  private readonly escalationsRepository = new EscalationsRepository();

  constructor(
    private readonly deps: Omit<EscalationsServiceDeps, 'publish'>,
    private readonly escalations: EscalationsService,
  ) {}

  /** The injected clock's now (the form's default time). */
  now(): Date {
    return this.deps.clock.now();
  }

  async record(ctx: ServiceContext, command: RecordPoliceRequestCommand): Promise<PoliceRequestView> {
    requireRole(ctx.actor, POLICE_REQUESTERS, 'record a police request');
    const reason = unwrap(checkReason(command.threshold, command.explanation ?? ''));
    const referral = await this.deps.lookupReference(command.referral.trim()).catch(() => null);
    if (!referral) throw ValidationError.of('referral', 'No referral has this reference: check it');
    const now = this.deps.clock.now();
    const requestedAt = command.requestedAt ?? now;
    if (requestedAt.getTime() > now.getTime() + 5 * 60_000) throw ValidationError.of('requestedAt', 'The time police attendance was requested cannot be in the future');
    const id = await inTransaction(this.deps.db, async (trx) => {
      if (command.partnerId) {
        const partner = await this.escalationsRepository.partner(trx, command.partnerId);
        if (!partner || partner.kind !== 'police') throw ValidationError.of('partnerId', 'Choose the police force from the directory');
      }
      const id = await this.repository.insert(trx, { referralId: referral.id, referralReference: referral.reference, partnerId: command.partnerId ?? null, threshold: reason.threshold, explanation: reason.explanation, requestedAt, requestedBy: ctx.actor.personId });
      await this.deps.platform.audit(trx, ctx, { action: 'police_request_recorded', entityType: 'referral', entityId: referral.id, summary: { policeRequestId: id, threshold: reason.threshold } });
      return id;
    });
    return this.view(ctx, id);
  }

  async list(ctx: ServiceContext, scope: { referral?: string | undefined } = {}): Promise<{ requests: PoliceRequestRow[]; referral: { id: string; reference: string } | null }> {
    requireRole(ctx.actor, POLICE_REQUESTERS, 'see police requests');
    let referral: { id: string; reference: string } | null = null;
    if (scope.referral) {
      referral = await this.deps.lookupReference(scope.referral).catch(() => null);
      if (!referral) throw new NotFoundError('The referral');
    }
    const requests = await this.repository.list(this.deps.db, referral ? { referralId: referral.id } : {});
    await this.deps.platform.audit(this.deps.db, ctx, { action: 'police_requests_viewed', entityType: referral ? 'referral' : 'police_request', entityId: referral?.id ?? null, summary: { count: requests.length } });
    return { requests, referral };
  }

  async view(ctx: ServiceContext, id: string): Promise<PoliceRequestView> {
    requireRole(ctx.actor, POLICE_REQUESTERS, 'see police requests');
    const request = await this.load(id);
    await this.deps.platform.audit(this.deps.db, ctx, { action: 'police_request_viewed', entityType: 'referral', entityId: request.referralId, summary: { policeRequestId: id } });
    const receiver = await this.defaultReceiver(request);
    const text = escalationText({ ...request, requestedAtText: formatDateTime(request.requestedAt) });
    return { request, mayEscalate: mayEscalate(request), prefill: { ...text, ...receiver } };
  }

  async recordResponse(ctx: ServiceContext, id: string, command: PoliceResponseCommand): Promise<PoliceRequestView> {
    requireRole(ctx.actor, POLICE_REQUESTERS, 'record the police response');
    const now = this.deps.clock.now();
    await inTransaction(this.deps.db, async (trx) => {
      const request = await this.repository.one(trx, id);
      if (!request) throw new NotFoundError('The police request');
      if (request.escalationId) throw new StateError('This response has been escalated: add to the escalation’s trail instead', 'already_escalated');
      await this.repository.update(trx, id, command.version, { response: command.response, responseNote: command.note?.trim() ?? '', respondedAt: now });
      await this.deps.platform.audit(trx, ctx, { action: 'police_response_recorded', entityType: 'referral', entityId: request.referralId, summary: { policeRequestId: id, response: command.response } });
    });
    return this.view(ctx, id);
  }

  /** One step: an escalation to the force about this response, prefilled from the record. */
  async escalate(ctx: ServiceContext, id: string, command: EscalatePoliceResponseCommand): Promise<EscalationView> {
    requireRole(ctx.actor, POLICE_REQUESTERS, 'escalate a police response');
    const request = await this.load(id);
    if (request.version !== command.version) throw new ConflictError(undefined, { currentVersion: request.version });
    if (!mayEscalate(request)) throw new StateError(request.escalationId ? 'This response has already been escalated' : 'Record that the police declined or did not respond before escalating', 'not_escalable');
    const fallback = await this.defaultReceiver(request);
    const receiverName = command.receiverName?.trim() || fallback.receiverName;
    if (!receiverName) throw ValidationError.of('receiverName', 'Name the manager at the police force who should receive this');
    const text = escalationText({ ...request, requestedAtText: formatDateTime(request.requestedAt) });
    return this.escalations.raise(
      ctx,
      { category: command.category, urgency: command.urgency, concern: text.concern, triedLocally: command.triedLocally, outcomeSought: text.outcomeSought, referral: request.referralId, partnerId: request.partnerId ?? undefined, receiverName, receiverContact: command.receiverContact?.trim() || fallback.receiverContact },
      async (trx, escalationId) => {
        await this.repository.update(trx, id, command.version, { escalationId });
        await this.deps.platform.audit(trx, ctx, { action: 'police_response_escalated', entityType: 'referral', entityId: request.referralId, summary: { policeRequestId: id, escalationId } });
      },
    );
  }

  private async defaultReceiver(request: PoliceRequestRow): Promise<{ receiverName: string; receiverContact: string }> {
    if (!request.partnerId) return { receiverName: '', receiverContact: '' };
    const partner = await this.escalationsRepository.partner(this.deps.db, request.partnerId);
    if (!partner) return { receiverName: '', receiverContact: '' };
    const calendar = await this.deps.calendar.calendar();
    const contact = contactsFor(partner.contacts, 1, isOutOfHours(this.deps.clock.now(), calendar))[0];
    return contact ? { receiverName: `${contact.roleLabel}, ${partner.name}`, receiverContact: contact.mailbox || contactLine(contact) } : { receiverName: '', receiverContact: '' };
  }

  private async load(id: string): Promise<PoliceRequestRow> {
    const row = await this.repository.one(this.deps.db, id);
    if (!row) throw new NotFoundError('The police request');
    return row;
  }
}

export const POLICE_CATEGORY_LABELS = Object.fromEntries(DEFAULT_CATEGORIES.filter((c) => c.key === 'conveyance' || c.key === 'professional_dispute').map((c) => [c.key, c.label])) as Record<PoliceEscalationCategory, string>;
