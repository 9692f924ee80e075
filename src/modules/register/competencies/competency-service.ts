/** The annual Key Competence record (SI 2008/1206 Schedule 2), kept by the AMHP, reviewed in supervision. */
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, ValidationError } from '../../../platform/errors.js';
import { londonDate } from '../../../platform/london-time.js';
import { unwrap } from '../../../platform/result.js';
import { ApprovalRepository } from '../approvals/approval-repository.js';
import { requireMayRecord } from '../register-access.js';
import type { RegisterDeps } from '../register-ports.js';
import { validateCompetencyRecord } from './competencies.js';
import { CompetencyRepository, type StoredCompetencyRecord } from './competency-repository.js';
import type { CompetencyCommand } from './competency-schemas.js';

export class CompetencyService {
  private readonly repository = new CompetencyRepository();
  private readonly approvals = new ApprovalRepository();

  constructor(private readonly deps: RegisterDeps) {}

  /** The AMHP records their own; supervisors and managers anyone's. */
  async addRecord(ctx: ServiceContext, personId: string, command: CompetencyCommand): Promise<StoredCompetencyRecord> {
    requireMayRecord(ctx.actor, personId, 'competency', 'record competencies for someone else');
    if (command.recordedOn > londonDate(this.deps.clock.now())) throw ValidationError.of('recordedOn', 'The record date must be today or in the past');
    const checked = unwrap(validateCompetencyRecord({ amhpId: personId, ...command }));
    return inTransaction(this.deps.db, async (trx) => {
      if (!(await this.approvals.entry(trx, personId))) throw new NotFoundError('The register entry');
      const record = await this.repository.insert(trx, { personId, recordedOn: checked.recordedOn, entries: checked.entries, enteredBy: ctx.actor.personId });
      await this.deps.audit.record(trx, ctx, { action: 'competency_record_added', entityType: 'register_entry', entityId: personId, summary: { met: checked.entries.filter((e) => e.status === 'met').map((e) => e.competence) } });
      return record;
    });
  }
}
