// Feedback to the referrer (Daily Expectations §2.11–§2.12): the verbal feedback given, and the
// written letter (the referral as received and the signed outcome), both on the timeline.

import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, StateError, ValidationError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { REFERRAL_READERS, REFERRAL_TAKERS } from './referral-access.js';
import { buildFeedbackLetterPdf } from './referral-feedback-pdf.js';
import type { ReferralRecords, ReferralServiceDeps } from './referral-records-service.js';
import type { ReferralRepository } from './referral-repository.js';
import type { ReferralResource } from './referral-resource.js';
import type { FeedbackCommand } from './referral-schemas.js';

/** Allowance for a phone clock a little ahead of the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export class FeedbackService {
  constructor(
    private readonly deps: ReferralServiceDeps & { serviceName?: string | undefined },
    private readonly repository: ReferralRepository,
    private readonly records: ReferralRecords,
  ) {}

  async recordFeedback(ctx: ServiceContext, referralId: string, input: FeedbackCommand): Promise<ReferralResource> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'record feedback');
    const now = this.deps.clock.now();
    if (input.givenAt && input.givenAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw ValidationError.of('givenAt', 'When you gave the feedback must be now or in the past');
    }
    await inTransaction(this.deps.db, async (trx) => {
      const row = await this.records.findForUpdate(trx, referralId);
      if (!row.decision || row.decision === 'more_information_needed') {
        throw new StateError('Record the decision before giving the referrer feedback on it.', 'no_decision_yet');
      }
      const givenAt = input.givenAt ?? now;
      await this.repository.insertFeedback(trx, { referralId, givenBy: ctx.actor.personId, givenTo: input.givenTo, givenAt, method: input.method, notes: input.notes ?? '' });
      await this.repository.insertEvent(trx, {
        referralId,
        occurredAt: givenAt,
        actorId: ctx.actor.personId,
        kind: 'feedback_given',
        summary: `Verbal feedback given to ${input.givenTo} by ${ctx.actor.name} (${input.method.replace('_', ' ')})`,
        data: { method: input.method },
      });
      await this.deps.audit.record(trx, ctx, { action: 'referral_feedback_recorded', entityType: 'referral', entityId: referralId, summary: { method: input.method } });
    });
    return this.records.resource(referralId);
  }

  /** The written feedback for the referrer, as a PDF; producing it is on the timeline and audited. */
  async feedbackLetter(ctx: ServiceContext, referralId: string): Promise<{ filename: string; pdf: Buffer }> {
    requireRole(ctx.actor, REFERRAL_READERS, 'see referrals');
    const referral = await this.repository.findDetail(this.deps.db, referralId);
    if (!referral) throw new NotFoundError('The referral');
    await this.records.assertMayRead(ctx, referral);
    if (!referral.decision) throw new StateError('There is no decision yet, so there is no feedback letter to send.', 'no_decision_yet');
    const now = this.deps.clock.now();
    const pdf = await buildFeedbackLetterPdf({ referral, generatedAt: now, generatedBy: ctx.actor.name, ...(this.deps.serviceName ? { serviceName: this.deps.serviceName } : {}) });
    await inTransaction(this.deps.db, async (trx) => {
      await this.repository.insertEvent(trx, { referralId, occurredAt: now, actorId: ctx.actor.personId, kind: 'feedback_letter', summary: `Feedback letter produced by ${ctx.actor.name}` });
      await this.deps.audit.record(trx, ctx, { action: 'referral_feedback_letter', entityType: 'referral', entityId: referralId, summary: { decision: referral.decision } });
    });
    return { filename: `${referral.reference}-feedback.pdf`, pdf };
  }
}
