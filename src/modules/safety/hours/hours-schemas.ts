import { z } from 'zod';
import { choice, date, dateInput, dateTimeInput, instant, int, optionalDateTimeInput, optionalInstant, optionalText, optionalUuid, text, uuid } from '../../../platform/http/fields.js';
import type { ClaimCommand, ToilCommand } from './additional-hours-service.js';
import { type AdditionalHoursReason, type ClaimDecision, ADDITIONAL_HOURS_REASONS } from './additional-hours.js';
import type { LongShiftPlanCommand, StartDayCommand } from './working-days-service.js';

const REASONS = ADDITIONAL_HOURS_REASONS as readonly AdditionalHoursReason[] as [AdditionalHoursReason, ...AdditionalHoursReason[]];
const referral = optionalText(64, 'The referral').meta({ description: 'The referral this is for: its id or its reference (e.g. AMHP-2026-00042)' });

// ---- Working day and long shifts --------------------------------------------------------------

const shiftKind = choice(['daytime', 'edt'], 'Choose daytime AMHP service or EDT');

export const startDayForm = z.object({ kind: shiftKind, startedAt: dateTimeInput('when you started') }) satisfies z.ZodType<StartDayCommand>;
export const startDayBody = z.object({ kind: shiftKind, startedAt: instant('when you started') }) satisfies z.ZodType<StartDayCommand>;

const planFields = {
  option: choice(['continue', 'hand_over', 'another_amhp_allocated'], 'Choose the agreed plan'),
  agreedWith: text('who agreed the plan', 200),
  handOverTo: optionalText(200, 'Who it is handed over to').meta({ description: 'Required for hand_over' }),
  allocatedAmhpId: optionalUuid('Choose the AMHP taking over').meta({ description: 'Required for another_amhp_allocated' }),
  note: optionalText(1000, 'The note'),
};

export const planForm = z.object({ ...planFields, expectedEndAt: optionalDateTimeInput('the expected finish') }) satisfies z.ZodType<LongShiftPlanCommand>;
export const planBody = z.object({ ...planFields, expectedEndAt: optionalInstant('the expected finish').meta({ description: 'Required for continue' }) }) satisfies z.ZodType<LongShiftPlanCommand>;

// ---- Additional hours -------------------------------------------------------------------------

const claimFields = {
  reason: choice(REASONS, 'Choose the reason for the additional hours'),
  reasonDetail: optionalText(1000, 'The details').meta({ description: 'Required when the reason is other' }),
  referralId: referral,
};

const toCommand = (body: { startAt: Date; endAt: Date; reason: AdditionalHoursReason; reasonDetail?: string | undefined; referralId?: string | undefined }): ClaimCommand => ({
  startAt: body.startAt,
  endAt: body.endAt,
  reason: body.reason,
  reasonDetail: body.reasonDetail,
  referral: body.referralId,
});

export const claimBody = z.object({ startAt: instant('the start'), endAt: instant('the end'), ...claimFields }).transform(toCommand);

/**
 * The claim form: a date with a "from" and a "to" time. An end date left blank means the start
 * date (the usual case); one is given only when the work ran past midnight.
 */
export const claimForm = z.preprocess(
  (raw) => {
    if (raw === null || typeof raw !== 'object') return raw;
    const values = raw as Record<string, unknown>;
    const start = (values.startAt ?? {}) as Record<string, unknown>;
    const end = (values.endAt ?? {}) as Record<string, unknown>;
    const blank = (v: unknown) => v === undefined || v === null || String(v).trim() === '';
    const endDateBlank = blank(end.day) && blank(end.month) && blank(end.year);
    return { ...values, endAt: endDateBlank ? { ...end, day: start.day, month: start.month, year: start.year } : end };
  },
  z.object({ startAt: dateTimeInput('the date and start time'), endAt: dateTimeInput('the end time'), ...claimFields }).transform(toCommand),
);

const decisionFields = {
  decision: choice(['approve_toil', 'approve_payment', 'decline'], 'Choose approve as TOIL, approve for payment, or decline'),
  declineReason: optionalText(1000, 'The reason').meta({ description: 'Required when declining' }),
};

function toDecision(body: { decision: 'approve_toil' | 'approve_payment' | 'decline'; declineReason?: string | undefined; decidedAt?: Date | undefined }): ClaimDecision {
  const when = body.decidedAt ? { decidedAt: body.decidedAt } : {};
  switch (body.decision) {
    case 'approve_toil':
      return { outcome: 'approve', compensation: 'toil', ...when };
    case 'approve_payment':
      return { outcome: 'approve', compensation: 'payment', ...when };
    case 'decline':
      return { outcome: 'decline', reason: body.declineReason ?? '', ...when };
  }
}

/** The API: `decidedAt` when the decision is recorded after the event (now if not sent). */
export const decisionBody = z
  .object({
    ...decisionFields,
    decidedAt: optionalInstant('when the decision was made').meta({ description: 'When the decision was made, if recorded after the event (not in the future, not before the claim was made); now if not sent' }),
  })
  .transform(toDecision);

/** The claim page: a 24-hour time box and a GOV.UK date input, all blank for "now". */
export const decisionForm = z.object({ ...decisionFields, decidedAt: optionalDateTimeInput('when the decision was made') }).transform(toDecision);

/** Hours and minutes boxes: blank is 0. */
const wholeOrZero = (label: string, max: number) => z.preprocess((value) => (value === undefined || value === null || value === '' ? 0 : value), int(label, 0, max));

/** The claim page's "TOIL taken" form (the AMHP is in the path; the claim to return to is hidden). */
export const toilForm = z
  .object({ date: dateInput('the date taken'), hours: wholeOrZero('hours', 24), minutes: wholeOrZero('minutes', 59), claimId: optionalUuid() })
  .transform((form): ToilCommand & { claimId: string | undefined } => ({ date: form.date, minutes: form.hours * 60 + form.minutes, claimId: form.claimId }));

export const toilBody = z.object({ amhpId: uuid('Choose the AMHP'), date: date('the date taken'), minutes: int('the minutes taken', 0, 24 * 60) });

// ---- Resources ------------------------------------------------------------------------------

const planResource = z.object({
  option: z.enum(['continue', 'hand_over', 'another_amhp_allocated']),
  recordedBy: z.string(),
  recordedAt: z.date(),
  agreedWith: z.string(),
  expectedEndAt: z.date().nullable(),
  handOverTo: z.string().nullable(),
  allocatedAmhpId: z.string().nullable(),
  note: z.string().nullable(),
});

export const workingDayResource = z.object({
  id: z.string(),
  amhpId: z.string(),
  amhpName: z.string(),
  lineManagerId: z.string().nullable(),
  kind: z.enum(['daytime', 'edt']),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  plans: z.array(planResource),
  version: z.number().int(),
});

export const longShiftsResource = z.object({
  days: z.array(workingDayResource.extend({ limitAt: z.date(), limitHours: z.number().int(), elapsedMinutes: z.number().int(), nearLimit: z.boolean() })),
  alerts: z.array(z.object({ key: z.string(), kind: z.enum(['pre_warning', 'limit_passed']), limitAt: z.date(), planAgreed: z.boolean(), at: z.date(), workingDayId: z.string(), amhpId: z.string(), amhpName: z.string() })),
});

export const claimResource = z.object({
  id: z.string(),
  amhpId: z.string(),
  amhpName: z.string(),
  lineManagerId: z.string().nullable(),
  startAt: z.date(),
  endAt: z.date(),
  reason: z.enum(REASONS),
  reasonDetail: z.string().nullable(),
  referralId: z.string().nullable(),
  referralReference: z.string().nullable(),
  submittedAt: z.date(),
  status: z.enum(['submitted', 'approved', 'declined', 'withdrawn']),
  compensation: z.enum(['toil', 'payment']).nullable(),
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.date().nullable().meta({ description: 'When the decision was made' }),
  decisionRecordedAt: z.date().nullable().meta({ description: 'When the decision was entered (later than decidedAt when recorded after the event)' }),
  declineReason: z.string().nullable(),
  version: z.number().int(),
});

export const toilResource = z.object({ id: z.string(), amhpId: z.string(), date: z.string(), minutes: z.number().int(), recordedBy: z.string() });

export const myHoursResource = z.object({ claims: z.array(claimResource), taken: z.array(toilResource), toilBalanceMinutes: z.number().int() });

export const claimViewResource = z.object({ claim: claimResource, toilBalanceMinutes: z.number().int(), mayDecide: z.boolean() });

export const monthlyResource = z.object({
  months: z.array(
    z.object({
      month: z.string(),
      rows: z.array(z.object({ month: z.string(), amhpId: z.string(), name: z.string(), totalMinutes: z.number().int(), claimCount: z.number().int(), mainReason: z.enum(REASONS), mainReasonLabel: z.string(), minutesByReason: z.record(z.string(), z.number()) })),
    }),
  ),
  balances: z.array(z.object({ amhpId: z.string(), name: z.string(), minutes: z.number().int() })),
});
