// The unit of work every change to an assessment record goes through: the editor's role, the
// referral's state (allocated until closed), the record created on first save, read-only once
// the report is finalised, and the referral moved to "in assessment" by the first change. Also
// the refusals the editing services share.

import type { Kysely } from 'kysely';
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import { RuleViolationError, StateError, ValidationError, type RuleFinding } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { ASSESSMENT_EDITORS } from './assessment-access.js';
import { assessmentPaths } from './assessment-paths.js';
import type { AssessmentAudit, AssessmentReferralPort, AssessmentTx, ReferralForAssessment } from './assessment-port.js';
import { AssessmentRepository, type AssessmentRow } from './assessment-repository.js';
import type { AssessmentDb } from './assessments-tables.js';
import { recommendationFailures, type RuleFailure } from './domain/statutory-checks.js';

export interface AssessmentDeps {
  db: Kysely<AssessmentDb>;
  clock: Clock;
  audit: AssessmentAudit;
  referrals: AssessmentReferralPort;
}

const EDITABLE_STATUSES = ['allocated', 'in_assessment', 'outcome_recorded'];
/** Allowance for phone clocks a little ahead of the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function finding(failure: RuleFailure, field?: string): RuleFinding {
  return { rule: failure.rule, severity: failure.severity, message: failure.message, ...(field ? { field } : {}) };
}

/** The one statutory refusal (422): failures block; warnings still need a recorded reason. */
export function statutoryRefusal(failures: RuleFinding[], warnings: RuleFinding[]): RuleViolationError {
  return new RuleViolationError(
    'statutory_check_failed',
    failures.length > 0
      ? 'This cannot be recorded: it breaks the Mental Health Act rules listed.'
      : 'Give a reason for going ahead despite each warning listed.',
    { failures, warnings },
  );
}

/**
 * Every medical recommendation is checked the same way when it is saved, whichever path it
 * comes by (a doctor on the record, or the section 4 second recommendation): R-MR-03.
 */
export function assertRecommendationLawful(doctor: { name: string; examinedAt: Date | null | undefined; signedAt: Date | null | undefined }, field: string): void {
  const failures = recommendationFailures({ name: doctor.name, examinedAt: doctor.examinedAt ?? null, signedAt: doctor.signedAt ?? null });
  if (failures.length > 0) throw statutoryRefusal(failures.map((f) => finding(f, field)), []);
}

export class AssessmentEditing {
  readonly repository = new AssessmentRepository();

  constructor(readonly deps: AssessmentDeps) {}

  now(): Date {
    return this.deps.clock.now();
  }

  /** Runs a change in one transaction on an editable record (see the top of this file). */
  async withEditable<T>(ctx: ServiceContext, referralId: string, work: (trx: AssessmentTx, referral: ReferralForAssessment, assessment: AssessmentRow) => Promise<T>): Promise<T> {
    requireRole(ctx.actor, ASSESSMENT_EDITORS, 'record assessments');
    return this.withEditableRecord(this.deps.db, ctx, referralId, work, { onlyTheAllocatedAmhp: true });
  }

  /**
   * The same unit of work for a module above that has already authorised the actor (the doctors
   * module: an assessor inviting a doctor, or the invited doctor answering), joining its
   * transaction when it passes one.
   */
  async withEditableRecord<T>(
    handle: Kysely<AssessmentDb>,
    ctx: ServiceContext,
    referralId: string,
    work: (trx: AssessmentTx, referral: ReferralForAssessment, assessment: AssessmentRow) => Promise<T>,
    options: { onlyTheAllocatedAmhp?: boolean } = {},
  ): Promise<T> {
    return inTransaction(handle, async (trx) => {
      const referral = await this.deps.referrals.findForUpdate(trx, referralId);
      // Need-to-know (docs/access.md): only the allocated AMHP (or a Lead who took over) records
      // the assessment; a doctor answering an invitation adds only their own answer.
      if (options.onlyTheAllocatedAmhp) await this.deps.referrals.assertMayEdit(trx, ctx, referral, assessmentPaths.assessmentRecord({ id: referralId }));
      if (!EDITABLE_STATUSES.includes(referral.status)) {
        throw new StateError(
          `The referral is ${referral.status.replace(/_/g, ' ')}. The assessment can be recorded once an AMHP has been allocated, and until the referral is closed.`,
          'assessment_not_editable',
        );
      }
      const assessment = await this.repository.ensure(trx, referralId, this.deps.clock.now());
      if (assessment.reportFinalisedAt) {
        throw new StateError('The AMHP report is finalised, so the record is read-only. Add an addendum for anything that changes.', 'assessment_finalised');
      }
      if (referral.status === 'allocated') {
        await this.deps.referrals.applyLifecycleEvent(trx, ctx, referralId, { type: 'start_assessment' });
        referral.status = 'in_assessment';
      }
      return work(trx, referral, assessment);
    });
  }

  /** Saves one section of the record (the version read), audited, with a timeline line. */
  async saveSection(ctx: ServiceContext, referralId: string, section: string, label: string, expectedVersion: number, patch: (assessment: AssessmentRow) => Parameters<AssessmentRepository['update']>[2]): Promise<number> {
    return this.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      const changes = patch(assessment);
      const next = await this.repository.update(trx, assessment.id, changes, expectedVersion, this.now());
      await this.deps.audit.record(trx, ctx, { action: 'assessment_section_saved', entityType: 'referral', entityId: referralId, summary: { section, fields: Object.keys(changes) } });
      await this.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_updated', `Assessment record: ${label} updated`, { section });
      return next;
    });
  }

  /** Times people record have happened (give or take a phone clock a few minutes fast). */
  assertNotFuture(fields: Array<[field: string, value: Date | null | undefined, label: string]>): void {
    const limit = this.now().getTime() + FUTURE_TOLERANCE_MS;
    const errors = fields
      .filter(([, value]) => value && value.getTime() > limit)
      .map(([field, , label]) => ({ field, message: `${label} cannot be in the future`, anchor: 'day' }));
    if (errors.length > 0) throw new ValidationError(errors);
  }
}
