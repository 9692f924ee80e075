// Input schemas for the assessment record. Pages send strings (datetime-local values are England
// local time, 'YYYY-MM-DDTHH:MM'); the API sends JSON with ISO instants. Both go through these.

import { z } from 'zod';
import { fromLocalInputValue } from '../../platform/london-time.js';
import { ASSESSMENT_OUTCOME_CODES } from './referral-codes.js';
import { DELAY_CAUSE_CODES } from './delays.js';
import { NEAREST_RELATIVE_CATEGORIES } from './nearest-relative.js';

const LOCAL_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** An optional instant: '' or absent → null; a datetime-local value (London) or ISO instant. */
export const optionalInstant = (label: string) =>
  z.preprocess(
    (value) => {
      if (value === undefined || value === null || value === '') return null;
      if (value instanceof Date) return value;
      if (typeof value !== 'string') return value;
      const text = value.trim();
      if (text === '') return null;
      const parsed = LOCAL_INPUT.test(text) ? fromLocalInputValue(text) : /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : undefined;
      return parsed && !Number.isNaN(parsed.getTime()) ? parsed : 'invalid';
    },
    z.union([z.date(), z.null()], { error: `Enter ${label} as a real date and time, for example 14/03/2026 21:30` }),
  );

const text = (max = 4000) =>
  z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string().trim().max(max, `Must be ${max} characters or fewer`));

const bool = z.preprocess((v) => v === true || v === 'true' || v === 'yes' || v === 'on', z.boolean());

const version = z.coerce.number({ error: 'The record version is missing: reload the page' }).int().min(1, 'The record version is missing: reload the page');

const optionalDate = z.preprocess(
  (v) => (v === '' || v === undefined ? null : v),
  z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter a date as YYYY-MM-DD'), z.null()]),
);

export const planSchema = z.object({
  plannedAt: optionalInstant('the planned time'),
  plannedPlace: text(300),
  version,
});

export const interviewSchema = z.object({
  interviewAt: optionalInstant('the interview time'),
  lastSawAt: optionalInstant('when you last saw the person'),
  mostAppropriateReason: text(),
  noPreviousAcquaintanceReason: text(),
  notes: text(8000),
  version,
});

export const doctorSchema = z.object({
  name: z.string({ error: "Enter the doctor's name" }).trim().min(1, "Enter the doctor's name").max(200),
  gmcNumber: text(20),
  s12Approved: bool,
  approvedClinician: bool,
  previousAcquaintance: bool,
  requestedAt: optionalInstant('when the doctor was requested'),
  arrivedAt: optionalInstant('when the doctor arrived'),
  examinedAt: optionalInstant('the examination time'),
  signedAt: optionalInstant('when the recommendation was signed'),
  jointOrSeparate: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(['joint', 'separate']).nullable()),
  version,
});

export const removeDoctorSchema = z.object({ version });

export const contactSchema = z.object({
  doctorName: z.string({ error: "Enter the doctor's name" }).trim().min(1, "Enter the doctor's name").max(200),
  s12Approved: bool,
  calledAt: optionalInstant('when you called').refine((v) => v !== null, 'Enter when you called'),
  result: z.enum(['available', 'declined', 'no_answer', 'left_message'], { error: 'Choose what happened' }),
  note: text(1000),
});

const NR_CATEGORY_CODES = [...NEAREST_RELATIVE_CATEGORIES.map((c) => c.code), 'local_authority', 'guardian_or_order_holder'] as unknown as [string, ...string[]];

export const nearestRelativeSchema = z.object({
  category: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(NR_CATEGORY_CODES, { error: 'Choose the category' }).nullable()),
  name: text(200),
  relationship: text(200),
  contact: text(300),
  informedAt: optionalInstant('when you informed the nearest relative'),
  toldOfDischargePower: bool,
  consultedAt: optionalInstant('when you consulted the nearest relative'),
  objected: bool,
  notPracticableReason: z.preprocess(
    (v) => (v === '' || v === undefined ? null : v),
    z.enum(['no_nearest_relative', 'not_reasonably_practicable', 'unreasonable_delay'], { error: 'Choose a reason' }).nullable(),
  ),
  notPracticableDetail: text(2000),
  s13Request: bool,
  s13Reasons: text(4000),
  version,
});

export const RESOURCE_KINDS = ['interpreter', 'police', 'ambulance', 'bed'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const resourceSchema = z.object({
  requestedAt: optionalInstant('when it was requested'),
  arrivedAt: optionalInstant('when it arrived or was confirmed'),
  requestedBy: text(200),
  provider: text(200),
  detail: text(1000),
  version,
});

// ── Legal context (the JSON document the statutory checks read) ─────────────────────────────────

const instantOrNull = optionalInstant('the time');

const conflictParty = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amhp') }),
  z.object({ kind: z.literal('patient') }),
  z.object({ kind: z.literal('doctor'), doctorId: z.string().min(1) }),
]);

export const legalContextSchema = z.object({
  conflicts: z
    .array(
      z.object({
        between: z.tuple([conflictParty, conflictParty]),
        type: z.enum(['professional', 'business', 'financial', 'personal']),
        description: z.string().trim().min(1, 'Describe the conflict').max(1000),
        urgencyOverrideReason: z.string().trim().max(2000).nullable().optional(),
      }),
    )
    .default([]),
  allAssessorsInSameTeam: z.object({ urgencyOverrideReason: z.string().trim().max(2000).nullable() }).nullable().default(null),
  section4: z
    .object({
      urgentNecessityStated: bool,
      undesirableDelayStated: bool,
      recommendationVerifiesUrgency: bool,
      whyNotSection2: z.string().trim().max(2000).nullable().default(null),
      secondRecommendation: z
        .object({
          id: z.string().default('second-recommendation'),
          name: z.string().trim().min(1),
          gmcNumber: z.string().nullable().optional(),
          s12Approved: bool,
          approvedClinician: bool,
          previousAcquaintance: bool,
          examinedAt: instantOrNull,
          signedAt: instantOrNull,
          receivedByManagersAt: optionalInstant('when the managers received it').refine((v) => v !== null, 'Enter when the managers received it'),
        })
        .nullable()
        .default(null),
    })
    .nullable()
    .default(null),
  guardianship: z
    .object({
      guardian: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('local_authority') }),
          z.object({ kind: z.literal('private'), name: z.string().trim().min(1), acceptedByLssaOn: optionalDate, writtenWillingness: bool }),
        ])
        .nullable()
        .default(null),
      forwardedToLssaOn: optionalDate.default(null),
    })
    .nullable()
    .default(null),
  placeOfSafety: z
    .object({
      power: z.enum(['s136', 's135_1', 's135_2']),
      detainedAt: instantOrNull.default(null),
      clockStartedAt: instantOrNull.default(null),
      endedAt: instantOrNull.default(null),
      policeStationUsed: bool.default(false),
      policeStationJustification: z.string().trim().max(2000).nullable().default(null),
      extensions: z
        .array(
          z.object({
            authorisedAt: optionalInstant('when the extension was authorised').refine((v) => v !== null, 'Enter when the extension was authorised'),
            hours: z.coerce.number().int(),
            authorisedByExaminingDoctor: bool,
            reason: z.enum(['person_condition', 'staff_or_bed_availability', 'other']),
            superintendentApprovedAt: instantOrNull.default(null),
          }),
        )
        .default([]),
      s136Consultation: z
        .object({
          consultedAt: instantOrNull.default(null),
          consultedRole: z.enum(['doctor', 'registered_nurse', 'amhp', 'other']).nullable().default(null),
          notPracticableReason: z.string().trim().max(2000).nullable().default(null),
        })
        .nullable()
        .default(null),
      previousS136: z
        .object({ endedAt: optionalInstant('when the previous s136 ended').refine((v) => v !== null, 'Enter when it ended'), personLeftPlaceOfSafety: bool })
        .nullable()
        .default(null),
      warrant: z.object({ informationLaidByAmhp: bool, amhpAttended: bool, doctorAttended: bool }).nullable().default(null),
    })
    .nullable()
    .default(null),
  holdingPower: z.object({ s54RecordedAt: instantOrNull.default(null), s52ReportedAt: instantOrNull.default(null) }).nullable().default(null),
  currentDetention: z
    .object({
      section: z.literal('s2'),
      admittedAt: optionalInstant('when the current section 2 began').refine((v) => v !== null, 'Enter the admission time'),
      s29DisplacementPending: bool,
    })
    .nullable()
    .default(null),
  cto: z.object({ madeOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), amhpAgreedInWriting: bool }).nullable().default(null),
});
export type LegalContext = z.output<typeof legalContextSchema>;

export const legalContextInputSchema = legalContextSchema.extend({ version });

/** The simpler page form for the legal context: place of safety, holding powers, conflicts. */
export const legalContextFormSchema = z.object({
  posPower: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(['s136', 's135_1', 's135_2']).nullable()),
  posDetainedAt: optionalInstant('when the person was detained'),
  posClockStartedAt: optionalInstant('when the person arrived at the place of safety'),
  posEndedAt: optionalInstant('when the power ended'),
  posPoliceStation: bool,
  posPoliceStationJustification: text(2000),
  posConsultedAt: optionalInstant('when the police consulted'),
  posConsultedRole: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(['doctor', 'registered_nurse', 'amhp', 'other']).nullable()),
  posConsultNotPracticable: text(2000),
  extAuthorisedAt: optionalInstant('when the extension was authorised'),
  extHours: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().min(1, 'An extension is 1 to 12 hours').max(12, 'An extension is 1 to 12 hours').nullable()),
  extByExaminingDoctor: bool,
  extReason: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(['person_condition', 'staff_or_bed_availability', 'other']).nullable()),
  s54RecordedAt: optionalInstant('the section 5(4) time'),
  s52ReportedAt: optionalInstant('the section 5(2) time'),
  currentS2AdmittedAt: optionalInstant('when the current section 2 began'),
  conflictDescription: text(1000),
  conflictType: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(['professional', 'business', 'financial', 'personal']).nullable()),
  conflictUrgencyReason: text(2000),
  version,
});

export const outcomeSchema = z.object({
  outcome: z.enum(ASSESSMENT_OUTCOME_CODES as [string, ...string[]], { error: 'Choose the outcome' }),
  applicationAt: optionalInstant('the application time'),
  admittedAt: optionalInstant('the admission time'),
  hospitalName: text(300),
  hospitalAddressedToManagers: bool,
  outcomeReason: text(4000),
  delayCause: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.enum(DELAY_CAUSE_CODES as [string, ...string[]]).nullable()),
  delayNote: text(2000),
  /** Reasons for going ahead despite warnings, by rule ID. Pages send warningReason[R-…]. */
  warningReasons: z.record(z.string(), z.string().trim().max(2000)).default({}),
  // Section 4 statements (form A10/A11)
  s4UrgentNecessity: bool.optional(),
  s4UndesirableDelay: bool.optional(),
  s4RecommendationVerifies: bool.optional(),
  s4WhyNotSection2: text(2000).optional(),
  // Guardianship
  guardianKind: z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.enum(['local_authority', 'private']).optional()),
  guardianName: text(200).optional(),
  guardianAcceptedOn: optionalDate.optional(),
  guardianWrittenWillingness: bool.optional(),
  forwardedToLssaOn: optionalDate.optional(),
  version,
});
export type OutcomeInput = z.output<typeof outcomeSchema>;

export const PRINCIPLE_KEYS = ['leastRestrictive', 'empowerment', 'respect', 'purpose', 'efficiency'] as const;
export const PRINCIPLES: readonly { key: (typeof PRINCIPLE_KEYS)[number]; label: string; hint: string }[] = [
  { key: 'leastRestrictive', label: 'Least restrictive option and maximising independence', hint: 'What alternatives to detention you considered and why they were or were not enough' },
  { key: 'empowerment', label: 'Empowerment and involvement', hint: "How the person, their family and carers were involved and their views taken into account" },
  { key: 'respect', label: 'Respect and dignity', hint: 'How you respected the person, their culture, communication needs and privacy' },
  { key: 'purpose', label: 'Purpose and effectiveness', hint: 'How the decision aims to meet the person’s needs and recovery' },
  { key: 'efficiency', label: 'Efficiency and equity', hint: 'How resources were used fairly and delays kept down' },
];

export const reportSchema = z.object({
  leastRestrictive: text(),
  empowerment: text(),
  respect: text(),
  purpose: text(),
  efficiency: text(),
  alternativesConsidered: text(),
  version,
});

export const finaliseSchema = z.object({ version, confirm: bool.optional() });

export const addendumSchema = z.object({
  text: z.string({ error: 'Enter the addendum' }).trim().min(1, 'Enter the addendum').max(8000),
});
