// What the assessment API parses (and so documents), and the typed commands the services take.
// Instants follow the one time rule (platform/time/parse.ts); pages parse GOV.UK date inputs
// into the same commands (assessment-form-schemas.ts).

import { z } from 'zod';
import {
  choice,
  date,
  flag,
  instant,
  int,
  optionalChoice,
  optionalDate,
  optionalInstant,
  optionalText,
  optionalUuid,
  text,
  uuid,
  version,
} from '../../../platform/http/fields.js';
import { DATE_DESCRIPTION, INSTANT_DESCRIPTION } from '../../../platform/time/parse.js';
import { DOCTOR_ROLE_CODES } from './domain/assessment-facts.js';
import { HOSPITAL_APPLICATIONS } from './domain/assessment-outcomes.js';
import { DELAY_CAUSE_CODES, type DelayCause } from './domain/delays.js';
import { NEAREST_RELATIVE_CATEGORIES } from './domain/nearest-relative.js';

/** A yes/no that may be left out (absent is no), so the document does not list it as required. */
const yesNo = flag.optional().transform((value) => value ?? false);

/** How a schema reads a date and time: API instants, or GOV.UK date input plus time box. */
export interface TimeFields {
  at(label: string): z.ZodType<Date | undefined>;
  requiredAt(label: string): z.ZodType<Date>;
}

export const apiTime: TimeFields = { at: (label) => optionalInstant(label), requiredAt: (label) => instant(label) };

// ── Sections ───────────────────────────────────────────────────────────────────────────────────

export function planBody(time: TimeFields) {
  return z.object({ plannedAt: time.at('the planned time'), plannedPlace: optionalText(300, 'the place'), version });
}
export type PlanCommand = z.output<ReturnType<typeof planBody>>;

export function interviewBody(time: TimeFields) {
  return z.object({
    interviewAt: time.at('the interview time'),
    lastSawAt: time.at('when you last saw the person'),
    mostAppropriateReason: optionalText(4000, 'the reason'),
    noPreviousAcquaintanceReason: optionalText(4000, 'the reason'),
    notes: optionalText(8000, 'the notes'),
    version,
  });
}
export type InterviewCommand = z.output<ReturnType<typeof interviewBody>>;

export const NR_CATEGORY_CODES: [string, ...string[]] = ['local_authority', 'guardian_or_order_holder', ...NEAREST_RELATIVE_CATEGORIES.map((c) => c.code)];
export const NR_NOT_PRACTICABLE = ['no_nearest_relative', 'not_reasonably_practicable', 'unreasonable_delay'] as const;

export function nearestRelativeBody(time: TimeFields) {
  return z.object({
    category: optionalChoice(NR_CATEGORY_CODES, 'Choose the category'),
    name: optionalText(200, 'the name'),
    relationship: optionalText(200, 'the relationship'),
    contact: optionalText(300, 'the contact details'),
    informedAt: time.at('when you informed the nearest relative'),
    toldOfDischargePower: yesNo,
    consultedAt: time.at('when you consulted the nearest relative'),
    objected: yesNo,
    notPracticableReason: optionalChoice(NR_NOT_PRACTICABLE, 'Choose a reason'),
    notPracticableDetail: optionalText(2000, 'the detail'),
    s13Request: yesNo,
    s13Reasons: optionalText(4000, 'the reasons'),
    version,
  });
}
export type NearestRelativeCommand = z.output<ReturnType<typeof nearestRelativeBody>>;

export const RESOURCE_KINDS = ['interpreter', 'police', 'ambulance', 'bed'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export function resourceBody(time: TimeFields) {
  return z.object({
    requestedAt: time.at('when it was requested'),
    arrivedAt: time.at('when it arrived or was confirmed'),
    requestedBy: optionalText(200, 'who requested it'),
    provider: optionalText(200, 'the provider'),
    detail: optionalText(1000, 'the detail'),
    version,
  });
}
export type ResourceCommand = z.output<ReturnType<typeof resourceBody>>;

// ── Doctors and the contact log ─────────────────────────────────────────────────────────────────

export function doctorBody(time: TimeFields) {
  return z.object({
    name: text("the doctor's name", 200),
    role: optionalChoice(DOCTOR_ROLE_CODES, "Choose the doctor's role: GP, consultant psychiatrist, approved clinician or other").meta({ description: 'gp, consultant_psychiatrist, approved_clinician or other' }),
    gmcNumber: optionalText(20, 'the GMC number'),
    s12Approved: yesNo,
    approvedClinician: yesNo,
    previousAcquaintance: yesNo,
    requestedAt: time.at('when the doctor was requested'),
    arrivedAt: time.at('when the doctor arrived'),
    examinedAt: time.at('the examination time'),
    signedAt: time.at('when the recommendation was signed'),
    jointOrSeparate: optionalChoice(['joint', 'separate'], 'Choose joint or separate'),
  });
}
export type DoctorCommand = z.output<ReturnType<typeof doctorBody>>;
export const doctorUpdateBody = (time: TimeFields) => doctorBody(time).extend({ version });
export type DoctorUpdateCommand = z.output<ReturnType<typeof doctorUpdateBody>>;
export const versionBody = z.object({ version });
export type VersionCommand = z.output<typeof versionBody>;

export const CONTACT_RESULTS = ['available', 'declined', 'no_answer', 'left_message'] as const;

export function contactBody(time: TimeFields) {
  return z.object({
    doctorName: text("the doctor's name", 200),
    s12Approved: yesNo,
    calledAt: time.requiredAt('when you called'),
    result: choice(CONTACT_RESULTS, 'Choose what happened'),
    note: optionalText(1000, 'the note'),
  });
}
export type ContactCommand = z.output<ReturnType<typeof contactBody>>;

// ── Legal context (the JSON document the statutory checks read) ─────────────────────────────────

/** An instant or null (absent and blank are null), as the facts the checks read hold it. */
const nullableInstant = (label: string) =>
  optionalInstant(label)
    .transform((value) => value ?? null)
    .meta({ type: ['string', 'null'], format: 'date-time', description: INSTANT_DESCRIPTION });
const nullableDate = (label: string) =>
  optionalDate(label)
    .transform((value) => value ?? null)
    .meta({ type: ['string', 'null'], format: 'date', description: DATE_DESCRIPTION });
const nullableText = (max: number, label: string) =>
  optionalText(max, label)
    .transform((value) => value ?? null)
    .meta({ type: ['string', 'null'], maxLength: max });

const conflictParty = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('amhp') }),
  z.object({ kind: z.literal('patient') }),
  z.object({ kind: z.literal('doctor'), doctorId: text('the doctor', 100) }),
]);

const secondRecommendationSchema = z.object({
  id: z.string().max(100).default('second-recommendation'),
  name: text("the second doctor's name", 200),
  gmcNumber: nullableText(20, 'the GMC number'),
  s12Approved: yesNo,
  approvedClinician: yesNo,
  previousAcquaintance: yesNo,
  examinedAt: nullableInstant('when the second doctor examined the person'),
  signedAt: nullableInstant('when the second recommendation was signed'),
  receivedByManagersAt: instant('when the managers received the second recommendation'),
});

export const legalContextSchema = z.object({
  conflicts: z
    .array(
      z.object({
        between: z.tuple([conflictParty, conflictParty]),
        type: choice(['professional', 'business', 'financial', 'personal'], 'Choose the kind of conflict'),
        description: text('a description of the conflict', 1000),
        urgencyOverrideReason: nullableText(2000, 'the urgency reason'),
      }),
    )
    .max(20)
    .default([]),
  allAssessorsInSameTeam: z.object({ urgencyOverrideReason: nullableText(2000, 'the urgency reason') }).nullable().default(null),
  section4: z
    .object({
      urgentNecessityStated: yesNo,
      undesirableDelayStated: yesNo,
      recommendationVerifiesUrgency: yesNo,
      whyNotSection2: nullableText(2000, 'why section 2 could not be used'),
      secondRecommendation: secondRecommendationSchema.nullable().default(null),
    })
    .nullable()
    .default(null),
  guardianship: z
    .object({
      guardian: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('local_authority') }),
          z.object({ kind: z.literal('private'), name: text("the guardian's name", 200), acceptedByLssaOn: nullableDate('when the local authority accepted the guardian'), writtenWillingness: yesNo }),
        ])
        .nullable()
        .default(null),
      forwardedToLssaOn: nullableDate('when the application was forwarded to the local authority'),
    })
    .nullable()
    .default(null),
  placeOfSafety: z
    .object({
      power: choice(['s136', 's135_1', 's135_2'], 'Choose the power'),
      detainedAt: nullableInstant('when the person was detained'),
      clockStartedAt: nullableInstant('when the person arrived at the place of safety'),
      endedAt: nullableInstant('when the power ended'),
      policeStationUsed: yesNo,
      policeStationJustification: nullableText(2000, 'why a police station was used'),
      extensions: z
        .array(
          z.object({
            authorisedAt: instant('when the extension was authorised'),
            hours: int('the hours of the extension', 0, 1000),
            authorisedByExaminingDoctor: yesNo,
            reason: choice(['person_condition', 'staff_or_bed_availability', 'other'], 'Choose why'),
            superintendentApprovedAt: nullableInstant('when the superintendent approved it'),
          }),
        )
        .max(5)
        .default([]),
      s136Consultation: z
        .object({
          consultedAt: nullableInstant('when the police consulted'),
          consultedRole: optionalChoice(['doctor', 'registered_nurse', 'amhp', 'other'], 'Choose who was consulted').transform((v) => v ?? null),
          notPracticableReason: nullableText(2000, 'why it was not practicable'),
        })
        .nullable()
        .default(null),
      previousS136: z.object({ endedAt: instant('when the previous section 136 ended'), personLeftPlaceOfSafety: yesNo }).nullable().default(null),
      warrant: z.object({ informationLaidByAmhp: yesNo, amhpAttended: yesNo, doctorAttended: yesNo }).nullable().default(null),
    })
    .nullable()
    .default(null),
  holdingPower: z
    .object({ s54RecordedAt: nullableInstant('the section 5(4) time'), s52ReportedAt: nullableInstant('the section 5(2) time') })
    .nullable()
    .default(null),
  currentDetention: z
    .object({ section: z.literal('s2'), admittedAt: instant('when the current section 2 began'), s29DisplacementPending: yesNo })
    .nullable()
    .default(null),
  cto: z.object({ madeOn: date('when the CTO was made'), amhpAgreedInWriting: yesNo }).nullable().default(null),
});
export type LegalContext = z.output<typeof legalContextSchema>;

export const legalContextBody = legalContextSchema.extend({ version });
export type LegalContextCommand = z.output<typeof legalContextBody>;

// ── The AMHP report ─────────────────────────────────────────────────────────────────────────────

export const PRINCIPLE_KEYS = ['leastRestrictive', 'empowerment', 'respect', 'purpose', 'efficiency'] as const;
export const PRINCIPLES: readonly { key: (typeof PRINCIPLE_KEYS)[number]; label: string; hint: string }[] = [
  { key: 'leastRestrictive', label: 'Least restrictive option and maximising independence', hint: 'What alternatives to detention you considered and why they were or were not enough' },
  { key: 'empowerment', label: 'Empowerment and involvement', hint: 'How the person, their family and carers were involved and their views taken into account' },
  { key: 'respect', label: 'Respect and dignity', hint: 'How you respected the person, their culture, communication needs and privacy' },
  { key: 'purpose', label: 'Purpose and effectiveness', hint: 'How the decision aims to meet the person’s needs and recovery' },
  { key: 'efficiency', label: 'Efficiency and equity', hint: 'How resources were used fairly and delays kept down' },
];

export const reportBody = z.object({
  leastRestrictive: optionalText(4000),
  empowerment: optionalText(4000),
  respect: optionalText(4000),
  purpose: optionalText(4000),
  efficiency: optionalText(4000),
  alternativesConsidered: optionalText(4000),
  version,
});
export type ReportCommand = z.output<typeof reportBody>;

export const addendumBody = z.object({ text: text('the addendum', 8000) });
export type AddendumCommand = z.output<typeof addendumBody>;

// ── The outcome: one body per outcome, each saying what it requires ─────────────────────────────

const RULE_ID = /^R-[A-Z0-9]+(-[A-Z0-9]+)*$/;
const warningReasons = z
  .record(z.string().regex(RULE_ID, 'A warning reason is keyed by its rule id, for example R-MR-ACQ').max(20), z.string().trim().max(2000, 'A reason must be 2000 characters or fewer'))
  .optional()
  .transform((value) => value ?? {})
  .meta({ description: 'A reason for going ahead despite each warning (W), by rule id, e.g. { "R-MR-ACQ": "why" }' });

const delay = {
  delayCause: optionalChoice(DELAY_CAUSE_CODES as [DelayCause, ...DelayCause[]], 'Choose the cause of the delay'),
  delayNote: optionalText(2000, 'the delay note'),
};

/**
 * How the outcome body reads the parts that differ between the API and the page: instants, the
 * section 4 statements (absent means "keep what the record has" on the API; an unticked box is
 * "no" on the page) and the guardianship dates.
 */
export interface OutcomeFields extends TimeFields {
  statement: z.ZodType<boolean | undefined>;
  day(label: string): z.ZodType<string | undefined>;
}

export const apiOutcomeFields: OutcomeFields = { ...apiTime, statement: flag.optional(), day: (label) => optionalDate(label) };

export function outcomeBody(f: OutcomeFields) {
  const common = { version, outcomeReason: optionalText(4000, 'the details'), ...delay };
  const application = {
    applicationAt: f.requiredAt('the application time'),
    applicantId: optionalUuid('Choose the applicant').meta({ description: 'The AMHP making the application; the caller if absent. R-GEN-01 and R-GEN-02 are judged on this person.' }),
    warningReasons,
  };
  const toHospital = {
    hospitalName: text('the hospital', 300),
    hospitalAddressedToManagers: yesNo,
    admittedAt: f.at('the admission time'),
  };
  return z.discriminatedUnion(
    'outcome',
    [
      z.object({ outcome: z.literal('s2'), ...common, ...application, ...toHospital }),
      z.object({ outcome: z.literal('s3'), ...common, ...application, ...toHospital }),
      z.object({
        outcome: z.literal('s4'),
        ...common,
        ...application,
        ...toHospital,
        s4UrgentNecessity: f.statement,
        s4UndesirableDelay: f.statement,
        s4RecommendationVerifies: f.statement,
        s4WhyNotSection2: optionalText(2000, 'why section 2 could not be used'),
      }),
      z.object({
        outcome: z.literal('guardianship'),
        ...common,
        ...application,
        guardianKind: optionalChoice(['local_authority', 'private'], 'Choose the guardian'),
        guardianName: optionalText(200, "the guardian's name"),
        guardianAcceptedOn: f.day('when the local authority accepted the guardian'),
        guardianWrittenWillingness: f.statement,
        forwardedToLssaOn: f.day('when the application was forwarded to the local authority'),
      }),
      z.object({
        outcome: z.literal('application_lapsed'),
        ...common,
        lapsedSection: choice(HOSPITAL_APPLICATIONS, 'Choose the section the application was made under'),
        applicationAt: f.requiredAt('when the application was made'),
        applicantId: application.applicantId,
        hospitalName: optionalText(300, 'the hospital'),
        outcomeReason: text('what happened (why the person was not admitted under the application)', 4000),
      }),
      z.object({ outcome: z.literal('informal_admission'), ...common, hospitalName: text('the hospital', 300), admittedAt: f.at('the admission time') }),
      z.object({ outcome: z.literal('crht_home_treatment'), ...common }),
      z.object({ outcome: z.literal('community_follow_up'), ...common }),
      z.object({ outcome: z.literal('no_further_action'), ...common }),
      z.object({ outcome: z.literal('assessment_not_possible'), ...common, outcomeReason: text('why the assessment was not possible', 4000) }),
      z.object({ outcome: z.literal('other'), ...common, outcomeReason: text('the outcome', 4000) }),
    ],
    { error: (issue) => (issue.code === 'invalid_union' ? 'Choose the outcome' : undefined) },
  );
}
export type OutcomeCommand = z.output<ReturnType<typeof outcomeBody>>;

// ── Parameters ──────────────────────────────────────────────────────────────────────────────────

export const referralParams = z.object({ id: uuid('Not a valid referral id') });
export const doctorParams = referralParams.extend({ doctorId: uuid('Not a valid doctor id') });
export const resourceParams = referralParams.extend({ kind: choice(RESOURCE_KINDS, 'Choose interpreter, police, ambulance or bed') });
export const checkQuery = z.object({ checkAs: optionalChoice(['s2', 's3', 's4', 'guardianship'], 'Choose s2, s3, s4 or guardianship') });
