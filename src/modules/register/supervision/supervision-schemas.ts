/** What the supervision pages and API take and give (pages: GOV.UK date inputs; API: 'YYYY-MM-DD'). */
import { z } from 'zod';
import { choice, date, dateInput, idParams, optionalText, textOrNull, text, uuid } from '../../../platform/http/fields.js';
import { ALWAYS, optionalDay, type WithOptional } from '../register-forms.js';
import { SUPERVISION_ARRANGEMENT_CODES, SUPERVISION_TYPE_CODES } from './supervision.js';

const CASES_OR_TOPIC = 'Enter at least two cases discussed, or the topic discussed if there were no assessments';

export const recordParams = idParams;
export const contractParams = z.object({ id: uuid(), contractId: uuid() });

function contractBody(form: boolean) {
  return z.object({
    supervisorId: uuid('Choose the supervisor'),
    arrangement: choice(SUPERVISION_ARRANGEMENT_CODES, 'Choose how the AMHP works (this sets how often supervision is due)'),
    startDate: (form ? dateInput : date)('the date the contract starts'),
  });
}
export const contractForm = contractBody(true);
export const contractApiBody = contractBody(false);

export const reviewForm = z.object({ reviewedOn: dateInput('the date of the review') });
export const reviewApiBody = z.object({ reviewedOn: date('the date of the review') });

const caseReference = z.string().trim().max(200, { error: 'Keep each case reference to 200 characters or fewer' });
/** A textarea: one case reference per line, blank lines ignored. */
const caseLines = z
  .preprocess((value) => (typeof value === 'string' ? value.split(/\r?\n/) : value === undefined || value === null ? [] : value), z.array(caseReference).max(50))
  .transform((cases) => cases.filter((c) => c !== ''));
/** The API: a list of case references (no names). */
const caseList = z
  .array(caseReference)
  .max(50)
  .optional()
  .transform((cases) => (cases ?? []).filter((c) => c !== ''));

function supervisionBody(form: boolean) {
  return z
    .object({
      supervisorId: uuid('Choose the supervisor'),
      date: (form ? dateInput : date)('the date of the supervision'),
      type: choice(SUPERVISION_TYPE_CODES, 'Choose the type of supervision'),
      casesDiscussed: form ? caseLines : caseList,
      topic: form ? optionalText(500, 'The topic') : textOrNull('the topic discussed', 500).describe('What was discussed; null when two or more cases are listed'),
    })
    .superRefine((value, ctx) => {
      const cases: unknown = value.casesDiscussed;
      if ((Array.isArray(cases) ? cases.length : 0) < 2 && typeof value.topic !== 'string') {
        ctx.addIssue({ code: 'custom', message: CASES_OR_TOPIC, path: ['casesDiscussed'] });
      }
    }, ALWAYS);
}
export const supervisionForm = supervisionBody(true);
export const supervisionApiBody = supervisionBody(false);

export const disputeBody = z.object({ note: text('what you disagree with in the record', 2000) });
export const resolveBody = z.object({ resolution: text('the outcome of mediation', 2000) });

export const auditQuery = z.object({ date: optionalDay('a date in the quarter').describe('Any day in the quarter to audit, YYYY-MM-DD; the current quarter if not given') });

export type ContractCommand = z.output<typeof contractApiBody>;
export type ReviewCommand = z.output<typeof reviewApiBody>;
export type SupervisionCommand = WithOptional<z.output<typeof supervisionApiBody>, 'topic'>;
export type DisputeCommand = z.output<typeof disputeBody>;
export type ResolveCommand = z.output<typeof resolveBody>;

// ── What the API gives back ─────────────────────────────────────────────────────────────────

export const contractResource = z.object({
  id: z.string(),
  superviseeId: z.string(),
  supervisorId: z.string(),
  arrangement: z.enum(SUPERVISION_ARRANGEMENT_CODES),
  startDate: z.iso.date(),
  endDate: z.iso.date().nullable(),
  reviewDates: z.array(z.iso.date()),
  version: z.number().int(),
});

export const supervisionRecordResource = z.object({
  id: z.string(),
  superviseeId: z.string(),
  supervisorId: z.string(),
  date: z.iso.date(),
  type: z.enum(SUPERVISION_TYPE_CODES),
  casesDiscussed: z.array(z.string()),
  topic: z.string().nullable(),
  state: z.enum(['awaiting_signatures', 'signed', 'disputed']),
  signatures: z.array(z.object({ personId: z.string(), signedAt: z.date() })),
  dispute: z.object({ raisedBy: z.string(), raisedAt: z.date(), note: z.string(), resolvedAt: z.date().nullable(), resolution: z.string().nullable() }).nullable(),
  version: z.number().int(),
});

export const supervisionAuditResource = z.object({
  quarter: z.object({ label: z.string(), startDate: z.iso.date(), endDate: z.iso.date() }),
  asOf: z.iso.date(),
  compliantCount: z.number().int(),
  unsignedTotal: z.number().int(),
  previousStart: z.iso.date(),
  nextStart: z.iso.date().nullable(),
  policy: z.object({
    reportingYearStartMonth: z.number().int(),
    rules: z.record(z.enum(SUPERVISION_ARRANGEMENT_CODES), z.object({ countedTypes: z.array(z.enum(SUPERVISION_TYPE_CODES)), minPerReportingYear: z.number().int().nullable(), maxGapDays: z.number().int().nullable() })),
  }),
  rows: z.array(
    z.object({
      amhpId: z.string(),
      name: z.string(),
      arrangement: z.enum(SUPERVISION_ARRANGEMENT_CODES),
      arrangementLabel: z.string(),
      countInPeriod: z.number().int(),
      countInReportingYear: z.number().int(),
      requiredByNow: z.number().int().nullable(),
      longestGapDays: z.number().int().nullable(),
      lastSupervision: z.iso.date().nullable(),
      weeksSinceLast: z.number().int().nullable().meta({ description: 'Whole weeks since the last supervision that counts, as at asOf' }),
      nextDueBy: z.iso.date().nullable(),
      unsignedCount: z.number().int(),
      disputedCount: z.number().int(),
      compliant: z.boolean(),
      problems: z.array(z.string()),
    }),
  ),
});
