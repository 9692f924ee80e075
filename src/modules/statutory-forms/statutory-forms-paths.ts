import { definePaths } from "../../platform/http/paths.js";

/** Every statutory forms URL, pages and API. Templates reach these as `paths.statutoryForms.<name>(…)`. */
export const statutoryFormsPaths = definePaths({
  forms: "/referrals/:id/statutory-forms",
  application: "/referrals/:id/statutory-forms/application",
  recommendation: "/referrals/:id/statutory-forms/recommendation",
  bundle: "/referrals/:id/statutory-forms/bundle.pdf",
  send: "/referrals/:id/statutory-forms/send",
  form: "/statutory-forms/:id",
  formPdf: "/statutory-forms/:id/form.pdf",
  countersign: "/statutory-forms/:id/countersign",
  rectify: "/statutory-forms/:id/rectify",
  apiForms: "/api/v1/referrals/:id/statutory-forms",
  apiApplication: "/api/v1/referrals/:id/statutory-forms/application",
  apiRecommendations: "/api/v1/referrals/:id/statutory-forms/recommendations",
  apiBundle: "/api/v1/referrals/:id/statutory-forms/bundle",
  apiSend: "/api/v1/referrals/:id/statutory-forms/sending",
  apiForm: "/api/v1/statutory-forms/:id",
  apiFormPdf: "/api/v1/statutory-forms/:id/pdf",
  apiCountersign: "/api/v1/statutory-forms/:id/signatures",
  apiRectify: "/api/v1/statutory-forms/:id/rectifications",
});
