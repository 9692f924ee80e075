// The statutory forms use cases: produce and sign the AMHP's application, doctors complete and
// sign their own recommendations, rectify (s15) as a new version, the PDFs and the hospital's
// bundle sent from the outbox. Every view, download, signature and sending is audited.

import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import { inTransaction } from "../../db/database.js";
import type { AuditEntry, ServiceContext } from "../../platform/audit.js";
import type { Clock } from "../../platform/clock.js";
import {
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  StateError,
} from "../../platform/errors.js";
import {
  compareIsoDates,
  daysBetween,
  formatDate,
  londonDate,
} from "../../platform/london-time.js";
import type { OutboundMessage } from "../../platform/notifications.js";
import { hasAnyRole, requireRole, type Role } from "../../platform/roles.js";
import type { AssessmentView } from "../referrals/assessment/assessment-view-service.js";
import type { DoctorRow } from "../referrals/assessment/assessment-repository.js";
import {
  applicationFormFor,
  formDefinition,
  recommendationFormFor,
  recommendationsNeeded,
  type FormSection,
  type Ground,
  type RecommendationShape,
} from "./domain/form-catalogue.js";
import {
  applicationContent,
  rectificationLastDay,
  recommendationContent,
  type FormContent,
  type FormDoctor,
  type FormPatient,
} from "./domain/form-content.js";
import { contentHash } from "./domain/form-signature.js";
import {
  statutoryFormsPdf,
  type SignedFormForPdf,
} from "./statutory-forms-pdf.js";
import {
  StatutoryFormsRepository,
  type FormRow,
  type SignatureRow,
} from "./statutory-forms-repository.js";
import type { StatutoryFormsDb } from "./statutory-forms-tables.js";

/** AMHPs and the service's managers see the forms; assessors produce and sign applications. */
export const FORM_READERS: readonly Role[] = [
  "amhp",
  "amhp_lead",
  "edt_officer",
  "edt_manager",
  "operational_manager",
  "line_manager",
  "lead_amhp",
];
export const FORM_APPLICANTS: readonly Role[] = [
  "amhp",
  "amhp_lead",
  "edt_officer",
  "edt_manager",
];
export const FORM_DOCTORS: readonly Role[] = ["s12_doctor"];

/** The referrals module's published read of the assessment (no role check, no audit: this module does both). */
export type FormsAssessmentRead = (
  ctx: ServiceContext,
  referralId: string,
  checkAs?: FormSection,
) => Promise<AssessmentView>;
/** The doctor directory's GMC number for a signed-in doctor, or null when not known. */
export type GmcNumberOf = (personId: string) => Promise<string | null>;
/** A local authority's name. */
export type OrganisationName = (id: string | null) => Promise<string | null>;

export interface StatutoryFormsPlatform {
  audit(
    db: Kysely<StatutoryFormsDb>,
    ctx: ServiceContext,
    entry: AuditEntry,
  ): Promise<void>;
  enqueue(
    db: Kysely<StatutoryFormsDb>,
    message: OutboundMessage,
  ): Promise<void>;
}

export interface StatutoryFormsDeps {
  db: Kysely<StatutoryFormsDb>;
  clock: Clock;
  platform: StatutoryFormsPlatform;
  assessment: FormsAssessmentRead;
  gmcNumberOf: GmcNumberOf;
  organisationName: OrganisationName;
  serviceName: string;
}

export interface RecommendationCommand {
  section: FormSection;
  shape: RecommendationShape;
  otherDoctorId?: string | undefined;
  grounds: Ground[];
  reasons: string;
  treatmentHospital?: string | undefined;
  section4Delay?: string | undefined;
}

export interface FormView {
  id: string;
  seriesId: string;
  formVersion: number;
  code: string;
  title: string;
  section: FormSection;
  kind: "application" | "recommendation";
  current: boolean;
  complete: boolean;
  contentHash: string;
  previousHash: string | null;
  rectificationReason: string;
  nearestRelativeStatement: string | null;
  doctorIds: string[];
  signatures: Array<{
    name: string;
    capacity: "amhp" | "doctor";
    signedAt: Date;
    contentHash: string;
  }>;
  awaiting: string[];
  createdAt: Date;
  supersededAt: Date | null;
  content: FormContent;
}

export interface FormsOverview {
  referralId: string;
  reference: string;
  patientName: string;
  /** The section the recorded application is under, if one is recorded. */
  applicationSection: FormSection | null;
  /** Why the application cannot be produced now (the failing rule and its reason), or null. */
  applicationBlocked: string | null;
  forms: FormView[];
  bundleReady: boolean;
  bundleBlocked: string | null;
  /** For a signed-in doctor: the assessment doctor they are, and the other doctors (for a joint form). */
  me: { doctorId: string; name: string; examinedAt: Date | null } | null;
  otherDoctors: Array<{ id: string; name: string }>;
  hospitalName: string;
  now: Date;
}

const normalise = (name: string) =>
  name
    .trim()
    .replace(/^dr\.?\s+/i, "")
    .replace(/\s+/g, " ")
    .toLowerCase();

export class StatutoryFormsService {
  private readonly repository = new StatutoryFormsRepository();

  constructor(private readonly deps: StatutoryFormsDeps) {}

  private now(): Date {
    return this.deps.clock.now();
  }

  // ── Who is this doctor on the assessment? ───────────────────────────────────────────────────

  /** The assessment doctor the signed-in doctor is: by GMC number where both are known, else by name. */
  private async doctorRowFor(
    ctx: ServiceContext,
    view: AssessmentView,
  ): Promise<DoctorRow | null> {
    const gmc =
      (await this.deps.gmcNumberOf(ctx.actor.personId))?.trim() || null;
    const active = view.doctors.filter((d) => !d.removedAt);
    if (gmc) {
      const byGmc = active.find((d) => d.gmcNumber.trim() === gmc);
      if (byGmc) return byGmc;
      if (active.some((d) => d.gmcNumber.trim() !== ""))
        return (
          active.find(
            (d) =>
              d.gmcNumber.trim() === "" &&
              normalise(d.name) === normalise(ctx.actor.name),
          ) ?? null
        );
    }
    return (
      active.find((d) => normalise(d.name) === normalise(ctx.actor.name)) ??
      null
    );
  }

  private async readView(
    ctx: ServiceContext,
    referralId: string,
    checkAs?: FormSection,
  ): Promise<AssessmentView> {
    const view = await this.deps.assessment(ctx, referralId, checkAs);
    if (!view.assessment) throw new NotFoundError("The assessment record");
    return view;
  }

  /** A reader of the forms: staff who read assessments, or a doctor on this assessment. */
  private async authoriseRead(
    ctx: ServiceContext,
    view: AssessmentView,
  ): Promise<DoctorRow | null> {
    if (hasAnyRole(ctx.actor, FORM_READERS)) return null;
    if (hasAnyRole(ctx.actor, FORM_DOCTORS)) {
      const me = await this.doctorRowFor(ctx, view);
      if (me) return me;
    }
    throw new ForbiddenError(
      "Only the AMHP service and the doctors who examined the person for this assessment can see its statutory forms.",
    );
  }

  // ── Reading ─────────────────────────────────────────────────────────────────────────────────

  async overview(
    ctx: ServiceContext,
    referralId: string,
  ): Promise<FormsOverview> {
    const view = await this.readView(ctx, referralId);
    const me = await this.authoriseRead(ctx, view);
    const forms = await this.formViews(this.deps.db, referralId, view);
    await this.deps.platform.audit(this.deps.db, ctx, {
      action: "statutory_forms_viewed",
      entityType: "referral",
      entityId: referralId,
    });
    return this.overviewOf(view, forms, me);
  }

  private overviewOf(
    view: AssessmentView,
    forms: FormView[],
    me: DoctorRow | null,
  ): FormsOverview {
    const a = view.assessment!;
    const section = a.outcomeRecordedAt ? a.applicationSection : null;
    const blocked = section
      ? this.applicationRefusal(view)
      : "Record the outcome (an application under section 2, 3, 4 or guardianship) on the assessment first.";
    const bundle = section
      ? this.bundleRefusal(section, forms)
      : "No application is recorded yet.";
    return {
      referralId: view.referral.id,
      reference: view.referral.reference,
      patientName: view.referral.name,
      applicationSection: section,
      applicationBlocked: blocked,
      forms,
      bundleReady: bundle === null,
      bundleBlocked: bundle,
      me: me
        ? { doctorId: me.id, name: me.name, examinedAt: me.examinedAt }
        : null,
      otherDoctors: view.doctors
        .filter((d) => !d.removedAt && d.id !== me?.id)
        .map((d) => ({ id: d.id, name: d.name })),
      hospitalName: a.hospitalName,
      now: this.now(),
    };
  }

  private async formViews(
    db: Kysely<StatutoryFormsDb>,
    referralId: string,
    view: AssessmentView | null,
  ): Promise<FormView[]> {
    const rows = await this.repository.formsForReferral(db, referralId);
    const signatures = await this.repository.signatures(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((row) => this.formView(row, signatures, view));
  }

  private formView(
    row: FormRow,
    signatures: readonly SignatureRow[],
    view: AssessmentView | null,
  ): FormView {
    const mine = signatures.filter((s) => s.formId === row.id);
    const needed = row.kind === "application" ? 1 : row.doctorIds.length;
    const awaiting =
      row.kind === "recommendation"
        ? row.doctorIds
            .filter((id) => !mine.some((s) => s.assessmentDoctorId === id))
            .map(
              (id) =>
                view?.doctors.find((d) => d.id === id)?.name ??
                "the other doctor",
            )
        : [];
    return {
      id: row.id,
      seriesId: row.seriesId,
      formVersion: row.formVersion,
      code: row.code,
      title: formDefinition(row.code).title,
      section: row.section,
      kind: row.kind,
      current: row.supersededAt === null,
      complete: mine.length >= needed,
      contentHash: row.contentHash,
      previousHash: row.previousHash,
      rectificationReason: row.rectificationReason,
      nearestRelativeStatement: row.nearestRelativeStatement,
      doctorIds: row.doctorIds,
      signatures: mine.map((s) => ({
        name: s.signerName,
        capacity: s.capacity,
        signedAt: s.signedAt,
        contentHash: s.contentHash,
      })),
      awaiting,
      createdAt: row.createdAt,
      supersededAt: row.supersededAt,
      content: row.content,
    };
  }

  async form(ctx: ServiceContext, formId: string): Promise<FormView> {
    const row = await this.repository.form(this.deps.db, formId);
    if (!row) throw new NotFoundError("The form");
    const view = await this.readView(ctx, row.referralId);
    await this.authoriseRead(ctx, view);
    const signatures = await this.repository.signatures(this.deps.db, [row.id]);
    await this.deps.platform.audit(this.deps.db, ctx, {
      action: "statutory_form_viewed",
      entityType: "statutory_form",
      entityId: row.id,
      summary: { code: row.code, version: row.formVersion },
    });
    return this.formView(row, signatures, view);
  }

  // ── The application ─────────────────────────────────────────────────────────────────────────

  /** The first failing statutory check for the recorded application, as "RULE: reason", or null. */
  private applicationRefusal(view: AssessmentView): string | null {
    const failure = view.checks.errors[0] ?? view.checks.pending[0];
    return failure ? `${failure.rule}: ${failure.message}` : null;
  }

  private patientOf(view: AssessmentView): FormPatient {
    const r = view.referral;
    return {
      name: r.name,
      address: r.address || r.currentLocation,
      dateOfBirth: r.dateOfBirth,
      nhsNumber: r.nhsNumber,
    };
  }

  private doctorOf(
    d: DoctorRow,
    gmcFallback: string | null = null,
  ): FormDoctor {
    return {
      id: d.id,
      name: d.name,
      gmcNumber: d.gmcNumber || gmcFallback || "not recorded",
      address: "",
      s12Approved: d.s12Approved,
      approvedClinician: d.approvedClinician || d.role === "approved_clinician",
      previousAcquaintance: d.previousAcquaintance,
      examinedAt: d.examinedAt,
    };
  }

  private async applicationContentFor(
    view: AssessmentView,
    applicantName: string,
  ): Promise<FormContent> {
    const a = view.assessment!;
    const section = a.applicationSection as FormSection;
    const lssa =
      (await this.deps.organisationName(view.referral.lssaId)) ??
      "the local social services authority";
    const legal = view.legalContext;
    const guardian = legal.guardianship?.guardian;
    const result = applicationContent({
      section,
      patient: this.patientOf(view),
      amhp: {
        name: applicantName,
        address: `${this.deps.serviceName}, ${lssa}`,
      },
      actingFor: lssa,
      approvedBy: lssa,
      hospital: a.hospitalName,
      guardian: guardian
        ? guardian.kind === "private"
          ? guardian.name
          : lssa
        : null,
      nearestRelative:
        a.nrName || a.nrNotPracticableReason
          ? {
              name: a.nrName,
              relationship: a.nrRelationship,
              contact: a.nrContact,
              informedAt: a.nrInformedAt,
              toldOfDischargePower: a.nrToldOfDischargePower,
              consultedAt: a.nrConsultedAt,
              objected: a.nrObjected,
              notPracticable: a.nrNotPracticableReason
                ? {
                    reason: a.nrNotPracticableReason,
                    detail: a.nrNotPracticableDetail,
                  }
                : null,
            }
          : null,
      lastSawAt: a.lastSawAt!,
      applicationAt: a.applicationAt!,
      mostAppropriateReason: a.mostAppropriateReason,
      noPreviousAcquaintanceReason: a.noPreviousAcquaintanceReason,
      doctors: view.doctors
        .filter((d) => !d.removedAt && d.signedAt)
        .map((d) => this.doctorOf(d)),
      section4:
        section === "s4"
          ? { whyNotSection2: legal.section4?.whyNotSection2 ?? "" }
          : null,
    });
    if (!result.ok)
      throw RuleViolationError.single(
        result.reason.split(":")[0] ?? "form_refused",
        result.reason,
      );
    return result.value;
  }

  /** The AMHP who made the application produces and signs it (A2, A6, A10 or G2). */
  async signApplication(
    ctx: ServiceContext,
    referralId: string,
  ): Promise<FormView> {
    requireRole(ctx.actor, FORM_APPLICANTS, "sign applications");
    const view = await this.readView(ctx, referralId);
    const a = view.assessment!;
    if (!a.outcomeRecordedAt || !a.applicationSection)
      throw new StateError(
        "Record the outcome (an application under section 2, 3, 4 or guardianship) on the assessment before producing the application form.",
        "no_application_recorded",
      );
    if (a.applicantId !== ctx.actor.personId)
      throw new ForbiddenError(
        `Only the applicant recorded on the assessment (${view.applicantName ?? "another AMHP"}) can sign the application.`,
      );
    const refusal = this.applicationRefusal(view);
    if (refusal) throw this.checkRefusal(view, refusal);
    const content = await this.applicationContentFor(view, ctx.actor.name);
    const def = applicationFormFor(a.applicationSection);
    return inTransaction(this.deps.db, async (trx) => {
      await this.repository.lockReferral(trx, referralId);
      const existing = (
        await this.repository.formsForReferral(trx, referralId)
      ).find((f) => f.kind === "application" && f.supersededAt === null);
      if (existing)
        throw new StateError(
          `Form ${existing.code} is already signed and locked. To correct it, rectify it (section 15) as a new version with the reason.`,
          "form_signed",
        );
      return this.createSigned(
        trx,
        ctx,
        {
          referralId,
          code: def.code,
          section: def.section,
          kind: "application",
          doctorIds: [],
          inputs: {},
          content,
          seriesId: randomUUID(),
          formVersion: 1,
          rectificationReason: "",
          previousHash: null,
          capacity: "amhp",
          assessmentDoctorId: null,
        },
        view,
      );
    });
  }

  private checkRefusal(
    view: AssessmentView,
    refusal: string,
  ): RuleViolationError {
    const failures = [...view.checks.errors, ...view.checks.pending].map(
      (f) => ({ rule: f.rule, severity: f.severity, message: f.message }),
    );
    return new RuleViolationError(
      "statutory_check_failed",
      `The form cannot be produced while a statutory check fails. ${refusal}`,
      { failures },
    );
  }

  private async createSigned(
    trx: Kysely<StatutoryFormsDb>,
    ctx: ServiceContext,
    f: {
      referralId: string;
      code: FormRow["code"];
      section: FormSection;
      kind: FormRow["kind"];
      doctorIds: string[];
      inputs: Record<string, unknown>;
      content: FormContent;
      seriesId: string;
      formVersion: number;
      rectificationReason: string;
      previousHash: string | null;
      capacity: "amhp" | "doctor";
      assessmentDoctorId: string | null;
    },
    view: AssessmentView,
  ): Promise<FormView> {
    const now = this.now();
    const hash = contentHash(f.content);
    const id = await this.repository.insertForm(trx, {
      seriesId: f.seriesId,
      formVersion: f.formVersion,
      referralId: f.referralId,
      code: f.code,
      section: f.section,
      kind: f.kind,
      doctorIds: f.doctorIds,
      inputs: f.inputs,
      content: f.content,
      contentHash: hash,
      nearestRelativeStatement: f.content.nearestRelativeStatement,
      rectificationReason: f.rectificationReason,
      previousHash: f.previousHash,
      createdBy: ctx.actor.personId,
      createdAt: now,
    });
    await this.repository.insertSignature(trx, {
      formId: id,
      signerId: ctx.actor.personId,
      signerName: ctx.actor.name,
      capacity: f.capacity,
      assessmentDoctorId: f.assessmentDoctorId,
      signedAt: now,
      contentHash: hash,
    });
    await this.deps.platform.audit(trx, ctx, {
      action: f.previousHash
        ? "statutory_form_rectified"
        : "statutory_form_signed",
      entityType: "statutory_form",
      entityId: id,
      summary: {
        referralId: f.referralId,
        code: f.code,
        version: f.formVersion,
        contentHash: hash,
      },
    });
    const row = await this.repository.form(trx, id);
    return this.formView(
      row!,
      await this.repository.signatures(trx, [id]),
      view,
    );
  }

  // ── Recommendations ─────────────────────────────────────────────────────────────────────────

  private recommendationInputs(
    cmd: RecommendationCommand,
  ): Record<string, unknown> {
    return {
      section: cmd.section,
      shape: cmd.shape,
      otherDoctorId: cmd.otherDoctorId ?? null,
      grounds: cmd.grounds,
      reasons: cmd.reasons,
      treatmentHospital: cmd.treatmentHospital ?? "",
      section4Delay: cmd.section4Delay ?? "",
    };
  }

  private recommendationContentFor(
    view: AssessmentView,
    doctors: DoctorRow[],
    cmd: RecommendationCommand,
    myGmc: string | null,
  ): FormContent {
    const result = recommendationContent({
      section: cmd.section,
      shape: cmd.shape,
      patient: this.patientOf(view),
      doctors: doctors.map((d, i) => this.doctorOf(d, i === 0 ? myGmc : null)),
      grounds: cmd.grounds,
      reasons: cmd.reasons,
      treatmentHospital:
        cmd.treatmentHospital?.trim() || view.assessment?.hospitalName || "",
      section4Delay: cmd.section4Delay ?? "",
    });
    if (!result.ok)
      throw RuleViolationError.single(
        "recommendation_incomplete",
        result.reason,
      );
    return result.value;
  }

  /**
   * The statutory checks that bear on a recommendation as it is signed: the examinations of the
   * two recommending doctors no more than 5 clear days apart (R-MR-5DAY), at least one of them
   * s12 approved or an approved clinician (R-MR-S12), no doctor's conflict (R-MR-COI).
   */
  private recommendationRefusal(
    view: AssessmentView,
    signers: readonly DoctorRow[],
  ): string | null {
    const breach = [...view.checks.errors, ...view.checks.warnings].find(
      (f) => !f.missing && (f.rule === "R-MR-COI" || f.rule === "R-MR-5DAY"),
    );
    if (breach) return `${breach.rule}: ${breach.message}`;
    const exams = signers
      .map((d) => d.examinedAt)
      .filter((d): d is Date => d !== null)
      .map(londonDate)
      .sort(compareIsoDates);
    if (
      exams.length >= 2 &&
      daysBetween(exams[0]!, exams[exams.length - 1]!) > 6
    ) {
      return `R-MR-5DAY: the examinations were on ${formatDate(exams[0]!)} and ${formatDate(exams[exams.length - 1]!)}: more than 5 clear days apart. Arrange a fresh examination.`;
    }
    if (
      signers.length >= 2 &&
      !signers.some(
        (d) =>
          d.s12Approved ||
          d.approvedClinician ||
          d.role === "approved_clinician",
      )
    ) {
      return "R-MR-S12: neither doctor is section 12 approved (or an approved clinician). At least one must be: ask a section 12 approved doctor to examine.";
    }
    return null;
  }

  /** A doctor on the assessment completes and signs their own recommendation (or the first signature of a joint one). */
  async signRecommendation(
    ctx: ServiceContext,
    referralId: string,
    cmd: RecommendationCommand,
  ): Promise<FormView> {
    requireRole(ctx.actor, FORM_DOCTORS, "sign medical recommendations");
    const view = await this.readView(ctx, referralId, cmd.section);
    const me = await this.doctorRowFor(ctx, view);
    if (!me)
      throw new ForbiddenError(
        "You are not recorded as one of the doctors who examined the person for this assessment, so you cannot sign a recommendation for it.",
      );
    if (!me.examinedAt)
      throw RuleViolationError.single(
        "not_examined",
        "The record has no examination by you for this assessment. A recommendation can only follow your own examination: ask the AMHP to record when you examined the person.",
      );
    const def = recommendationFormFor(cmd.section, cmd.shape);
    if (!def)
      throw RuleViolationError.single(
        "recommendation_incomplete",
        "A section 4 application is founded on one doctor’s recommendation (form A11): there is no joint form.",
      );
    const other =
      cmd.shape === "joint"
        ? view.doctors.find(
            (d) => d.id === cmd.otherDoctorId && !d.removedAt && d.id !== me.id,
          )
        : undefined;
    if (cmd.shape === "joint" && !other)
      throw RuleViolationError.single(
        "recommendation_incomplete",
        "Choose the other doctor on this assessment who signs the joint recommendation with you.",
      );
    const myGmc = await this.deps.gmcNumberOf(ctx.actor.personId);
    const content = this.recommendationContentFor(
      view,
      other ? [me, other] : [me],
      cmd,
      myGmc,
    );
    return inTransaction(this.deps.db, async (trx) => {
      await this.repository.lockReferral(trx, referralId);
      const current = (
        await this.repository.formsForReferral(trx, referralId)
      ).filter(
        (f) =>
          f.kind === "recommendation" &&
          f.supersededAt === null &&
          f.section === cmd.section,
      );
      const mine = current.find((f) => f.doctorIds.includes(me.id));
      if (mine)
        throw new StateError(
          `You have already signed form ${mine.code} for this assessment; it is locked. To correct it, rectify it (section 15) as a new version with the reason.`,
          "form_signed",
        );
      if (other && current.some((f) => f.doctorIds.includes(other.id)))
        throw new StateError(
          `${other.name} has already signed a recommendation for this assessment: complete a single form instead.`,
          "form_signed",
        );
      const signers = [
        me,
        ...(other ? [other] : []),
        ...view.doctors.filter((d) =>
          current.some((f) => f.doctorIds.includes(d.id)),
        ),
      ];
      const refusal = this.recommendationRefusal(view, signers);
      if (refusal)
        throw RuleViolationError.single(refusal.split(":")[0]!, refusal);
      if (
        current.length >= recommendationsNeeded(cmd.section) ||
        (cmd.shape === "joint" && current.length > 0)
      ) {
        throw new StateError(
          `The application is already founded on ${recommendationsNeeded(cmd.section) === 1 ? "a signed recommendation" : "two signed recommendations"}.`,
          "recommendations_complete",
        );
      }
      return this.createSigned(
        trx,
        ctx,
        {
          referralId,
          code: def.code,
          section: def.section,
          kind: "recommendation",
          doctorIds: other ? [me.id, other.id] : [me.id],
          inputs: this.recommendationInputs(cmd),
          content,
          seriesId: randomUUID(),
          formVersion: 1,
          rectificationReason: "",
          previousHash: null,
          capacity: "doctor",
          assessmentDoctorId: me.id,
        },
        view,
      );
    });
  }

  /** The second doctor signs a joint recommendation, over exactly the content the first signed. */
  async countersign(ctx: ServiceContext, formId: string): Promise<FormView> {
    requireRole(ctx.actor, FORM_DOCTORS, "sign medical recommendations");
    const row = await this.repository.form(this.deps.db, formId);
    if (!row) throw new NotFoundError("The form");
    const view = await this.readView(ctx, row.referralId, row.section);
    const me = await this.doctorRowFor(ctx, view);
    if (!me || !row.doctorIds.includes(me.id))
      throw new ForbiddenError(
        "You are not one of the doctors named on this joint recommendation, so you cannot sign it.",
      );
    return inTransaction(this.deps.db, async (trx) => {
      const locked = await this.repository.form(trx, formId, true);
      if (!locked || locked.supersededAt)
        throw new StateError(
          "This version of the form has been replaced by a rectified one.",
          "form_superseded",
        );
      const signatures = await this.repository.signatures(trx, [formId]);
      if (signatures.some((s) => s.assessmentDoctorId === me.id))
        throw new StateError(
          "You have already signed this form.",
          "form_signed",
        );
      if (contentHash(locked.content) !== locked.contentHash)
        throw new StateError(
          "The form’s content does not match its hash: it cannot be signed.",
          "hash_mismatch",
        );
      await this.repository.insertSignature(trx, {
        formId,
        signerId: ctx.actor.personId,
        signerName: ctx.actor.name,
        capacity: "doctor",
        assessmentDoctorId: me.id,
        signedAt: this.now(),
        contentHash: locked.contentHash,
      });
      await this.deps.platform.audit(trx, ctx, {
        action: "statutory_form_signed",
        entityType: "statutory_form",
        entityId: formId,
        summary: {
          referralId: locked.referralId,
          code: locked.code,
          version: locked.formVersion,
          contentHash: locked.contentHash,
        },
      });
      return this.formView(
        locked,
        await this.repository.signatures(trx, [formId]),
        view,
      );
    });
  }

  // ── Locked, and rectified as a new version ──────────────────────────────────────────────────

  /** Any change to a signed form is refused: nothing is changed. */
  refuseChange(): never {
    throw new StateError(
      "A signed form is locked and cannot be changed. To correct it, rectify it (section 15, within 14 days of admission) as a new version with the reason; the signed version is kept.",
      "form_signed",
    );
  }

  async rectify(
    ctx: ServiceContext,
    formId: string,
    cmd: { reason: string } & Partial<RecommendationCommand>,
  ): Promise<FormView> {
    const row = await this.repository.form(this.deps.db, formId);
    if (!row) throw new NotFoundError("The form");
    if (row.supersededAt)
      throw new StateError(
        "This version has already been replaced: rectify the current version.",
        "form_superseded",
      );
    const view = await this.readView(ctx, row.referralId, row.section);
    const firstSigned =
      (await this.repository.signatures(this.deps.db, [row.id]))[0]?.signedAt ??
      row.createdAt;
    const lastDay = rectificationLastDay(
      view.assessment?.admittedAt ?? null,
      firstSigned,
    );
    if (compareIsoDates(londonDate(this.now()), lastDay) > 0) {
      throw RuleViolationError.single(
        "s15_period_ended",
        `A form can be rectified under section 15 only within 14 days beginning with the day of admission; the last day was ${formatDate(lastDay)}.`,
      );
    }
    let content: FormContent;
    let inputs: Record<string, unknown> = row.inputs;
    let assessmentDoctorId: string | null = null;
    if (row.kind === "application") {
      requireRole(ctx.actor, FORM_APPLICANTS, "rectify applications");
      if (view.assessment?.applicantId !== ctx.actor.personId)
        throw new ForbiddenError(
          "Only the applicant can rectify the application.",
        );
      content = await this.applicationContentFor(view, ctx.actor.name);
    } else {
      requireRole(ctx.actor, FORM_DOCTORS, "rectify medical recommendations");
      const me = await this.doctorRowFor(ctx, view);
      if (!me || !row.doctorIds.includes(me.id))
        throw new ForbiddenError(
          "Only a doctor who signed this recommendation can rectify it.",
        );
      assessmentDoctorId = me.id;
      const before = row.inputs as unknown as RecommendationCommand;
      const merged: RecommendationCommand = {
        section: row.section,
        shape: before.shape,
        otherDoctorId: before.otherDoctorId ?? undefined,
        grounds:
          cmd.grounds && cmd.grounds.length > 0 ? cmd.grounds : before.grounds,
        reasons: cmd.reasons?.trim() ? cmd.reasons : before.reasons,
        treatmentHospital: cmd.treatmentHospital?.trim()
          ? cmd.treatmentHospital
          : before.treatmentHospital,
        section4Delay: cmd.section4Delay?.trim()
          ? cmd.section4Delay
          : before.section4Delay,
      };
      inputs = this.recommendationInputs(merged);
      const doctors = row.doctorIds
        .map((id) => view.doctors.find((d) => d.id === id))
        .filter((d): d is DoctorRow => d !== undefined);
      const ordered = [me, ...doctors.filter((d) => d.id !== me.id)];
      content = this.recommendationContentFor(
        view,
        ordered,
        merged,
        await this.deps.gmcNumberOf(ctx.actor.personId),
      );
    }
    if (contentHash(content) === row.contentHash)
      throw RuleViolationError.single(
        "nothing_to_rectify",
        "The rectified form would be identical to the signed one: change what needs correcting first.",
      );
    return inTransaction(this.deps.db, async (trx) => {
      const locked = await this.repository.form(trx, formId, true);
      if (!locked || locked.supersededAt)
        throw new StateError(
          "This version has already been replaced: rectify the current version.",
          "form_superseded",
        );
      await this.repository.supersede(trx, formId, this.now());
      return this.createSigned(
        trx,
        ctx,
        {
          referralId: row.referralId,
          code: row.code,
          section: row.section,
          kind: row.kind,
          doctorIds: row.doctorIds,
          inputs,
          content,
          seriesId: row.seriesId,
          formVersion: row.formVersion + 1,
          rectificationReason: cmd.reason,
          previousHash: row.contentHash,
          capacity: row.kind === "application" ? "amhp" : "doctor",
          assessmentDoctorId,
        },
        view,
      );
    });
  }

  // ── PDFs and the hospital's bundle ──────────────────────────────────────────────────────────

  private pdfForm(f: FormView): SignedFormForPdf {
    return {
      content: f.content,
      formVersion: f.formVersion,
      contentHash: f.contentHash,
      signatures: f.signatures.map((s) => ({
        name: s.name,
        capacity:
          s.capacity === "amhp"
            ? "approved mental health professional"
            : "registered medical practitioner",
        signedAt: s.signedAt,
      })),
      awaiting: f.awaiting,
      rectification: f.previousHash
        ? { reason: f.rectificationReason, previousHash: f.previousHash }
        : null,
    };
  }

  async formPdf(
    ctx: ServiceContext,
    formId: string,
    options: { compress?: boolean } = {},
  ): Promise<{ pdf: Buffer; filename: string }> {
    const row = await this.repository.form(this.deps.db, formId);
    if (!row) throw new NotFoundError("The form");
    const view = await this.readView(ctx, row.referralId);
    await this.authoriseRead(ctx, view);
    const form = this.formView(
      row,
      await this.repository.signatures(this.deps.db, [row.id]),
      view,
    );
    await this.deps.platform.audit(this.deps.db, ctx, {
      action: "statutory_form_downloaded",
      entityType: "statutory_form",
      entityId: row.id,
      summary: { code: row.code, version: row.formVersion },
    });
    const pdf = await statutoryFormsPdf(
      [this.pdfForm(form)],
      {
        serviceName: this.deps.serviceName,
        reference: view.referral.reference,
        ...options,
      },
      `Form ${row.code} ${view.referral.reference}`,
    );
    return {
      pdf,
      filename: `form-${row.code}-v${row.formVersion}-${view.referral.reference}.pdf`,
    };
  }

  private bundleRefusal(
    section: FormSection,
    forms: readonly FormView[],
  ): string | null {
    const current = forms.filter((f) => f.current && f.section === section);
    const application = current.find((f) => f.kind === "application");
    const recommendations = current.filter((f) => f.kind === "recommendation");
    const signedDoctors = recommendations
      .filter((f) => f.complete)
      .reduce((n, f) => n + f.doctorIds.length, 0);
    if (recommendations.some((f) => !f.complete))
      return "A joint recommendation is waiting for its second doctor’s signature.";
    if (signedDoctors < recommendationsNeeded(section))
      return `The bundle needs ${recommendationsNeeded(section) === 1 ? "the signed medical recommendation" : "two doctors’ signed medical recommendations"}.`;
    if (!application)
      return `The applicant has not signed the application (form ${applicationFormFor(section).code}) yet.`;
    return null;
  }

  private async bundleForms(
    ctx: ServiceContext,
    referralId: string,
  ): Promise<{ view: AssessmentView; forms: FormView[] }> {
    requireRole(ctx.actor, FORM_READERS, "see the hospital’s bundle");
    const view = await this.readView(ctx, referralId);
    const section = view.assessment?.outcomeRecordedAt
      ? view.assessment.applicationSection
      : null;
    if (!section)
      throw new StateError(
        "No application is recorded on the assessment.",
        "no_application_recorded",
      );
    const forms = await this.formViews(this.deps.db, referralId, view);
    const refusal = this.bundleRefusal(section, forms);
    if (refusal) throw new StateError(refusal, "bundle_incomplete");
    const current = forms.filter((f) => f.current && f.section === section);
    return {
      view,
      forms: [
        ...current.filter((f) => f.kind === "application"),
        ...current.filter((f) => f.kind === "recommendation"),
      ],
    };
  }

  async bundlePdf(
    ctx: ServiceContext,
    referralId: string,
    options: { compress?: boolean } = {},
  ): Promise<{ pdf: Buffer; filename: string }> {
    const { view, forms } = await this.bundleForms(ctx, referralId);
    await this.deps.platform.audit(this.deps.db, ctx, {
      action: "statutory_forms_bundle_downloaded",
      entityType: "referral",
      entityId: referralId,
      summary: { forms: forms.map((f) => f.code) },
    });
    return this.renderBundle(view, forms, options);
  }

  private async renderBundle(
    view: AssessmentView,
    forms: FormView[],
    options: { compress?: boolean },
  ): Promise<{ pdf: Buffer; filename: string }> {
    const pdf = await statutoryFormsPdf(
      forms.map((f) => this.pdfForm(f)),
      {
        serviceName: this.deps.serviceName,
        reference: view.referral.reference,
        ...options,
      },
      `Statutory forms ${view.referral.reference}`,
    );
    return { pdf, filename: `statutory-forms-${view.referral.reference}.pdf` };
  }

  /** Sends the hospital's copy (the bundle as a PDF attachment) through the outbox. */
  async sendBundle(
    ctx: ServiceContext,
    referralId: string,
    cmd: { email: string },
  ): Promise<{ sentTo: string; forms: string[] }> {
    requireRole(ctx.actor, FORM_APPLICANTS, "send the statutory forms");
    const { view, forms } = await this.bundleForms(ctx, referralId);
    const { pdf, filename } = await this.renderBundle(view, forms, {});
    const to = view.assessment?.hospitalName || "the hospital managers";
    await inTransaction(this.deps.db, async (trx) => {
      await this.deps.platform.enqueue(trx, {
        recipientPersonId: null,
        recipientAddress: cmd.email,
        subject: `Mental Health Act forms: ${forms.map((f) => f.code).join(", ")} (${view.referral.reference})`,
        body: `To the managers of ${to},\n\nAttached are the application and medical recommendations (${forms.map((f) => `form ${f.code}`).join(", ")}) for the person referred under reference ${view.referral.reference}, signed electronically. Each form shows the SHA-256 hash of its signed content.\n\n${ctx.actor.name}\nApproved mental health professional, ${this.deps.serviceName}`,
        attachments: [
          { filename, contentType: "application/pdf", content: pdf },
        ],
      });
      await this.deps.platform.audit(trx, ctx, {
        action: "statutory_forms_sent",
        entityType: "referral",
        entityId: referralId,
        summary: { forms: forms.map((f) => f.code) },
      });
    });
    return { sentTo: cmd.email, forms: forms.map((f) => f.code) };
  }
}
