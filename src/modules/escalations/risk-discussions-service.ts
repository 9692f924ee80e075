import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { type IsoDate, londonDate } from '../../platform/london-time.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { POLICE_REQUESTERS } from './escalations-access.js';
import type { EscalationsServiceDeps } from './escalations-ports.js';
import type { EscalationView, EscalationsService } from './escalations-service.js';
import { type DiscussionRow, RiskDiscussionsRepository } from './risk-discussions-repository.js';
import { type DiscussionEntry, checkDiscussion } from './risk-discussions.js';

/**
 * High Risk Multi-Agency Discussions on a referral, and joint case reviews on an escalation
 * (issue 14, point 8). Staff only (partners never see referrals); every read and record audited
 * against the referral.
 */
export class RiskDiscussionsService {
  private readonly repository = new RiskDiscussionsRepository();

  constructor(
    private readonly deps: Pick<EscalationsServiceDeps, 'db' | 'clock' | 'platform' | 'lookupReference'>,
    private readonly escalations: EscalationsService,
  ) {}

  today(): IsoDate {
    return londonDate(this.deps.clock.now());
  }

  async forReferral(ctx: ServiceContext, referralText: string): Promise<{ referral: { id: string; reference: string }; discussions: DiscussionRow[]; today: IsoDate }> {
    requireRole(ctx.actor, POLICE_REQUESTERS, 'see multi-agency discussions');
    const referral = await this.referral(referralText);
    const discussions = await this.repository.forReferral(this.deps.db, referral.id);
    await this.deps.platform.audit(this.deps.db, ctx, { action: 'risk_discussions_viewed', entityType: 'referral', entityId: referral.id, summary: { count: discussions.length } });
    return { referral, discussions, today: this.today() };
  }

  async record(ctx: ServiceContext, referralText: string, entry: DiscussionEntry): Promise<{ referral: { id: string; reference: string }; discussions: DiscussionRow[]; today: IsoDate }> {
    requireRole(ctx.actor, POLICE_REQUESTERS, 'record a multi-agency discussion');
    const referral = await this.referral(referralText);
    const checked = unwrap(checkDiscussion(entry, this.today()));
    await inTransaction(this.deps.db, async (trx) => {
      const id = await this.repository.insert(trx, referral, checked, ctx.actor.personId, this.deps.clock.now());
      await this.deps.platform.audit(trx, ctx, { action: 'risk_discussion_recorded', entityType: 'referral', entityId: referral.id, summary: { discussionId: id, attendees: checked.attendees.length, actions: checked.actions.length } });
    });
    return this.forReferral(ctx, referral.id);
  }

  /** A joint case review on an escalation the person may see: its date and a note. */
  async recordReview(ctx: ServiceContext, escalationId: string, review: { heldOn: IsoDate; note: string }): Promise<EscalationView> {
    requireRole(ctx.actor, POLICE_REQUESTERS, 'record a joint case review');
    await this.escalations.view(ctx, escalationId); // refuses one they may not see
    if (review.heldOn > this.today()) throw ValidationError.of('heldOn', 'The date of the review cannot be in the future');
    await inTransaction(this.deps.db, async (trx) => {
      await this.repository.insertReview(trx, { escalationId, heldOn: review.heldOn, note: review.note, recordedBy: ctx.actor.personId, recordedAt: this.deps.clock.now() });
      await this.deps.platform.audit(trx, ctx, { action: 'escalation_case_review_recorded', entityType: 'escalation', entityId: escalationId });
    });
    return this.escalations.view(ctx, escalationId);
  }

  private async referral(text: string): Promise<{ id: string; reference: string }> {
    const referral = await this.deps.lookupReference(text.trim()).catch(() => null);
    if (!referral) throw new NotFoundError('The referral');
    return referral;
  }
}
