// Saving the sections of the assessment record: the plan, the interview, the nearest relative,
// the interpreter/police/ambulance/bed requests and the legal position. Each takes a typed
// command carrying the version the person read; a stale version is a 409 and nothing is saved.

import type { ServiceContext } from '../../../platform/audit.js';
import { ValidationError, type FieldError } from '../../../platform/errors.js';
import { assertRecommendationLawful, type AssessmentEditing } from './assessment-editing.js';
import type { LegalFormCommand } from './assessment-form-schemas.js';
import { legalContextOf } from './assessment-record-facts.js';
import type { InterviewCommand, LegalContext, LegalContextCommand, NearestRelativeCommand, PlanCommand, ResourceCommand, ResourceKind } from './assessment-schemas.js';
import { RESOURCE_LABELS } from './assessment-view-service.js';

export class AssessmentSectionsService {
  constructor(private readonly editing: AssessmentEditing) {}

  async savePlan(ctx: ServiceContext, referralId: string, cmd: PlanCommand): Promise<number> {
    return this.editing.saveSection(ctx, referralId, 'plan', 'plan', cmd.version, () => ({ plannedAt: cmd.plannedAt ?? null, plannedPlace: cmd.plannedPlace ?? '' }));
  }

  async saveInterview(ctx: ServiceContext, referralId: string, cmd: InterviewCommand): Promise<number> {
    this.editing.assertNotFuture([
      ['interviewAt', cmd.interviewAt, 'The interview time'],
      ['lastSawAt', cmd.lastSawAt, 'The time you last saw the person'],
    ]);
    return this.editing.saveSection(ctx, referralId, 'interview', 'interview', cmd.version, () => ({
      interviewAt: cmd.interviewAt ?? null,
      lastSawAt: cmd.lastSawAt ?? null,
      mostAppropriateReason: cmd.mostAppropriateReason ?? '',
      noPreviousAcquaintanceReason: cmd.noPreviousAcquaintanceReason ?? '',
      notes: cmd.notes ?? '',
    }));
  }

  async saveNearestRelative(ctx: ServiceContext, referralId: string, cmd: NearestRelativeCommand): Promise<number> {
    this.editing.assertNotFuture([
      ['informedAt', cmd.informedAt, 'When you informed the nearest relative'],
      ['consultedAt', cmd.consultedAt, 'When you consulted the nearest relative'],
    ]);
    const errors: FieldError[] = [];
    if (cmd.notPracticableReason && cmd.notPracticableReason !== 'no_nearest_relative' && !cmd.notPracticableDetail) {
      errors.push({ field: 'notPracticableDetail', message: 'Explain why it was not practicable' });
    }
    if (!cmd.notPracticableReason && (cmd.informedAt || cmd.consultedAt) && !cmd.name) {
      errors.push({ field: 'name', message: "Enter the nearest relative's name" });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    return this.editing.saveSection(ctx, referralId, 'nearest_relative', 'nearest relative', cmd.version, () => ({
      nrCategory: cmd.category ?? null,
      nrName: cmd.name ?? '',
      nrRelationship: cmd.relationship ?? '',
      nrContact: cmd.contact ?? '',
      nrInformedAt: cmd.informedAt ?? null,
      nrToldOfDischargePower: cmd.toldOfDischargePower,
      nrConsultedAt: cmd.consultedAt ?? null,
      nrObjected: cmd.objected,
      nrNotPracticableReason: cmd.notPracticableReason ?? null,
      nrNotPracticableDetail: cmd.notPracticableDetail ?? '',
      nrS13Request: cmd.s13Request,
      nrS13Reasons: cmd.s13Reasons ?? '',
    }));
  }

  async saveResource(ctx: ServiceContext, referralId: string, kind: ResourceKind, cmd: ResourceCommand): Promise<number> {
    this.editing.assertNotFuture([
      ['requestedAt', cmd.requestedAt, 'The request time'],
      ['arrivedAt', cmd.arrivedAt, 'The arrival or confirmation time'],
    ]);
    if (cmd.arrivedAt && !cmd.requestedAt) throw new ValidationError([{ field: 'requestedAt', message: 'Enter when it was requested', anchor: 'day' }]);
    if (cmd.arrivedAt && cmd.requestedAt && cmd.arrivedAt < cmd.requestedAt) {
      throw new ValidationError([{ field: 'arrivedAt', message: kind === 'bed' ? 'The bed cannot be confirmed before it was requested' : 'The arrival time cannot be before the request time', anchor: 'day' }]);
    }
    const label = RESOURCE_LABELS[kind].toLowerCase();
    return this.editing.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      const now = this.editing.now();
      const next = await this.editing.repository.update(trx, assessment.id, {}, cmd.version, now);
      await this.editing.repository.upsertResource(trx, {
        assessmentId: assessment.id,
        kind,
        requestedAt: cmd.requestedAt ?? null,
        arrivedAt: cmd.arrivedAt ?? null,
        requestedBy: cmd.requestedBy ?? '',
        provider: cmd.provider ?? '',
        detail: cmd.detail ?? '',
        updatedAt: now,
      });
      await this.editing.deps.audit.record(trx, ctx, { action: 'assessment_section_saved', entityType: 'referral', entityId: referralId, summary: { section: kind } });
      await this.editing.deps.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_updated', `Assessment record: ${label} updated`, { section: kind });
      return next;
    });
  }

  /** The whole legal context document (API). The s4 second recommendation is checked as it is saved. */
  async saveLegalContext(ctx: ServiceContext, referralId: string, cmd: LegalContextCommand): Promise<number> {
    const { version, ...legal } = cmd;
    const second = legal.section4?.secondRecommendation;
    if (second) {
      assertRecommendationLawful(second, 'section4.secondRecommendation.examinedAt');
      this.editing.assertNotFuture([
        ['section4.secondRecommendation.examinedAt', second.examinedAt, 'The examination time'],
        ['section4.secondRecommendation.signedAt', second.signedAt, 'The signature time'],
        ['section4.secondRecommendation.receivedByManagersAt', second.receivedByManagersAt, 'When the managers received it'],
      ]);
    }
    return this.editing.saveSection(ctx, referralId, 'legal_context', 'legal position', version, (assessment) => ({
      legalContext: JSON.stringify({ ...legalContextOf(assessment), ...legal }),
    }));
  }

  /** The page form: place of safety, holding powers and a conflict declaration; the rest is kept. */
  async saveLegalForm(ctx: ServiceContext, referralId: string, f: LegalFormCommand): Promise<number> {
    this.editing.assertNotFuture([
      ['posDetainedAt', f.posDetainedAt, 'The detention time'],
      ['posClockStartedAt', f.posClockStartedAt, 'The arrival time'],
      ['posEndedAt', f.posEndedAt, 'The end time'],
      ['extAuthorisedAt', f.extAuthorisedAt, 'The extension time'],
      ['s54RecordedAt', f.s54RecordedAt, 'The section 5(4) time'],
      ['s52ReportedAt', f.s52ReportedAt, 'The section 5(2) time'],
    ]);
    return this.editing.saveSection(ctx, referralId, 'legal_context', 'legal position', f.version, (assessment) => {
      const current = legalContextOf(assessment);
      const next: LegalContext = {
        ...current,
        placeOfSafety: f.posPower
          ? {
              power: f.posPower,
              detainedAt: f.posDetainedAt ?? null,
              clockStartedAt: f.posClockStartedAt ?? null,
              endedAt: f.posEndedAt ?? null,
              policeStationUsed: f.posPoliceStation,
              policeStationJustification: f.posPoliceStationJustification ?? null,
              extensions:
                f.extAuthorisedAt && f.extHours && f.extReason
                  ? [{ authorisedAt: f.extAuthorisedAt, hours: f.extHours, authorisedByExaminingDoctor: f.extByExaminingDoctor, reason: f.extReason, superintendentApprovedAt: null }]
                  : [],
              s136Consultation:
                f.posConsultedAt || f.posConsultNotPracticable
                  ? { consultedAt: f.posConsultedAt ?? null, consultedRole: f.posConsultedRole ?? null, notPracticableReason: f.posConsultNotPracticable ?? null }
                  : null,
              previousS136: current.placeOfSafety?.previousS136 ?? null,
              warrant: current.placeOfSafety?.warrant ?? null,
            }
          : null,
        holdingPower: f.s54RecordedAt || f.s52ReportedAt ? { s54RecordedAt: f.s54RecordedAt ?? null, s52ReportedAt: f.s52ReportedAt ?? null } : null,
        currentDetention: f.currentS2AdmittedAt ? { section: 's2', admittedAt: f.currentS2AdmittedAt, s29DisplacementPending: false } : null,
        conflicts:
          f.conflictDescription && f.conflictType
            ? [{ between: [{ kind: 'amhp' }, { kind: 'patient' }], type: f.conflictType, description: f.conflictDescription, urgencyOverrideReason: f.conflictUrgencyReason ?? null }]
            : [],
      };
      return { legalContext: JSON.stringify(next) };
    });
  }
}
