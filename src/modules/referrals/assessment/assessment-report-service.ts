// The AMHP report: how the Code of Practice principles were considered and the alternatives;
// finalising makes the record read-only, and later changes are addenda.

import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, StateError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { ASSESSMENT_EDITORS } from './assessment-access.js';
import type { AssessmentEditing } from './assessment-editing.js';
import type { AddendumCommand, ReportCommand, VersionCommand } from './assessment-schemas.js';

export class AssessmentReportService {
  constructor(private readonly editing: AssessmentEditing) {}

  async saveReport(ctx: ServiceContext, referralId: string, cmd: ReportCommand): Promise<number> {
    const { version, alternativesConsidered, ...principles } = cmd;
    const written = Object.fromEntries(Object.entries(principles).filter(([, value]) => value !== undefined));
    return this.editing.saveSection(ctx, referralId, 'report', 'AMHP report', version, () => ({ principles: JSON.stringify(written), alternativesConsidered: alternativesConsidered ?? '' }));
  }

  async finaliseReport(ctx: ServiceContext, referralId: string, cmd: VersionCommand): Promise<number> {
    return this.editing.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      if (!assessment.outcomeRecordedAt) throw new StateError('Record the outcome before finalising the AMHP report.', 'outcome_not_recorded');
      const now = this.editing.now();
      const next = await this.editing.repository.update(trx, assessment.id, { reportFinalisedAt: now, reportFinalisedBy: ctx.actor.personId }, cmd.version, now);
      await this.editing.deps.audit.record(trx, ctx, { action: 'assessment_report_finalised', entityType: 'referral', entityId: referralId });
      await this.editing.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_report_finalised', 'AMHP report finalised', {});
      return next;
    });
  }

  async addAddendum(ctx: ServiceContext, referralId: string, cmd: AddendumCommand): Promise<void> {
    requireRole(ctx.actor, ASSESSMENT_EDITORS, 'add to assessment records');
    const { db, audit, referrals } = this.editing.deps;
    await inTransaction(db, async (trx) => {
      const assessment = await this.editing.repository.findByReferral(trx, referralId);
      if (!assessment) throw new NotFoundError('The assessment record');
      if (!assessment.reportFinalisedAt) throw new StateError('The report is not finalised yet: change the record itself.', 'assessment_not_finalised');
      await this.editing.repository.insertAddendum(trx, { assessmentId: assessment.id, text: cmd.text, addedBy: ctx.actor.personId, addedByName: ctx.actor.name, addedAt: this.editing.now() });
      await audit.record(trx, ctx, { action: 'assessment_addendum_added', entityType: 'referral', entityId: referralId });
      await referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_addendum', 'Addendum added to the AMHP report', {});
    });
  }
}
