// The AMHP Lead's signed decision (Daily Expectations §2.3–§2.9), the crisis-team prompts
// beside it, "the information has arrived", withdrawal and closure: each a lifecycle event.

import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ValidationError } from '../../../platform/errors.js';
import { checkHappenedAt, formatDateTime, londonParts, recordedLater } from '../../../platform/london-time.js';
import { requireRole } from '../../../platform/roles.js';
import { ALTERNATIVES_OFFERED, DECISION_KINDS, labelFor, type AlternativeOffered } from '../referral-codes.js';
import { crisisTeamPrompts, type CrisisTeamPrompt } from './crisis-team-prompts.js';
import { REFERRAL_DECIDERS, REFERRAL_TAKERS } from './referral-access.js';
import type { ReferralRecords, ReferralServiceDeps } from './referral-records-service.js';
import type { ReferralRow } from './referral-repository.js';
import type { ReferralResource } from './referral-resource.js';
import type { DecisionCommand, VersionCommand, WithdrawCommand } from './referral-schemas.js';

export class DecisionService {
  constructor(
    private readonly deps: ReferralServiceDeps,
    private readonly records: ReferralRecords,
  ) {}

  /** Crisis-team prompts (Partnership guidance, Co-operation §3–§4) for this referral now. */
  crisisTeamPromptsFor(referral: Pick<ReferralRow, 'dateOfBirth' | 'lssaId' | 'legalStatus'>): CrisisTeamPrompt[] {
    const now = londonParts(this.deps.clock.now());
    const withinWorkingHours = now.weekday <= 5 && now.hour >= 9 && now.hour < 17;
    return crisisTeamPrompts(
      {
        dateOfBirth: referral.dateOfBirth,
        on: now.date,
        livesInArea: referral.lssaId ? true : null,
        admissionClearlyRequired: null,
        inPatientChangingStatus: ['informal', 'already_detained', 's5_2', 's5_4'].includes(referral.legalStatus),
        withinWorkingHours,
      },
      { areaName: 'the three council areas', olderPersonAge: 65 },
    );
  }

  /**
   * The Lead's signed decision (name and time recorded). Recorded after the event, `decidedAt`
   * says when it was made: not in the future, not before the referral arrived; the time it was
   * entered is kept too.
   */
  async decide(ctx: ServiceContext, referralId: string, input: DecisionCommand): Promise<ReferralResource & { prompts: CrisisTeamPrompt[] }> {
    requireRole(ctx.actor, REFERRAL_DECIDERS, 'decide on referrals');
    const now = this.deps.clock.now();
    const prompts = await inTransaction(this.deps.db, async (trx) => {
      const before = await this.records.findForUpdate(trx, referralId);
      const when = checkHappenedAt({ happenedAt: input.decidedAt, now, notBefore: { at: before.receivedAt, what: 'the referral arrived' }, label: 'When the decision was made' });
      if (!when.ok) throw ValidationError.of('decidedAt', when.message);
      const late = recordedLater(when.at, now);
      const prompts = input.decision === 'not_proceed' && input.alternative === 'crisis_team_home_treatment' ? this.crisisTeamPromptsFor(before) : [];
      const alternative: AlternativeOffered | null = input.decision === 'not_proceed' ? (input.alternative ?? null) : null;
      await this.records.applyLifecycleEvent(trx, ctx, referralId, { type: 'decide', decision: input.decision }, input.version, {
        patch: {
          decision: input.decision,
          decisionAlternative: alternative,
          decisionAlternativeDetail: input.decision === 'not_proceed' ? (input.alternativeDetail ?? null) : null,
          decisionRationale: input.rationale,
          decidedBy: ctx.actor.personId,
          decidedByName: ctx.actor.name,
          decidedAt: when.at,
          decisionRecordedAt: now,
        },
        summary: `Decision signed by ${ctx.actor.name}: ${labelFor(DECISION_KINDS, input.decision)}${alternative ? ` (${labelFor(ALTERNATIVES_OFFERED, alternative)})` : ''}${late ? `; made ${formatDateTime(when.at)}, recorded after the event` : ''}`,
        data: { decision: input.decision, alternative, rationale: input.rationale, crisisTeamPrompts: prompts.map((p) => p.code), decidedAt: when.at.toISOString(), recordedAfterTheEvent: late },
      });
      return prompts;
    });
    return { ...(await this.records.resource(referralId)), prompts };
  }

  /** The information the Lead asked for has arrived: back to "received" to decide again. */
  async informationReceived(ctx: ServiceContext, referralId: string, input: VersionCommand): Promise<ReferralResource> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'update referrals');
    await inTransaction(this.deps.db, (trx) =>
      this.records.applyLifecycleEvent(trx, ctx, referralId, { type: 'information_received' }, input.version, { summary: 'The information asked for has arrived: ready for a decision' }),
    );
    return this.records.resource(referralId);
  }

  async withdraw(ctx: ServiceContext, referralId: string, input: WithdrawCommand): Promise<ReferralResource> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'withdraw referrals');
    await inTransaction(this.deps.db, (trx) =>
      this.records.applyLifecycleEvent(trx, ctx, referralId, { type: 'withdraw', reason: input.reason }, input.version, { summary: `Withdrawn by ${ctx.actor.name}`, data: { reason: input.reason } }),
    );
    return this.records.resource(referralId);
  }

  async close(ctx: ServiceContext, referralId: string, input: VersionCommand): Promise<ReferralResource> {
    requireRole(ctx.actor, REFERRAL_TAKERS, 'close referrals');
    await inTransaction(this.deps.db, (trx) => this.records.applyLifecycleEvent(trx, ctx, referralId, { type: 'close' }, input.version, { summary: `Closed by ${ctx.actor.name}` }));
    return this.records.resource(referralId);
  }
}
