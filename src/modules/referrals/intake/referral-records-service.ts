// The referral record itself: reading it (audited), its timeline, and moving it through the pure
// lifecycle. Every other use case (intake, decision, allocation, feedback, the assessment half,
// duty's handovers) changes the record through these methods, inside its own transaction.

import { inTransaction, tablesFor, type AnyHandle } from '../../../db/database.js';
import type { AuditLog, ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import { ConflictError, ForbiddenError, NotFoundError, StateError } from '../../../platform/errors.js';
import { hasAnyRole, requireRole } from '../../../platform/roles.js';
import { accessLines, type AccessLine } from './access-log.js';
import type { AccessFacts, ReferralAccessService } from './referral-access-service.js';
import { availableEvents, REFERRAL_STATUS_LABELS, transition, type ReferralEvent } from '../referral-lifecycle.js';
import type { ReferralsModuleTables } from '../referrals-tables.js';
import { ACCESS_LOG_READERS, REFERRAL_READERS } from './referral-access.js';
import type { FeedbackRecord, ReferralDetail, ReferralRepository, ReferralRow, ReferralsDb, TimelineEvent } from './referral-repository.js';
import { stateOf, toResource, type ReferralResource } from './referral-resource.js';

export interface ReferralView {
  referral: ReferralDetail;
  timeline: TimelineEvent[];
  feedback: FeedbackRecord[];
  actions: string[];
}

export interface LifecycleExtra {
  patch?: Partial<ReferralRow>;
  summary?: string;
  data?: Record<string, unknown>;
}

/** What every referral use case is built with. */
export interface ReferralServiceDeps {
  db: ReferralsDb;
  clock: Clock;
  audit: AuditLog;
}

/**
 * A transaction opened by another module (typed with that module's tables) is the same
 * connection: seen here through the referrals module's own tables.
 */
function own(trx: AnyHandle): ReferralsDb {
  return tablesFor<ReferralsModuleTables>(trx);
}

export class ReferralRecords {
  constructor(
    private readonly deps: ReferralServiceDeps,
    private readonly repository: ReferralRepository,
    private readonly access: ReferralAccessService,
  ) {}

  /** Need-to-know: throws ReasonRequiredError when the record needs a recorded reason first. */
  assertMayRead(ctx: ServiceContext, referral: AccessFacts): Promise<void> {
    return this.access.assertMayRead(ctx, referral);
  }

  /** One referral, audited as a view of the person's record. */
  async getReferral(ctx: ServiceContext, id: string): Promise<ReferralDetail> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    return inTransaction(this.deps.db, async (trx) => {
      const referral = await this.repository.findDetail(trx, id);
      if (!referral) throw new NotFoundError('The referral');
      await this.access.assertMayRead(ctx, referral, trx);
      await this.deps.audit.record(trx, ctx, { action: 'referral_viewed', entityType: 'referral', entityId: id, summary: { status: referral.status } });
      return referral;
    });
  }

  /**
   * Who has seen this referral (opened, changed, or met it in a list or a search), for the
   * people answerable for it: a Lead or manager, and the allocated AMHP. Looking is audited too.
   */
  async accessLog(ctx: ServiceContext, id: string): Promise<{ referral: ReferralDetail; lines: AccessLine[] }> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    const referral = await this.repository.findDetail(this.deps.db, id);
    if (!referral) throw new NotFoundError('The referral');
    const answerable = hasAnyRole(ctx.actor, ACCESS_LOG_READERS) || referral.allocatedAmhpId === ctx.actor.personId;
    if (!answerable) throw new ForbiddenError('Only a Lead, a manager or the allocated AMHP can see who has seen this referral');
    await this.deps.audit.record(this.deps.db, ctx, { action: 'referral_access_log_viewed', entityType: 'referral', entityId: id });
    const entries = await this.deps.audit.entriesTouching('referral', id);
    const names = await this.repository.personNames(this.deps.db, [...new Set(entries.map((entry) => entry.actorId).filter((actor): actor is string => actor !== null))]);
    return { referral, lines: accessLines(entries, id, names) };
  }

  /** The referral page: the record, its timeline, feedback given and the actions open now. */
  async view(ctx: ServiceContext, id: string): Promise<ReferralView> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    // One statement for the record, its timeline and feedback; authorised and audited as getReferral.
    return inTransaction(this.deps.db, async (trx) => {
      const page = await this.repository.findPage(trx, id);
      if (!page) throw new NotFoundError('The referral');
      const { referral, timeline, feedback } = page;
      await this.access.assertMayRead(ctx, referral, trx);
      await this.deps.audit.record(trx, ctx, { action: 'referral_viewed', entityType: 'referral', entityId: id, summary: { status: referral.status } });
      return { referral, timeline, feedback, actions: availableEvents(stateOf(referral)) };
    });
  }

  /** The referral as the API returns it, audited as a view. */
  async viewResource(ctx: ServiceContext, id: string): Promise<ReferralResource> {
    const view = await this.view(ctx, id);
    return toResource(view.referral, view.timeline, view.feedback);
  }

  /** The referral as the API returns it after a change (the change itself is audited). */
  async resource(id: string): Promise<ReferralResource> {
    const db = this.deps.db;
    const [referral, timeline, feedback] = await Promise.all([this.repository.findDetail(db, id), this.repository.events(db, id), this.repository.feedback(db, id)]);
    if (!referral) throw new NotFoundError('The referral');
    return toResource(referral, timeline, feedback);
  }

  async timeline(id: string): Promise<TimelineEvent[]> {
    return this.repository.events(this.deps.db, id);
  }

  /** For use cases (and other modules) inside their transaction: the row, locked until it ends. */
  async findForUpdate(trx: AnyHandle, id: string): Promise<ReferralRow> {
    const row = await this.repository.findForUpdate(own(trx), id);
    if (!row) throw new NotFoundError('The referral');
    return row;
  }

  /**
   * Moves the referral through the pure state machine inside the caller's transaction: refuses
   * illegal moves (StateError, 409) and stale versions (ConflictError, with the current version).
   * Adds a timeline event and an audit row. Returns the updated row.
   */
  async applyLifecycleEvent(trx: AnyHandle, ctx: ServiceContext, referralId: string, event: ReferralEvent, expectedVersion?: number, extra: LifecycleExtra = {}): Promise<ReferralRow> {
    const db = own(trx);
    const row = await this.findForUpdate(db, referralId);
    if (expectedVersion !== undefined && row.version !== expectedVersion) throw conflict(row);
    const result = transition(stateOf(row), event);
    if (!result.ok) throw new StateError(result.message, result.code, { status: row.status, event: event.type });
    const now = this.deps.clock.now();
    const { id: _id, version: _version, ...patch } = { ...(extra.patch ?? {}) } as Partial<ReferralRow>;
    await this.repository.update(
      db,
      referralId,
      row.version,
      {
        ...patch,
        status: result.state.status,
        ...(result.state.status === 'closed' ? { closedAt: now } : {}),
        ...(event.type === 'withdraw' ? { withdrawnReason: event.reason.trim(), closedAt: now } : {}),
      },
      now,
    );
    await this.addTimelineEvent(db, ctx, referralId, event.type, extra.summary ?? defaultSummary(event), { from: row.status, to: result.state.status, ...(extra.data ?? {}) });
    await this.deps.audit.record(db, ctx, {
      action: `referral_${event.type}`,
      entityType: 'referral',
      entityId: referralId,
      summary: { from: row.status, to: result.state.status, ...(event.type === 'decide' ? { decision: event.decision } : {}) },
    });
    return (await this.repository.findForUpdate(db, referralId))!;
  }

  /** A line on the referral's timeline, now, by the person acting. */
  async addTimelineEvent(trx: AnyHandle, ctx: ServiceContext, referralId: string, kind: string, summary: string, data?: Record<string, unknown>): Promise<void> {
    await this.repository.insertEvent(own(trx), { referralId, occurredAt: this.deps.clock.now(), actorId: ctx.actor.personId, kind, summary, ...(data ? { data } : {}) });
  }
}

/** A stale version: the message says what the record is now, and the current version is in details. */
export function conflict(current: ReferralRow): ConflictError {
  return new ConflictError(
    `Someone else changed this referral while you were working on it (it is now ${REFERRAL_STATUS_LABELS[current.status].toLowerCase()}${current.allocatedAmhpId ? ', with an AMHP allocated' : ''}). Nothing you entered has been saved: check the current record and try again.`,
    { currentVersion: current.version, status: current.status, allocatedAmhpId: current.allocatedAmhpId },
  );
}

function defaultSummary(event: ReferralEvent): string {
  switch (event.type) {
    case 'start_assessment':
      return 'Assessment started';
    case 'record_outcome':
      return 'Outcome recorded';
    case 'reopen_assessment':
      return 'Assessment reopened for correction';
    case 'close':
      return 'Referral closed';
    case 'withdraw':
      return 'Referral withdrawn';
    case 'allocate':
      return 'AMHP allocated';
    case 'information_received':
      return 'Information received';
    case 'decide':
      return 'Decision recorded';
  }
}
