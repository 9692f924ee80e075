// Allocating an AMHP: only one who may act today for the person's council (the register's rule,
// passed in as `eligibility`), never the reviewer without a recorded reason (Daily Expectations
// §2.9), and never over someone else's change (version check under a row lock).

import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, StateError, ValidationError } from '../../../platform/errors.js';
import { londonDate } from '../../../platform/london-time.js';
import { requireRole, type Role } from '../../../platform/roles.js';
import type { AmhpEligibility } from '../../staff/amhp-eligibility.js';
import { transition } from '../referral-lifecycle.js';
import { REFERRAL_ALLOCATORS } from './referral-access.js';
import { conflict, type ReferralRecords, type ReferralServiceDeps } from './referral-records-service.js';
import type { ReferralRepository } from './referral-repository.js';
import { stateOf, type ReferralResource } from './referral-resource.js';
import type { AllocationCommand } from './referral-schemas.js';
import { checkReviewerSeparation } from './reviewer-rule.js';

/** What allocation needs from staff: AMHPs and their names. */
export interface AllocationStaffPort {
  peopleWithRole(roles: readonly Role[], options?: { activeOnly?: boolean }): Promise<Array<{ id: string; name: string }>>;
  findPerson(id: string): Promise<{ name: string } | undefined>;
}

export interface AllocatableAmhp {
  id: string;
  name: string;
  eligible: boolean;
  /** Why the AMHP may not act today. */
  reason?: string;
}

export class AllocationService {
  constructor(
    private readonly deps: ReferralServiceDeps & { staff: AllocationStaffPort; eligibility: AmhpEligibility },
    private readonly repository: ReferralRepository,
    private readonly records: ReferralRecords,
  ) {}

  /** AMHPs who may be allocated today for this council, and why others may not (eligible first). */
  async allocatableAmhps(lssaId: string | null): Promise<AllocatableAmhp[]> {
    const people = await this.deps.staff.peopleWithRole(['amhp'], { activeOnly: true });
    const today = londonDate(this.deps.clock.now());
    const result: AllocatableAmhp[] = [];
    for (const p of people) {
      const check = await this.deps.eligibility.mayAct(p.id, lssaId, today);
      result.push(check.eligible ? { id: p.id, name: p.name, eligible: true } : { id: p.id, name: p.name, eligible: false, reason: check.reason });
    }
    return result.sort((a, b) => Number(b.eligible) - Number(a.eligible) || a.name.localeCompare(b.name));
  }

  /** The same list for one referral (its council). */
  async allocatableFor(ctx: ServiceContext, referralId: string): Promise<AllocatableAmhp[]> {
    requireRole(ctx.actor, REFERRAL_ALLOCATORS, 'allocate referrals');
    const referral = await this.repository.findDetail(this.deps.db, referralId);
    if (!referral) throw new NotFoundError('The referral');
    return this.allocatableAmhps(referral.lssaId);
  }

  async allocate(ctx: ServiceContext, referralId: string, input: AllocationCommand): Promise<ReferralResource> {
    requireRole(ctx.actor, REFERRAL_ALLOCATORS, 'allocate referrals');
    const now = this.deps.clock.now();
    // Read-only checks first, outside the transaction (eligibility reads through other modules).
    const current = await this.repository.findDetail(this.deps.db, referralId);
    if (!current) throw new NotFoundError('The referral');
    const amhp = await this.deps.staff.findPerson(input.amhpId);
    const eligible = await this.deps.eligibility.mayAct(input.amhpId, current.lssaId, londonDate(now));
    await inTransaction(this.deps.db, async (trx) => {
      const before = await this.records.findForUpdate(trx, referralId);
      if (before.version !== input.version) throw conflict(before);
      const result = transition(stateOf(before), { type: 'allocate' });
      if (!result.ok) throw new StateError(result.message, result.code, { status: before.status, event: 'allocate' });
      if (!eligible.eligible) throw ValidationError.of('amhpId', `${eligible.reason}. Choose an AMHP who may act today.`);
      let overridden = false;
      if (before.decidedBy) {
        const check = checkReviewerSeparation({ reviewerId: before.decidedBy, assigneeId: input.amhpId, overrideReason: input.overrideReason ?? null });
        if (!check.ok) throw ValidationError.of('overrideReason', check.message);
        overridden = check.overridden;
      }
      const reallocation = before.allocatedAmhpId !== null;
      await this.records.applyLifecycleEvent(trx, ctx, referralId, { type: 'allocate' }, input.version, {
        patch: { allocatedAmhpId: input.amhpId, allocatedBy: ctx.actor.personId, allocatedAt: now, allocationOverrideReason: overridden ? (input.overrideReason ?? null) : null },
        summary: `${reallocation ? 'Reallocated' : 'Allocated'} to ${amhp?.name ?? 'an AMHP'} by ${ctx.actor.name}${overridden ? ' (reviewer assessing: reason recorded)' : ''}`,
        data: { amhpId: input.amhpId, previousAmhpId: before.allocatedAmhpId, reviewerOverride: overridden, overrideReason: overridden ? input.overrideReason : undefined },
      });
      if (overridden) {
        await this.deps.audit.record(trx, ctx, { action: 'reviewer_rule_overridden', entityType: 'referral', entityId: referralId, summary: { amhpId: input.amhpId } });
      }
    });
    return this.records.resource(referralId);
  }
}
