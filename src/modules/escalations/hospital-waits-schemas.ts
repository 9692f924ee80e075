import { z } from 'zod';
import { choice, flag, int, optionalDateTimeInput, optionalText, text, uuid, version } from '../../platform/http/fields.js';
import { CONTACT_HOURS } from './partner-directory.js';
import { WAIT_KINDS, type TimerStep } from './hospital-waits.js';
import type { EndWaitCommand, StartWaitCommand, TimersCommand, WaitContactCommand } from './hospital-waits-service.js';

export const startWaitBody = z.object({
  referral: text('the referral reference', 64).meta({ description: 'A referral id or reference, e.g. AMHP-2026-00042' }),
  partnerId: uuid('Choose the hospital from the partner directory').meta({ description: 'The hospital (an acute or mental health trust in the partner directory)' }),
  kind: choice(WAIT_KINDS, 'Say whether the person is in the emergency department or waiting for a bed'),
  startedAt: optionalDateTimeInput('the arrival or bed request time').meta({ description: 'Arrival in the emergency department, or the bed request (London time unless an offset is given); now when left out' }),
}) satisfies z.ZodType<StartWaitCommand>;

export const waitContactBody = z.object({
  stepIndex: int('the step', 0, 50),
  contactRole: text('whom you contacted', 200),
  number: optionalText(60, 'The number'),
  answered: flag.optional().transform((v) => v ?? false).meta({ description: 'Whether the call was answered (false when left out)' }),
  outcome: optionalText(2000, 'The outcome'),
  at: optionalDateTimeInput('when you made contact').meta({ description: 'When; now when left out' }),
}) satisfies z.ZodType<WaitContactCommand>;

export const endWaitBody = z.object({
  version,
  endedAt: optionalDateTimeInput('when the wait ended').meta({ description: 'When the person left the department or the bed was confirmed; now when left out' }),
  note: optionalText(2000, 'The note'),
}) satisfies z.ZodType<EndWaitCommand>;

const stepBody = z.object({
  afterMinutes: int('the minutes after the start', 1, 72 * 60),
  role: text('the role to contact', 120),
  breach: z.boolean().default(false),
}) satisfies z.ZodType<TimerStep, unknown>;

export const timersBody = z.object({
  version: int('the version you last read (0 for the defaults)', 0),
  emergencyDepartment: z.array(stepBody).max(20),
  bed: z.array(stepBody).max(20),
}) satisfies z.ZodType<TimersCommand, unknown>;

/** The page form: one step a line ("4, Duty senior nurse"; "12, On-call director, breach"). */
export const timersForm = z.object({
  version: int('the version you last read', 0),
  emergencyDepartment: optionalText(4000, 'The A&E steps').transform((v) => v ?? ''),
  bed: optionalText(4000, 'The bed pathway steps').transform((v) => v ?? ''),
});

export const waitListQuery = z.object({ referral: optionalText(64, 'The referral').meta({ description: 'A referral id or reference: only its waits' }) });

const stepResource = z.object({ afterMinutes: z.number().int(), role: z.string(), breach: z.boolean() });
const contactResource = z.object({ roleLabel: z.string(), rung: z.number().int(), hours: z.enum(CONTACT_HOURS), phone: z.string(), bleep: z.string(), mailbox: z.string() });
export const timersResource = z.object({ partnerId: z.string(), partnerName: z.string(), emergencyDepartment: z.array(stepResource), bed: z.array(stepResource), version: z.number().int(), isDefault: z.boolean() });

export const hospitalWaitResource = z.object({
  wait: z.object({
    id: z.string(),
    referralId: z.string(),
    referralReference: z.string(),
    partnerId: z.string(),
    partnerName: z.string(),
    kind: z.enum(WAIT_KINDS),
    startedAt: z.date(),
    steps: z.array(stepResource),
    recordedBy: z.string(),
    recordedByName: z.string(),
    recordedAt: z.date(),
    endedAt: z.date().nullable(),
    endNote: z.string(),
    version: z.number().int(),
  }),
  steps: z.array(stepResource.extend({ index: z.number().int(), dueAt: z.date(), state: z.enum(['upcoming', 'due', 'contacted', 'not_reached']), label: z.string(), contacts: z.array(contactResource) })),
  summary: z.object({ minutes: z.number().int(), text: z.string(), breached: z.boolean(), stepsDue: z.number().int(), next: z.object({ label: z.string(), dueAt: z.date(), role: z.string() }).nullable() }),
  contacts: z.array(z.object({ id: z.string(), stepIndex: z.number().int(), contactRole: z.string(), number: z.string(), at: z.date(), answered: z.boolean(), outcome: z.string(), byName: z.string() })),
});
export const hospitalWaitsResource = z.object({ referral: z.object({ id: z.string(), reference: z.string() }).nullable(), waits: z.array(hospitalWaitResource) });
