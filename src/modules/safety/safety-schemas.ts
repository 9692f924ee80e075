// Input schemas for the safety forms and API. Forms post London wall-clock dates and times as
// separate fields ('YYYY-MM-DD', 'HH:MM'); the API takes ISO 8601 instants with an offset.
// Rules that need "now" are schema factories taking the instant, so tests inject time. The
// domain functions check the same rules again with the same messages.

import { z } from 'zod';
import { COMPANION_KIND_LABELS, MAX_VISIT_AHEAD_MINUTES, VISIT_MESSAGES, isPlausibleUkPhone } from './visit.js';
import type { Companion, CompanionKind } from './visit.js';
import { ADDITIONAL_HOURS_REASONS, HOURS_MESSAGES, MAX_CLAIM_MINUTES } from './additional-hours.js';
import type { ClaimDecision } from './additional-hours.js';
import { LONG_SHIFT_MESSAGES, MAX_START_AGE_MINUTES } from './long-shift.js';
import { ACKNOWLEDGEMENT_MESSAGES, POLICY_LIMITS } from './overdue-escalation.js';
import { DEBRIEF_MESSAGES } from './debrief.js';
import { validateNewDuressCode } from './duress-code.js';
import { addMinutes, isIsoDate, isLocalTime, londonInstant } from '../../platform/london-time.js';

const COMPANION_KINDS = Object.keys(COMPANION_KIND_LABELS) as [CompanionKind, ...CompanionKind[]];

function requiredText(message: string, max = 500) {
  return z
    .string({ error: message })
    .trim()
    .min(1, { error: message })
    .max(max, { error: `Must be ${max} characters or fewer` });
}

/** Blank and missing both become null. */
function optionalText(max = 2000) {
  return z
    .string()
    .trim()
    .max(max, { error: `Must be ${max} characters or fewer` })
    .optional()
    .nullable()
    .transform((value) => value || null);
}

/** A checkbox group posts nothing, one string, or an array. */
function checkboxes<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

const phone = requiredText(VISIT_MESSAGES.phoneRequired, 30).refine(isPlausibleUkPhone, {
  error: VISIT_MESSAGES.phoneInvalid,
});

const instant = z.iso
  .datetime({ offset: true, error: 'Enter a date and time in ISO 8601 format with an offset' })
  .transform((value) => new Date(value));

// The part of zod's refinement context used here (typed narrowly so helpers take any ctx).
type IssueSink = { addIssue(issue: { code: 'custom'; message: string; input: unknown; path: PropertyKey[] }): void };

/** Reads a London date + time pair, adding an issue to the right field when either is wrong. */
function londonDateTime(
  ctx: IssueSink,
  input: unknown,
  date: string | undefined,
  time: string | undefined,
  fields: { date: string; time: string },
): Date | undefined {
  let good = true;
  if (!date || !isIsoDate(date)) {
    ctx.addIssue({ code: 'custom', message: 'Enter a real date', input, path: [fields.date] });
    good = false;
  }
  if (!time || !isLocalTime(time)) {
    ctx.addIssue({ code: 'custom', message: 'Enter a time in 24-hour format, like 17:30', input, path: [fields.time] });
    good = false;
  }
  return good && date && time ? londonInstant(date, time) : undefined;
}

/** Field rules that need several fields at once; `issueCount` counts the rules' own issues. */
type FormCtx = IssueSink & { readonly issueCount: number };

function countingCtx(forward: (issue: Parameters<IssueSink['addIssue']>[0]) => void): FormCtx {
  let issueCount = 0;
  return {
    addIssue(issue) {
      issueCount += 1;
      forward(issue);
    },
    get issueCount() {
      return issueCount;
    },
  };
}

/**
 * Runs cross-field `rules` even when single fields already failed, so the error summary lists
 * every problem at once; builds the result with the same rules once everything is valid.
 * `rules` returns undefined when it added an issue.
 */
function formRules<S extends z.ZodType<Record<string, unknown>>, T>(
  schema: S,
  rules: (form: z.output<S>, ctx: FormCtx) => T | undefined,
) {
  return schema
    .superRefine(
      (form, ctx) => {
        rules(
          form,
          countingCtx((i) => ctx.addIssue(i)),
        );
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
    )
    .transform(
      (form) =>
        rules(
          form,
          countingCtx(() => undefined),
        ) as T,
    );
}

function issue(ctx: IssueSink, input: unknown, path: string, message: string): void {
  ctx.addIssue({ code: 'custom', message, input, path: [path] });
}

function expectedFinishProblem(expected: Date, now: Date): string | null {
  if (expected.getTime() <= now.getTime()) return VISIT_MESSAGES.expectedFinishInPast;
  if (expected.getTime() > addMinutes(now, MAX_VISIT_AHEAD_MINUTES).getTime())
    return VISIT_MESSAGES.expectedFinishTooFar;
  return null;
}

// ---- Visits -----------------------------------------------------------------------------

export interface VisitFields {
  place: string;
  referralId: string | null;
  companions: Companion[];
  aloneReason: string | null;
  phone: string;
  expectedFinishAt: Date;
}

function companionsProblem(
  companions: Companion[],
  aloneReason: string | null,
): { path: string; message: string } | null {
  const unnamed = companions.findIndex((c) => (c.kind === 'colleague' || c.kind === 'other_professional') && !c.name);
  if (unnamed >= 0) return { path: `companions.${unnamed}.name`, message: VISIT_MESSAGES.companionNameRequired };
  if (companions.length === 0 && !aloneReason)
    return { path: 'aloneReason', message: VISIT_MESSAGES.aloneReasonRequired };
  if (companions.length > 0 && aloneReason) return { path: 'aloneReason', message: VISIT_MESSAGES.aloneWithCompanions };
  return null;
}

/**
 * The phone form: `with` is the "who is going with you?" checkboxes, including `alone`; names
 * come from the fields revealed under the colleague / other professional boxes.
 */
export function visitFormSchema(now: Date) {
  return formRules(
    z.object({
      place: requiredText(VISIT_MESSAGES.placeRequired, 200),
      referralId: optionalText(64),
      with: checkboxes(z.enum([...COMPANION_KINDS, 'alone'], { error: 'Choose who is going with you' })),
      colleagueName: optionalText(120),
      otherProfessionalName: optionalText(120),
      policeDetail: optionalText(120),
      ambulanceDetail: optionalText(120),
      aloneReason: optionalText(500),
      phone,
      expectedFinishDate: z.string().trim().optional(),
      expectedFinishTime: z.string().trim().optional(),
    }),
    (form, ctx): VisitFields | undefined => {
      const names: Record<CompanionKind, string | null> = {
        colleague: form.colleagueName,
        other_professional: form.otherProfessionalName,
        police: form.policeDetail,
        ambulance: form.ambulanceDetail,
      };
      const companions = COMPANION_KINDS.filter((kind) => form.with.includes(kind)).map((kind) => ({
        kind,
        name: names[kind],
      }));
      const alone = form.with.includes('alone');
      if (form.with.length === 0) issue(ctx, form, 'with', 'Choose who is going with you, or that you are going alone');
      else if (alone && companions.length > 0) issue(ctx, form, 'with', VISIT_MESSAGES.aloneWithCompanions);
      else {
        const problem = companionsProblem(companions, alone ? form.aloneReason : null);
        if (problem) {
          const path = problem.path.startsWith('companions.')
            ? companions.some((c) => c.kind === 'colleague' && !c.name)
              ? 'colleagueName'
              : 'otherProfessionalName'
            : problem.path;
          issue(ctx, form, path, problem.message);
        }
      }
      const expected = londonDateTime(ctx, form, form.expectedFinishDate, form.expectedFinishTime, {
        date: 'expectedFinishDate',
        time: 'expectedFinishTime',
      });
      if (expected) {
        const problem = expectedFinishProblem(expected, now);
        if (problem) issue(ctx, form, 'expectedFinishTime', problem);
      }
      if (!expected || ctx.issueCount > 0) return undefined;
      return {
        place: form.place,
        referralId: form.referralId,
        companions,
        aloneReason: alone ? form.aloneReason : null,
        phone: form.phone,
        expectedFinishAt: expected,
      };
    },
  );
}

const companionSchema = z.object({
  kind: z.enum(COMPANION_KINDS, { error: 'Choose who the companion is' }),
  name: optionalText(120),
});

export function visitApiSchema(now: Date) {
  return z
    .object({
      place: requiredText(VISIT_MESSAGES.placeRequired, 200),
      referralId: optionalText(64),
      companions: z.array(companionSchema).max(10).default([]),
      aloneReason: optionalText(500),
      phone,
      expectedFinishAt: instant,
    })
    .superRefine((body, ctx) => {
      const problem = companionsProblem(body.companions, body.aloneReason);
      if (problem) issue(ctx, body, problem.path, problem.message);
      // zod runs refinements after non-fatal field errors: the instant may still be a string.
      if (!(body.expectedFinishAt instanceof Date)) return;
      const finish = expectedFinishProblem(body.expectedFinishAt, now);
      if (finish) issue(ctx, body, 'expectedFinishAt', finish);
    });
}

export function extendVisitFormSchema(now: Date) {
  return formRules(
    z.object({
      newExpectedFinishDate: z.string().trim().optional(),
      newExpectedFinishTime: z.string().trim().optional(),
      reason: requiredText(VISIT_MESSAGES.extensionReasonRequired, 500),
    }),
    (form, ctx) => {
      const expected = londonDateTime(ctx, form, form.newExpectedFinishDate, form.newExpectedFinishTime, {
        date: 'newExpectedFinishDate',
        time: 'newExpectedFinishTime',
      });
      if (!expected) return undefined;
      const problem = expectedFinishProblem(expected, now);
      if (problem) {
        issue(ctx, form, 'newExpectedFinishTime', problem);
        return undefined;
      }
      return { newExpectedFinishAt: expected, reason: form.reason };
    },
  );
}

export function extendVisitApiSchema(now: Date) {
  return z
    .object({ newExpectedFinishAt: instant, reason: requiredText(VISIT_MESSAGES.extensionReasonRequired, 500) })
    .superRefine((body, ctx) => {
      if (!(body.newExpectedFinishAt instanceof Date)) return;
      const problem = expectedFinishProblem(body.newExpectedFinishAt, now);
      if (problem) issue(ctx, body, 'newExpectedFinishAt', problem);
    });
}

/** Finishing or asking for help. `code` is only ever compared by the service; never echoed. */
export const checkInSchema = z.object({
  action: z.enum(['safe', 'home', 'help'], { error: 'Choose how you are checking in' }),
  code: z.string().max(32).optional(),
});

export const resolveAlarmSchema = z.object({
  note: requiredText(VISIT_MESSAGES.resolutionNoteRequired, 1000),
});

// ---- Escalation -------------------------------------------------------------------------

export const acknowledgementSchema = z
  .object({
    outcome: z.enum(['called_amhp', 'reached_amhp', 'not_reached'], { error: 'Choose what you did' }),
    note: optionalText(1000),
  })
  .superRefine((body, ctx) => {
    if (body.outcome === 'not_reached' && !body.note) {
      issue(ctx, body, 'note', ACKNOWLEDGEMENT_MESSAGES.noteRequiredWhenNotReached);
    }
  });

const minutesSetting = (lo: number, hi: number, message: string) =>
  z.coerce.number({ error: message }).int({ error: message }).min(lo, { error: message }).max(hi, { error: message });

export const escalationPolicySchema = z.object({
  graceMinutes: minutesSetting(
    0,
    POLICY_LIMITS.maxGraceMinutes,
    'Grace period must be a whole number of minutes from 0 to 120',
  ),
  stepIntervalMinutes: minutesSetting(
    1,
    POLICY_LIMITS.maxIntervalMinutes,
    'Time before escalating must be from 1 to 120 minutes',
  ),
  alarmStepIntervalMinutes: minutesSetting(
    1,
    POLICY_LIMITS.maxIntervalMinutes,
    'Time before escalating an alarm must be from 1 to 120 minutes',
  ),
  ladder: z
    .array(
      z.object({
        roleLabel: requiredText('Enter the role to alert', 120),
        personLabel: optionalText(120),
        personId: optionalText(64),
        contactNumber: requiredText('Enter a contact number for this step', 30).refine(isPlausibleUkPhone, {
          error: VISIT_MESSAGES.phoneInvalid,
        }),
      }),
    )
    .min(1, { error: 'Add at least one person to alert' })
    .max(10, { error: 'A ladder can have up to 10 steps' }),
});

// ---- Long shifts ------------------------------------------------------------------------

export function startWorkingDayFormSchema(now: Date) {
  return formRules(
    z.object({
      kind: z.enum(['daytime', 'edt'], { error: 'Choose daytime AMHP service or EDT' }),
      startDate: z.string().trim().optional(),
      startTime: z.string().trim().optional(),
    }),
    (form, ctx) => {
      const startedAt = londonDateTime(ctx, form, form.startDate, form.startTime, {
        date: 'startDate',
        time: 'startTime',
      });
      if (!startedAt) return undefined;
      if (startedAt.getTime() > now.getTime()) {
        issue(ctx, form, 'startTime', LONG_SHIFT_MESSAGES.startInFuture);
        return undefined;
      }
      if (startedAt.getTime() < addMinutes(now, -MAX_START_AGE_MINUTES).getTime()) {
        issue(ctx, form, 'startDate', LONG_SHIFT_MESSAGES.startTooOld);
        return undefined;
      }
      return { kind: form.kind, startedAt };
    },
  );
}

export function longShiftPlanFormSchema(now: Date) {
  return formRules(
    z.object({
      option: z.enum(['continue', 'hand_over', 'another_amhp_allocated'], { error: 'Choose the agreed plan' }),
      agreedWith: requiredText(LONG_SHIFT_MESSAGES.agreedWithRequired, 200),
      expectedEndDate: z.string().trim().optional(),
      expectedEndTime: z.string().trim().optional(),
      handOverTo: optionalText(200),
      allocatedAmhpId: optionalText(64),
      note: optionalText(1000),
    }),
    (form, ctx) => {
      let expectedEndAt: Date | null = null;
      if (form.option === 'continue') {
        if (!form.expectedEndDate && !form.expectedEndTime) {
          issue(ctx, form, 'expectedEndTime', LONG_SHIFT_MESSAGES.expectedEndRequired);
          return undefined;
        }
        const end = londonDateTime(ctx, form, form.expectedEndDate, form.expectedEndTime, {
          date: 'expectedEndDate',
          time: 'expectedEndTime',
        });
        if (!end) return undefined;
        if (end.getTime() <= now.getTime()) {
          issue(ctx, form, 'expectedEndTime', LONG_SHIFT_MESSAGES.expectedEndInPast);
          return undefined;
        }
        expectedEndAt = end;
      }
      if (form.option === 'hand_over' && !form.handOverTo) {
        issue(ctx, form, 'handOverTo', LONG_SHIFT_MESSAGES.handOverToRequired);
        return undefined;
      }
      if (form.option === 'another_amhp_allocated' && !form.allocatedAmhpId) {
        issue(ctx, form, 'allocatedAmhpId', LONG_SHIFT_MESSAGES.allocatedAmhpRequired);
        return undefined;
      }
      return {
        option: form.option,
        agreedWith: form.agreedWith,
        expectedEndAt,
        handOverTo: form.option === 'hand_over' ? form.handOverTo : null,
        allocatedAmhpId: form.option === 'another_amhp_allocated' ? form.allocatedAmhpId : null,
        note: form.note,
      };
    },
  );
}

// ---- Additional hours and TOIL ----------------------------------------------------------

const reasonSchema = z.enum(ADDITIONAL_HOURS_REASONS as [string, ...string[]], {
  error: 'Choose the reason for the additional hours',
}) as z.ZodType<(typeof ADDITIONAL_HOURS_REASONS)[number]>;

function claimPeriodProblems(
  ctx: IssueSink,
  input: unknown,
  startAt: Date,
  endAt: Date,
  now: Date,
  endField: string,
): void {
  if (endAt.getTime() <= startAt.getTime()) issue(ctx, input, endField, HOURS_MESSAGES.endBeforeStart);
  else if (endAt.getTime() > now.getTime()) issue(ctx, input, endField, HOURS_MESSAGES.endInFuture);
  else if (endAt.getTime() - startAt.getTime() > MAX_CLAIM_MINUTES * 60_000)
    issue(ctx, input, endField, HOURS_MESSAGES.tooLong);
}

export function additionalHoursFormSchema(now: Date) {
  return formRules(
    z.object({
      startDate: z.string().trim().optional(),
      startTime: z.string().trim().optional(),
      endDate: z.string().trim().optional(),
      endTime: z.string().trim().optional(),
      reason: reasonSchema,
      reasonDetail: optionalText(1000),
      referralId: optionalText(64),
    }),
    (form, ctx) => {
      const startAt = londonDateTime(ctx, form, form.startDate, form.startTime, {
        date: 'startDate',
        time: 'startTime',
      });
      // An end date left blank means the same day as the start: the usual case.
      const endAt = londonDateTime(ctx, form, form.endDate || form.startDate, form.endTime, {
        date: 'endDate',
        time: 'endTime',
      });
      if (form.reason === 'other' && !form.reasonDetail)
        issue(ctx, form, 'reasonDetail', HOURS_MESSAGES.reasonDetailRequired);
      if (startAt && endAt) claimPeriodProblems(ctx, form, startAt, endAt, now, 'endTime');
      if (!startAt || !endAt || ctx.issueCount > 0) return undefined;
      return { startAt, endAt, reason: form.reason, reasonDetail: form.reasonDetail, referralId: form.referralId };
    },
  );
}

export function additionalHoursApiSchema(now: Date) {
  return z
    .object({
      startAt: instant,
      endAt: instant,
      reason: reasonSchema,
      reasonDetail: optionalText(1000),
      referralId: optionalText(64),
    })
    .superRefine((body, ctx) => {
      if (body.reason === 'other' && !body.reasonDetail)
        issue(ctx, body, 'reasonDetail', HOURS_MESSAGES.reasonDetailRequired);
      if (body.startAt instanceof Date && body.endAt instanceof Date) {
        claimPeriodProblems(ctx, body, body.startAt, body.endAt, now, 'endAt');
      }
    });
}

export const claimDecisionSchema = formRules(
  z.object({
    decision: z.enum(['approve_toil', 'approve_payment', 'decline'], {
      error: 'Choose approve as TOIL, approve for payment, or decline',
    }),
    declineReason: optionalText(1000),
  }),
  (form, ctx): ClaimDecision | undefined => {
    switch (form.decision) {
      case 'approve_toil':
        return { outcome: 'approve', compensation: 'toil' };
      case 'approve_payment':
        return { outcome: 'approve', compensation: 'payment' };
      case 'decline':
        if (!form.declineReason) {
          issue(ctx, form, 'declineReason', HOURS_MESSAGES.declineReasonRequired);
          return undefined;
        }
        return { outcome: 'decline', reason: form.declineReason };
    }
  },
);

export const toilTakenFormSchema = formRules(
  z.object({
    date: z.string().trim().refine(isIsoDate, { error: 'Enter a real date' }),
    hours: z.coerce
      .number({ error: 'Enter hours as a whole number' })
      .int({ error: 'Enter hours as a whole number' })
      .min(0)
      .max(24)
      .default(0),
    minutes: z.coerce
      .number({ error: 'Enter minutes as a whole number' })
      .int({ error: 'Enter minutes as a whole number' })
      .min(0)
      .max(59)
      .default(0),
  }),
  (form, ctx) => {
    const total = form.hours * 60 + form.minutes;
    if (total <= 0) {
      issue(ctx, form, 'hours', HOURS_MESSAGES.toilMinutesPositive);
      return undefined;
    }
    return { date: form.date, minutes: total };
  },
);

// ---- Debriefs ---------------------------------------------------------------------------

export const debriefRequestSchema = z.object({
  /** Blank when the AMHP asks for themselves; a lead requesting on someone's behalf names them. */
  amhpId: optionalText(64),
  referralId: optionalText(64),
  reason: requiredText(DEBRIEF_MESSAGES.reasonRequired, 1000),
});

export function debriefHeldFormSchema(now: Date) {
  return formRules(
    z.object({
      heldBy: requiredText('Choose who held the debrief', 64),
      heldDate: z.string().trim().optional(),
      heldTime: z.string().trim().optional(),
    }),
    (form, ctx) => {
      const heldAt = londonDateTime(ctx, form, form.heldDate, form.heldTime, { date: 'heldDate', time: 'heldTime' });
      if (!heldAt) return undefined;
      if (heldAt.getTime() > now.getTime()) {
        issue(ctx, form, 'heldTime', DEBRIEF_MESSAGES.heldInFuture);
        return undefined;
      }
      return { heldBy: form.heldBy, heldAt };
    },
  );
}

export const debriefCancelSchema = z.object({
  cancelReason: requiredText(DEBRIEF_MESSAGES.cancelReasonRequired, 1000),
});

// ---- Duress code ------------------------------------------------------------------------

export const duressCodeSchema = z
  .object({ code: z.string().max(32).default(''), confirmation: z.string().max(32).default('') })
  .superRefine((form, ctx) => {
    for (const error of validateNewDuressCode(form.code, form.confirmation))
      issue(ctx, form, error.field, error.message);
  });
