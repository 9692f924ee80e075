// The Mental Health Act assessment record: built up section by section over hours, checked
// against every statutory rule that applies (statutory-checks.ts), with the statutory clocks
// (deadlines.ts), derived waits (delays.ts), the outcome moving the referral's lifecycle, and
// the AMHP report (finalised → read-only, later changes are addenda).

import { inTransaction, type Db, type DbOrTx, type Tx } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { assertVersionMatched, NotFoundError, RuleViolationError, StateError, ValidationError, type FieldError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import { hasAnyRole, requireRole, ROLE_GROUPS, type Role } from '../../platform/roles.js';
import type { AmhpApprovalFacts, AssessmentFacts, DoctorFacts, NearestRelativeFacts, PlaceOfSafetyFacts } from './assessment-facts.js';
import { AssessmentRepository, type AssessmentPatch, type AssessmentRow, type ContactRow, type DoctorRow, type ReferralForAssessment, type ResourceRow, type AddendumRow } from './assessment-repository.js';
import {
  addendumSchema,
  contactSchema,
  doctorSchema,
  finaliseSchema,
  interviewSchema,
  legalContextFormSchema,
  legalContextInputSchema,
  legalContextSchema,
  nearestRelativeSchema,
  outcomeSchema,
  planSchema,
  removeDoctorSchema,
  reportSchema,
  resourceSchema,
  RESOURCE_KINDS,
  type LegalContext,
  type ResourceKind,
} from './assessment-schemas.js';
import { computeDeadlines, deadlineStatus, type Deadline, type DeadlineStatus } from './deadlines.js';
import { deriveWaits, summariseDoctorContacts, suggestDelayCause, type DelayCause, type DoctorContactSummary, type Wait } from './delays.js';
import type { RuleId } from './mha-rule-catalogue.js';
import { ASSESSMENT_OUTCOMES, applicationTypeOf, type ApplicationType, type AssessmentOutcome } from './referral-codes.js';
import type { ReferralEvent } from './referral-lifecycle.js';
import { addDays, addMonthsClamped, endOfLondonDay, londonDateOf, startOfLondonDay, type IsoDate } from './referrals-time.js';
import { runStatutoryChecks, warningsWithoutReasons, type RuleFailure, type StatutoryCheckResult } from './statutory-checks.js';

/** What the assessment needs from the referral service (part A). */
export interface ReferralHooks {
  applyLifecycleEvent(trx: Tx, ctx: ServiceContext, referralId: string, event: ReferralEvent, expectedVersion?: number): Promise<unknown>;
  addTimelineEvent(trx: Tx, ctx: ServiceContext, referralId: string, kind: string, summary: string, data?: Record<string, unknown>): Promise<unknown>;
}

export const ASSESSMENT_EDITORS: readonly Role[] = ROLE_GROUPS.assessors;
export const ASSESSMENT_READERS: readonly Role[] = [...new Set<Role>([...ROLE_GROUPS.assessors, ...ROLE_GROUPS.managers])];

const EDITABLE_STATUSES = ['allocated', 'in_assessment', 'outcome_recorded'];
/** Allowance for phone clocks a little ahead of the server. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface CheckFailureBody {
  rule: RuleId;
  message: string;
  severity: 'E' | 'W';
}

/** An application that breaks a statutory rule (E): nothing is saved. */
export class StatutoryCheckError extends RuleViolationError {
  constructor(failures: CheckFailureBody[], warnings: CheckFailureBody[]) {
    super('statutory_check_failed', 'The application cannot be recorded: it breaks the Mental Health Act rules listed.', { failures, warnings });
  }
}

/** Warnings (W) the AMHP has not yet given a reason for: nothing is saved. */
export class WarningReasonsRequiredError extends RuleViolationError {
  constructor(failures: CheckFailureBody[]) {
    super('statutory_warning_reason_required', 'Give a reason for going ahead despite each warning listed.', { failures });
  }
}

function toBody(failure: RuleFailure): CheckFailureBody {
  return { rule: failure.rule, message: failure.message, severity: failure.severity };
}

export interface ResourceView {
  kind: ResourceKind;
  label: string;
  row: ResourceRow | null;
}

export interface AssessmentView {
  referral: ReferralForAssessment & { name: string };
  assessment: AssessmentRow | null;
  version: number;
  doctors: DoctorRow[];
  contacts: ContactRow[];
  contactSummary: DoctorContactSummary;
  resources: ResourceView[];
  addenda: AddendumRow[];
  legalContext: LegalContext;
  checkAs: ApplicationType;
  checks: StatutoryCheckResult;
  deadlines: Array<Deadline & { status: DeadlineStatus }>;
  waits: Wait[];
  suggestedDelayCause: DelayCause | null;
  applicantName: string | null;
  allocatedAmhpName: string | null;
  finalisedByName: string | null;
  outcomeLabel: string | null;
  canEdit: boolean;
  editBlockedReason: string | null;
  finalised: boolean;
  letterAvailable: boolean;
  now: Date;
}

export const RESOURCE_LABELS: Readonly<Record<ResourceKind, string>> = {
  interpreter: 'Interpreter',
  police: 'Police',
  ambulance: 'Ambulance',
  bed: 'Bed',
};

const EMPTY_LEGAL: LegalContext = legalContextSchema.parse({});

export type ApprovalLookup = (db: DbOrTx, personId: string, date: IsoDate) => Promise<AmhpApprovalFacts | null>;

export class AssessmentService {
  private readonly repository = new AssessmentRepository();

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly referrals: ReferralHooks,
    /** The AMHP register's approval in force on a date (the register is a lower layer, passed in at composition). */
    private readonly approvals?: ApprovalLookup,
  ) {}

  // ── Reading ────────────────────────────────────────────────────────────────────────────────

  /** For the register's approval panel pack: how many assessments an AMHP did, and their outcomes. */
  async countForAmhp(personId: string, from: IsoDate, to: IsoDate): Promise<{ total: number; byKind: Array<{ kind: string; count: number }> }> {
    const rows = await this.repository.outcomesForAmhp(this.db, personId, startOfLondonDay(from), endOfLondonDay(to));
    const byKind = rows
      .map((row) => ({ kind: ASSESSMENT_OUTCOMES.find((o) => o.code === row.outcome)?.label ?? row.outcome, count: row.count }))
      .sort((a, b) => b.count - a.count);
    return { total: byKind.reduce((sum, row) => sum + row.count, 0), byKind };
  }

  async getRecord(ctx: ServiceContext, referralId: string, options: { checkAs?: ApplicationType | undefined; audit?: boolean } = {}): Promise<AssessmentView> {
    requireRole(ctx.actor, ASSESSMENT_READERS, 'see assessment records');
    const view = await this.load(this.db, ctx, referralId, options.checkAs);
    if (options.audit !== false) {
      await this.audit.record(this.db, ctx, { action: 'assessment_viewed', entityType: 'referral', entityId: referralId, summary: { checkAs: view.checkAs } });
    }
    return view;
  }

  private async load(db: DbOrTx, ctx: ServiceContext, referralId: string, checkAs?: ApplicationType): Promise<AssessmentView> {
    const referral = await this.repository.findReferral(db, referralId);
    if (!referral) throw new NotFoundError('The referral');
    const assessment = (await this.repository.findByReferral(db, referralId)) ?? null;
    const [doctors, contacts, resources, addenda] = assessment
      ? await Promise.all([
          this.repository.doctors(db, assessment.id),
          this.repository.contacts(db, assessment.id),
          this.repository.resources(db, assessment.id),
          this.repository.addenda(db, assessment.id),
        ])
      : [[], [], [], []];
    const legalContext = assessment ? this.legalOf(assessment) : EMPTY_LEGAL;
    const now = this.clock.now();
    const recorded = (assessment?.applicationSection ?? null) as ApplicationType | null;
    const as: ApplicationType = recorded ?? checkAs ?? 's2';
    const applicantId = assessment?.applicantId ?? referral.allocatedAmhpId ?? ctx.actor.personId;
    const facts = await this.buildFacts(db, referral, assessment, doctors, legalContext, applicantId, as, now);
    const checks = runStatutoryChecks(facts, { stage: recorded && assessment?.outcomeRecordedAt ? 'application' : 'check_now', now });
    const deadlines = computeDeadlines(facts).map((d) => ({ ...d, status: deadlineStatus(d, now) }));
    const byKind = new Map(resources.map((r) => [r.kind, r]));
    const waits = deriveWaits(
      {
        doctors: doctors.map((d) => ({ label: d.name, requestedAt: d.requestedAt, arrivedAt: d.arrivedAt })),
        bed: timesOf(byKind.get('bed')),
        ambulance: timesOf(byKind.get('ambulance')),
        police: timesOf(byKind.get('police')),
        interpreter: timesOf(byKind.get('interpreter')),
      },
      assessment?.outcomeRecordedAt ? null : now,
    );
    const finalised = assessment?.reportFinalisedAt != null;
    const statusEditable = EDITABLE_STATUSES.includes(referral.status);
    const canEdit = hasAnyRole(ctx.actor, ASSESSMENT_EDITORS) && statusEditable && !finalised;
    const outcomeOption = assessment?.outcome ? ASSESSMENT_OUTCOMES.find((o) => o.code === assessment.outcome) : undefined;
    return {
      referral: { ...referral, name: `${referral.givenName} ${referral.familyName}` },
      assessment,
      version: assessment?.version ?? 1,
      doctors,
      contacts,
      contactSummary: summariseDoctorContacts(contacts.map((c) => ({ calledAt: c.calledAt, doctorName: c.doctorName, s12Approved: c.s12Approved, result: c.result }))),
      resources: RESOURCE_KINDS.map((kind) => ({ kind, label: RESOURCE_LABELS[kind], row: byKind.get(kind) ?? null })),
      addenda,
      legalContext,
      checkAs: as,
      checks,
      deadlines,
      waits,
      suggestedDelayCause: suggestDelayCause(waits),
      applicantName: await this.repository.personName(db, assessment?.applicantId ?? null),
      allocatedAmhpName: await this.repository.personName(db, referral.allocatedAmhpId),
      finalisedByName: await this.repository.personName(db, assessment?.reportFinalisedBy ?? null),
      outcomeLabel: outcomeOption?.label ?? null,
      canEdit,
      editBlockedReason: finalised
        ? 'The AMHP report is finalised, so the record is read-only. Add an addendum for anything that changes.'
        : !statusEditable
          ? `The referral is ${referral.status.replace(/_/g, ' ')}: the assessment can be recorded once an AMHP is allocated.`
          : null,
      finalised,
      letterAvailable: s13LetterAvailable(assessment),
      now,
    };
  }

  private legalOf(row: AssessmentRow): LegalContext {
    // Instants are stored as ISO strings; the schema's instant fields read them back as Dates.
    const parsed = legalContextSchema.safeParse(row.legalContext);
    return parsed.success ? parsed.data : EMPTY_LEGAL;
  }

  /** The facts the statutory checks read, from the record (and the referral for the person). */
  private async buildFacts(
    db: DbOrTx,
    referral: ReferralForAssessment,
    a: Partial<AssessmentRow> | null,
    doctors: DoctorRow[],
    legal: LegalContext,
    applicantId: string,
    applicationType: ApplicationType | null,
    now: Date,
  ): Promise<AssessmentFacts> {
    const applicant = await this.repository.applicant(db, applicantId);
    const approvalDate = londonDateOf(a?.applicationAt ?? now);
    const approval = !applicant?.roles.includes('amhp')
      ? null
      : this.approvals
        ? await this.approvals(db, applicant.id, approvalDate)
        : applicant.approvalExpiresOn
          ? { startsOn: addDays(addMonthsClamped(applicant.approvalExpiresOn, -60), 1), endsOn: applicant.approvalExpiresOn, suspensions: [] }
          : null;
    const doctorFacts: DoctorFacts[] = doctors.map((d) => ({
      id: d.id,
      name: d.name,
      gmcNumber: d.gmcNumber || null,
      s12Approved: d.s12Approved,
      approvedClinician: d.approvedClinician,
      previousAcquaintance: d.previousAcquaintance,
      examinedAt: d.examinedAt,
      signedAt: d.signedAt,
    }));
    const forms = doctors.filter((d) => d.signedAt).map((d) => d.jointOrSeparate);
    const recommendationForm = forms.includes('joint') ? 'joint' : forms.length > 0 && forms.every((f) => f === 'separate') ? 'separate' : null;
    const nr: NearestRelativeFacts | null =
      a && (a.nrName || a.nrInformedAt || a.nrConsultedAt || a.nrNotPracticableReason || a.nrObjected)
        ? {
            name: a.nrName || null,
            informedAt: a.nrInformedAt ?? null,
            toldOfDischargePower: a.nrToldOfDischargePower ?? false,
            consultedAt: a.nrConsultedAt ?? null,
            objected: a.nrObjected ?? false,
            notPracticable: a.nrNotPracticableReason ? { reason: a.nrNotPracticableReason, detail: a.nrNotPracticableDetail ?? '' } : null,
          }
        : null;
    // The referral's legal status gives the clocks when nothing more specific is recorded.
    const placeOfSafety: PlaceOfSafetyFacts | null =
      (legal.placeOfSafety as PlaceOfSafetyFacts | null) ??
      (referral.legalStatus === 's136' && referral.legalStatusSince
        ? {
            power: 's136',
            detainedAt: null,
            clockStartedAt: referral.legalStatusSince,
            endedAt: null,
            policeStationUsed: false,
            policeStationJustification: null,
            extensions: [],
            s136Consultation: null,
            previousS136: null,
            warrant: null,
          }
        : null);
    const holdingPower =
      legal.holdingPower ??
      (referral.legalStatusSince && referral.legalStatus === 's5_2'
        ? { s52ReportedAt: referral.legalStatusSince, s54RecordedAt: null }
        : referral.legalStatusSince && referral.legalStatus === 's5_4'
          ? { s54RecordedAt: referral.legalStatusSince, s52ReportedAt: null }
          : null);
    return {
      applicationType,
      applicationAt: a?.applicationAt ?? (a?.outcomeRecordedAt ? null : now),
      patient: { dateOfBirth: referral.dateOfBirth },
      applicant: {
        name: applicant?.name ?? '',
        approval,
        isRegisteredMedicalPractitioner: applicant ? /\b(doctor|psychiatrist|medical practitioner|general practitioner)\b/i.test(applicant.jobTitle) : false,
        lastSawPatientAt: a?.lastSawAt ?? null,
        interviewAt: a?.interviewAt ?? null,
        mostAppropriateReason: a?.mostAppropriateReason || null,
      },
      doctors: doctorFacts,
      recommendationForm,
      noPreviousAcquaintanceReason: a?.noPreviousAcquaintanceReason || null,
      conflicts: legal.conflicts.map((c) => ({ ...c, urgencyOverrideReason: c.urgencyOverrideReason ?? null })),
      allAssessorsInSameTeam: legal.allAssessorsInSameTeam,
      hospital: a?.hospitalName ? { name: a.hospitalName, addressedToManagers: a.hospitalAddressedToManagers ?? false } : null,
      admittedAt: a?.admittedAt ?? null,
      nearestRelative: nr,
      section4: legal.section4
        ? {
            ...legal.section4,
            secondRecommendation: legal.section4.secondRecommendation
              ? { ...legal.section4.secondRecommendation, gmcNumber: legal.section4.secondRecommendation.gmcNumber ?? null, receivedByManagersAt: legal.section4.secondRecommendation.receivedByManagersAt as Date }
              : null,
          }
        : null,
      guardianship: legal.guardianship,
      placeOfSafety,
      holdingPower,
      currentDetention: legal.currentDetention ? { ...legal.currentDetention, admittedAt: legal.currentDetention.admittedAt as Date } : null,
      cto: legal.cto,
    };
  }

  // ── Saving sections ────────────────────────────────────────────────────────────────────────

  private async withEditable<T>(
    ctx: ServiceContext,
    referralId: string,
    work: (trx: Tx, referral: ReferralForAssessment, assessment: AssessmentRow) => Promise<T>,
  ): Promise<T> {
    requireRole(ctx.actor, ASSESSMENT_EDITORS, 'record assessments');
    return inTransaction(this.db, async (trx) => {
      const referral = await this.repository.findReferral(trx, referralId);
      if (!referral) throw new NotFoundError('The referral');
      if (!EDITABLE_STATUSES.includes(referral.status)) {
        throw new StateError(
          `The referral is ${referral.status.replace(/_/g, ' ')}. The assessment can be recorded once an AMHP has been allocated, and until the referral is closed.`,
          'assessment_not_editable',
        );
      }
      const assessment = await this.repository.ensure(trx, referralId);
      if (assessment.reportFinalisedAt) {
        throw new StateError('The AMHP report is finalised, so the record is read-only. Add an addendum for anything that changes.', 'assessment_finalised');
      }
      if (referral.status === 'allocated') {
        await this.referrals.applyLifecycleEvent(trx, ctx, referralId, { type: 'start_assessment' });
        referral.status = 'in_assessment';
      }
      return work(trx, referral, assessment);
    });
  }

  private async saveSection(ctx: ServiceContext, referralId: string, section: string, label: string, expectedVersion: number, patch: (assessment: AssessmentRow, referral: ReferralForAssessment) => AssessmentPatch): Promise<number> {
    return this.withEditable(ctx, referralId, async (trx, referral, assessment) => {
      const changes = patch(assessment, referral);
      assertVersionMatched(await this.repository.update(trx, assessment.id, changes, expectedVersion, this.clock.now()), 'assessment record');
      await this.audit.record(trx, ctx, { action: 'assessment_section_saved', entityType: 'referral', entityId: referralId, summary: { section, fields: Object.keys(changes) } });
      await this.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_updated', `Assessment record: ${label} updated`, { section });
      return expectedVersion + 1;
    });
  }

  async savePlan(ctx: ServiceContext, referralId: string, raw: unknown): Promise<number> {
    const input = parseInput(planSchema, raw);
    return this.saveSection(ctx, referralId, 'plan', 'plan', input.version, () => ({ plannedAt: input.plannedAt, plannedPlace: input.plannedPlace }));
  }

  async saveInterview(ctx: ServiceContext, referralId: string, raw: unknown): Promise<number> {
    const input = parseInput(interviewSchema, raw);
    this.assertNotFuture([
      ['interviewAt', input.interviewAt, 'The interview time'],
      ['lastSawAt', input.lastSawAt, 'The time you last saw the person'],
    ]);
    return this.saveSection(ctx, referralId, 'interview', 'interview', input.version, () => ({
      interviewAt: input.interviewAt,
      lastSawAt: input.lastSawAt,
      mostAppropriateReason: input.mostAppropriateReason,
      noPreviousAcquaintanceReason: input.noPreviousAcquaintanceReason,
      notes: input.notes,
    }));
  }

  async saveNearestRelative(ctx: ServiceContext, referralId: string, raw: unknown): Promise<number> {
    const input = parseInput(nearestRelativeSchema, raw);
    this.assertNotFuture([
      ['informedAt', input.informedAt, 'When you informed the nearest relative'],
      ['consultedAt', input.consultedAt, 'When you consulted the nearest relative'],
    ]);
    const errors: FieldError[] = [];
    if (input.notPracticableReason && input.notPracticableReason !== 'no_nearest_relative' && !input.notPracticableDetail) {
      errors.push({ field: 'notPracticableDetail', message: 'Explain why it was not practicable' });
    }
    if (!input.notPracticableReason && (input.informedAt || input.consultedAt) && !input.name) {
      errors.push({ field: 'name', message: "Enter the nearest relative's name" });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    return this.saveSection(ctx, referralId, 'nearest_relative', 'nearest relative', input.version, () => ({
      nrCategory: input.category,
      nrName: input.name,
      nrRelationship: input.relationship,
      nrContact: input.contact,
      nrInformedAt: input.informedAt,
      nrToldOfDischargePower: input.toldOfDischargePower,
      nrConsultedAt: input.consultedAt,
      nrObjected: input.objected,
      nrNotPracticableReason: input.notPracticableReason as AssessmentRow['nrNotPracticableReason'],
      nrNotPracticableDetail: input.notPracticableDetail,
      nrS13Request: input.s13Request,
      nrS13Reasons: input.s13Reasons,
    }));
  }

  async saveResource(ctx: ServiceContext, referralId: string, kind: string, raw: unknown): Promise<number> {
    if (!(RESOURCE_KINDS as readonly string[]).includes(kind)) throw new NotFoundError('That part of the record');
    const input = parseInput(resourceSchema, raw);
    this.assertNotFuture([
      ['requestedAt', input.requestedAt, 'The request time'],
      ['arrivedAt', input.arrivedAt, 'The arrival or confirmation time'],
    ]);
    if (input.arrivedAt && !input.requestedAt) throw ValidationError.of('requestedAt', 'Enter when it was requested');
    if (input.arrivedAt && input.requestedAt && input.arrivedAt < input.requestedAt) {
      throw ValidationError.of('arrivedAt', kind === 'bed' ? 'The bed cannot be confirmed before it was requested' : 'The arrival time cannot be before the request time');
    }
    return this.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      assertVersionMatched(await this.repository.update(trx, assessment.id, {}, input.version, this.clock.now()), 'assessment record');
      await this.repository.upsertResource(trx, {
        assessmentId: assessment.id,
        kind: kind as ResourceKind,
        requestedAt: input.requestedAt,
        arrivedAt: input.arrivedAt,
        requestedBy: input.requestedBy,
        provider: input.provider,
        detail: input.detail,
        updatedAt: this.clock.now(),
      });
      await this.audit.record(trx, ctx, { action: 'assessment_section_saved', entityType: 'referral', entityId: referralId, summary: { section: kind } });
      await this.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_updated', `Assessment record: ${RESOURCE_LABELS[kind as ResourceKind].toLowerCase()} updated`, { section: kind });
      return input.version + 1;
    });
  }

  async saveLegalContext(ctx: ServiceContext, referralId: string, raw: unknown): Promise<number> {
    const { version, ...legal } = parseInput(legalContextInputSchema, raw);
    return this.saveSection(ctx, referralId, 'legal_context', 'legal position', version, (assessment) => ({
      legalContext: JSON.stringify({ ...this.legalOf(assessment), ...legal }),
    }));
  }

  /** The page form: place of safety, holding powers and a conflict declaration. */
  async saveLegalContextForm(ctx: ServiceContext, referralId: string, raw: unknown): Promise<number> {
    const f = parseInput(legalContextFormSchema, raw);
    this.assertNotFuture([
      ['posDetainedAt', f.posDetainedAt, 'The detention time'],
      ['posClockStartedAt', f.posClockStartedAt, 'The arrival time'],
      ['posEndedAt', f.posEndedAt, 'The end time'],
      ['extAuthorisedAt', f.extAuthorisedAt, 'The extension time'],
      ['s54RecordedAt', f.s54RecordedAt, 'The section 5(4) time'],
      ['s52ReportedAt', f.s52ReportedAt, 'The section 5(2) time'],
    ]);
    const errors: FieldError[] = [];
    if (f.extAuthorisedAt && (!f.extHours || !f.extReason)) errors.push({ field: 'extHours', message: 'Enter the length of the extension and why it was needed' });
    if (f.conflictDescription && !f.conflictType) errors.push({ field: 'conflictType', message: 'Choose the kind of conflict' });
    if (errors.length > 0) throw new ValidationError(errors);
    return this.saveSection(ctx, referralId, 'legal_context', 'legal position', f.version, (assessment) => {
      const current = this.legalOf(assessment);
      const next: LegalContext = {
        ...current,
        placeOfSafety: f.posPower
          ? {
              power: f.posPower,
              detainedAt: f.posDetainedAt,
              clockStartedAt: f.posClockStartedAt,
              endedAt: f.posEndedAt,
              policeStationUsed: f.posPoliceStation,
              policeStationJustification: f.posPoliceStationJustification || null,
              extensions:
                f.extAuthorisedAt && f.extHours && f.extReason
                  ? [{ authorisedAt: f.extAuthorisedAt, hours: f.extHours, authorisedByExaminingDoctor: f.extByExaminingDoctor, reason: f.extReason, superintendentApprovedAt: null }]
                  : [],
              s136Consultation:
                f.posConsultedAt || f.posConsultNotPracticable
                  ? { consultedAt: f.posConsultedAt, consultedRole: f.posConsultedRole, notPracticableReason: f.posConsultNotPracticable || null }
                  : null,
              previousS136: current.placeOfSafety?.previousS136 ?? null,
              warrant: current.placeOfSafety?.warrant ?? null,
            }
          : null,
        holdingPower: f.s54RecordedAt || f.s52ReportedAt ? { s54RecordedAt: f.s54RecordedAt, s52ReportedAt: f.s52ReportedAt } : null,
        currentDetention: f.currentS2AdmittedAt ? { section: 's2', admittedAt: f.currentS2AdmittedAt, s29DisplacementPending: false } : null,
        conflicts:
          f.conflictDescription && f.conflictType
            ? [{ between: [{ kind: 'amhp' }, { kind: 'patient' }], type: f.conflictType, description: f.conflictDescription, urgencyOverrideReason: f.conflictUrgencyReason || null }]
            : [],
      };
      return { legalContext: JSON.stringify(next) };
    });
  }

  async addDoctor(ctx: ServiceContext, referralId: string, raw: unknown): Promise<string> {
    const input = parseInput(doctorSchema.omit({ version: true }), raw);
    this.validateDoctor(input);
    return this.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      const id = await this.repository.insertDoctor(trx, { assessmentId: assessment.id, ...input });
      await this.audit.record(trx, ctx, { action: 'assessment_doctor_added', entityType: 'referral', entityId: referralId, summary: { doctorId: id, s12Approved: input.s12Approved } });
      await this.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_doctor', `Doctor added to the assessment${input.s12Approved ? ' (section 12 approved)' : ''}`, { doctorId: id });
      return id;
    });
  }

  async updateDoctor(ctx: ServiceContext, referralId: string, doctorId: string, raw: unknown): Promise<void> {
    const { version, ...input } = parseInput(doctorSchema, raw);
    this.validateDoctor(input);
    await this.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      assertVersionMatched(await this.repository.updateDoctor(trx, doctorId, assessment.id, input, version), 'doctor');
      await this.audit.record(trx, ctx, { action: 'assessment_doctor_updated', entityType: 'referral', entityId: referralId, summary: { doctorId } });
      await this.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_doctor', 'Doctor details updated', { doctorId });
    });
  }

  async removeDoctor(ctx: ServiceContext, referralId: string, doctorId: string, raw: unknown): Promise<void> {
    const { version } = parseInput(removeDoctorSchema, raw);
    await this.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      assertVersionMatched(await this.repository.updateDoctor(trx, doctorId, assessment.id, { removedAt: this.clock.now() }, version), 'doctor');
      await this.audit.record(trx, ctx, { action: 'assessment_doctor_removed', entityType: 'referral', entityId: referralId, summary: { doctorId } });
      await this.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_doctor', 'Doctor removed from the assessment', { doctorId });
    });
  }

  async getDoctor(ctx: ServiceContext, referralId: string, doctorId: string): Promise<DoctorRow> {
    requireRole(ctx.actor, ASSESSMENT_READERS, 'see assessment records');
    const assessment = await this.repository.findByReferral(this.db, referralId);
    const doctor = assessment ? (await this.repository.doctors(this.db, assessment.id)).find((d) => d.id === doctorId) : undefined;
    if (!doctor) throw new NotFoundError('The doctor');
    return doctor;
  }

  private validateDoctor(input: { requestedAt: Date | null; arrivedAt: Date | null; examinedAt: Date | null; signedAt: Date | null }): void {
    this.assertNotFuture([
      ['requestedAt', input.requestedAt, 'The request time'],
      ['arrivedAt', input.arrivedAt, 'The arrival time'],
      ['examinedAt', input.examinedAt, 'The examination time'],
      ['signedAt', input.signedAt, 'The signature time'],
    ]);
    const errors: FieldError[] = [];
    if (input.arrivedAt && input.requestedAt && input.arrivedAt < input.requestedAt) errors.push({ field: 'arrivedAt', message: 'The doctor cannot arrive before being requested: check the times' });
    if (input.signedAt && !input.examinedAt) errors.push({ field: 'examinedAt', message: 'Enter when the doctor examined the person: a recommendation is signed after an examination' });
    if (input.signedAt && input.examinedAt && input.examinedAt > input.signedAt) {
      errors.push({ field: 'examinedAt', message: 'The examination cannot be after the recommendation was signed: a doctor must examine the person before signing. Check both times.' });
    }
    if (errors.length > 0) throw new ValidationError(errors);
  }

  async addContact(ctx: ServiceContext, referralId: string, raw: unknown): Promise<string> {
    const input = parseInput(contactSchema, raw);
    this.assertNotFuture([['calledAt', input.calledAt, 'The call time']]);
    return this.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      const id = await this.repository.insertContact(trx, {
        assessmentId: assessment.id,
        doctorName: input.doctorName,
        s12Approved: input.s12Approved,
        calledAt: input.calledAt as Date,
        result: input.result,
        calledBy: ctx.actor.personId,
        calledByName: ctx.actor.name,
        note: input.note,
      });
      await this.audit.record(trx, ctx, { action: 'assessment_doctor_contact_logged', entityType: 'referral', entityId: referralId, summary: { result: input.result } });
      await this.referrals.addTimelineEvent(trx, ctx, referralId, 'doctor_contact', `Doctor called: ${input.result.replace(/_/g, ' ')}`, { result: input.result });
      return id;
    });
  }

  // ── Outcome ────────────────────────────────────────────────────────────────────────────────

  /**
   * Records the outcome. An application (s2, s3, s4, guardianship) runs every statutory rule
   * that applies: errors refuse it (StatutoryCheckError, 422), warnings need a reason each.
   */
  async recordOutcome(ctx: ServiceContext, referralId: string, raw: unknown): Promise<number> {
    const input = parseInput(outcomeSchema, raw);
    const outcome = input.outcome as AssessmentOutcome;
    const option = ASSESSMENT_OUTCOMES.find((o) => o.code === outcome);
    const application = applicationTypeOf(outcome);
    this.assertNotFuture([
      ['applicationAt', input.applicationAt, 'The application time'],
      ['admittedAt', input.admittedAt, 'The admission time'],
    ]);
    const errors: FieldError[] = [];
    if (application && !input.applicationAt) errors.push({ field: 'applicationAt', message: 'Enter when you made the application' });
    if (!application && option?.needsHospital && !input.hospitalName) errors.push({ field: 'hospitalName', message: 'Enter the hospital' });
    if (option?.needsReason && !input.outcomeReason) errors.push({ field: 'outcomeReason', message: outcome === 'assessment_not_possible' ? 'Say why the assessment was not possible' : 'Describe the outcome' });
    if (errors.length > 0) throw new ValidationError(errors);

    return this.withEditable(ctx, referralId, async (trx, referral, assessment) => {
      if (assessment.nrS13Request && !application && !assessment.nrS13Reasons && !input.outcomeReason) {
        throw ValidationError.of('outcomeReason', 'The nearest relative asked for this assessment (section 13(4)). Give your reasons for not making an application: they go in the letter to them.');
      }
      const legal = this.legalOf(assessment);
      if (outcome === 's4') {
        legal.section4 = {
          urgentNecessityStated: input.s4UrgentNecessity ?? legal.section4?.urgentNecessityStated ?? false,
          undesirableDelayStated: input.s4UndesirableDelay ?? legal.section4?.undesirableDelayStated ?? false,
          recommendationVerifiesUrgency: input.s4RecommendationVerifies ?? legal.section4?.recommendationVerifiesUrgency ?? false,
          whyNotSection2: input.s4WhyNotSection2 || legal.section4?.whyNotSection2 || null,
          secondRecommendation: legal.section4?.secondRecommendation ?? null,
        };
      }
      if (outcome === 'guardianship' && (input.guardianKind || input.forwardedToLssaOn)) {
        legal.guardianship = {
          guardian:
            input.guardianKind === 'private'
              ? { kind: 'private', name: input.guardianName || 'Private guardian', acceptedByLssaOn: input.guardianAcceptedOn ?? null, writtenWillingness: input.guardianWrittenWillingness ?? false }
              : input.guardianKind === 'local_authority'
                ? { kind: 'local_authority' }
                : (legal.guardianship?.guardian ?? null),
          forwardedToLssaOn: input.forwardedToLssaOn ?? legal.guardianship?.forwardedToLssaOn ?? null,
        };
      }
      const now = this.clock.now();
      const patch: AssessmentPatch = {
        outcome,
        applicationSection: application,
        applicationAt: application ? input.applicationAt : null,
        admittedAt: input.admittedAt,
        hospitalName: input.hospitalName,
        hospitalAddressedToManagers: input.hospitalAddressedToManagers,
        outcomeReason: input.outcomeReason,
        delayCause: input.delayCause,
        delayNote: input.delayNote,
        applicantId: ctx.actor.personId,
        outcomeRecordedAt: now,
        outcomeRecordedBy: ctx.actor.personId,
        legalContext: JSON.stringify(legal),
        warningReasons: '{}',
      };
      let acknowledged: string[] = [];
      if (application) {
        const doctors = await this.repository.doctors(trx, assessment.id);
        const merged = { ...assessment, ...patch, outcomeRecordedAt: null } as AssessmentRow;
        const facts = await this.buildFacts(trx, referral, merged, doctors, legal, ctx.actor.personId, application, now);
        const result = runStatutoryChecks(facts, { stage: 'application', now });
        if (result.errors.length > 0) throw new StatutoryCheckError(result.errors.map(toBody), result.warnings.map(toBody));
        const reasons = input.warningReasons as Partial<Record<RuleId, string>>;
        const unexplained = warningsWithoutReasons(result, reasons);
        if (unexplained.length > 0) throw new WarningReasonsRequiredError(unexplained.map(toBody));
        const kept = Object.fromEntries(result.warnings.map((w) => [w.rule, (reasons[w.rule] ?? '').trim()]));
        acknowledged = Object.keys(kept);
        patch.warningReasons = JSON.stringify(kept);
      }
      assertVersionMatched(await this.repository.update(trx, assessment.id, patch, input.version, now), 'assessment record');
      if (referral.status === 'outcome_recorded') await this.referrals.applyLifecycleEvent(trx, ctx, referralId, { type: 'reopen_assessment' });
      await this.referrals.applyLifecycleEvent(trx, ctx, referralId, { type: 'record_outcome' });
      await this.audit.record(trx, ctx, { action: 'assessment_outcome_recorded', entityType: 'referral', entityId: referralId, summary: { outcome, warningsAcknowledged: acknowledged } });
      await this.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_outcome', `Outcome recorded: ${option?.label ?? outcome}`, { outcome, warningsAcknowledged: acknowledged });
      return input.version + 1;
    });
  }

  // ── The AMHP report ────────────────────────────────────────────────────────────────────────

  async saveReport(ctx: ServiceContext, referralId: string, raw: unknown): Promise<number> {
    const { version, alternativesConsidered, ...principles } = parseInput(reportSchema, raw);
    return this.saveSection(ctx, referralId, 'report', 'AMHP report', version, () => ({ principles: JSON.stringify(principles), alternativesConsidered }));
  }

  async finaliseReport(ctx: ServiceContext, referralId: string, raw: unknown): Promise<void> {
    const { version } = parseInput(finaliseSchema, raw);
    await this.withEditable(ctx, referralId, async (trx, _referral, assessment) => {
      if (!assessment.outcomeRecordedAt) throw new StateError('Record the outcome before finalising the AMHP report.', 'outcome_not_recorded');
      const now = this.clock.now();
      assertVersionMatched(await this.repository.update(trx, assessment.id, { reportFinalisedAt: now, reportFinalisedBy: ctx.actor.personId }, version, now), 'assessment record');
      await this.audit.record(trx, ctx, { action: 'assessment_report_finalised', entityType: 'referral', entityId: referralId });
      await this.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_report_finalised', 'AMHP report finalised', {});
    });
  }

  async addAddendum(ctx: ServiceContext, referralId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, ASSESSMENT_EDITORS, 'add to assessment records');
    const input = parseInput(addendumSchema, raw);
    await inTransaction(this.db, async (trx) => {
      const assessment = await this.repository.findByReferral(trx, referralId);
      if (!assessment) throw new NotFoundError('The assessment record');
      if (!assessment.reportFinalisedAt) throw new StateError('The report is not finalised yet: change the record itself.', 'assessment_not_finalised');
      await this.repository.insertAddendum(trx, { assessmentId: assessment.id, text: input.text, addedBy: ctx.actor.personId, addedByName: ctx.actor.name, addedAt: this.clock.now() });
      await this.audit.record(trx, ctx, { action: 'assessment_addendum_added', entityType: 'referral', entityId: referralId });
      await this.referrals.addTimelineEvent(trx, ctx, referralId, 'assessment_addendum', 'Addendum added to the AMHP report', {});
    });
  }

  /** Data for the AMHP report PDF (and the s13(4) letter); audited as a view. */
  async reportData(ctx: ServiceContext, referralId: string, document: 'report' | 's13_letter'): Promise<AssessmentView> {
    const view = await this.getRecord(ctx, referralId, { audit: false });
    if (!view.assessment) throw new NotFoundError('The assessment record');
    if (document === 's13_letter' && !view.letterAvailable) {
      throw new StateError('A section 13(4) letter is only produced when the nearest relative asked for the assessment and it ended without an application.', 'letter_not_applicable');
    }
    await this.audit.record(this.db, ctx, { action: document === 'report' ? 'assessment_report_downloaded' : 'assessment_s13_letter_downloaded', entityType: 'referral', entityId: referralId });
    return view;
  }

  private assertNotFuture(fields: Array<[string, Date | null, string]>): void {
    const limit = this.clock.now().getTime() + FUTURE_TOLERANCE_MS;
    const errors = fields.filter(([, value]) => value && value.getTime() > limit).map(([field, , label]) => ({ field, message: `${label} cannot be in the future` }));
    if (errors.length > 0) throw new ValidationError(errors);
  }
}

function timesOf(row: ResourceRow | undefined): { requestedAt: Date | null; arrivedAt: Date | null } | null {
  return row ? { requestedAt: row.requestedAt, arrivedAt: row.arrivedAt } : null;
}

export function s13LetterAvailable(a: AssessmentRow | null): boolean {
  return a !== null && a.nrS13Request && a.outcomeRecordedAt !== null && a.applicationSection === null;
}

