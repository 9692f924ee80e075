// The assessment record as JSON: everything the pages do. Each body is exactly what is parsed
// (and documented); instants follow the one time rule; every write returns the assessment
// resource as it now is, with its version. Statutory refusals are one 422 shape:
// `{ code: 'statutory_check_failed', message, details: { failures[], warnings[] } }`.

import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../../platform/audit.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { ASSESSMENT_EDITORS, ASSESSMENT_READERS } from './assessment-access.js';
import { assessmentResource, toAssessmentResource } from './assessment-api-resource.js';
import { assessmentPaths as paths } from './assessment-paths.js';
import { amhpReportPdf, s13LetterPdf } from './assessment-pdf.js';
import {
  addendumBody,
  apiOutcomeFields,
  apiTime,
  checkQuery,
  contactBody,
  doctorBody,
  doctorParams,
  doctorUpdateBody,
  interviewBody,
  legalContextBody,
  nearestRelativeBody,
  outcomeBody,
  planBody,
  referralParams,
  reportBody,
  resourceBody,
  resourceParams,
  versionBody,
} from './assessment-schemas.js';
import type { AssessmentService } from './assessment-service.js';

const READ = { roles: ASSESSMENT_READERS } as const;
const EDIT = { roles: ASSESSMENT_EDITORS } as const;
const TAGS = ['assessments'];
const WRITE_REFUSALS = ['not_found', 'conflict', 'state', 'rule'] as const;
const SEND_VERSION = 'Send the record’s version you last read; the response is the record as it now is, with its new version.';

export interface AssessmentRouteDeps {
  assessments: AssessmentService;
  serviceName: string;
  /** A slot the composition root fills: the section 12 doctor finder for a referral (issue 16), if the app has one. */
  doctorFinderHref?: ((referralId: string) => string) | undefined;
  /** A slot the composition root fills: the statutory forms of a referral's assessment (issue 16), if the app has them. */
  statutoryFormsHref?: ((referralId: string) => string) | undefined;
}

function resourceOf(assessments: AssessmentService) {
  return async (ctx: ServiceContext, id: string) => toAssessmentResource(await assessments.getRecord(ctx, id, { audit: false }));
}

function sectionApi(deps: AssessmentRouteDeps): RouteDeclaration[] {
  const { assessments } = deps;
  const resource = resourceOf(assessments);
  const success = { schema: assessmentResource };
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiAssessment.pattern,
      access: READ,
      summary: 'The assessment record with its statutory checks ("check now" unless an application is recorded), deadlines and waits',
      tags: TAGS,
      params: referralParams,
      query: checkQuery,
      audit: 'assessment_viewed',
      success,
      refusals: ['not_found'],
      handler: async ({ ctx, params, query }) => toAssessmentResource(await assessments.getRecord(ctx, params.id, { checkAs: query.checkAs })),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiAssessmentPlan.pattern,
      access: EDIT,
      summary: 'Save the plan (time and place)',
      description: SEND_VERSION,
      tags: TAGS,
      params: referralParams,
      body: planBody(apiTime),
      audit: 'assessment_section_saved',
      success,
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.savePlan(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiAssessmentInterview.pattern,
      access: EDIT,
      summary: 'Save the interview, when you last saw the person and the "most appropriate" finding',
      description: SEND_VERSION,
      tags: TAGS,
      params: referralParams,
      body: interviewBody(apiTime),
      audit: 'assessment_section_saved',
      success,
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.saveInterview(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiAssessmentNearestRelative.pattern,
      access: EDIT,
      summary: 'Save the nearest relative (s26 category, informed or consulted, objection, s13(4) request)',
      description: SEND_VERSION,
      tags: TAGS,
      params: referralParams,
      body: nearestRelativeBody(apiTime),
      audit: 'assessment_section_saved',
      success,
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.saveNearestRelative(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiAssessmentLegalContext.pattern,
      access: EDIT,
      summary: 'Save the legal context the checks read (place of safety, holding powers, conflicts, s4 statements and second recommendation, guardianship, CTO)',
      description: `${SEND_VERSION} The section 4 second recommendation is checked as it is saved, like any recommendation: an examination after the signature is refused with R-MR-03 (422).`,
      tags: TAGS,
      params: referralParams,
      body: legalContextBody,
      audit: 'assessment_section_saved',
      success,
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.saveLegalContext(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiAssessmentResource.pattern,
      access: EDIT,
      summary: 'Save the interpreter, police, ambulance or bed request (requested, arrived or confirmed, by whom)',
      description: SEND_VERSION,
      tags: TAGS,
      params: resourceParams,
      body: resourceBody(apiTime),
      audit: 'assessment_section_saved',
      success,
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.saveResource(ctx, params.id, params.kind, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiAssessmentReport.pattern,
      access: EDIT,
      summary: 'Save the AMHP report: how each principle was considered, and the alternatives',
      description: SEND_VERSION,
      tags: TAGS,
      params: referralParams,
      body: reportBody,
      audit: 'assessment_section_saved',
      success,
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.saveReport(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
  ];
}

function doctorApi(deps: AssessmentRouteDeps): RouteDeclaration[] {
  const { assessments } = deps;
  const resource = resourceOf(assessments);
  const mr03 = 'A recommendation is checked as it is saved: an examination after the signature (or a signature with no examination time) is refused with R-MR-03 (422), as the section 4 second recommendation is.';
  return [
    defineRoute({
      method: 'POST',
      path: paths.apiAssessmentDoctors.pattern,
      access: EDIT,
      summary: 'Add a doctor',
      description: `${mr03} The response is the assessment record; the new doctor is the last in doctors, with its version.`,
      tags: TAGS,
      params: referralParams,
      body: doctorBody(apiTime),
      audit: 'assessment_doctor_added',
      success: { status: 201, schema: assessmentResource },
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.addDoctor(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiAssessmentDoctor.pattern,
      access: EDIT,
      summary: "Change a doctor's details (send the doctor's version)",
      description: mr03,
      tags: TAGS,
      params: doctorParams,
      body: doctorUpdateBody(apiTime),
      audit: 'assessment_doctor_updated',
      success: { schema: assessmentResource },
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.updateDoctor(ctx, params.id, params.doctorId, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiAssessmentRemoveDoctor.pattern,
      access: EDIT,
      summary: "Remove a doctor added by mistake (send the doctor's version)",
      tags: TAGS,
      params: doctorParams,
      body: versionBody,
      audit: 'assessment_doctor_removed',
      success: { schema: assessmentResource },
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.removeDoctor(ctx, params.id, params.doctorId, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiAssessmentContacts.pattern,
      access: EDIT,
      summary: 'Log a call to a doctor (available, declined, no answer, left a message)',
      tags: TAGS,
      params: referralParams,
      body: contactBody(apiTime),
      audit: 'assessment_doctor_contact_logged',
      success: { status: 201, schema: assessmentResource },
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.addContact(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
  ];
}

function outcomeApi(deps: AssessmentRouteDeps): RouteDeclaration[] {
  const { assessments } = deps;
  const resource = resourceOf(assessments);
  return [
    defineRoute({
      method: 'POST',
      path: paths.apiAssessmentOutcome.pattern,
      access: EDIT,
      summary: 'Record the outcome (each outcome has its own body: see the schema for the fields it requires)',
      description:
        'Applications (s2, s3, s4, guardianship) run the statutory checks on the application’s own recorded times. Any error (E), or any warning (W) without a reason in ' +
        'warningReasons, is refused with 422 statutory_check_failed: details.failures[] block, details.warnings[] need a reason. The applicant (applicantId) is the caller ' +
        'unless given; R-GEN-01 and R-GEN-02 are judged on that person. When the person was not admitted before the authority to convey and admit ended, record ' +
        '"application_lapsed" with the section it was made under. ' +
        SEND_VERSION,
      tags: TAGS,
      params: referralParams,
      body: outcomeBody(apiOutcomeFields),
      audit: ['assessment_outcome_recorded', 'referral_record_outcome'],
      success: { schema: assessmentResource },
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.recordOutcome(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiAssessmentFinalise.pattern,
      access: EDIT,
      summary: 'Finalise the AMHP report: the record becomes read-only; later changes are addenda',
      description: SEND_VERSION,
      tags: TAGS,
      params: referralParams,
      body: versionBody,
      audit: 'assessment_report_finalised',
      success: { schema: assessmentResource },
      refusals: WRITE_REFUSALS,
      handler: async ({ ctx, params, body }) => {
        await assessments.finaliseReport(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiAssessmentAddenda.pattern,
      access: EDIT,
      summary: 'Add an addendum to a finalised AMHP report',
      tags: TAGS,
      params: referralParams,
      body: addendumBody,
      audit: 'assessment_addendum_added',
      success: { status: 201, schema: assessmentResource },
      refusals: ['not_found', 'state'],
      handler: async ({ ctx, params, body }) => {
        await assessments.addAddendum(ctx, params.id, body);
        return resource(ctx, params.id);
      },
    }),
  ];
}

/** Sends one of the record's PDFs: the AMHP report or the section 13(4) letter. */
export async function sendAssessmentPdf(deps: AssessmentRouteDeps, ctx: ServiceContext, reply: FastifyReply, id: string, document: 'report' | 's13_letter'): Promise<FastifyReply> {
  const view = await deps.assessments.reportData(ctx, id, document);
  const pdf =
    document === 'report'
      ? await amhpReportPdf(view, { serviceName: deps.serviceName })
      : await s13LetterPdf(view, { serviceName: deps.serviceName, senderName: view.applicantName ?? ctx.actor.name });
  const filename = `${document === 'report' ? 'amhp-report' : 's13-letter'}-${view.referral.reference}.pdf`;
  return reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${filename}"`).header('cache-control', 'no-store').send(pdf);
}

function documentApi(deps: AssessmentRouteDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiAssessmentReportPdf.pattern,
      access: READ,
      summary: 'The AMHP report (PDF)',
      tags: TAGS,
      params: referralParams,
      audit: 'assessment_report_downloaded',
      success: { contentType: 'application/pdf' },
      refusals: ['not_found'],
      handler: async ({ ctx, params, reply }) => sendAssessmentPdf(deps, ctx, reply, params.id, 'report'),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiAssessmentS13LetterPdf.pattern,
      access: READ,
      summary: 'The section 13(4) written reasons letter to the nearest relative (PDF); 409 letter_not_applicable unless the NR asked and no application was made',
      tags: TAGS,
      params: referralParams,
      audit: 'assessment_s13_letter_downloaded',
      success: { contentType: 'application/pdf' },
      refusals: ['not_found', 'state'],
      handler: async ({ ctx, params, reply }) => sendAssessmentPdf(deps, ctx, reply, params.id, 's13_letter'),
    }),
  ];
}

export function assessmentApiRoutes(deps: AssessmentRouteDeps): RouteDeclaration[] {
  return [...sectionApi(deps), ...doctorApi(deps), ...outcomeApi(deps), ...documentApi(deps)];
}
