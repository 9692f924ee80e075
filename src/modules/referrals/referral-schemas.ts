// Input schemas for referral intake, decision, allocation, feedback and withdrawal. The same
// schemas parse HTML forms (strings, blanks meaning "not given") and API JSON.

import { z } from 'zod';
import { formBoolean, formText, optionalText } from '../../platform/http/forms.js';
import { fromLocalInputValue } from '../../platform/london-time.js';
import { validateNhsNumber } from './nhs-number.js';
import { validateDateOfBirth } from './person-details.js';
import {
  ALTERNATIVE_OFFERED_CODES,
  CURRENT_LEGAL_STATUS_CODES,
  DECISION_KIND_CODES,
  ETHNIC_CATEGORY_CODES,
  GENDER_CODES,
  REFERRAL_CHANNEL_CODES,
  REFERRAL_SOURCE_TYPE_CODES,
  URGENCY_LEVEL_CODES,
} from './referral-codes.js';
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from './referral-lifecycle.js';

const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

function choice<C extends string>(codes: readonly C[], message: string) {
  return z.enum(codes as unknown as [C, ...C[]], { error: message });
}

const optionalChoice = <C extends string>(codes: readonly C[], message: string) =>
  z.preprocess(blankToUndefined, choice(codes, message).optional());

const optionalUuid = (message: string) => z.preprocess(blankToUndefined, z.string().uuid(message).optional());

/** A moment from a `datetime-local` input (London time) or an ISO 8601 instant (API). */
export const instant = (message: string) =>
  z.preprocess(
    (value) => {
      if (value instanceof Date) return value;
      if (typeof value !== 'string' || value.trim() === '') return undefined;
      const local = fromLocalInputValue(value);
      if (local) return local;
      const parsed = new Date(value);
      return Number.isNaN(parsed.getTime()) ? 'invalid' : parsed;
    },
    z.date({ error: message }),
  );

export const optionalInstant = (message: string) =>
  z.preprocess((value) => (value === '' || value === null ? undefined : value), instant(message).optional());

export const versionField = z.coerce.number({ error: 'The version of the record you read is missing' }).int().min(1, 'The version of the record you read is missing');

/** Intake; `now` bounds the date of birth and the time received. */
export function intakeSchema(now: Date) {
  return z
    .object({
      receivedAt: instant('Enter when the referral arrived, like 2026-03-27 22:00'),
      receivedVia: choice(REFERRAL_CHANNEL_CODES, 'Choose how the referral arrived'),
      sourceType: choice(REFERRAL_SOURCE_TYPE_CODES, 'Choose who the referral is from'),
      referrerName: formText("the referrer's name", 200),
      referrerRole: optionalText(200),
      referrerOrganisation: optionalText(200),
      referrerContact: formText("the referrer's phone number or e-mail", 200),
      givenName: formText("the person's first name", 100),
      familyName: formText("the person's last name", 100),
      dateOfBirth: z.preprocess(blankToUndefined, z.string().optional()),
      nhsNumber: z.preprocess(blankToUndefined, z.string().optional()),
      address: optionalText(500),
      postcode: optionalText(10),
      lssaId: optionalUuid('Choose the council area the person lives in'),
      gender: z.preprocess((v) => blankToUndefined(v) ?? 'not_known', choice(GENDER_CODES, 'Choose a gender from the list')),
      ethnicity: optionalChoice(ETHNIC_CATEGORY_CODES, 'Choose an ethnic category from the list'),
      firstLanguage: optionalText(100),
      interpreterNeeded: formBoolean,
      communicationNeeds: optionalText(1000),
      currentLocation: formText('where the person is now', 300),
      legalStatus: choice(CURRENT_LEGAL_STATUS_CODES, "Choose the person's current legal status"),
      legalStatusSince: optionalInstant('Enter when the current legal status started, like 2026-03-27 21:40'),
      reason: formText('the reason for the referral', 5000),
      risks: optionalText(5000),
      risksToStaff: optionalText(5000),
      urgency: choice(URGENCY_LEVEL_CODES, 'Choose how urgent the referral is'),
      confirmNotDuplicate: formBoolean.optional(),
    })
    .superRefine((input, ctx) => {
      if (input.dateOfBirth !== undefined) {
        const dob = validateDateOfBirth(input.dateOfBirth, now);
        if (!dob.ok) ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: dob.message });
      }
      if (input.nhsNumber !== undefined) {
        const nhs = validateNhsNumber(input.nhsNumber);
        if (!nhs.ok) ctx.addIssue({ code: 'custom', path: ['nhsNumber'], message: nhs.message });
      }
      if (input.receivedAt.getTime() > now.getTime() + 5 * 60_000) {
        ctx.addIssue({ code: 'custom', path: ['receivedAt'], message: 'When the referral arrived must be now or in the past' });
      }
      if (input.legalStatusSince && input.legalStatusSince.getTime() > now.getTime() + 5 * 60_000) {
        ctx.addIssue({ code: 'custom', path: ['legalStatusSince'], message: 'When the legal status started must be now or in the past' });
      }
      if (input.legalStatus === 's136' && !input.legalStatusSince) {
        ctx.addIssue({ code: 'custom', path: ['legalStatusSince'], message: 'Enter when the section 136 detention started: the 24-hour period runs from arrival at the place of safety' });
      }
    })
    .transform((input) => ({
      ...input,
      nhsNumber: input.nhsNumber === undefined ? undefined : (validateNhsNumber(input.nhsNumber) as { ok: true; value: string }).value,
    }));
}
export type IntakeInput = z.output<ReturnType<typeof intakeSchema>>;

export const decisionSchema = z
  .object({
    decision: choice(DECISION_KIND_CODES, 'Choose your decision'),
    alternative: optionalChoice(ALTERNATIVE_OFFERED_CODES, 'Choose the alternative offered'),
    alternativeDetail: optionalText(1000),
    rationale: formText('the reason for your decision', 5000),
    version: versionField,
  })
  .superRefine((input, ctx) => {
    if (input.decision === 'not_proceed' && !input.alternative) {
      ctx.addIssue({ code: 'custom', path: ['alternative'], message: 'Choose the less restrictive alternative offered instead of an assessment' });
    }
    if (input.decision === 'not_proceed' && input.alternative === 'other' && !input.alternativeDetail) {
      ctx.addIssue({ code: 'custom', path: ['alternativeDetail'], message: 'Describe the alternative offered' });
    }
  });
export type DecisionInput = z.output<typeof decisionSchema>;

export const allocationSchema = z.object({
  amhpId: z.preprocess(blankToUndefined, z.string({ error: 'Choose the AMHP to allocate' }).uuid('Choose the AMHP to allocate')),
  overrideReason: optionalText(1000),
  version: versionField,
});
export type AllocationInput = z.output<typeof allocationSchema>;

export const FEEDBACK_METHODS = [
  { code: 'phone', label: 'Phone' },
  { code: 'in_person', label: 'In person' },
  { code: 'email', label: 'E-mail' },
  { code: 'letter', label: 'Letter' },
  { code: 'other', label: 'Other' },
] as const;
export type FeedbackMethod = (typeof FEEDBACK_METHODS)[number]['code'];

export function feedbackSchema(now: Date) {
  return z
    .object({
      givenTo: formText('who you gave the feedback to', 200),
      givenAt: optionalInstant('Enter when you gave the feedback, like 2026-03-27 23:10'),
      method: choice(
        FEEDBACK_METHODS.map((m) => m.code),
        'Choose how you gave the feedback',
      ),
      notes: optionalText(2000),
    })
    .superRefine((input, ctx) => {
      if (input.givenAt && input.givenAt.getTime() > now.getTime() + 5 * 60_000) {
        ctx.addIssue({ code: 'custom', path: ['givenAt'], message: 'When you gave the feedback must be now or in the past' });
      }
    });
}
export type FeedbackInput = z.output<ReturnType<typeof feedbackSchema>>;

export const withdrawSchema = z.object({
  reason: formText('why the referral is being withdrawn', 2000),
  version: versionField,
});

export const closeSchema = z.object({ version: versionField });

const STATUS_CODES = Object.keys(REFERRAL_STATUS_LABELS) as ReferralStatus[];

export const listFilterSchema = z.object({
  status: z.preprocess(blankToUndefined, z.enum(['open', 'all', ...STATUS_CODES] as [string, ...string[]]).optional()),
  urgency: optionalChoice(URGENCY_LEVEL_CODES, 'Choose an urgency from the list'),
  lssaId: optionalUuid('Choose a council from the list'),
  amhpId: z.preprocess(blankToUndefined, z.union([z.literal('none'), z.string().uuid('Choose an AMHP from the list')]).optional()),
  q: z.preprocess(blankToUndefined, z.string().trim().max(100, 'Search must be 100 characters or fewer').optional()),
  limit: z.coerce.number().int().min(1).max(200).optional(),
  page: z.preprocess(blankToUndefined, z.coerce.number().int('Page must be a whole number').min(1, 'Page must be 1 or more').max(1000, 'Page must be 1000 or less').optional()),
});
export type ListFilter = z.output<typeof listFilterSchema>;
