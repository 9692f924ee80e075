/**
 * zod schemas for the standards forms and API. Form posts arrive as strings, so empty choices
 * ('') mean "not answered yet" and become null; messages follow GOV.UK error-message style.
 */
import { z } from 'zod';
import { isStandardNumber } from './standards-catalogue.js';
import type { StandardNumber } from './standards-catalogue.js';
import { PARTICIPANT_PERSPECTIVES } from './evaluation.js';
import { ACTION_STATUSES } from './action-plan.js';
import {
  EFFECTIVENESS_LEVELS,
  EVIDENCE_KINDS,
  EXTENTS_MET,
  RISK_LEVELS,
} from './standards-scales.js';
import { compareIsoDates, formatLongDate, isIsoDate } from './standards-time.js';

const emptyToNull = (value: unknown): unknown =>
  value === '' || value === undefined ? null : value;
const emptyToUndefined = (value: unknown): unknown =>
  value === '' || value === null ? undefined : value;

const text = (max: number, tooLong: string) =>
  z.string({ error: 'Enter text' }).trim().max(max, { error: tooLong });

const requiredText = (max: number, empty: string, tooLong: string) =>
  z.string({ error: empty }).trim().min(1, { error: empty }).max(max, { error: tooLong });

/** Checkbox or JSON boolean: "yes", "true", "on" or true are ticked; anything else is not. */
const tickbox = z.preprocess(
  (value) => value === true || value === 'true' || value === 'yes' || value === 'on',
  z.boolean(),
);

export const standardNumberSchema = z
  .string({ error: 'Choose a standard' })
  .refine(isStandardNumber, { error: 'Choose one of the 28 standards' })
  .transform((value) => value as StandardNumber);

export const isoDateSchema = z
  .string({ error: 'Enter a date' })
  .trim()
  .refine(isIsoDate, { error: 'Enter a real date in the format YYYY-MM-DD' });

export const riskLevelSchema = z.enum(RISK_LEVELS, { error: 'Choose low, medium or high' });
export const extentMetSchema = z.enum(EXTENTS_MET, { error: 'Choose met, partly met or not met' });
export const effectivenessSchema = z.enum(EFFECTIVENESS_LEVELS, {
  error: 'Choose effective, partly effective or not effective',
});
export const evidenceKindSchema = z.enum(EVIDENCE_KINDS, {
  error: 'Choose policy, protocol, practice example or other',
});

const optionalRisk = (who: string) =>
  z.preprocess(
    emptyToNull,
    z.enum(RISK_LEVELS, { error: `Risk to ${who} must be low, medium or high` }).nullable(),
  );

export const riskRatingsInputSchema = z.object({
  amhps: optionalRisk('AMHPs'),
  service: optionalRisk('the AMHP service'),
  organisation: optionalRisk('the organisation'),
});

export const evidenceItemInputSchema = z.object({
  id: z.string().min(1).optional(),
  kind: evidenceKindSchema,
  description: requiredText(
    2000,
    'Describe the evidence',
    'Evidence description must be 2000 characters or fewer',
  ),
  whereToFind: z.preprocess(
    (v) => v ?? '',
    text(500, 'Where to find it must be 500 characters or fewer'),
  ),
});

export const partPositionInputSchema = z.object({
  partKey: z
    .string({ error: 'Choose a part of the service' })
    .min(1, { error: 'Choose a part of the service' }),
  extentMet: extentMetSchema,
  note: z.preprocess((v) => v ?? '', text(2000, 'Note must be 2000 characters or fewer')),
});

const notes = z.preprocess(
  (v) => v ?? '',
  text(10_000, 'Notes must be 10,000 characters or fewer'),
);

/** One save of a standard's record: every step is optional so the note-taker can save as they go. */
export const standardRecordInputSchema = z.object({
  expectedVersion: z.coerce
    .number({ error: 'The form is out of date: reload the page' })
    .int({ error: 'The form is out of date: reload the page' })
    .min(0, { error: 'The form is out of date: reload the page' }),
  extentMet: z.preprocess(emptyToNull, extentMetSchema.nullable()).optional(),
  partPositions: z.array(partPositionInputSchema).optional(),
  evidence: z.array(evidenceItemInputSchema).optional(),
  mapNotes: notes.optional(),
  effectiveness: z.preprocess(emptyToNull, effectivenessSchema.nullable()).optional(),
  evaluateNotes: notes.optional(),
  planNotes: notes.optional(),
  risk: riskRatingsInputSchema.optional(),
  agreedByGroup: tickbox.optional(),
});
export type StandardRecordInput = z.infer<typeof standardRecordInputSchema>;

const actionFields = {
  standardNumber: standardNumberSchema,
  description: requiredText(
    2000,
    'Describe the action',
    'Action description must be 2000 characters or fewer',
  ),
  owner: requiredText(200, 'Enter who owns this action', 'Owner must be 200 characters or fewer'),
  ownerPersonId: z.preprocess(emptyToUndefined, z.string().optional()),
  targetDate: isoDateSchema,
};

/** An action of the Plan step; the target date may not be before the evaluation date. */
export function actionInputSchema(evaluationDate: string) {
  // A date already reported as impossible should not also be reported as too early.
  return z
    .object(actionFields)
    .refine((a) => !isIsoDate(a.targetDate) || compareIsoDates(a.targetDate, evaluationDate) >= 0, {
      path: ['targetDate'],
      error: `Target date must be on or after the evaluation date (${formatLongDate(evaluationDate)})`,
    });
}
export type ActionInput = z.infer<ReturnType<typeof actionInputSchema>>;

export const actionStatusInputSchema = z
  .object({
    status: z.enum(ACTION_STATUSES, { error: 'Choose not started, in progress, done or dropped' }),
    note: z.preprocess((v) => v ?? '', text(2000, 'Note must be 2000 characters or fewer')),
  })
  .refine((v) => v.status !== 'dropped' || v.note !== '', {
    path: ['note'],
    error: 'Say why the action is being dropped',
  });

export const progressNoteInputSchema = z.object({
  note: requiredText(
    2000,
    'Enter a progress note',
    'Progress note must be 2000 characters or fewer',
  ),
});

export const participantInputSchema = z.object({
  personId: z.string({ error: 'Choose a person' }).min(1, { error: 'Choose a person' }),
  represents: z
    .array(
      z.enum(PARTICIPANT_PERSPECTIVES, {
        error: 'Choose which part of the service they represent',
      }),
    )
    .min(1, { error: 'Choose which part of the service they represent' }),
  attending: tickbox,
});

export const servicePartInputSchema = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z0-9-_]{1,40}$/, {
      error: 'Part key must be lower-case letters, numbers or dashes',
    }),
  label: requiredText(100, 'Name the part of the service', 'Name must be 100 characters or fewer'),
});

export const newEvaluationInputSchema = z
  .object({
    serviceId: z.string({ error: 'Choose the service' }).min(1, { error: 'Choose the service' }),
    evaluationDate: isoDateSchema,
    chairPersonId: z.string({ error: 'Choose the chair' }).min(1, { error: 'Choose the chair' }),
    noteTakerPersonId: z.preprocess(emptyToUndefined, z.string().optional()),
    participants: z.array(participantInputSchema).default([]),
    serviceParts: z
      .array(servicePartInputSchema)
      .min(1, { error: 'Name at least one part of the service' })
      .optional(),
    baselineEvaluationId: z.preprocess(emptyToUndefined, z.string().optional()),
  })
  .refine((v) => new Set(v.participants.map((p) => p.personId)).size === v.participants.length, {
    path: ['participants'],
    error: 'Each person can be listed only once',
  });
export type NewEvaluationInput = z.infer<typeof newEvaluationInputSchema>;

export const earlyThoughtInputSchema = z.object({
  standardNumber: z.preprocess(emptyToNull, standardNumberSchema.nullable()),
  text: requiredText(5000, 'Enter your thoughts', 'Thoughts must be 5000 characters or fewer'),
  gatheredFrom: z.preprocess(emptyToNull, text(500, 'Must be 500 characters or fewer').nullable()),
});

export const commentInputSchema = z.object({
  standardNumber: z.preprocess(emptyToNull, standardNumberSchema.nullable()),
  text: requiredText(5000, 'Enter a comment', 'Comment must be 5000 characters or fewer'),
});

export const comparisonQuerySchema = z
  .object({
    baseline: z
      .string({ error: 'Choose the earlier evaluation' })
      .min(1, { error: 'Choose the earlier evaluation' }),
    repeat: z
      .string({ error: 'Choose the later evaluation' })
      .min(1, { error: 'Choose the later evaluation' }),
  })
  .refine((v) => v.baseline !== v.repeat, {
    path: ['repeat'],
    error: 'Choose two different evaluations',
  });

/** zod issues as `{ field, message }` for the GOV.UK error summary or the API's `details`. */
export function schemaProblems(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'form',
    message: issue.message,
  }));
}
