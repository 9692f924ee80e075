// What the intake routes accept, and the typed commands the services take. Each use case has an
// API body (JSON types, instants by the one time rule) and, where a page posts it, a form body
// (strings, GOV.UK date inputs plus a 24-hour time box); both parse to the same command.
// Rules that depend on the clock (not in the future, a plausible date of birth) are the
// service's, because a schema is declared once and cannot know "now".

import { z } from 'zod';
import {
  choice,
  dateInput,
  dateTimeInput,
  flag,
  instant,
  int,
  optionalChoice,
  optionalDate,
  optionalDateTimeInput,
  optionalInstant,
  optionalText,
  optionalUuid,
  text,
  uuid,
  version,
} from '../../../platform/http/fields.js';
import type { IsoDate } from '../../../platform/london-time.js';
import { validateNhsNumber } from '../nhs-number.js';
import {
  ALTERNATIVE_OFFERED_CODES,
  CURRENT_LEGAL_STATUS_CODES,
  DECISION_KIND_CODES,
  ETHNIC_CATEGORY_CODES,
  GENDER_CODES,
  REFERRAL_CHANNEL_CODES,
  REFERRAL_SOURCE_TYPE_CODES,
  URGENCY_LEVEL_CODES,
  type AlternativeOffered,
  type CurrentLegalStatus,
  type DecisionKind,
  type EthnicCategoryCode,
  type Gender,
  type ReferralChannel,
  type ReferralSourceType,
  type UrgencyLevel,
} from '../referral-codes.js';
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from '../referral-lifecycle.js';

// ── Commands ────────────────────────────────────────────────────────────────────────────────

/** A new referral, as the intake service records it. */
export interface IntakeCommand {
  receivedAt: Date;
  receivedVia: ReferralChannel;
  sourceType: ReferralSourceType;
  referrerName: string;
  referrerRole?: string | undefined;
  referrerOrganisation?: string | undefined;
  referrerContact: string;
  givenName: string;
  familyName: string;
  dateOfBirth?: IsoDate | undefined;
  /** Ten digits with a valid check digit (the schemas normalise "943 476 5919"). */
  nhsNumber?: string | undefined;
  address?: string | undefined;
  postcode?: string | undefined;
  lssaId?: string | undefined;
  gender: Gender;
  ethnicity?: EthnicCategoryCode | undefined;
  firstLanguage?: string | undefined;
  interpreterNeeded: boolean;
  communicationNeeds?: string | undefined;
  currentLocation: string;
  legalStatus: CurrentLegalStatus;
  /** Required for s136: the detention period runs from arrival at the place of safety. */
  legalStatusSince?: Date | undefined;
  reason: string;
  risks?: string | undefined;
  risksToStaff?: string | undefined;
  urgency: UrgencyLevel;
  /** True once the taker has seen the possible duplicates and says this is a new referral. */
  confirmNotDuplicate: boolean;
}

/**
 * A further call about a person who already has an open referral (e.g. the nearest relative's
 * section 13(4) request after the GP's referral): it joins that referral's timeline instead of
 * starting a new referral.
 */
export interface AddCallCommand {
  receivedAt: Date;
  receivedVia: ReferralChannel;
  sourceType: ReferralSourceType;
  referrerName: string;
  referrerRole?: string | undefined;
  referrerOrganisation?: string | undefined;
  referrerContact: string;
  /** What the caller said: the reason for the call. */
  reason: string;
  risks?: string | undefined;
}

export interface DecisionCommand {
  decision: DecisionKind;
  alternative?: AlternativeOffered | undefined;
  alternativeDetail?: string | undefined;
  rationale: string;
  /** When the decision was made, if it is being recorded after the event; now if not said. */
  decidedAt?: Date | undefined;
  version: number;
}

export interface AllocationCommand {
  amhpId: string;
  overrideReason?: string | undefined;
  version: number;
}

export const FEEDBACK_METHODS = [
  { code: 'phone', label: 'Phone' },
  { code: 'in_person', label: 'In person' },
  { code: 'email', label: 'E-mail' },
  { code: 'letter', label: 'Letter' },
  { code: 'other', label: 'Other' },
] as const;
export type FeedbackMethod = (typeof FEEDBACK_METHODS)[number]['code'];
const FEEDBACK_METHOD_CODES = FEEDBACK_METHODS.map((m) => m.code) as unknown as readonly [FeedbackMethod, ...FeedbackMethod[]];

export interface FeedbackCommand {
  givenTo: string;
  /** When it was given; now if not said. */
  givenAt?: Date | undefined;
  method: FeedbackMethod;
  notes?: string | undefined;
}

export interface WithdrawCommand {
  reason: string;
  version: number;
}

/** Close, or "the information has arrived": only the version read. */
export interface VersionCommand {
  version: number;
}

// ── Intake ──────────────────────────────────────────────────────────────────────────────────

/** An optional NHS number: blank is "not known"; anything else must be a real one (stored as digits). */
const nhsNumber = z
  .union([z.string().max(40, 'An NHS number has 10 digits'), z.null()])
  .optional()
  .transform((value, ctx): string | undefined => {
    if (typeof value !== 'string' || value.trim() === '') return undefined;
    const checked = validateNhsNumber(value);
    if (checked.ok) return checked.value;
    ctx.addIssue({ code: 'custom', message: checked.message });
    return z.NEVER;
  })
  .meta({ type: 'string', description: 'Ten digits; spaces and dashes allowed (943 476 5919). Must pass the modulus 11 check.' });

/** A GOV.UK date input that may be left blank. */
function optionalDateInput(label: string) {
  const blank = (value: unknown) =>
    value === undefined ||
    value === null ||
    value === '' ||
    (typeof value === 'object' && Object.values(value as Record<string, unknown>).every((part) => part === undefined || String(part).trim() === ''));
  return z.preprocess((value) => (blank(value) ? undefined : value), dateInput(label).optional());
}

const S136_SINCE = 'Enter when the section 136 detention started: the 24-hour period runs from arrival at the place of safety';

/** The fields the API and the form share (everything but dates, times and ticks). */
const intakeFields = {
  receivedVia: choice(REFERRAL_CHANNEL_CODES, 'Choose how the referral arrived'),
  sourceType: choice(REFERRAL_SOURCE_TYPE_CODES, 'Choose who the referral is from'),
  referrerName: text("the referrer's name", 200),
  referrerRole: optionalText(200, "the referrer's role"),
  referrerOrganisation: optionalText(200, "the referrer's organisation"),
  referrerContact: text("the referrer's phone number or e-mail", 200),
  givenName: text("the person's first name", 100),
  familyName: text("the person's last name", 100),
  nhsNumber,
  address: optionalText(500, 'the address'),
  postcode: optionalText(10, 'the postcode'),
  lssaId: optionalUuid('Choose the council area the person lives in'),
  gender: optionalChoice(GENDER_CODES, 'Choose a gender from the list').transform((value): Gender => value ?? 'not_known'),
  ethnicity: optionalChoice(ETHNIC_CATEGORY_CODES, 'Choose an ethnic category from the list'),
  firstLanguage: optionalText(100, 'the first language'),
  communicationNeeds: optionalText(1000, 'communication needs'),
  currentLocation: text('where the person is now', 300),
  legalStatus: choice(CURRENT_LEGAL_STATUS_CODES, "Choose the person's current legal status"),
  reason: text('the reason for the referral', 5000),
  risks: optionalText(5000, 'the risks'),
  risksToStaff: optionalText(5000, 'the risks to staff'),
  urgency: choice(URGENCY_LEVEL_CODES, 'Choose how urgent the referral is'),
};

function requireS136Since(input: { legalStatus: CurrentLegalStatus; legalStatusSince?: Date | undefined }, ctx: z.RefinementCtx): void {
  if (input.legalStatus === 's136' && !input.legalStatusSince) ctx.addIssue({ code: 'custom', path: ['legalStatusSince'], message: S136_SINCE });
}

const toIntake = <T extends Omit<IntakeCommand, 'postcode'> & { postcode?: string | undefined }>(input: T): IntakeCommand => ({
  ...input,
  ...(input.postcode ? { postcode: input.postcode.toUpperCase() } : {}),
});

/** POST /api/v1/referrals. */
export const intakeBody = z
  .object({
    receivedAt: instant('when the referral arrived'),
    ...intakeFields,
    dateOfBirth: optionalDate('the date of birth'),
    interpreterNeeded: z.boolean().optional().default(false).meta({ description: 'An interpreter is needed (default false)' }),
    legalStatusSince: optionalInstant('when the current legal status started').meta({
      description: 'When the current legal status started. Required when legalStatus is s136 (arrival at the place of safety). Same time rule as receivedAt.',
    }),
    confirmNotDuplicate: z.boolean().optional().default(false).meta({
      description: 'Send true after a 422 possible_duplicate, once you have checked the candidates in details.duplicates: this is a new referral.',
    }),
  })
  .superRefine(requireS136Since)
  .transform(toIntake);

/** POST /referrals (the intake page). */
export const intakeForm = z
  .object({
    receivedAt: dateTimeInput('when the referral arrived'),
    ...intakeFields,
    dateOfBirth: optionalDateInput('the date of birth'),
    interpreterNeeded: flag,
    legalStatusSince: optionalDateTimeInput('when the current legal status started'),
    confirmNotDuplicate: flag,
  })
  .superRefine(requireS136Since)
  .transform(toIntake);

// ── A further call added to an open referral ────────────────────────────────────────────────

const addCallFields = {
  receivedVia: intakeFields.receivedVia,
  sourceType: intakeFields.sourceType,
  referrerName: intakeFields.referrerName,
  referrerRole: intakeFields.referrerRole,
  referrerOrganisation: intakeFields.referrerOrganisation,
  referrerContact: intakeFields.referrerContact,
  reason: text('what the caller asked for', 5000),
  risks: intakeFields.risks,
};

/** POST /api/v1/referrals/:id/calls. */
export const addCallBody = z.object({ receivedAt: instant('when the call came in'), ...addCallFields }) satisfies z.ZodType<AddCallCommand>;

/**
 * POST /referrals/:id/calls: the intake form's "add this call to …" button after a duplicate
 * warning. The form sends every intake field; only the caller's are read.
 */
export const addCallForm = z.object({ receivedAt: dateTimeInput('when the call came in'), ...addCallFields }) satisfies z.ZodType<AddCallCommand>;

// ── Decision, allocation, feedback, withdrawal, closure ─────────────────────────────────────

const decisionFields = {
  decision: choice(DECISION_KIND_CODES, 'Choose your decision'),
  alternative: optionalChoice(ALTERNATIVE_OFFERED_CODES, 'Choose the alternative offered').meta({ description: 'Required when the decision is not_proceed' }),
  alternativeDetail: optionalText(1000, 'the details of the alternative').meta({ description: 'Required when the alternative is other' }),
  rationale: text('the reason for your decision', 5000),
  version,
};

function decisionRules(input: { decision: DecisionKind; alternative?: AlternativeOffered | undefined; alternativeDetail?: string | undefined }, ctx: z.RefinementCtx): void {
  if (input.decision === 'not_proceed' && !input.alternative) {
    ctx.addIssue({ code: 'custom', path: ['alternative'], message: 'Choose the less restrictive alternative offered instead of an assessment' });
  }
  if (input.decision === 'not_proceed' && input.alternative === 'other' && !input.alternativeDetail) {
    ctx.addIssue({ code: 'custom', path: ['alternativeDetail'], message: 'Describe the alternative offered' });
  }
}

/** The API: `decidedAt` (same time rule as every instant) when recording a decision made earlier. */
export const decisionBody = z
  .object({
    ...decisionFields,
    decidedAt: optionalInstant('when the decision was made').meta({ description: 'When the decision was made, if recorded after the event (not in the future, not before the referral arrived); now if not sent' }),
  })
  .superRefine(decisionRules) satisfies z.ZodType<DecisionCommand>;

/** The decision page: a GOV.UK date input plus a 24-hour time box, left blank for "now". */
export const decisionForm = z
  .object({ ...decisionFields, decidedAt: optionalDateTimeInput('when the decision was made') })
  .superRefine(decisionRules) satisfies z.ZodType<DecisionCommand>;

export const allocationBody = z.object({
  amhpId: uuid('Choose the AMHP to allocate'),
  overrideReason: optionalText(1000, 'the reason').meta({ description: 'Required when the AMHP is the person who decided the referral (the reviewer should not assess)' }),
  version,
}) satisfies z.ZodType<AllocationCommand>;

/** The allocation page: the select sends '' for "Choose an AMHP". */
export const allocationForm = allocationBody.extend({
  amhpId: z.preprocess((value) => (value === '' ? undefined : value), uuid('Choose the AMHP to allocate')),
});

const feedbackFields = {
  givenTo: text('who you gave the feedback to', 200),
  method: choice(FEEDBACK_METHOD_CODES, 'Choose how you gave the feedback'),
  notes: optionalText(2000, 'the notes'),
};

export const feedbackBody = z.object({
  ...feedbackFields,
  givenAt: optionalInstant('when you gave the feedback').meta({ description: 'When the feedback was given; now if not sent. Same time rule as every instant.' }),
}) satisfies z.ZodType<FeedbackCommand>;

export const feedbackForm = z.object({ ...feedbackFields, givenAt: optionalDateTimeInput('when you gave the feedback') }) satisfies z.ZodType<FeedbackCommand>;

export const withdrawBody = z.object({ reason: text('why the referral is being withdrawn', 2000), version }) satisfies z.ZodType<WithdrawCommand>;

export const versionBody = z.object({ version }) satisfies z.ZodType<VersionCommand>;

// ── Lists and search ────────────────────────────────────────────────────────────────────────

export const REFERRAL_STATUS_CODES = Object.keys(REFERRAL_STATUS_LABELS) as [ReferralStatus, ...ReferralStatus[]];

export interface ListFilter {
  /** 'open' (the default), 'all', or one status. */
  status?: 'open' | 'all' | ReferralStatus | undefined;
  urgency?: UrgencyLevel | undefined;
  lssaId?: string | undefined;
  /** An AMHP's id, or 'none' for not allocated. */
  amhpId?: string | undefined;
  page?: number | undefined;
  limit?: number | undefined;
}

const filterFields = {
  status: optionalChoice(['open', 'all', ...REFERRAL_STATUS_CODES], 'Choose a status from the list'),
  urgency: optionalChoice(URGENCY_LEVEL_CODES, 'Choose an urgency from the list'),
  lssaId: optionalUuid('Choose a council from the list'),
  amhpId: z
    .union([z.literal(''), z.literal('none'), uuid('Choose an AMHP from the list')])
    .optional()
    .transform((value) => (value ? value : undefined))
    .meta({ type: 'string', description: "An AMHP's id, or none for referrals not allocated" }),
  q: optionalText(100, 'the search').meta({ description: 'Search instead of filtering: a name ("Okafor", "Sam Okafor 1990-01-02"), an NHS number or a reference (REF-2026-000012)' }),
  page: optionalInt('the page', 1000),
};

/** An optional whole number from 1 to `max` (a query string sends '' for "not given"). */
function optionalInt(label: string, max: number) {
  return z.preprocess((value) => (value === '' || value === null ? undefined : value), int(label, 1, max).optional()).meta({ type: 'integer', minimum: 1, maximum: max });
}

/** GET /referrals (the list page). */
export const listQuery = z.object(filterFields);

/** GET /api/v1/referrals. */
export const apiListQuery = z.object({
  ...filterFields,
  limit: optionalInt('the limit', 200).meta({ description: 'Rows per page (default 200)' }),
});
