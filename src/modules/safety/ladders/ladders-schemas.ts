import { z } from 'zod';
import { choice, int, optionalText, optionalUuid, text } from '../../../platform/http/fields.js';
import type { AcknowledgementCommand } from './alerts-service.js';
import type { LadderCommand } from './ladders-service.js';
import { MAX_LADDER_STEPS } from './overdue-escalation.js';

// ---- Acknowledging an alert ----------------------------------------------------------------

const acknowledgementFields = {
  outcome: choice(['called_amhp', 'reached_amhp', 'not_reached'], 'Choose what you did'),
  note: optionalText(1000, 'The note').meta({ description: 'What you did; required when the AMHP was not reached' }),
};

export const acknowledgementBody = z.object(acknowledgementFields) satisfies z.ZodType<AcknowledgementCommand>;

/** The alerts page and the visit record: one form per alert, naming it. */
export const acknowledgementForm = z.object({
  ...acknowledgementFields,
  alertKey: text('the alert', 200),
  returnTo: z
    .string()
    .regex(/^\/safety\/[a-z0-9/-]*$/i)
    .optional()
    .catch(undefined),
});

export const alertKeyParams = z.object({ key: text('the alert key', 200) });

// ---- Ladders ------------------------------------------------------------------------------

/** Minutes as typed; the ranges are the ladder's own rules (validateEscalationPolicy), with their messages. */
const minutes = (label: string) => int(label, 0, 100_000);

const step = z.object({
  roleLabel: text('the role to alert', 120),
  personId: optionalUuid('Choose someone from the list').meta({ description: 'The person to alert in the app and by e-mail, if the step names one' }),
  contactNumber: text('a contact number for this step', 30),
});

export const ladderBody = z
  .object({
    graceMinutes: minutes('the grace period').meta({ description: 'Minutes after the expected finish before the first alert (0 to 120)' }),
    stepIntervalMinutes: minutes('the time before escalating').meta({ description: 'Minutes a step has to reach the AMHP before the next is alerted (1 to 120)' }),
    alarmStepIntervalMinutes: minutes('the time before escalating an alarm').meta({ description: 'The same for help requests and duress alarms (1 to 120)' }),
    ladder: z.array(step).max(MAX_LADDER_STEPS, `A ladder can have up to ${MAX_LADDER_STEPS} steps`).meta({ description: 'Step 0 is alerted first' }),
    version: z.preprocess((value) => (value === '' ? undefined : value), int('the version you last read', 0)).meta({ description: 'The version you last read; 0 when the team has no ladder configured yet' }),
  })
  .transform((body): LadderCommand => ({ ...body, steps: body.ladder }));

/** The admin form has six rows of role / person / number (`roleLabel0`, `personId0`, `contactNumber0` …). */
export const LADDER_FORM_ROWS = [0, 1, 2, 3, 4, 5] as const;

/** The rows of the admin form someone filled in, in order. */
export function filledLadderRows(values: Record<string, unknown>): number[] {
  const filled = (key: string) => typeof values[key] === 'string' && (values[key] as string).trim() !== '';
  return LADDER_FORM_ROWS.filter((i) => filled(`roleLabel${i}`) || filled(`personId${i}`) || filled(`contactNumber${i}`));
}

export const ladderForm = z.preprocess((raw) => {
  if (raw === null || typeof raw !== 'object') return raw;
  const values = raw as Record<string, unknown>;
  const ladder = filledLadderRows(values).map((i) => ({ roleLabel: values[`roleLabel${i}`], personId: values[`personId${i}`], contactNumber: values[`contactNumber${i}`] }));
  return { graceMinutes: values.graceMinutes, stepIntervalMinutes: values.stepIntervalMinutes, alarmStepIntervalMinutes: values.alarmStepIntervalMinutes, ladder, version: values.version };
}, ladderBody);

// ---- Resources ------------------------------------------------------------------------------

export const ladderStepResource = z.object({ roleLabel: z.string(), personLabel: z.string().nullable(), personId: z.string().nullable().optional(), contactNumber: z.string() });

export const teamLadderResource = z.object({
  teamId: z.string(),
  teamName: z.string(),
  teamKind: z.enum(['daytime', 'edt', 'other']),
  policy: z.object({ graceMinutes: z.number().int(), stepIntervalMinutes: z.number().int(), alarmStepIntervalMinutes: z.number().int(), ladder: z.array(ladderStepResource) }),
  configured: z.boolean(),
  version: z.number().int().meta({ description: '0 while the team has no ladder configured (the default applies)' }),
});

/** An alert as recorded on the visit (the visit record's open alerts). */
export const alertRecordResource = z.object({
  key: z.string(),
  visitId: z.string(),
  episodeKey: z.string(),
  trigger: z.enum(['overdue', 'help_requested', 'duress']),
  kind: z.literal('alert'),
  stepIndex: z.number().int(),
  step: ladderStepResource,
  at: z.date(),
});

export const alertResource = z.object({
  key: z.string(),
  visitId: z.string(),
  amhpName: z.string(),
  place: z.string(),
  phone: z.string(),
  trigger: z.enum(['overdue', 'help_requested', 'duress']),
  triggerText: z.string(),
  stepIndex: z.number().int(),
  step: ladderStepResource,
  at: z.date(),
  forMe: z.boolean(),
});

export const acknowledgementResource = z.object({
  id: z.string(),
  alertKey: z.string(),
  visitId: z.string(),
  outcome: z.enum(['called_amhp', 'reached_amhp', 'not_reached']),
  note: z.string().nullable(),
  by: z.string(),
  at: z.date(),
});

