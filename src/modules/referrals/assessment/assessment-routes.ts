// The assessment record's pages: the summary with its checks and clocks, one form per section
// (each shown again with what was typed when it is refused), doctors, the call log, finalising,
// addenda and the PDFs. Forms take dates as GOV.UK date inputs plus a 24-hour time box.

import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/audit.js';
import { type AppError, RuleViolationError, ValidationError } from '../../../platform/errors.js';
import { dateInputValues, dateTimeInputValues } from '../../../platform/http/fields.js';
import { formErrorsView, type FormErrorsView } from '../../../platform/http/forms.js';
import { defineRoute, type RefusalInput, type RouteDeclaration } from '../../../platform/http/route.js';
import { ASSESSMENT_EDITORS, ASSESSMENT_READERS } from './assessment-access.js';
import { sendAssessmentPdf, type AssessmentRouteDeps } from './assessment-api-routes.js';
import { formTime, legalForm, outcomeForm } from './assessment-form-schemas.js';
import { assessmentPaths as paths } from './assessment-paths.js';
import {
  addendumBody,
  checkQuery,
  contactBody,
  doctorBody,
  doctorParams,
  doctorUpdateBody,
  interviewBody,
  nearestRelativeBody,
  planBody,
  PRINCIPLES,
  referralParams,
  reportBody,
  resourceBody,
  resourceParams,
  versionBody,
} from './assessment-schemas.js';
import type { AssessmentService } from './assessment-service.js';
import { RESOURCE_LABELS, type AssessmentView } from './assessment-view-service.js';
import { APPLICATION_TYPES, ASSESSMENT_OUTCOMES, HOSPITAL_APPLICATIONS } from './domain/assessment-outcomes.js';
import { DELAY_CAUSES } from './domain/delays.js';
import { NEAREST_RELATIVE_CATEGORIES, nearestRelativeDescription } from './domain/nearest-relative.js';
import { DOCTOR_ROLES } from './domain/assessment-facts.js';

const READ = { roles: ASSESSMENT_READERS } as const;
const EDIT = { roles: ASSESSMENT_EDITORS } as const;
const VIEWS = 'referrals/assessment/views';
const DOCTOR_CONTACT_RESULTS = [
  { value: 'available', text: 'Available: will attend' },
  { value: 'declined', text: 'Declined' },
  { value: 'no_answer', text: 'No answer' },
  { value: 'left_message', text: 'Left a message' },
];

/** The error summary for any refusal: field errors, statutory findings with their rule ids, or a state. */
export function refusalView(error: AppError): FormErrorsView {
  if (error instanceof ValidationError) return formErrorsView(error);
  if (error instanceof RuleViolationError) {
    const findings = [...error.failures, ...error.warnings];
    const href = (f: (typeof findings)[number]) =>
      f.severity === 'W' ? `#warningReason-${f.rule}` : f.field ? `#${f.field.replace(/\./g, '-')}${f.field.endsWith('At') ? '-day' : ''}` : '#statutory-failures';
    return {
      errorList: findings.map((f) => ({ text: `${f.rule}: ${f.message}`, href: href(f) })),
      byField: Object.fromEntries(findings.filter((f) => f.field && f.severity === 'E').map((f) => [f.field!, { text: `${f.rule}: ${f.message}` }])),
    };
  }
  return { errorList: [{ text: error.message, href: '#main-content' }], byField: {} };
}

/** Form values for the date-and-time boxes of these fields. */
function timeValues(fields: Record<string, Date | null | undefined>): Record<string, string> {
  return Object.assign({}, ...Object.entries(fields).map(([name, value]) => dateTimeInputValues(name, value)));
}

interface SectionPage<S extends z.ZodType> {
  path: string;
  template: string;
  title: string;
  form: S;
  audit: string | readonly string[];
  values(view: AssessmentView): Record<string, unknown>;
  extra?(view: AssessmentView, error?: AppError): Record<string, unknown> | Promise<Record<string, unknown>>;
  save(ctx: ServiceContext, id: string, body: z.output<S>): Promise<unknown>;
  flash: string;
}

function sectionRoutes<S extends z.ZodType>(assessments: AssessmentService, page: SectionPage<S>): RouteDeclaration[] {
  const render = async (reply: FastifyReply, ctx: ServiceContext, id: string, values: Record<string, unknown> | null, error?: AppError) => {
    const view = await assessments.getRecord(ctx, id, { audit: !error });
    const extra = (await page.extra?.(view, error)) ?? {};
    return reply.render(
      `${VIEWS}/${page.template}`,
      { view, pageTitle: page.title, values: values ?? page.values(view), ...extra, ...(error ? { errors: refusalView(error) } : {}) },
      error?.status ?? 200,
    );
  };
  return [
    defineRoute({
      method: 'GET',
      path: page.path,
      access: EDIT,
      summary: `${page.title} (form)`,
      params: referralParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => render(reply, ctx, params.id, null),
    }),
    defineRoute({
      method: 'POST',
      path: page.path,
      access: EDIT,
      summary: page.title,
      params: referralParams,
      body: page.form,
      audit: page.audit,
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, params, ctx, reply }: RefusalInput<{ id: string } | undefined>) => render(reply, ctx, params!.id, values, error),
      handler: async ({ ctx, params, body, reply }) => {
        await page.save(ctx, params.id, body as z.output<S>);
        return reply.redirectWithFlash(paths.assessmentRecord({ id: params.id }), { kind: 'success', heading: page.flash });
      },
    }),
  ];
}

function sectionPages(assessments: AssessmentService): RouteDeclaration[] {
  return [
    ...sectionRoutes(assessments, {
      path: paths.assessmentPlan.pattern,
      template: 'assessment-plan.njk',
      title: 'Plan the assessment',
      form: planBody(formTime),
      audit: 'assessment_section_saved',
      values: (v) => ({ ...timeValues({ plannedAt: v.assessment?.plannedAt }), plannedPlace: v.assessment?.plannedPlace ?? '' }),
      save: (ctx, id, body) => assessments.savePlan(ctx, id, body),
      flash: 'Plan saved',
    }),
    ...sectionRoutes(assessments, {
      path: paths.assessmentInterview.pattern,
      template: 'assessment-interview.njk',
      title: 'Interview and decision',
      form: interviewBody(formTime),
      audit: 'assessment_section_saved',
      values: (v) => ({
        ...timeValues({ interviewAt: v.assessment?.interviewAt, lastSawAt: v.assessment?.lastSawAt }),
        mostAppropriateReason: v.assessment?.mostAppropriateReason ?? '',
        noPreviousAcquaintanceReason: v.assessment?.noPreviousAcquaintanceReason ?? '',
        notes: v.assessment?.notes ?? '',
      }),
      save: (ctx, id, body) => assessments.saveInterview(ctx, id, body),
      flash: 'Interview saved',
    }),
    ...sectionRoutes(assessments, {
      path: paths.assessmentNearestRelative.pattern,
      template: 'assessment-nearest-relative.njk',
      title: 'Nearest relative',
      form: nearestRelativeBody(formTime),
      audit: 'assessment_section_saved',
      values: (v) => {
        const a = v.assessment;
        return {
          ...timeValues({ informedAt: a?.nrInformedAt, consultedAt: a?.nrConsultedAt }),
          category: a?.nrCategory ?? '',
          name: a?.nrName ?? '',
          relationship: a?.nrRelationship ?? '',
          contact: a?.nrContact ?? '',
          toldOfDischargePower: a?.nrToldOfDischargePower ?? false,
          objected: a?.nrObjected ?? false,
          notPracticableReason: a?.nrNotPracticableReason ?? '',
          notPracticableDetail: a?.nrNotPracticableDetail ?? '',
          s13Request: a?.nrS13Request ?? v.referral.sourceType === 'nearest_relative',
          s13Reasons: a?.nrS13Reasons ?? '',
        };
      },
      extra: () => ({
        categories: [
          ...NEAREST_RELATIVE_CATEGORIES.map((c, i) => ({ value: c.code, text: `${i + 1}. ${c.label}`, hint: { text: c.hint } })),
          { divider: 'or, for a child' },
          { value: 'local_authority', text: 'Local authority holding a care order (section 27)' },
          { value: 'guardian_or_order_holder', text: 'Guardian, or person named in a child arrangements order (section 28)' },
        ],
      }),
      save: (ctx, id, body) => assessments.saveNearestRelative(ctx, id, body),
      flash: 'Nearest relative saved',
    }),
  ];
}

function legalAndOutcomePages(assessments: AssessmentService): RouteDeclaration[] {
  return [
    ...sectionRoutes(assessments, {
      path: paths.assessmentLegal.pattern,
      template: 'assessment-legal.njk',
      title: 'Legal position',
      form: legalForm,
      audit: 'assessment_section_saved',
      values: (v) => {
        const l = v.legalContext;
        const pos = l.placeOfSafety;
        const ext = pos?.extensions[0];
        const conflict = l.conflicts[0];
        return {
          ...timeValues({
            posDetainedAt: pos?.detainedAt,
            posClockStartedAt: pos?.clockStartedAt,
            posEndedAt: pos?.endedAt,
            posConsultedAt: pos?.s136Consultation?.consultedAt,
            extAuthorisedAt: ext?.authorisedAt,
            s54RecordedAt: l.holdingPower?.s54RecordedAt,
            s52ReportedAt: l.holdingPower?.s52ReportedAt,
            currentS2AdmittedAt: l.currentDetention?.admittedAt,
          }),
          posPower: pos?.power ?? '',
          posPoliceStation: pos?.policeStationUsed ?? false,
          posPoliceStationJustification: pos?.policeStationJustification ?? '',
          posConsultedRole: pos?.s136Consultation?.consultedRole ?? '',
          posConsultNotPracticable: pos?.s136Consultation?.notPracticableReason ?? '',
          extHours: ext?.hours ?? '',
          extByExaminingDoctor: ext?.authorisedByExaminingDoctor ?? false,
          extReason: ext?.reason ?? '',
          conflictDescription: conflict?.description ?? '',
          conflictType: conflict?.type ?? '',
          conflictUrgencyReason: conflict?.urgencyOverrideReason ?? '',
        };
      },
      save: (ctx, id, body) => assessments.saveLegalForm(ctx, id, body),
      flash: 'Legal position saved',
    }),
    ...sectionRoutes(assessments, {
      path: paths.assessmentReport.pattern,
      template: 'assessment-report.njk',
      title: 'AMHP report: principles and alternatives',
      form: reportBody,
      audit: 'assessment_section_saved',
      values: (v) => ({ ...((v.assessment?.principles ?? {}) as Record<string, string>), alternativesConsidered: v.assessment?.alternativesConsidered ?? '' }),
      extra: () => ({ principles: PRINCIPLES }),
      save: (ctx, id, body) => assessments.saveReport(ctx, id, body),
      flash: 'Report saved',
    }),
    ...sectionRoutes(assessments, {
      path: paths.assessmentOutcome.pattern,
      template: 'assessment-outcome.njk',
      title: 'Outcome',
      form: outcomeForm,
      audit: ['assessment_outcome_recorded', 'referral_record_outcome'],
      values: (v) => {
        const a = v.assessment;
        const s4 = v.legalContext.section4;
        const g = v.legalContext.guardianship;
        return {
          ...timeValues({ applicationAt: a?.applicationAt, admittedAt: a?.admittedAt }),
          ...dateInputValues('forwardedToLssaOn', g?.forwardedToLssaOn),
          outcome: a?.outcome ?? '',
          applicantId: a?.applicantId ?? '',
          lapsedSection: a?.outcome === 'application_lapsed' ? (a.applicationSection ?? '') : '',
          hospitalName: a?.hospitalName ?? '',
          hospitalAddressedToManagers: a ? a.hospitalAddressedToManagers : true,
          outcomeReason: a?.outcomeReason ?? '',
          delayCause: a?.delayCause ?? v.suggestedDelayCause ?? '',
          delayNote: a?.delayNote ?? '',
          ...Object.fromEntries(Object.entries((a?.warningReasons ?? {}) as Record<string, string>).map(([rule, reason]) => [`warningReason-${rule}`, reason])),
          s4UrgentNecessity: s4?.urgentNecessityStated ?? false,
          s4UndesirableDelay: s4?.undesirableDelayStated ?? false,
          s4RecommendationVerifies: s4?.recommendationVerifiesUrgency ?? false,
          s4WhyNotSection2: s4?.whyNotSection2 ?? '',
          guardianKind: g?.guardian?.kind ?? '',
          guardianName: g?.guardian?.kind === 'private' ? g.guardian.name : '',
        };
      },
      extra: async (v, error) => {
        const refused = error instanceof RuleViolationError ? error : null;
        return {
          outcomes: ASSESSMENT_OUTCOMES.map((o) => ({ value: o.code, text: o.label, ...(o.hint ? { hint: o.hint } : {}) })),
          lapsedSections: APPLICATION_TYPES.filter((t) => (HOSPITAL_APPLICATIONS as readonly string[]).includes(t.code)).map((t) => ({ value: t.code, text: t.label })),
          delayCauses: DELAY_CAUSES.map((c) => ({ value: c.code, text: c.label })),
          applicants: (await assessments.amhps()).map((p) => ({ value: p.id, text: p.name })),
          knownWarnings: v.checks.warnings,
          blockingFailures: refused?.failures ?? [],
          warningsNeeded: refused?.warnings ?? [],
        };
      },
      save: (ctx, id, body) => assessments.recordOutcome(ctx, id, body),
      flash: 'Outcome recorded',
    }),
  ];
}

function recordPages(deps: AssessmentRouteDeps): RouteDeclaration[] {
  const { assessments } = deps;
  const summary = async (reply: FastifyReply, ctx: ServiceContext, id: string, options: { checkAs?: 's2' | 's3' | 's4' | 'guardianship' | undefined; values?: Record<string, unknown>; error?: AppError }) => {
    const view = await assessments.getRecord(ctx, id, { checkAs: options.checkAs, audit: !options.error });
    return reply.render(
      `${VIEWS}/assessment-summary.njk`,
      {
        view,
        principles: PRINCIPLES,
        applicationTypes: APPLICATION_TYPES.map((t) => ({ value: t.code, text: t.label })),
        applicationLabel: APPLICATION_TYPES.find((t) => t.code === view.assessment?.applicationSection)?.label ?? null,
        doctorRoleLabels: Object.fromEntries(DOCTOR_ROLES.map((r) => [r.code, r.label])),
        nrDescription: nearestRelativeDescription(view.assessment?.nrCategory, view.assessment?.nrRelationship),
        delayCauseLabel: DELAY_CAUSES.find((c) => c.code === view.assessment?.delayCause)?.label ?? null,
        resultLabels: Object.fromEntries(DOCTOR_CONTACT_RESULTS.map((r) => [r.value, r.text])),
        doctorFinderHref: view.canEdit && deps.doctorFinderHref ? deps.doctorFinderHref(id) : null,
        statutoryFormsHref: deps.statutoryFormsHref ? deps.statutoryFormsHref(id) : null,
        values: options.values ?? {},
        ...(options.error ? { errors: refusalView(options.error) } : {}),
      },
      options.error?.status ?? 200,
    );
  };
  const back = (reply: FastifyReply, id: string, heading: string, body?: string) =>
    reply.redirectWithFlash(paths.assessmentRecord({ id }), { kind: 'success', heading, ...(body ? { body } : {}) });
  return [
    defineRoute({
      method: 'GET',
      path: paths.assessmentRecord.pattern,
      access: READ,
      summary: 'The assessment record: deadlines, checks ("check now" as an application type), every section',
      params: referralParams,
      query: checkQuery,
      audit: 'assessment_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, query, reply }) => summary(reply, ctx, params.id, { checkAs: query.checkAs }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.assessmentFinalise.pattern,
      access: EDIT,
      summary: 'Finalise the AMHP report',
      params: referralParams,
      body: versionBody,
      audit: 'assessment_report_finalised',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, params, ctx, reply }) => summary(reply, ctx, params!.id, { error }),
      handler: async ({ ctx, params, body, reply }) => {
        await assessments.finaliseReport(ctx, params.id, body);
        return back(reply, params.id, 'AMHP report finalised', 'The record is now read-only. Add an addendum for anything that changes.');
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.assessmentAddenda.pattern,
      access: EDIT,
      summary: 'Add an addendum to the finalised AMHP report',
      params: referralParams,
      body: addendumBody,
      audit: 'assessment_addendum_added',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, params, ctx, reply }) => summary(reply, ctx, params!.id, { values, error }),
      handler: async ({ ctx, params, body, reply }) => {
        await assessments.addAddendum(ctx, params.id, body);
        return back(reply, params.id, 'Addendum added');
      },
    }),
    ...(['report', 's13_letter'] as const).map((document) =>
      defineRoute({
        method: 'GET',
        path: (document === 'report' ? paths.assessmentReportPdf : paths.assessmentS13LetterPdf).pattern,
        access: READ,
        summary: document === 'report' ? 'The AMHP report (PDF)' : 'The section 13(4) letter (PDF)',
        params: referralParams,
        audit: document === 'report' ? 'assessment_report_downloaded' : 'assessment_s13_letter_downloaded',
        success: { contentType: 'application/pdf' },
        handler: async ({ ctx, params, reply }) => sendAssessmentPdf(deps, ctx, reply, params.id, document),
      }),
    ),
  ];
}

function doctorPages(assessments: AssessmentService): RouteDeclaration[] {
  const render = async (reply: FastifyReply, ctx: ServiceContext, id: string, doctorId: string | null, values: Record<string, unknown>, error?: AppError) => {
    const view = await assessments.getRecord(ctx, id, { audit: !error });
    return reply.render(`${VIEWS}/assessment-doctor.njk`, { view, doctorId, values, doctorRoles: DOCTOR_ROLES.map((r) => ({ value: r.code, text: r.label })), ...(error ? { errors: refusalView(error) } : {}) }, error?.status ?? 200);
  };
  const back = (reply: FastifyReply, id: string, heading: string) => reply.redirectWithFlash(paths.assessmentRecord({ id }), { kind: 'success', heading });
  return [
    defineRoute({
      method: 'GET',
      path: paths.assessmentNewDoctor.pattern,
      access: EDIT,
      summary: 'Add a doctor (form)',
      params: referralParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => render(reply, ctx, params.id, null, {}),
    }),
    defineRoute({
      method: 'POST',
      path: paths.assessmentDoctors.pattern,
      access: EDIT,
      summary: 'Add a doctor',
      params: referralParams,
      body: doctorBody(formTime),
      audit: 'assessment_doctor_added',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, params, ctx, reply }) => render(reply, ctx, params!.id, null, values, error),
      handler: async ({ ctx, params, body, reply }) => {
        await assessments.addDoctor(ctx, params.id, body);
        return back(reply, params.id, 'Doctor added');
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.assessmentDoctor.pattern,
      access: EDIT,
      summary: 'Change a doctor (form)',
      params: doctorParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const d = await assessments.getDoctor(ctx, params.id, params.doctorId);
        const values = {
          ...timeValues({ requestedAt: d.requestedAt, arrivedAt: d.arrivedAt, examinedAt: d.examinedAt, signedAt: d.signedAt }),
          name: d.name,
          role: d.role ?? '',
          gmcNumber: d.gmcNumber,
          s12Approved: d.s12Approved,
          approvedClinician: d.approvedClinician,
          previousAcquaintance: d.previousAcquaintance,
          jointOrSeparate: d.jointOrSeparate ?? '',
          version: d.version,
        };
        return render(reply, ctx, params.id, params.doctorId, values);
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.assessmentDoctor.pattern,
      access: EDIT,
      summary: 'Change a doctor',
      params: doctorParams,
      body: doctorUpdateBody(formTime),
      audit: 'assessment_doctor_updated',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, params, ctx, reply }) => render(reply, ctx, params!.id, params!.doctorId, values, error),
      handler: async ({ ctx, params, body, reply }) => {
        await assessments.updateDoctor(ctx, params.id, params.doctorId, body);
        return back(reply, params.id, 'Doctor updated');
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.assessmentRemoveDoctor.pattern,
      access: EDIT,
      summary: 'Remove a doctor',
      params: doctorParams,
      body: versionBody,
      audit: 'assessment_doctor_removed',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, params, ctx, reply }) => render(reply, ctx, params!.id, params!.doctorId, values, error),
      handler: async ({ ctx, params, body, reply }) => {
        await assessments.removeDoctor(ctx, params.id, params.doctorId, body);
        return back(reply, params.id, 'Doctor removed');
      },
    }),
  ];
}

function logPages(assessments: AssessmentService, now: () => Date): RouteDeclaration[] {
  const contactPage = async (reply: FastifyReply, ctx: ServiceContext, id: string, values: Record<string, unknown>, error?: AppError) => {
    const view = await assessments.getRecord(ctx, id, { audit: !error });
    return reply.render(`${VIEWS}/assessment-contact.njk`, { view, values, results: DOCTOR_CONTACT_RESULTS, ...(error ? { errors: refusalView(error) } : {}) }, error?.status ?? 200);
  };
  const resourcePage = async (reply: FastifyReply, ctx: ServiceContext, id: string, kind: keyof typeof RESOURCE_LABELS, values: Record<string, unknown> | null, error?: AppError) => {
    const view = await assessments.getRecord(ctx, id, { audit: !error });
    const row = view.resources.find((r) => r.kind === kind)?.row;
    const shown = values ?? {
      ...timeValues({ requestedAt: row?.requestedAt, arrivedAt: row?.arrivedAt }),
      requestedBy: row?.requestedBy ?? '',
      provider: row?.provider ?? '',
      detail: row?.detail ?? '',
    };
    return reply.render(`${VIEWS}/assessment-resource.njk`, { view, kind, label: RESOURCE_LABELS[kind], values: shown, ...(error ? { errors: refusalView(error) } : {}) }, error?.status ?? 200);
  };
  return [
    defineRoute({
      method: 'GET',
      path: paths.assessmentNewContact.pattern,
      access: EDIT,
      summary: 'Log a call to a doctor (form)',
      params: referralParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => contactPage(reply, ctx, params.id, timeValues({ calledAt: now() })),
    }),
    defineRoute({
      method: 'POST',
      path: paths.assessmentContacts.pattern,
      access: EDIT,
      summary: 'Log a call to a doctor',
      params: referralParams,
      body: contactBody(formTime),
      audit: 'assessment_doctor_contact_logged',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, params, ctx, reply }) => contactPage(reply, ctx, params!.id, values, error),
      handler: async ({ ctx, params, body, reply }) => {
        await assessments.addContact(ctx, params.id, body);
        return reply.redirectWithFlash(paths.assessmentRecord({ id: params.id }), { kind: 'success', heading: 'Call logged' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.assessmentResource.pattern,
      access: EDIT,
      summary: 'Interpreter, police, ambulance or bed (form)',
      params: resourceParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => resourcePage(reply, ctx, params.id, params.kind, null),
    }),
    defineRoute({
      method: 'POST',
      path: paths.assessmentResource.pattern,
      access: EDIT,
      summary: 'Save the interpreter, police, ambulance or bed request',
      params: resourceParams,
      body: resourceBody(formTime),
      audit: 'assessment_section_saved',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, params, ctx, reply }) => resourcePage(reply, ctx, params!.id, params!.kind, values, error),
      handler: async ({ ctx, params, body, reply }) => {
        await assessments.saveResource(ctx, params.id, params.kind, body);
        return reply.redirectWithFlash(paths.assessmentRecord({ id: params.id }), { kind: 'success', heading: `${RESOURCE_LABELS[params.kind]} saved` });
      },
    }),
  ];
}

export function assessmentPageRoutes(deps: AssessmentRouteDeps & { now: () => Date }): RouteDeclaration[] {
  return [...recordPages(deps), ...sectionPages(deps.assessments), ...legalAndOutcomePages(deps.assessments), ...doctorPages(deps.assessments), ...logPages(deps.assessments, deps.now)];
}
