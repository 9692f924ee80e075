/**
 * What the register's approval pages and API take and give. Pages send GOV.UK date inputs and
 * strings; the API sends 'YYYY-MM-DD' dates and JSON types. Both schemas of a pair produce the
 * same command, which is what the service takes.
 */
import { z } from 'zod';
import { choice, date, dateInput, idParams, optionalChoice, optionalText, optionalUuid, text, uuid, version } from '../../../platform/http/fields.js';
import { ALWAYS, dayFields, optionalDay, type WithOptional } from '../register-forms.js';
import { SUPERVISION_ARRANGEMENT_CODES } from '../supervision/supervision.js';
import { APPROVAL_END_REASON_CODES, APPROVAL_STATUSES, PROFESSION_CODES } from './approval.js';


function endNotBefore(startKey: string, endKey: string, message: string, strictlyAfter = false) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx) => {
    const start = value[startKey];
    const end = value[endKey];
    if (typeof start === 'string' && typeof end === 'string' && (strictlyAfter ? end <= start : end < start)) {
      ctx.addIssue({ code: 'custom', message, path: [endKey] });
    }
  };
}


export const personParams = idParams;
export const approvalParams = z.object({ id: uuid(), approvalId: uuid() });
export const suspensionParams = z.object({ id: uuid(), suspensionId: uuid() });

const entryFields = {
  profession: choice(PROFESSION_CODES, 'Choose the AMHP’s profession'),
  registrationNumber: text('the professional registration number', 50),
  arrangement: choice(SUPERVISION_ARRANGEMENT_CODES, 'Choose how the AMHP works (this sets how often supervision is due)'),
};

/** Put someone with the AMHP role on the register. */
export const entryBody = z.object({ personId: uuid('Choose the person'), ...entryFields });
/** Change the register details, from the version last read. */
export const entryUpdateBody = z.object({ ...entryFields, version });

function approvalBody(form: boolean) {
  const { day, optionalDay } = dayFields(form);
  return z
    .object({
      approvingLssaId: uuid('Choose the LSSA giving the approval'),
      startDate: day('the approval start date'),
      endDate: optionalDay('the approval end date'),
      notes: optionalText(2000, 'The notes'),
    })
    .superRefine(endNotBefore('startDate', 'endDate', 'The approval end date must be after the start date', true), ALWAYS);
}
export const approvalForm = approvalBody(true);
export const approvalApiBody = approvalBody(false);

function earlyEndBody(form: boolean) {
  const { day } = dayFields(form);
  return z.object({
    endedOn: day('the last day of the approval'),
    reason: choice(APPROVAL_END_REASON_CODES, 'Choose why the approval is ending'),
    note: optionalText(2000, 'The note'),
  });
}
export const earlyEndForm = earlyEndBody(true);
export const earlyEndApiBody = earlyEndBody(false);

function authorisationBody(form: boolean) {
  const { day, optionalDay } = dayFields(form);
  return z
    .object({
      approvalId: uuid('Choose the approval this authorisation depends on'),
      lssaId: uuid('Choose the LSSA the AMHP is authorised to act for'),
      startDate: day('the date the authorisation starts'),
      endDate: optionalDay('the date the authorisation ends'),
    })
    .superRefine(endNotBefore('startDate', 'endDate', 'The authorisation must end on or after the day it starts'), ALWAYS);
}
export const authorisationForm = authorisationBody(true);
export const authorisationApiBody = authorisationBody(false);

function suspensionBody(form: boolean) {
  const { day, optionalDay } = dayFields(form);
  return z
    .object({
      approvalId: uuid('Choose the approval to suspend'),
      startDate: day('the first day of the suspension'),
      endDate: optionalDay('the last day of the suspension'),
      reason: text('the reason for the suspension', 1000),
    })
    .superRefine(endNotBefore('startDate', 'endDate', 'The suspension must end on or after the day it starts'), ALWAYS);
}
export const suspensionForm = suspensionBody(true);
export const suspensionApiBody = suspensionBody(false);

export const liftForm = z.object({ endDate: dateInput('the last day of the suspension') });
export const liftApiBody = z.object({ endDate: date('the last day of the suspension') });

export type EntryCommand = z.output<typeof entryBody>;
export type EntryUpdateCommand = z.output<typeof entryUpdateBody>;
export type ApprovalCommand = WithOptional<z.output<typeof approvalApiBody>, 'endDate' | 'notes'>;
export type EarlyEndCommand = WithOptional<z.output<typeof earlyEndApiBody>, 'note'>;
export type AuthorisationCommand = WithOptional<z.output<typeof authorisationApiBody>, 'endDate'>;
export type SuspensionCommand = WithOptional<z.output<typeof suspensionApiBody>, 'endDate'>;
export type LiftCommand = z.output<typeof liftApiBody>;

export const registerQuery = z.object({
  status: optionalChoice([...APPROVAL_STATUSES, 'not_approved'] as const, 'Choose a status from the list'),
});

export const eligibilityQuery = z.object({
  lssaId: optionalUuid('Not a valid LSSA id'),
  date: optionalDay('the date').describe('The day to ask about, YYYY-MM-DD; today (London) if not given'),
});

// ── What the API gives back ─────────────────────────────────────────────────────────────────

const day = () => z.iso.date();

export const entryResource = z.object({
  personId: z.string(),
  name: z.string(),
  profession: z.enum(PROFESSION_CODES),
  registrationNumber: z.string(),
  arrangement: z.enum(SUPERVISION_ARRANGEMENT_CODES),
  version: z.number().int(),
});

export const approvalResource = z.object({
  id: z.string(),
  personId: z.string(),
  approvingLssaId: z.string(),
  startDate: day(),
  endDate: day().describe('The last day of the term as granted'),
  earlyEnd: z.object({ endedOn: day(), reason: z.enum(APPROVAL_END_REASON_CODES), note: z.string().optional() }).nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
});

export const suspensionResource = z.object({
  id: z.string(),
  approvalId: z.string(),
  personId: z.string(),
  startDate: day(),
  endDate: day().nullable().describe('The last day suspended; null while open'),
  reason: z.string(),
  version: z.number().int(),
});

export const authorisationResource = z.object({
  id: z.string(),
  approvalId: z.string(),
  personId: z.string(),
  lssaId: z.string(),
  startDate: day(),
  endDate: day(),
});

export const registerRow = z.object({
  personId: z.string(),
  name: z.string(),
  email: z.string(),
  active: z.boolean(),
  profession: z.string(),
  registrationNumber: z.string(),
  employer: z.string(),
  approvingLssa: z.string(),
  approvalStart: day().nullable(),
  approvalEnd: day().nullable(),
  status: z.enum([...APPROVAL_STATUSES, 'not_approved']),
  statusLabel: z.string(),
  statusDescription: z.string(),
  authorisedFor: z.array(z.string()),
  reapprovalState: z.enum(['not_due', 'due_soon', 'overdue', 'not_applicable']),
  reapprovalDueDate: day().nullable(),
  reapprovalDaysLeft: z.number().int().nullable(),
  keepUntil: day().nullable(),
  eligibleToday: z.boolean(),
  eligibilityReason: z.string().nullable(),
});

export const eligibilityResource = z.object({ eligible: z.boolean(), reason: z.string().optional(), code: z.string().optional() });
