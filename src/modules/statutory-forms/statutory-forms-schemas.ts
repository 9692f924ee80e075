import { z } from "zod";
import {
  checkboxList,
  choice,
  optionalText,
  optionalUuid,
  text,
} from "../../platform/http/fields.js";
import { FORM_SECTIONS, GROUNDS } from "./domain/form-catalogue.js";

const grounds = checkboxList(
  choice(GROUNDS, "Choose health, safety, protection or welfare"),
).refine((list) => list.length > 0, "Tick at least one of the grounds");

/** A doctor completes their recommendation: the section, single or joint, the grounds and their reasons. */
export const recommendationBody = z.object({
  section: choice(
    FORM_SECTIONS,
    "Choose the section you recommend: s2, s3, s4 or guardianship",
  ),
  shape: choice(
    ["single", "joint"],
    "Choose a single recommendation or a joint one",
  ),
  otherDoctorId: optionalUuid("Choose the other doctor"),
  grounds,
  reasons: text("your reasons for these opinions", 4000),
  treatmentHospital: optionalText(300, "The hospital"),
  section4Delay: optionalText(300, "The delay"),
});
export type RecommendationBody = z.output<typeof recommendationBody>;

export const rectifyBody = z.object({
  reason: text("the reason for the rectification", 1000),
  grounds: checkboxList(
    choice(GROUNDS, "Choose health, safety, protection or welfare"),
  ).optional(),
  reasons: optionalText(4000, "Your reasons"),
  treatmentHospital: optionalText(300, "The hospital"),
  section4Delay: optionalText(300, "The delay"),
});

export const sendBody = z.object({
  email: text("the hospital’s e-mail address", 320).refine(
    (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v),
    "Enter an e-mail address like mha.office@hospital.example",
  ),
});

/** Any attempted change to a signed form (always refused). */
export const changeBody = z.object({}).passthrough();

const line = z.object({
  kind: z.enum(["heading", "statement", "field"]),
  label: z.string().optional(),
  text: z.string(),
});

export const formResource = z.object({
  id: z.string(),
  seriesId: z.string(),
  formVersion: z.number().int(),
  code: z.string(),
  title: z.string(),
  section: z.enum(FORM_SECTIONS),
  kind: z.enum(["application", "recommendation"]),
  current: z.boolean(),
  complete: z.boolean(),
  contentHash: z.string(),
  previousHash: z.string().nullable(),
  rectificationReason: z.string(),
  nearestRelativeStatement: z.string().nullable(),
  doctorIds: z.array(z.string()),
  signatures: z.array(
    z.object({
      name: z.string(),
      capacity: z.enum(["amhp", "doctor"]),
      signedAt: z.date(),
      contentHash: z.string(),
    }),
  ),
  awaiting: z.array(z.string()),
  createdAt: z.date(),
  supersededAt: z.date().nullable(),
  content: z.object({
    code: z.string(),
    provision: z.string(),
    title: z.string(),
    lines: z.array(line),
    nearestRelativeStatement: z.string().nullable(),
  }),
});

export const overviewResource = z.object({
  referralId: z.string(),
  reference: z.string(),
  patientName: z.string(),
  applicationSection: z.enum(FORM_SECTIONS).nullable(),
  applicationBlocked: z.string().nullable(),
  forms: z.array(formResource),
  bundleReady: z.boolean(),
  bundleBlocked: z.string().nullable(),
  me: z
    .object({
      doctorId: z.string(),
      name: z.string(),
      examinedAt: z.date().nullable(),
    })
    .nullable(),
  otherDoctors: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const sentResource = z.object({
  sentTo: z.string(),
  forms: z.array(z.string()),
});
