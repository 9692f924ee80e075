/**
 * What the trainee pipeline and funding pages and API take and give. Pages send strings
 * (a cohort as 'april-2027', money as '£3,000.00', dates as GOV.UK date inputs); the API sends
 * `{ intake, year }`, whole pence and 'YYYY-MM-DD'.
 */
import { z } from 'zod';
import { checkboxList, choice, int, optionalText, text, uuid } from '../../../platform/http/fields.js';
import { PROFESSION_CODES } from '../approvals/approval.js';
import { ALWAYS, dayFields, type WithOptional } from '../register-forms.js';



/** 'april-2027' or 'september-2026' from a select, or `{ intake, year }` from JSON. */
const cohortField = z.preprocess(
  (value) => {
    if (typeof value !== 'string') return value;
    const match = /^(april|september)-(\d{4})$/.exec(value.trim());
    return match ? { intake: match[1], year: Number(match[2]) } : undefined;
  },
  z.object(
    {
      intake: choice(['april', 'september'], 'Choose the April or September intake'),
      year: z.number({ error: 'Choose an intake year' }).int('Choose an intake year').min(2000, 'Choose an intake year').max(2100, 'Choose an intake year'),
    },
    { error: 'Choose the intake (cohort)' },
  ),
);

const phone = (label: string) => text(label, 30).refine((v) => /^[+0-9 ()-]{7,30}$/.test(v), { error: 'Enter a telephone number, like 01632 960 001 or 07700 900 982' });
const email = (label: string) => text(label, 254).pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.org' }));

/** A required yes/no question: 'yes'/'no' from radios, a boolean from JSON. */
const yesNo = (message: string) =>
  z.preprocess(
    (value) => (value === null || (typeof value === 'string' && value.trim() === '') ? undefined : value),
    z.union([z.boolean(), z.enum(['yes', 'no', 'true', 'false'])], { error: message }).transform((v) => (typeof v === 'boolean' ? v : v === 'yes' || v === 'true')),
  ).meta({ type: 'boolean' });

/** The nomination form (Workforce Strategy §4.5). */
export const nominationBody = z
  .object({
    name: text('the candidate’s full name', 200),
    role: text('the candidate’s role', 200),
    team: text('the candidate’s team', 200),
    lssaId: uuid('Choose the local authority the candidate is nominated for'),
    employer: text('the candidate’s employer', 200),
    employerType: choice(['lssa', 'nhs_trust', 'other'], 'Choose who employs the candidate'),
    profession: choice(PROFESSION_CODES, 'Choose the candidate’s profession'),
    contactNumber: phone('the candidate’s contact number'),
    email: email('the candidate’s email address'),
    cohort: cohortField,
    priority: yesNo('Say whether this nomination is a priority'),
    priorityReason: optionalText(2000, 'The reason'),
    managerName: text('the manager’s name', 200),
    managerContactNumber: phone('the manager’s contact number'),
    managerEmail: email('the manager’s email address'),
    allocation: text('the funding allocation, for example “Funding confirmed for the September intake”', 500),
  })
  .superRefine((v, ctx) => {
    if (v.priority === true && typeof v.priorityReason !== 'string') ctx.addIssue({ code: 'custom', message: 'Say why this nomination is a priority', path: ['priorityReason'] });
  }, ALWAYS)
  .transform((v) => ({ ...v, priorityReason: v.priorityReason ?? '' }));

export const CHECKLIST_KEYS = ['nominationForm', 'learningAgreementSigned', 'managerSupport', 'shadowingAvailability', 'socialWorkLeadSupport'] as const;
const checklistItem = choice(CHECKLIST_KEYS, 'Choose items from the checklist');
/** The page: ticked boxes (none ticked sends nothing). */
export const checklistBody = z.object({ items: checkboxList(checklistItem) });
/** The API: the full list of items received, [] for none. */
export const checklistApiBody = z.object({ items: z.array(checklistItem, { error: 'Give the checklist items received, as a list ([] for none)' }).describe('The checklist items received; the others are not') });

function onBody(form: boolean, label: string) {
  return z.object({ on: dayFields(form).day(label) });
}
export const approveForm = onBody(true, 'the date the nomination was approved');
export const approveApiBody = onBody(false, 'the date the nomination was approved');
export const startForm = onBody(true, 'the date the course started');
export const startApiBody = onBody(false, 'the date the course started');
export const firstApprovalForm = onBody(true, 'the date the first approval starts');
export const firstApprovalApiBody = onBody(false, 'the date the first approval starts');

function shadowingBody(form: boolean) {
  return z.object({ date: dayFields(form).day('the date of the shadowing day'), note: optionalText(1000, 'The note').transform((v) => v ?? '') });
}
export const shadowingForm = shadowingBody(true);
export const shadowingApiBody = shadowingBody(false);

function outcomeBody(form: boolean) {
  return z.object({ result: choice(['passed', 'not_passed', 'withdrawn'], 'Choose the course outcome'), on: dayFields(form).day('the date of the outcome') });
}
export const outcomeForm = outcomeBody(true);
export const outcomeApiBody = outcomeBody(false);

export const perYearQuery = z.object({ year: int('the year', 2000, 2100).optional().describe('The calendar year of the intakes; this year if not given') });

export type NominationCommand = z.output<typeof nominationBody>;
export type ChecklistCommand = z.output<typeof checklistBody>;
export type OnCommand = z.output<typeof approveApiBody>;
export type ShadowingCommand = z.output<typeof shadowingApiBody>;
export type OutcomeCommand = z.output<typeof outcomeApiBody>;

// ── Funding calculators ─────────────────────────────────────────────────────────────────────

/** '£1,234.56', '1234.5' or '1234' → pence. */
const pounds = (label: string) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().replace(/^£/, '').replace(/,/g, '') : value),
    z
      .string({ error: `Enter ${label}` })
      .min(1, { error: `Enter ${label}` })
      .max(15, { error: `Enter ${label} in pounds and pence, like 3000 or 2999.50` })
      .regex(/^\d+(\.\d{1,2})?$/, { error: `Enter ${label} in pounds and pence, like 3000 or 2999.50` })
      .transform((v) => {
        const [whole = '0', pence = ''] = v.split('.');
        return Number(whole) * 100 + Number(pence.padEnd(2, '0'));
      }),
  );

const MAX_PENCE = 1_000_000_000;
const REPAYMENT_REASONS = ['left_employment', 'discontinued_course'] as const;

export const splitForm = z
  .object({ course: pounds('the course cost'), candidates: int('the number of candidates', 0, 100) })
  .transform((v) => ({ coursePence: v.course, candidates: v.candidates }));
export const splitApiBody = z.object({ coursePence: int('the course cost in pence', 0, MAX_PENCE), candidates: int('the number of candidates', 0, 100) });

function repaymentBody(form: boolean) {
  const { day, optionalDay } = dayFields(form);
  return z.object({
    fundingPence: form ? pounds('the amount of funding paid') : int('the amount of funding paid in pence', 0, MAX_PENCE),
    qualifiedOn: optionalDay('the date the AMHP qualified'),
    lastDayOfEmployment: day('the last day of employment'),
    reason: choice(REPAYMENT_REASONS, 'Choose why the repayment is due'),
  });
}
export const repaymentForm = repaymentBody(true);
export const repaymentApiBody = repaymentBody(false);

export type SplitCommand = z.output<typeof splitApiBody>;
export type RepaymentCommand = WithOptional<z.output<typeof repaymentApiBody>, 'qualifiedOn'>;

// ── What the API gives back ─────────────────────────────────────────────────────────────────

export const traineeResource = z.object({
  id: z.string(),
  nomination: z.object({
    name: z.string(),
    role: z.string(),
    team: z.string(),
    lssaId: z.string(),
    employer: z.string(),
    employerType: z.enum(['lssa', 'nhs_trust', 'other']),
    profession: z.enum(PROFESSION_CODES),
    contactNumber: z.string(),
    email: z.string(),
    cohort: z.object({ intake: z.enum(['april', 'september']), year: z.number().int() }),
    priority: z.boolean(),
    priorityReason: z.string(),
    managerName: z.string(),
    managerContactNumber: z.string(),
    managerEmail: z.string(),
    allocation: z.string(),
  }),
  nominatedOn: z.iso.date(),
  checklist: z.record(z.enum(CHECKLIST_KEYS), z.boolean()),
  nominationApprovedOn: z.iso.date().nullable(),
  shadowingDays: z.array(z.object({ date: z.iso.date(), note: z.string() })),
  courseStartedOn: z.iso.date().nullable(),
  outcome: z.object({ result: z.enum(['passed', 'not_passed', 'withdrawn']), on: z.iso.date() }).nullable(),
  firstApprovalStart: z.iso.date().nullable(),
  stage: z.enum(['nominated', 'nomination_approved', 'on_course', 'passed', 'not_passed', 'withdrawn', 'approved']),
  stageLabel: z.string(),
  cohortLabel: z.string(),
  deadline: z.iso.date(),
  lssaName: z.string(),
  checklistItems: z.array(z.object({ key: z.enum(CHECKLIST_KEYS), label: z.string(), done: z.boolean() })),
  version: z.number().int(),
});

export const perYearResource = z.object({
  year: z.number().int(),
  target: z.number().int(),
  total: z.number().int(),
  nominated: z.number().int(),
  targetMet: z.boolean(),
  byLssa: z.array(z.object({ lssaId: z.string(), lssaName: z.string(), trainees: z.number().int(), nominated: z.number().int(), targetShare: z.number() })),
});

const share = z.object({ lssa: z.string(), pence: z.number().int() });
export const splitResource = z.object({ coursePence: z.number().int(), candidates: z.number().int(), course: z.array(share), adminTotal: z.number().int(), admin: z.array(share) });
export const repaymentResource = z.object({
  rule: z.enum(['before_qualifying', 'first_year', 'second_year', 'after_two_years', 'discontinued']),
  completedMonths: z.number().int().nullable(),
  amountPence: z.number().int(),
  discretionary: z.boolean(),
  explanation: z.string(),
  fundingPence: z.number().int(),
  shares: z.array(share),
});
