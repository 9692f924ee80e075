// Reading the assessment record: the record with its statutory checks, clocks and waits (for the
// page, the API and the PDFs), and the register's count of an AMHP's assessments.

import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, StateError } from '../../../platform/errors.js';
import { endOfLondonDay, londonDate, startOfLondonDay, type IsoDate } from '../../../platform/london-time.js';
import { hasAnyRole, requireRole } from '../../../platform/roles.js';
import { ASSESSMENT_EDITORS, ASSESSMENT_READERS } from './assessment-access.js';
import type { AssessmentDeps } from './assessment-editing.js';
import type { ApprovalInForce, ReferralForAssessment } from './assessment-port.js';
import { factsOfRecord, legalContextOf, type ApplicantFactsInput } from './assessment-record-facts.js';
import { AssessmentRepository, type AddendumRow, type AssessmentRow, type ContactRow, type DoctorRow, type ResourceRow } from './assessment-repository.js';
import { RESOURCE_KINDS, type LegalContext, type ResourceKind } from './assessment-schemas.js';
import { outcomeLabel, type ApplicationType } from './domain/assessment-outcomes.js';
import { computeDeadlines, deadlineStatus, type Deadline, type DeadlineStatus } from './domain/deadlines.js';
import { deriveWaits, summariseDoctorContacts, suggestDelayCause, type DelayCause, type DoctorContactSummary, type Wait } from './domain/delays.js';
import { runStatutoryChecks, type StatutoryCheckResult } from './domain/statutory-checks.js';

export const RESOURCE_LABELS: Readonly<Record<ResourceKind, string>> = {
  interpreter: 'Interpreter',
  police: 'Police',
  ambulance: 'Ambulance',
  bed: 'Bed',
};

const EDITABLE_STATUSES = ['allocated', 'in_assessment', 'outcome_recorded'];

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
  /** 'application': the recorded application, judged on its own times; 'check_now': live. */
  checkStage: 'application' | 'check_now';
  checks: StatutoryCheckResult;
  deadlines: Array<Deadline & { status: DeadlineStatus }>;
  waits: Wait[];
  suggestedDelayCause: DelayCause | null;
  applicantName: string | null;
  allocatedAmhpName: string | null;
  finalisedByName: string | null;
  outcomeLabel: string | null;
  canEdit: boolean;
  /** A Lead who may take the assessment over with a recorded reason. */
  takeOverPossible: boolean;
  editBlockedReason: string | null;
  finalised: boolean;
  letterAvailable: boolean;
  now: Date;
}

export function s13LetterAvailable(a: AssessmentRow | null): boolean {
  return a !== null && a.nrS13Request && a.outcomeRecordedAt !== null && a.applicationSection === null;
}

function timesOf(row: ResourceRow | undefined): { requestedAt: Date | null; arrivedAt: Date | null } | null {
  return row ? { requestedAt: row.requestedAt, arrivedAt: row.arrivedAt } : null;
}

export class AssessmentViewService {
  private readonly repository = new AssessmentRepository();

  constructor(private readonly deps: AssessmentDeps & { approvalInForce: ApprovalInForce }) {}

  /** For the register's approval panel pack: how many assessments an AMHP did, and their outcomes. */
  async countForAmhp(personId: string, from: IsoDate, to: IsoDate): Promise<{ total: number; byKind: Array<{ kind: string; count: number }> }> {
    const allocated = await this.deps.referrals.referralIdsAllocatedTo(personId);
    const rows = await this.repository.outcomesForAmhp(this.deps.db, personId, allocated, startOfLondonDay(from), endOfLondonDay(to));
    const byKind = rows.map((row) => ({ kind: outcomeLabel(row.outcome) ?? row.outcome, count: row.count })).sort((a, b) => b.count - a.count);
    return { total: byKind.reduce((sum, row) => sum + row.count, 0), byKind };
  }

  /**
   * The applicant as the checks judge them: their name (R-GEN-02 looks for it among the doctors), and the register's
   * approval in force on the date (read outside any transaction: the register is another module).
   */
  async applicantFacts(personId: string, on: IsoDate): Promise<ApplicantFactsInput | null> {
    const person = await this.repository.person(this.deps.db, personId);
    if (!person) return null;
    return { name: person.name, approval: await this.deps.approvalInForce(person.id, on) };
  }

  async person(personId: string) {
    return this.repository.person(this.deps.db, personId);
  }

  /** Active AMHPs, for choosing the applicant. */
  async amhps(): Promise<Array<{ id: string; name: string }>> {
    return this.repository.amhps(this.deps.db);
  }

  /** The record with its checks; audited as a view unless `audit: false` (a form shown again). */
  async getRecord(ctx: ServiceContext, referralId: string, options: { checkAs?: ApplicationType | undefined; audit?: boolean } = {}): Promise<AssessmentView> {
    requireRole(ctx.actor, ASSESSMENT_READERS, 'see assessment records');
    const view = await this.load(ctx, referralId, options.checkAs);
    if (options.audit !== false) {
      await this.deps.audit.record(this.deps.db, ctx, { action: 'assessment_viewed', entityType: 'referral', entityId: referralId, summary: { checkAs: view.checkAs } });
    }
    return view;
  }

  /** The statutory forms module's read: it authorises and audits itself (see AssessmentService). */
  async recordForForms(ctx: ServiceContext, referralId: string, checkAs?: ApplicationType): Promise<AssessmentView> {
    return this.load(ctx, referralId, checkAs);
  }

  private async load(ctx: ServiceContext, referralId: string, checkAs?: ApplicationType): Promise<AssessmentView> {
    const db = this.deps.db;
    // Three statements: the referral with the grants this person holds on it (need-to-know, as
    // getReferral and mayEdit judge it), the record with its parts and the names it shows, and
    // the register's approval in force.
    const { referral, editing: mayRecord } = await this.deps.referrals.getReferralForRecord(ctx, referralId);
    const { assessment, doctors, contacts, resources, addenda, names } = await this.repository.recordPage(db, referralId, [referral.allocatedAmhpId, ctx.actor.personId]);
    const nameOf = (id: string | null | undefined): string | null => (id ? (names.get(id) ?? null) : null);
    const legal = legalContextOf(assessment);
    const now = this.deps.clock.now();
    // A recorded application is judged as recorded, on its own times; otherwise "check now" asks
    // what the checks would say of an application made now by the allocated AMHP.
    const recorded = assessment?.outcomeRecordedAt ? assessment.applicationSection : null;
    const stage = recorded ? 'application' : 'check_now';
    const as: ApplicationType = recorded ?? checkAs ?? 's2';
    const applicationAt = recorded ? (assessment?.applicationAt ?? null) : now;
    const applicantId = (recorded ? assessment?.applicantId : null) ?? referral.allocatedAmhpId ?? ctx.actor.personId;
    const applicantName = nameOf(applicantId);
    const applicant: ApplicantFactsInput | null = applicantName === null ? null : { name: applicantName, approval: await this.deps.approvalInForce(applicantId, londonDate(applicationAt ?? now)) };
    const facts = factsOfRecord({ referral, assessment, doctors, legal, applicant, applicationType: as, applicationAt });
    const checks = runStatutoryChecks(facts, { stage, now });
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
    const editing = hasAnyRole(ctx.actor, ASSESSMENT_EDITORS) ? mayRecord : { may: false, why: null, takeOverPossible: false };
    const statusEditable = EDITABLE_STATUSES.includes(referral.status);
    return {
      referral: { ...referral, name: `${referral.givenName} ${referral.familyName}` },
      assessment,
      version: assessment?.version ?? 1,
      doctors,
      contacts,
      contactSummary: summariseDoctorContacts(contacts.map((c) => ({ calledAt: c.calledAt, doctorName: c.doctorName, s12Approved: c.s12Approved, result: c.result }))),
      resources: RESOURCE_KINDS.map((kind) => ({ kind, label: RESOURCE_LABELS[kind], row: byKind.get(kind) ?? null })),
      addenda,
      legalContext: legal,
      checkAs: as,
      checkStage: stage,
      checks,
      deadlines: computeDeadlines(facts).map((d) => ({ ...d, status: deadlineStatus(d, now) })),
      waits,
      suggestedDelayCause: suggestDelayCause(waits),
      applicantName: nameOf(assessment?.applicantId),
      allocatedAmhpName: nameOf(referral.allocatedAmhpId),
      finalisedByName: nameOf(assessment?.reportFinalisedBy),
      outcomeLabel: outcomeLabel(assessment?.outcome),
      canEdit: editing.may && statusEditable && !finalised,
      takeOverPossible: editing.takeOverPossible && statusEditable && !finalised,
      editBlockedReason: finalised
        ? 'The AMHP report is finalised, so the record is read-only. Add an addendum for anything that changes.'
        : !statusEditable
          ? `The referral is ${referral.status.replace(/_/g, ' ')}: the assessment can be recorded once an AMHP is allocated.`
          : editing.why,
      finalised,
      letterAvailable: s13LetterAvailable(assessment),
      now,
    };
  }

  async getDoctor(ctx: ServiceContext, referralId: string, doctorId: string): Promise<DoctorRow> {
    requireRole(ctx.actor, ASSESSMENT_READERS, 'see assessment records');
    const assessment = await this.repository.findByReferral(this.deps.db, referralId);
    const doctor = assessment ? (await this.repository.doctors(this.deps.db, assessment.id)).find((d) => d.id === doctorId) : undefined;
    if (!doctor) throw new NotFoundError('The doctor');
    return doctor;
  }

  /** Data for the AMHP report PDF (and the s13(4) letter); audited as a download. */
  async reportData(ctx: ServiceContext, referralId: string, document: 'report' | 's13_letter'): Promise<AssessmentView> {
    const view = await this.getRecord(ctx, referralId, { audit: false });
    if (!view.assessment) throw new NotFoundError('The assessment record');
    if (document === 's13_letter' && !view.letterAvailable) {
      throw new StateError('A section 13(4) letter is only produced when the nearest relative asked for the assessment and it ended without an application.', 'letter_not_applicable');
    }
    await this.deps.audit.record(this.deps.db, ctx, { action: document === 'report' ? 'assessment_report_downloaded' : 'assessment_s13_letter_downloaded', entityType: 'referral', entityId: referralId });
    return view;
  }
}
