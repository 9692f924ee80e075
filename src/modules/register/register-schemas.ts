/**
 * Input schemas for the register's forms and API. They accept what an HTML form posts
 * (strings, absent checkboxes, blank optional fields) as well as JSON, and their messages
 * follow the GOV.UK error message style: say what to do, in the user's words.
 *
 * Rules that need other records (overlaps, authorisations within an approval, signatures)
 * live in the domain files; these schemas check a single form on its own.
 */
import { z } from 'zod';
import { APPROVAL_END_REASON_CODES, PROFESSION_CODES } from './approval.js';
import type { CompetenceEntry, CompetenceNumber } from './competencies.js';
import { COMPETENCE_NUMBERS } from './competencies.js';
import { isIsoDate } from './register-time.js';
import { SUPERVISION_ARRANGEMENT_CODES, SUPERVISION_TYPE_CODES } from './supervision.js';

/**
 * Cross-field checks run even when a single field already failed, so the error summary lists
 * every problem at once; their callbacks therefore read values defensively.
 */
const ALWAYS = { when: () => true };

function blankToUndefined(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

function requiredText(message: string, max = 500) {
  return z
    .string({ error: message })
    .trim()
    .min(1, { error: message })
    .max(max, { error: `Must be ${max} characters or fewer` });
}

function optionalText(max = 2000) {
  return z.preprocess(
    blankToUndefined,
    z.string().trim().max(max, { error: `Must be ${max} characters or fewer` }).optional(),
  );
}

/** A calendar date 'YYYY-MM-DD'. `what` completes "Enter …", e.g. "the start date". */
export function dateField(what: string) {
  const capitalised = what.charAt(0).toUpperCase() + what.slice(1);
  return z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, { error: `Enter ${what}` })
    .refine(isIsoDate, { error: `${capitalised} must be a real date, for example 2026-03-27` });
}

export function optionalDateField(what: string) {
  return z.preprocess(blankToUndefined, dateField(what).optional());
}

/** A checkbox: absent or unticked is false. */
const checkbox = z.preprocess(
  (v) => (v === undefined || v === null || v === '' ? false : v),
  z.union([z.boolean(), z.enum(['yes', 'true', 'on', 'no', 'false'])]).transform((v) =>
    typeof v === 'boolean' ? v : v === 'yes' || v === 'true' || v === 'on',
  ),
);

/** A required yes/no radio question. */
function yesNo(message: string) {
  return z.preprocess(
    blankToUndefined,
    z
      .union([z.boolean(), z.enum(['yes', 'no', 'true', 'false'], { error: message })], { error: message })
      .transform((v) => (typeof v === 'boolean' ? v : v === 'yes' || v === 'true')),
  );
}

function choice<T extends string>(values: readonly [T, ...T[]], message: string) {
  return z.preprocess(blankToUndefined, z.enum(values, { error: message }));
}

function id(message: string) {
  return requiredText(message, 100);
}

function endNotBefore(
  startKey: string,
  endKey: string,
  message: string,
  strictlyAfter = false,
) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const start = value[startKey];
    const end = value[endKey];
    if (typeof start === 'string' && typeof end === 'string' && (strictlyAfter ? end <= start : end < start)) {
      ctx.addIssue({ code: 'custom', message, path: [endKey] });
    }
  };
}

// ------------------------------------------------------------------ register

export const amhpDetailsSchema = z.object({
  personId: id('Choose the person'),
  profession: choice(PROFESSION_CODES, 'Choose the AMHP’s profession'),
  registrationNumber: requiredText('Enter the professional registration number', 50),
  employingOrganisation: requiredText('Enter the employing organisation', 200),
});
export type AmhpDetailsInput = z.infer<typeof amhpDetailsSchema>;

export const approvalSchema = z
  .object({
    approvingLssaId: id('Choose the LSSA giving the approval'),
    startDate: dateField('the approval start date'),
    endDate: optionalDateField('the approval end date'),
    notes: optionalText(),
  })
  .superRefine(endNotBefore('startDate', 'endDate', 'The approval end date must be after the start date', true), ALWAYS);
export type ApprovalFormInput = z.infer<typeof approvalSchema>;

export const earlyEndSchema = z.object({
  endedOn: dateField('the last day of the approval'),
  reason: choice(APPROVAL_END_REASON_CODES, 'Choose why the approval is ending'),
  note: optionalText(),
});
export type EarlyEndInput = z.infer<typeof earlyEndSchema>;

export const authorisationSchema = z
  .object({
    approvalId: id('Choose the approval this authorisation depends on'),
    lssaId: id('Choose the LSSA the AMHP is authorised to act for'),
    startDate: dateField('the date the authorisation starts'),
    endDate: optionalDateField('the date the authorisation ends'),
  })
  .superRefine(endNotBefore('startDate', 'endDate', 'The authorisation must end on or after the day it starts'), ALWAYS);
export type AuthorisationInput = z.infer<typeof authorisationSchema>;

export const suspensionSchema = z
  .object({
    approvalId: id('Choose the approval to suspend'),
    startDate: dateField('the first day of the suspension'),
    endDate: optionalDateField('the last day of the suspension'),
    reason: requiredText('Enter the reason for the suspension', 1000),
  })
  .superRefine(endNotBefore('startDate', 'endDate', 'The suspension must end on or after the day it starts'), ALWAYS);
export type SuspensionInput = z.infer<typeof suspensionSchema>;

// ------------------------------------------------------------------ training

export const trainingRecordSchema = z.object({
  date: dateField('the date of the training'),
  title: requiredText('Enter the title of the training', 200),
  provider: requiredText('Enter who provided the training', 200),
  hours: z.preprocess(
    (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : Number(v.trim())) : v),
    z
      .number({ error: 'Enter the number of hours as a number, for example 3.5' })
      .gt(0, { error: 'Training hours must be more than 0' })
      .lte(24, { error: 'Training hours must be 24 or fewer in one day' }),
  ),
  amhpSpecific: checkbox,
  legalUpdate: checkbox,
});
export type TrainingRecordInput = z.infer<typeof trainingRecordSchema>;

export const professionalEventSchema = z.object({
  date: dateField('the date of the meeting or away day'),
  kind: choice(['professional_meeting', 'away_day'] as const, 'Choose whether this was a professional meeting or an away day'),
});
export type ProfessionalEventInput = z.infer<typeof professionalEventSchema>;

// ------------------------------------------------------------------ supervision

export const supervisionContractSchema = z.object({
  superviseeId: id('Choose the AMHP being supervised'),
  supervisorId: id('Choose the supervisor'),
  arrangement: choice(SUPERVISION_ARRANGEMENT_CODES, 'Choose how the AMHP works (this sets how often supervision is due)'),
  startDate: dateField('the date the contract starts'),
}).superRefine((v, ctx) => {
  if (v.superviseeId === v.supervisorId) {
    ctx.addIssue({ code: 'custom', message: 'The supervisor must be someone other than the AMHP', path: ['supervisorId'] });
  }
});
export type SupervisionContractInput = z.infer<typeof supervisionContractSchema>;

/** Cases may arrive as an array or as one case per line from a textarea. */
const caseList = z.preprocess(
  (v) => {
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return v.split(/\r?\n/);
    return v;
  },
  z
    .array(z.string().trim().max(200, { error: 'Keep each case reference to 200 characters or fewer' }))
    .transform((cases) => cases.filter((c) => c !== '')),
);

export const supervisionRecordSchema = z
  .object({
    superviseeId: id('Choose the AMHP who was supervised'),
    supervisorId: id('Choose the supervisor'),
    date: dateField('the date of the supervision'),
    type: choice(SUPERVISION_TYPE_CODES, 'Choose the type of supervision'),
    casesDiscussed: caseList,
    topic: optionalText(500),
  })
  .superRefine((v, ctx) => {
    if (typeof v.superviseeId === 'string' && v.superviseeId === v.supervisorId) {
      ctx.addIssue({ code: 'custom', message: 'The supervisor must be someone other than the AMHP', path: ['supervisorId'] });
    }
    const cases: unknown = v.casesDiscussed;
    const caseCount = Array.isArray(cases) ? cases.length : 0;
    if (caseCount < 2 && typeof v.topic !== 'string') {
      ctx.addIssue({
        code: 'custom',
        message: 'Enter at least two cases discussed, or the topic discussed if there were no assessments',
        path: ['casesDiscussed'],
      });
    }
  }, ALWAYS);
export type SupervisionRecordFormInput = z.infer<typeof supervisionRecordSchema>;

export const supervisionDisputeSchema = z.object({
  note: requiredText('Say what you disagree with in the record', 2000),
});

// ------------------------------------------------------------------ competencies

const competenceStatus = (n: CompetenceNumber) =>
  choice(['met', 'not_yet_met'] as const, `Say whether Key Competence ${n} is met or not yet met`);

/**
 * The competency form posts flat fields (competence1Status, competence1Evidence, …); the
 * output is `{ recordedOn, entries }`. "Met" needs evidence notes.
 */
export const competencyRecordSchema = z
  .object({
    recordedOn: dateField('the date of the record'),
    competence1Status: competenceStatus(1),
    competence1Evidence: optionalText(),
    competence2Status: competenceStatus(2),
    competence2Evidence: optionalText(),
    competence3Status: competenceStatus(3),
    competence3Evidence: optionalText(),
    competence4Status: competenceStatus(4),
    competence4Evidence: optionalText(),
    competence5Status: competenceStatus(5),
    competence5Evidence: optionalText(),
  })
  .superRefine((v, ctx) => {
    for (const n of COMPETENCE_NUMBERS) {
      if (v[`competence${n}Status`] === 'met' && typeof v[`competence${n}Evidence`] !== 'string') {
        ctx.addIssue({
          code: 'custom',
          message: `Add evidence notes showing how Key Competence ${n} is met`,
          path: [`competence${n}Evidence`],
        });
      }
    }
  }, ALWAYS)
  .transform((v) => ({
    recordedOn: v.recordedOn,
    entries: COMPETENCE_NUMBERS.map(
      (n): CompetenceEntry => ({
        competence: n,
        status: v[`competence${n}Status`],
        evidence: v[`competence${n}Evidence`] ?? '',
      }),
    ),
  }));
export type CompetencyRecordFormOutput = z.infer<typeof competencyRecordSchema>;

// ------------------------------------------------------------------ trainee pipeline

/** 'april-2027' or 'september-2026' from a select, or `{ intake, year }` from JSON. */
const cohortField = z.preprocess(
  (v) => {
    if (typeof v !== 'string') return v;
    const m = /^(april|september)-(\d{4})$/.exec(v.trim());
    return m ? { intake: m[1], year: Number(m[2]) } : undefined;
  },
  z.object(
    {
      intake: z.enum(['april', 'september'], { error: 'Choose the April or September intake' }),
      year: z.number().int().min(2000).max(2100, { error: 'Choose an intake year' }),
    },
    { error: 'Choose the intake (cohort)' },
  ),
);

const phone = (message: string) =>
  requiredText(message, 30).refine((v) => /^[+0-9 ()-]{7,30}$/.test(v), {
    error: 'Enter a telephone number, like 01632 960 001 or 07700 900 982',
  });

const email = (message: string) =>
  requiredText(message, 254).pipe(
    z.email({ error: 'Enter an email address in the correct format, like name@example.org' }),
  );

export const nominationSchema = z
  .object({
    name: requiredText('Enter the candidate’s full name', 200),
    role: requiredText('Enter the candidate’s role', 200),
    team: requiredText('Enter the candidate’s team', 200),
    lssaId: id('Choose the local authority the candidate is nominated for'),
    employer: requiredText('Enter the candidate’s employer', 200),
    employerType: choice(['lssa', 'nhs_trust', 'other'] as const, 'Choose who employs the candidate'),
    profession: choice(PROFESSION_CODES, 'Choose the candidate’s profession'),
    contactNumber: phone('Enter the candidate’s contact number'),
    email: email('Enter the candidate’s email address'),
    cohort: cohortField,
    priority: yesNo('Say whether this nomination is a priority'),
    priorityReason: optionalText(),
    managerName: requiredText('Enter the manager’s name', 200),
    managerContactNumber: phone('Enter the manager’s contact number'),
    managerEmail: email('Enter the manager’s email address'),
    allocation: requiredText('Enter the funding allocation, for example “Funding confirmed for the September intake”', 500),
  })
  .superRefine((v, ctx) => {
    if (v.priority === true && typeof v.priorityReason !== 'string') {
      ctx.addIssue({ code: 'custom', message: 'Say why this nomination is a priority', path: ['priorityReason'] });
    }
  }, ALWAYS)
  .transform((v) => ({ ...v, priorityReason: v.priorityReason ?? '' }));
export type NominationInput = z.infer<typeof nominationSchema>;

export const shadowingDaySchema = z.object({
  date: dateField('the date of the shadowing day'),
  note: optionalText(1000).transform((v) => v ?? ''),
});

// ------------------------------------------------------------------ funding

/** '£1,234.56', '1234.5' or '1234' → pence. */
export const poundsField = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().replace(/^£/, '').replace(/,/g, '') : v),
    z
      .string({ error: `Enter ${what}` })
      .min(1, { error: `Enter ${what}` })
      .regex(/^\d+(\.\d{1,2})?$/, { error: `Enter ${what} in pounds and pence, like 3000 or 2999.50` })
      .transform((v) => {
        const [pounds = '0', pence = ''] = v.split('.');
        return Number(pounds) * 100 + Number(pence.padEnd(2, '0'));
      }),
  );

export const leaverRepaymentSchema = z.object({
  fundingPence: poundsField('the amount of funding paid'),
  qualifiedOn: optionalDateField('the date the AMHP qualified'),
  lastDayOfEmployment: dateField('the last day of employment'),
  reason: choice(['left_employment', 'discontinued_course'] as const, 'Choose why the repayment is due'),
});
export type LeaverRepaymentInput = z.infer<typeof leaverRepaymentSchema>;
