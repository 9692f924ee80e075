// Thin routes: the forms page (the AMHP's and the doctor's), the form page with rectification,
// the PDFs, and the same use cases under /api/v1.

import type { FastifyReply } from "fastify";
import type { ServiceContext } from "../../platform/audit.js";
import type { AppError } from "../../platform/errors.js";
import { idParams } from "../../platform/http/fields.js";
import type { FormErrorsView } from "../../platform/http/forms.js";
import { refusalErrorsView } from "../../platform/http/refusal-view.js";
import {
  defineRoute,
  type RouteDeclaration,
} from "../../platform/http/route.js";
import type { Role } from "../../platform/roles.js";
import {
  FORM_SECTIONS,
  SECTION_LABELS,
  groundsFor,
} from "./domain/form-catalogue.js";
import { statutoryFormsPaths as paths } from "./statutory-forms-paths.js";
import {
  changeBody,
  formResource,
  overviewResource,
  recommendationBody,
  rectifyBody,
  sendBody,
  sentResource,
} from "./statutory-forms-schemas.js";
import {
  FORM_APPLICANTS,
  FORM_DOCTORS,
  FORM_READERS,
  type StatutoryFormsService,
} from "./statutory-forms-service.js";

const tags = ["statutory forms"];
const READ = { roles: [...FORM_READERS, ...FORM_DOCTORS] as Role[] };
const APPLY = { roles: FORM_APPLICANTS };
const DOCTOR = { roles: FORM_DOCTORS };
const RECTIFY = { roles: [...FORM_APPLICANTS, ...FORM_DOCTORS] as Role[] };

type Refused = FormErrorsView & { status: number };
const refusal = (error: AppError): Refused => ({
  ...refusalErrorsView(error),
  status: error.status,
});

const GROUND_LABELS = {
  health: "In the interests of the patient’s own health",
  safety: "In the interests of the patient’s own safety",
  protection: "For the protection of other persons",
  welfare: "In the interests of the welfare of the patient",
};

async function renderForms(
  forms: StatutoryFormsService,
  ctx: ServiceContext,
  reply: FastifyReply,
  referralId: string,
  errors?: Refused,
  values: Record<string, unknown> = {},
) {
  const view = await forms.overview(ctx, referralId);
  const section =
    (values.section as string | undefined) ?? view.applicationSection ?? "s2";
  const isDoctor = view.me !== null;
  const pageValues = {
    section,
    shape: "single",
    grounds: [],
    treatmentHospital: view.hospitalName,
    ...values,
  };
  return reply.render(
    "statutory-forms/views/forms.njk",
    {
      ...view,
      isDoctor,
      values: pageValues,
      errors,
      sections: FORM_SECTIONS.map((code) => ({
        value: code,
        text: SECTION_LABELS[code],
      })),
      groundItems: ["health", "safety", "protection", "welfare"].map((g) => ({
        value: g,
        text: GROUND_LABELS[g as keyof typeof GROUND_LABELS],
        ...(g === "welfare"
          ? { hint: { text: "Guardianship only" } }
          : g === "protection"
            ? {}
            : { hint: { text: "Sections 2, 3 and 4" } }),
      })),
      doctorItems: [
        { value: "", text: "Not a joint form" },
        ...view.otherDoctors.map((d) => ({ value: d.id, text: d.name })),
      ],
      current: view.forms.filter((f) => f.current),
      // The doctor's own signed recommendation, if any: then the page says so instead of the form.
      mySigned: view.me
        ? (view.forms.find(
            (f) =>
              f.current &&
              f.kind === "recommendation" &&
              f.doctorIds.includes(view.me!.doctorId) &&
              f.signatures.some((s) => s.capacity === "doctor" && s.name === ctx.actor.name),
          ) ?? null)
        : null,
      superseded: view.forms.filter((f) => !f.current),
      mineToCountersign: view.me
        ? view.forms.filter(
            (f) =>
              f.current &&
              !f.complete &&
              f.doctorIds.includes(view.me!.doctorId) &&
              !f.signatures.some(
                (s) => s.capacity === "doctor" && s.name === ctx.actor.name,
              ),
          )
        : [],
    },
    errors?.status ?? 200,
  );
}

async function renderForm(
  forms: StatutoryFormsService,
  ctx: ServiceContext,
  reply: FastifyReply,
  formId: string,
  errors?: Refused,
  values: Record<string, unknown> = {},
) {
  const form = await forms.form(ctx, formId);
  return reply.render(
    "statutory-forms/views/form.njk",
    {
      form,
      values,
      errors,
      groundItems: groundsFor(form.section).map((g) => ({
        value: g,
        text: GROUND_LABELS[g],
      })),
    },
    errors?.status ?? 200,
  );
}

function sendPdf(
  reply: FastifyReply,
  file: { pdf: Buffer; filename: string },
): FastifyReply {
  return reply
    .header("content-type", "application/pdf")
    .header("content-disposition", `inline; filename="${file.filename}"`)
    .header("cache-control", "no-store")
    .send(file.pdf);
}

export function statutoryFormsPageRoutes(
  forms: StatutoryFormsService,
): RouteDeclaration[] {
  return [
    defineRoute({
      method: "GET",
      path: paths.forms.pattern,
      access: READ,
      summary:
        "The statutory forms of an assessment: the application, the recommendations, the bundle (a doctor completes and signs their own here)",
      tags,
      params: idParams,
      audit: "statutory_forms_viewed",
      handler: async ({ ctx, params, reply }) =>
        renderForms(forms, ctx, reply, params.id),
    }),
    defineRoute({
      method: "POST",
      path: paths.application.pattern,
      access: APPLY,
      summary:
        "The applicant produces and signs the application form from the record",
      tags,
      params: idParams,
      audit: "statutory_form_signed",
      onRefusal: async ({ error, params, ctx, reply }) =>
        renderForms(forms, ctx, reply, params!.id, refusal(error)),
      handler: async ({ ctx, params, reply }) => {
        const form = await forms.signApplication(ctx, params.id);
        return reply.redirectWithFlash(paths.forms({ id: params.id }), {
          kind: "success",
          heading: `Form ${form.code} signed`,
        });
      },
    }),
    defineRoute({
      method: "POST",
      path: paths.recommendation.pattern,
      access: DOCTOR,
      summary: "A doctor completes and signs their own medical recommendation",
      tags,
      params: idParams,
      body: recommendationBody,
      audit: "statutory_form_signed",
      onRefusal: async ({ error, values, params, ctx, reply }) =>
        renderForms(forms, ctx, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        const form = await forms.signRecommendation(ctx, params.id, body);
        return reply.redirectWithFlash(paths.forms({ id: params.id }), {
          kind: "success",
          heading: `Form ${form.code} signed`,
        });
      },
    }),
    defineRoute({
      method: "GET",
      path: paths.bundle.pattern,
      access: { roles: FORM_READERS },
      summary:
        "The hospital’s copy: the application and its recommendations in one PDF",
      tags,
      params: idParams,
      audit: "statutory_forms_bundle_downloaded",
      success: { contentType: "application/pdf" },
      handler: async ({ ctx, params, reply }) =>
        sendPdf(reply, await forms.bundlePdf(ctx, params.id)),
    }),
    defineRoute({
      method: "POST",
      path: paths.send.pattern,
      access: APPLY,
      summary:
        "Send the hospital’s copy (the PDF bundle) by e-mail from the outbox",
      tags,
      params: idParams,
      body: sendBody,
      audit: "statutory_forms_sent",
      onRefusal: async ({ error, values, params, ctx, reply }) =>
        renderForms(forms, ctx, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        const sent = await forms.sendBundle(ctx, params.id, body);
        return reply.redirectWithFlash(paths.forms({ id: params.id }), {
          kind: "success",
          heading: `Forms sent to ${sent.sentTo}`,
        });
      },
    }),
    defineRoute({
      method: "GET",
      path: paths.form.pattern,
      access: READ,
      summary:
        "One signed form: its words, signatures and hash; rectify it (s15)",
      tags,
      params: idParams,
      audit: "statutory_form_viewed",
      handler: async ({ ctx, params, reply }) =>
        renderForm(forms, ctx, reply, params.id),
    }),
    defineRoute({
      method: "GET",
      path: paths.formPdf.pattern,
      access: READ,
      summary: "One form as a PDF",
      tags,
      params: idParams,
      audit: "statutory_form_downloaded",
      success: { contentType: "application/pdf" },
      handler: async ({ ctx, params, reply }) =>
        sendPdf(reply, await forms.formPdf(ctx, params.id)),
    }),
    defineRoute({
      method: "POST",
      path: paths.countersign.pattern,
      access: DOCTOR,
      summary: "The second doctor signs a joint recommendation",
      tags,
      params: idParams,
      audit: "statutory_form_signed",
      onRefusal: async ({ error, params, ctx, reply }) =>
        renderForm(forms, ctx, reply, params!.id, refusal(error)),
      handler: async ({ ctx, params, reply }) => {
        const form = await forms.countersign(ctx, params.id);
        return reply.redirectWithFlash(paths.form({ id: form.id }), {
          kind: "success",
          heading: `Form ${form.code} signed`,
        });
      },
    }),
    defineRoute({
      method: "POST",
      path: paths.rectify.pattern,
      access: RECTIFY,
      summary:
        "Rectify a signed form (s15): a new version with the reason; the signed one is kept",
      tags,
      params: idParams,
      body: rectifyBody,
      audit: "statutory_form_rectified",
      onRefusal: async ({ error, values, params, ctx, reply }) =>
        renderForm(forms, ctx, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        const form = await forms.rectify(ctx, params.id, body);
        return reply.redirectWithFlash(paths.form({ id: form.id }), {
          kind: "success",
          heading: `Form ${form.code} rectified: version ${form.formVersion}`,
        });
      },
    }),
  ];
}

export function statutoryFormsApiRoutes(
  forms: StatutoryFormsService,
): RouteDeclaration[] {
  return [
    defineRoute({
      method: "GET",
      path: paths.apiForms.pattern,
      access: READ,
      summary:
        "The statutory forms of an assessment, with what blocks the application or the bundle",
      tags,
      params: idParams,
      audit: "statutory_forms_viewed",
      success: { schema: overviewResource },
      refusals: ["not_found"],
      handler: async ({ ctx, params }) =>
        overviewResource.parse(await forms.overview(ctx, params.id)),
    }),
    defineRoute({
      method: "POST",
      path: paths.apiApplication.pattern,
      access: APPLY,
      summary:
        "The applicant produces and signs the application (A2, A6, A10 or G2); 422 with the failing statutory rule",
      tags,
      params: idParams,
      audit: "statutory_form_signed",
      success: { status: 201, schema: formResource },
      refusals: ["not_found", "state", "rule"],
      handler: async ({ ctx, params }) =>
        formResource.parse(await forms.signApplication(ctx, params.id)),
    }),
    defineRoute({
      method: "POST",
      path: paths.apiRecommendations.pattern,
      access: DOCTOR,
      summary:
        "A doctor on the assessment completes and signs their medical recommendation (A3/A4, A7/A8, A11, G3/G4)",
      tags,
      params: idParams,
      body: recommendationBody,
      audit: "statutory_form_signed",
      success: { status: 201, schema: formResource },
      refusals: ["not_found", "state", "rule"],
      handler: async ({ ctx, params, body }) =>
        formResource.parse(
          await forms.signRecommendation(ctx, params.id, body),
        ),
    }),
    defineRoute({
      method: "GET",
      path: paths.apiBundle.pattern,
      access: { roles: FORM_READERS },
      summary:
        "The hospital’s copy: the application and its recommendations in one PDF",
      tags,
      params: idParams,
      audit: "statutory_forms_bundle_downloaded",
      success: { contentType: "application/pdf" },
      refusals: ["not_found", "state"],
      handler: async ({ ctx, params, reply }) =>
        sendPdf(reply, await forms.bundlePdf(ctx, params.id)),
    }),
    defineRoute({
      method: "POST",
      path: paths.apiSend.pattern,
      access: APPLY,
      summary:
        "Send the hospital’s copy (the PDF bundle as an attachment) from the outbox",
      tags,
      params: idParams,
      body: sendBody,
      audit: "statutory_forms_sent",
      success: { status: 201, schema: sentResource },
      refusals: ["not_found", "state"],
      handler: async ({ ctx, params, body }) =>
        sentResource.parse(await forms.sendBundle(ctx, params.id, body)),
    }),
    defineRoute({
      method: "GET",
      path: paths.apiForm.pattern,
      access: READ,
      summary:
        "One form: its content, signatures (who, when, hash) and version",
      tags,
      params: idParams,
      audit: "statutory_form_viewed",
      success: { schema: formResource },
      refusals: ["not_found"],
      handler: async ({ ctx, params }) =>
        formResource.parse(await forms.form(ctx, params.id)),
    }),
    defineRoute({
      method: "PUT",
      path: paths.apiForm.pattern,
      access: RECTIFY,
      summary:
        "Changing a signed form is always refused (409 form_signed): rectify it as a new version instead",
      tags,
      params: idParams,
      body: changeBody,
      success: { schema: formResource },
      refusals: ["not_found", "state"],
      handler: async ({ ctx, params }) => {
        await forms.form(ctx, params.id);
        return forms.refuseChange();
      },
    }),
    defineRoute({
      method: "GET",
      path: paths.apiFormPdf.pattern,
      access: READ,
      summary: "One form as a PDF",
      tags,
      params: idParams,
      audit: "statutory_form_downloaded",
      success: { contentType: "application/pdf" },
      refusals: ["not_found"],
      handler: async ({ ctx, params, reply }) =>
        sendPdf(reply, await forms.formPdf(ctx, params.id)),
    }),
    defineRoute({
      method: "POST",
      path: paths.apiCountersign.pattern,
      access: DOCTOR,
      summary:
        "The second doctor signs a joint recommendation over exactly the content the first signed",
      tags,
      params: idParams,
      audit: "statutory_form_signed",
      success: { status: 201, schema: formResource },
      refusals: ["not_found", "state"],
      handler: async ({ ctx, params }) =>
        formResource.parse(await forms.countersign(ctx, params.id)),
    }),
    defineRoute({
      method: "POST",
      path: paths.apiRectify.pattern,
      access: RECTIFY,
      summary:
        "Rectify a signed form (s15, within 14 days of admission): a new signed version with the reason; the old one is kept",
      tags,
      params: idParams,
      body: rectifyBody,
      audit: "statutory_form_rectified",
      success: { status: 201, schema: formResource },
      refusals: ["not_found", "state", "rule"],
      handler: async ({ ctx, params, body }) =>
        formResource.parse(await forms.rectify(ctx, params.id, body)),
    }),
  ];
}
