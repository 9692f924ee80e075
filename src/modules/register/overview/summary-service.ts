/** The register in numbers, for governance viewers: counts only, no individual records. */
import type { ServiceContext } from '../../../platform/audit.js';
import { londonDate } from '../../../platform/london-time.js';
import { requireRole } from '../../../platform/roles.js';
import { APPROVAL_STATUS_LABELS } from '../approvals/approval.js';
import type { RegisterListService } from '../approvals/register-list-service.js';
import { SUMMARY_READERS } from '../register-access.js';
import type { RegisterDeps } from '../register-ports.js';
import type { TraineeService } from '../trainees/trainee-service.js';
import type { TrainingService } from '../training/training-service.js';

export class SummaryService {
  constructor(
    private readonly deps: RegisterDeps,
    private readonly list: RegisterListService,
    private readonly training: TrainingService,
    private readonly trainees: TraineeService,
  ) {}

  async summary(ctx: ServiceContext) {
    requireRole(ctx.actor, SUMMARY_READERS, 'see the register summary');
    const [rows, compliance] = await Promise.all([this.list.build(), this.training.build()]);
    const approved = compliance.filter((c) => c.approved);
    return {
      total: rows.length,
      byStatus: (['approved', 'suspended', 'approval_ended', 'lapsed', 'not_approved'] as const).map((status) => ({
        status,
        label: APPROVAL_STATUS_LABELS[status],
        count: rows.filter((r) => r.status === status).length,
      })),
      reapprovalsDue: rows.filter((r) => r.reapprovalState === 'due_soon').length,
      trainingMet: approved.filter((c) => c.trainingMet).length,
      trainingAtRisk: approved.filter((c) => c.atRisk).length,
      approvedCount: approved.length,
      traineesThisYear: await this.trainees.perYear(ctx, Number(londonDate(this.deps.clock.now()).slice(0, 4))),
    };
  }
}
