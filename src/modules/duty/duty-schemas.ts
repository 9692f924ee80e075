import { z } from 'zod';
import { isValidIsoDate } from './duty-time.js';
import type { HandoverParty } from './handover.js';
import type { AllocationDecision } from './allocation-sheet.js';

// Input schemas for the duty module's forms and API. Messages follow the GOV.UK pattern:
// say what to do ("Enter…", "Select…"), not what went wrong.

const required = (message: string) => z.string({ error: message }).trim().min(1, message);

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : null));

export const isoDateSchema = z
  .string({ error: 'Enter a date' })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, {
    error: 'Enter a date in the format YYYY-MM-DD, for example 2025-03-24',
    abort: true,
  })
  .refine(isValidIsoDate, 'Enter a real date');

export const monthSchema = z
  .string({ error: 'Enter a month' })
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'Enter a month in the format YYYY-MM, for example 2025-03');

export const localTimeSchema = z
  .string({ error: 'Enter a time' })
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time in 24-hour format, for example 09:00 or 16:30');

/** An HTML checkbox sends 'yes' (or nothing); the API sends a boolean. */
const checkbox = z
  .union([z.boolean(), z.literal('yes'), z.literal('true'), z.literal('on')])
  .optional()
  .transform((v) => v === true || v === 'yes' || v === 'true' || v === 'on');

const expectedVersion = z.coerce
  .number({ error: 'The form is missing its version: reload the page and try again' })
  .int()
  .min(1, 'The form is missing its version: reload the page and try again');

const personId = (message: string) => required(message);

export const shiftKindSchema = z.enum(['daytime', 'edt'], { error: 'Select daytime or EDT' });

export const planShiftSchema = z
  .object({
    personId: personId('Select an AMHP'),
    date: isoDateSchema,
    kind: shiftKindSchema,
    /** Leave both empty for the usual hours of the service. */
    startTime: localTimeSchema.optional(),
    endTime: localTimeSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if ((v.startTime === undefined) !== (v.endTime === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [v.startTime === undefined ? 'startTime' : 'endTime'],
        message: 'Enter both a start and an end time, or leave both empty for the usual hours',
      });
    }
  });
export type PlanShiftForm = z.infer<typeof planShiftSchema>;

export const frequencyAgreementSchema = z.object({
  personId: personId('Select an AMHP'),
  shiftsPerMonth: z.coerce
    .number({ error: 'Enter the agreed number of shifts a month' })
    .int('Enter a whole number of shifts')
    .min(1, 'Agreed shifts a month must be between 1 and 4')
    .max(4, 'Agreed shifts a month must be between 1 and 4'),
});

export const reportWritingDaySchema = z.object({ shiftId: required('Select a shift'), flag: checkbox });

export const sicknessSchema = z
  .object({
    shiftId: required('Select the shift'),
    useBackup: z.enum(['yes', 'no'], { error: 'Select whether to use the back-up AMHP' }),
    backupPersonId: optionalText,
    note: optionalText,
  })
  .superRefine((v, ctx) => {
    if (v.useBackup === 'yes' && !v.backupPersonId) {
      ctx.addIssue({ code: 'custom', path: ['backupPersonId'], message: 'Select the back-up AMHP' });
    }
  })
  .transform((v) => ({
    shiftId: v.shiftId,
    backupPersonId: v.useBackup === 'yes' ? v.backupPersonId : null,
    note: v.note,
  }));
export type SicknessForm = z.infer<typeof sicknessSchema>;

export const attendeeRoleSchema = z.enum(['amhp-lead', 'amhp', 'support', 'candidate', 'admin'], {
  error: 'Select the role of each person who attended',
});

export const attendanceSchema = z.object({
  attendees: z.array(z.object({ personId: personId('Select who attended'), role: attendeeRoleSchema })),
  expectedVersion,
});

const decisionFields = z
  .object({
    decision: z.enum(['allocate', 'do-not-allocate'], { error: 'Select whether to allocate an AMHP' }),
    amhpId: optionalText,
    overrideReason: optionalText,
    notAllocatedReason: optionalText,
  })
  .superRefine((v, ctx) => {
    if (v.decision === 'allocate' && !v.amhpId) {
      ctx.addIssue({ code: 'custom', path: ['amhpId'], message: 'Select the AMHP to allocate' });
    }
    if (v.decision === 'do-not-allocate' && !v.notAllocatedReason) {
      ctx.addIssue({ code: 'custom', path: ['notAllocatedReason'], message: 'Enter why no AMHP is allocated' });
    }
  });

function toDecision(v: z.infer<typeof decisionFields>): AllocationDecision {
  return v.decision === 'allocate'
    ? { kind: 'allocated', amhpId: v.amhpId ?? '', overrideReason: v.overrideReason }
    : { kind: 'not-allocated', reason: v.notAllocatedReason ?? '' };
}

export const allocationDecisionSchema = z
  .object({ referralId: required('Select a referral'), plan: optionalText, expectedVersion })
  .and(decisionFields)
  .transform((v) => ({
    referralId: v.referralId,
    plan: v.plan,
    expectedVersion: v.expectedVersion,
    decision: toDecision(v),
  }));
export type AllocationDecisionForm = z.infer<typeof allocationDecisionSchema>;

export const finaliseSheetSchema = z.object({ expectedVersion });

export const amendAllocationSchema = z
  .object({
    referralId: required('Select a referral'),
    reason: required('Enter the reason for amending the finalised sheet'),
    expectedVersion,
  })
  .and(decisionFields)
  .transform((v) => ({
    referralId: v.referralId,
    reason: v.reason,
    expectedVersion: v.expectedVersion,
    decision: toDecision(v),
  }));

export const handoverItemSchema = z
  .object({
    referralId: required('Select a referral to hand over'),
    done: required('Enter what has been done'),
    outstanding: required('Enter what is outstanding'),
    contingency: required('Enter the contingency plan, or “None agreed”'),
    warrantApplication: checkbox,
    warrantReason: optionalText,
  })
  .superRefine((v, ctx) => {
    if (v.warrantApplication && !v.warrantReason) {
      ctx.addIssue({
        code: 'custom',
        path: ['warrantReason'],
        message: 'Enter why the warrant (s135) application is being handed over',
      });
    }
  });

export const handoverDirectionSchema = z.enum(
  ['daytime-to-edt', 'edt-to-daytime', 'to-other-service', 'from-other-service'],
  { error: 'Select who the handover is from and to' },
);

export const createHandoverSchema = z
  .object({
    direction: handoverDirectionSchema,
    /** For handovers to or from another service: which of our teams is involved. */
    ourTeam: z.enum(['daytime', 'edt']).optional(),
    otherServiceName: optionalText,
    items: z.array(handoverItemSchema).min(1, 'Add at least one referral to the handover'),
    documentsSent: z.array(z.string().trim()).default([]),
  })
  .superRefine((v, ctx) => {
    const other = v.direction === 'to-other-service' || v.direction === 'from-other-service';
    if (other && !v.otherServiceName) {
      ctx.addIssue({ code: 'custom', path: ['otherServiceName'], message: 'Enter the name of the other service' });
    }
    if (other && !v.ourTeam) {
      ctx.addIssue({ code: 'custom', path: ['ourTeam'], message: 'Select the daytime AMHP service or EDT' });
    }
  })
  .transform((v) => {
    const { from, to } = partiesFor(v.direction, v.ourTeam ?? 'daytime', v.otherServiceName ?? '');
    return { from, to, items: v.items, documentsSent: v.documentsSent.filter(Boolean) };
  });
export type CreateHandoverForm = z.infer<typeof createHandoverSchema>;

function partiesFor(
  direction: z.infer<typeof handoverDirectionSchema>,
  ourTeam: 'daytime' | 'edt',
  otherServiceName: string,
): { from: HandoverParty; to: HandoverParty } {
  const daytime: HandoverParty = { kind: 'team', team: 'daytime' };
  const edt: HandoverParty = { kind: 'team', team: 'edt' };
  const ours: HandoverParty = { kind: 'team', team: ourTeam };
  const other: HandoverParty = { kind: 'other-service', name: otherServiceName };
  switch (direction) {
    case 'daytime-to-edt':
      return { from: daytime, to: edt };
    case 'edt-to-daytime':
      return { from: edt, to: daytime };
    case 'to-other-service':
      return { from: ours, to: other };
    case 'from-other-service':
      return { from: other, to: ours };
  }
}

export const acceptHandoverSchema = z.object({ externalAcceptorName: optionalText });

export const withdrawHandoverSchema = z.object({ reason: required('Enter why the handover is being withdrawn') });

export const sitrepRequestSchema = z.object({
  date: isoDateSchema,
  format: z.enum(['html', 'pdf', 'text', 'json']).default('html'),
});

export const rotaMonthSchema = z.object({ month: monthSchema });
