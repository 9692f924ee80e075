/** The funding calculators (Workforce Strategy §5): splitting costs between the LSSAs, a leaver's repayment. */
import type { ServiceContext } from '../../../platform/audit.js';
import { unwrap } from '../../../platform/result.js';
import { requireRole } from '../../../platform/roles.js';
import { PIPELINE_USERS } from '../register-access.js';
import type { RegisterDeps } from '../register-ports.js';
import { adminFeeShares, courseCostShares, leaverRepayment, type Repayment } from './funding.js';
import type { RepaymentCommand, SplitCommand } from './trainee-schemas.js';

export interface SplitResult {
  coursePence: number;
  candidates: number;
  course: Array<{ lssa: string; pence: number }>;
  adminTotal: number;
  admin: Array<{ lssa: string; pence: number }>;
}

export type RepaymentResult = Repayment & { fundingPence: number; shares: Array<{ lssa: string; pence: number }> };

export class FundingService {
  constructor(private readonly deps: Pick<RegisterDeps, 'staff'>) {}

  private async lssas() {
    const lssas = await this.deps.staff.lssas();
    return { ids: lssas.map((l) => l.id), nameOf: (id: string) => lssas.find((l) => l.id === id)?.name ?? '' };
  }

  /** The year's course cost and the administration fee per candidate, each split equally between the LSSAs. */
  async split(ctx: ServiceContext, command: SplitCommand): Promise<SplitResult> {
    requireRole(ctx.actor, PIPELINE_USERS, 'use the funding calculators');
    const { ids, nameOf } = await this.lssas();
    const course = unwrap(courseCostShares(command.coursePence, ids));
    const admin = unwrap(adminFeeShares({ candidates: command.candidates, lssaIds: ids }));
    return {
      coursePence: command.coursePence,
      candidates: command.candidates,
      course: course.map((s) => ({ lssa: nameOf(s.lssaId), pence: s.pence })),
      adminTotal: admin.totalPence,
      admin: admin.shares.map((s) => ({ lssa: nameOf(s.lssaId), pence: s.pence })),
    };
  }

  /** What a leaver repays under the learning agreement, refunded to the LSSAs in equal shares. */
  async repayment(ctx: ServiceContext, command: RepaymentCommand): Promise<RepaymentResult> {
    requireRole(ctx.actor, PIPELINE_USERS, 'use the funding calculators');
    const { ids, nameOf } = await this.lssas();
    const result = unwrap(leaverRepayment({ fundingPence: command.fundingPence, qualifiedOn: command.qualifiedOn ?? null, lastDayOfEmployment: command.lastDayOfEmployment, reason: command.reason }));
    const shares = courseCostShares(result.amountPence, ids);
    return { ...result, fundingPence: command.fundingPence, shares: shares.ok ? shares.value.map((s) => ({ lssa: nameOf(s.lssaId), pence: s.pence })) : [] };
  }
}
