// Recording how the assessment ended. An application (s2, s3, s4, guardianship) runs every
// statutory rule that applies, judged on the application's own recorded times: an error refuses
// it, and each warning needs a recorded reason (one 422 shape: failures and warnings). The
// applicant is an explicit person (the caller unless said), and R-GEN-01/R-GEN-02 are judged on
// them. When the authority to convey and admit ran out, the lawful record is "application lapsed:
// the person was not admitted under it".

import type { ServiceContext } from '../../../platform/audit.js';
import { ValidationError } from '../../../platform/errors.js';
import { londonDate } from '../../../platform/london-time.js';
import { finding, statutoryRefusal, type AssessmentEditing } from './assessment-editing.js';
import { factsOfRecord, legalContextOf, type ApplicantFactsInput } from './assessment-record-facts.js';
import type { AssessmentPatch, AssessmentRow } from './assessment-repository.js';
import type { LegalContext, OutcomeCommand } from './assessment-schemas.js';
import type { AssessmentViewService } from './assessment-view-service.js';
import { applicationTypeOf, outcomeLabel, type ApplicationType } from './domain/assessment-outcomes.js';
import type { RuleId } from './domain/mha-rule-catalogue.js';
import { runStatutoryChecks, warningsWithoutReasons } from './domain/statutory-checks.js';

/** The legal context with the outcome's section 4 statements or guardianship details applied. */
function legalWithOutcome(current: LegalContext, cmd: OutcomeCommand): LegalContext {
  const legal = { ...current };
  if (cmd.outcome === 's4') {
    legal.section4 = {
      urgentNecessityStated: cmd.s4UrgentNecessity ?? current.section4?.urgentNecessityStated ?? false,
      undesirableDelayStated: cmd.s4UndesirableDelay ?? current.section4?.undesirableDelayStated ?? false,
      recommendationVerifiesUrgency: cmd.s4RecommendationVerifies ?? current.section4?.recommendationVerifiesUrgency ?? false,
      whyNotSection2: cmd.s4WhyNotSection2 ?? current.section4?.whyNotSection2 ?? null,
      secondRecommendation: current.section4?.secondRecommendation ?? null,
    };
  }
  if (cmd.outcome === 'guardianship' && (cmd.guardianKind || cmd.forwardedToLssaOn)) {
    const previous = current.guardianship?.guardian ?? null;
    legal.guardianship = {
      guardian:
        cmd.guardianKind === 'private'
          ? {
              kind: 'private',
              name: cmd.guardianName ?? (previous?.kind === 'private' ? previous.name : 'Private guardian'),
              acceptedByLssaOn: cmd.guardianAcceptedOn ?? null,
              writtenWillingness: cmd.guardianWrittenWillingness ?? false,
            }
          : cmd.guardianKind === 'local_authority'
            ? { kind: 'local_authority' }
            : previous,
      forwardedToLssaOn: cmd.forwardedToLssaOn ?? current.guardianship?.forwardedToLssaOn ?? null,
    };
  }
  return legal;
}

/** What the outcome puts on the record's outcome columns. */
function outcomeColumns(cmd: OutcomeCommand, application: ApplicationType | null, applicantId: string | null) {
  const lapsed = cmd.outcome === 'application_lapsed' ? cmd : null;
  return {
    outcome: cmd.outcome,
    applicationSection: application ?? lapsed?.lapsedSection ?? null,
    applicationAt: 'applicationAt' in cmd ? cmd.applicationAt : null,
    admittedAt: 'admittedAt' in cmd ? (cmd.admittedAt ?? null) : null,
    hospitalName: 'hospitalName' in cmd ? (cmd.hospitalName ?? '') : '',
    hospitalAddressedToManagers: 'hospitalAddressedToManagers' in cmd ? cmd.hospitalAddressedToManagers : false,
    outcomeReason: cmd.outcomeReason ?? '',
    delayCause: cmd.delayCause ?? null,
    delayNote: cmd.delayNote ?? '',
    applicantId,
  } satisfies AssessmentPatch;
}

export class AssessmentOutcomeService {
  constructor(
    private readonly editing: AssessmentEditing,
    private readonly view: AssessmentViewService,
  ) {}

  /** The applicant: explicit or the caller; an active person on the system (400 otherwise). */
  private async applicant(ctx: ServiceContext, cmd: OutcomeCommand, application: ApplicationType | null): Promise<{ id: string | null; facts: ApplicantFactsInput | null }> {
    if (!('applicationAt' in cmd)) return { id: null, facts: null };
    const id = cmd.applicantId ?? ctx.actor.personId;
    const person = await this.view.person(id);
    if (!person?.active) throw new ValidationError([{ field: 'applicantId', message: 'Choose the applicant from the people on the system' }]);
    // Read before the transaction: the approval comes from the register (another module).
    return { id, facts: application ? await this.view.applicantFacts(id, londonDate(cmd.applicationAt)) : null };
  }

  async recordOutcome(ctx: ServiceContext, referralId: string, cmd: OutcomeCommand): Promise<number> {
    const application = applicationTypeOf(cmd.outcome);
    this.editing.assertNotFuture([
      ['applicationAt', 'applicationAt' in cmd ? cmd.applicationAt : null, 'The application time'],
      ['admittedAt', 'admittedAt' in cmd ? cmd.admittedAt : null, 'The admission time'],
    ]);
    const applicant = await this.applicant(ctx, cmd, application);

    return this.editing.withEditable(ctx, referralId, async (trx, referral, assessment) => {
      const applicationMade = 'applicationAt' in cmd;
      if (assessment.nrS13Request && !applicationMade && !assessment.nrS13Reasons && !cmd.outcomeReason) {
        throw new ValidationError([{ field: 'outcomeReason', message: 'The nearest relative asked for this assessment (section 13(4)). Give your reasons for not making an application: they go in the letter to them.' }]);
      }
      const legal = legalWithOutcome(legalContextOf(assessment), cmd);
      const columns = outcomeColumns(cmd, application, applicant.id);
      const now = this.editing.now();
      let reasons: Record<string, string> = {};
      if (application) {
        const doctors = await this.editing.repository.doctors(trx, assessment.id);
        const asRecorded: AssessmentRow = { ...assessment, ...columns };
        const facts = factsOfRecord({ referral, assessment: asRecorded, doctors, legal, applicant: applicant.facts, applicationType: application, applicationAt: columns.applicationAt });
        // Judged on the application's own times: the clock plays no part.
        const result = runStatutoryChecks(facts, { stage: 'application' });
        const given = 'warningReasons' in cmd ? (cmd.warningReasons as Partial<Record<RuleId, string>>) : {};
        const unexplained = warningsWithoutReasons(result, given);
        if (result.errors.length > 0 || unexplained.length > 0) {
          throw statutoryRefusal(result.errors.map((f) => finding(f)), unexplained.map((f) => finding(f, `warningReasons.${f.rule}`)));
        }
        reasons = Object.fromEntries(result.warnings.map((w) => [w.rule, (given[w.rule] ?? '').trim()]));
      }
      const next = await this.editing.repository.update(
        trx,
        assessment.id,
        { ...columns, outcomeRecordedAt: now, outcomeRecordedBy: ctx.actor.personId, legalContext: JSON.stringify(legal), warningReasons: JSON.stringify(reasons) },
        cmd.version,
        now,
      );
      if (referral.status === 'outcome_recorded') await this.editing.deps.referrals.applyLifecycleEvent(trx, ctx, referralId, { type: 'reopen_assessment' });
      await this.editing.deps.referrals.applyLifecycleEvent(trx, ctx, referralId, { type: 'record_outcome' });
      const acknowledged = Object.keys(reasons);
      await this.editing.deps.audit.record(trx, ctx, {
        action: 'assessment_outcome_recorded',
        entityType: 'referral',
        entityId: referralId,
        summary: { outcome: cmd.outcome, applicantId: applicant.id, warningsAcknowledged: acknowledged },
      });
      await this.editing.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_outcome', `Outcome recorded: ${outcomeLabel(cmd.outcome) ?? cmd.outcome}`, {
        outcome: cmd.outcome,
        warningsAcknowledged: acknowledged,
      });
      return next;
    });
  }
}
