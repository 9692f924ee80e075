/** What the training pages and API take and give (pages: GOV.UK date inputs; API: 'YYYY-MM-DD'). */
import { z } from 'zod';
import { choice, date, dateInput, flag, text } from '../../../platform/http/fields.js';

/**
 * Hours as typed ('3.5') or sent (3.5), kept to the hundredth (as stored): more than 0 and at
 * most 24 in a day.
 */
const hours = z
  .preprocess(
    (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value.trim())) : value),
    z
      .number({ error: 'Enter the number of hours as a number, for example 3.5' })
      .transform((h) => Math.round(h * 100) / 100)
      .pipe(z.number().gt(0, { error: 'Training hours must be more than 0' }).lte(24, { error: 'Training hours must be 24 or fewer in one day' })),
  )
  .meta({ type: 'number', exclusiveMinimum: 0, maximum: 24, description: 'Hours, rounded to the hundredth: more than 0 and at most 24' });

/** A tick box (page) or boolean (API); left out means no. */
const tick = flag.optional().transform((value) => value ?? false);

function trainingBody(form: boolean) {
  return z.object({
    date: (form ? dateInput : date)('the date of the training'),
    title: text('the title of the training', 200),
    provider: text('who provided the training', 200),
    hours,
    amhpSpecific: tick,
    legalUpdate: tick,
  });
}
export const trainingForm = trainingBody(true);
export const trainingApiBody = trainingBody(false);

const EVENT_KINDS = ['professional_meeting', 'away_day'] as const;

function eventBody(form: boolean) {
  return z.object({
    date: (form ? dateInput : date)('the date of the meeting or away day'),
    kind: choice(EVENT_KINDS, 'Choose whether this was a professional meeting or an away day'),
  });
}
export const eventForm = eventBody(true);
export const eventApiBody = eventBody(false);

export type TrainingCommand = z.output<typeof trainingApiBody>;
export type EventCommand = z.output<typeof eventApiBody>;

// ── What the API gives back ─────────────────────────────────────────────────────────────────

export const trainingResource = z.object({
  id: z.string(),
  personId: z.string(),
  date: z.iso.date(),
  title: z.string(),
  provider: z.string(),
  hours: z.number(),
  amhpSpecific: z.boolean(),
  legalUpdate: z.boolean(),
});

export const eventResource = z.object({ id: z.string(), personId: z.string(), date: z.iso.date(), kind: z.enum(EVENT_KINDS) });

export const complianceRow = z.object({
  personId: z.string(),
  name: z.string(),
  approved: z.boolean(),
  yearNumber: z.number().int().nullable(),
  yearStart: z.iso.date().nullable(),
  yearEnd: z.iso.date().nullable(),
  hours: z.number(),
  bookedHours: z.number(),
  legalUpdate: z.boolean(),
  professionalMeetings: z.number().int(),
  awayDays: z.number().int(),
  trainingMet: z.boolean(),
  daysLeft: z.number().int().nullable(),
  atRisk: z.boolean(),
  atRiskReason: z.string().nullable(),
});
