import { z } from 'zod';
import { choice, date, dateInput, flag, int, month, optionalInstant, optionalText, optionalUuid, uuid } from '../../platform/http/fields.js';
import { type IsoDate, addDays, parseLondonWallClock, parseTimeOfDay } from '../../platform/london-time.js';
import type { ShiftKind } from './rota.js';

// The rota's commands, and the schemas that make them from a form or from the API.

export const SHIFT_KINDS = ['daytime', 'edt'] as const;

export interface PlanShiftCommand {
  personId: string;
  date: IsoDate;
  kind: ShiftKind;
  /** Null for the usual hours of the service on that date. */
  hours: { start: Date; end: Date } | null;
}

export interface SicknessCommand {
  /** The back-up AMHP the operational manager chose, or null to leave the rota one short. */
  backupPersonId: string | null;
  note: string | null;
}

/** Choose, change or remove the back-up for a shift already marked unavailable. */
export type BackupCommand = SicknessCommand;

/** An AMHP's own report of sickness: whole days, London dates, both included. */
export interface OwnSicknessCommand {
  from: IsoDate;
  to: IsoDate;
  note: string | null;
}

export const ABSENCE_KINDS = ['sickness', 'leave'] as const;

/** Leave or sickness recorded by a rota planner. */
export interface AbsenceCommand extends OwnSicknessCommand {
  personId: string;
  kind: (typeof ABSENCE_KINDS)[number];
}

export interface AgreementCommand {
  personId: string;
  shiftsPerMonth: number;
}

const kind = choice(SHIFT_KINDS, 'Select daytime or EDT');
const BOTH_TIMES = 'Enter both a start and an end time, or leave both empty for the usual hours';

/** A 24-hour time of day typed in a box ('09:30', '0930', '9.30'); blank is "not given". */
function optionalTimeOfDay() {
  return z
    .string()
    .max(10, 'Enter the time using the 24-hour clock, for example 09:30 or 21:30')
    .optional()
    .transform((value, ctx) => {
      if (!value?.trim()) return undefined;
      const parsed = parseTimeOfDay(value);
      if (parsed.ok) return parsed.time;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    });
}

/**
 * The rota page's "Add a shift" form: a GOV.UK date input, the kind, and two optional 24-hour
 * time boxes read as London wall-clock times on that date (an end at or before the start is
 * the next morning). A time the clocks skip is refused by the one time rule.
 */
export const planShiftForm = z
  .object({
    personId: uuid('Select an AMHP'),
    date: dateInput('the date of the shift'),
    kind,
    startTime: optionalTimeOfDay(),
    endTime: optionalTimeOfDay(),
  })
  .transform((v, ctx): PlanShiftCommand => {
    if ((v.startTime === undefined) !== (v.endTime === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.startTime === undefined ? 'startTime' : 'endTime'], message: BOTH_TIMES });
      return z.NEVER;
    }
    if (v.startTime === undefined || v.endTime === undefined) return { personId: v.personId, date: v.date, kind: v.kind, hours: null };
    const start = parseLondonWallClock(v.date, v.startTime);
    if (!start.ok) ctx.addIssue({ code: 'custom', path: ['startTime'], message: start.message });
    const sameDay = parseLondonWallClock(v.date, v.endTime);
    const end = sameDay.ok && start.ok && sameDay.instant > start.instant ? sameDay : parseLondonWallClock(addDays(v.date, 1), v.endTime);
    if (!end.ok) ctx.addIssue({ code: 'custom', path: ['endTime'], message: end.message });
    if (!start.ok || !end.ok) return z.NEVER;
    return { personId: v.personId, date: v.date, kind: v.kind, hours: { start: start.instant, end: end.instant } };
  });

/** The API's shift: instants by the one time rule, or neither for the usual hours. */
export const planShiftBody = z
  .object({
    personId: uuid('Select an AMHP'),
    date: date('the date of the shift'),
    kind,
    startsAt: optionalInstant('when the shift starts').describe('With endsAt: hours other than the usual ones. Leave both out for the service hours of that date.'),
    endsAt: optionalInstant('when the shift ends'),
  })
  .transform((v, ctx): PlanShiftCommand => {
    if ((v.startsAt === undefined) !== (v.endsAt === undefined)) {
      ctx.addIssue({ code: 'custom', path: [v.startsAt === undefined ? 'startsAt' : 'endsAt'], message: BOTH_TIMES });
      return z.NEVER;
    }
    return { personId: v.personId, date: v.date, kind: v.kind, hours: v.startsAt && v.endsAt ? { start: v.startsAt, end: v.endsAt } : null };
  });

const note = optionalText(1000, 'the note');

/** The sickness page: whether to use a back-up, and who. */
export const sicknessForm = z
  .object({
    useBackup: choice(['yes', 'no'], 'Select whether to use a back-up AMHP'),
    backupPersonId: optionalUuid('Select the back-up AMHP'),
    note,
  })
  .transform((v, ctx): SicknessCommand => {
    if (v.useBackup === 'yes' && !v.backupPersonId) {
      ctx.addIssue({ code: 'custom', path: ['backupPersonId'], message: 'Select the back-up AMHP' });
      return z.NEVER;
    }
    return { backupPersonId: v.useBackup === 'yes' ? (v.backupPersonId ?? null) : null, note: v.note ?? null };
  });

export const sicknessBody = z
  .object({
    backupPersonId: optionalUuid('Select the back-up AMHP').describe('The back-up AMHP who covers the same hours; leave out to record that no back-up is used.'),
    note,
  })
  .transform((v): SicknessCommand => ({ backupPersonId: v.backupPersonId ?? null, note: v.note ?? null }));

/** The back-up page for a shift already marked unavailable (same fields as the sickness page). */
export const backupForm = sicknessForm;
export const backupBody = sicknessBody;

/** "Report my sickness": the first and last day off sick (the last day defaults to the first). */
export const ownSicknessForm = z
  .object({
    from: dateInput('the first day you are off sick'),
    to: z.preprocess((v) => {
      // An empty "last day" means one day: the group of three boxes arrives as empty strings.
      if (v && typeof v === 'object' && Object.values(v as Record<string, unknown>).every((x) => x === '' || x === undefined)) return undefined;
      return v;
    }, dateInput('the last day you expect to be off sick').optional()),
    note: optionalText(1000, 'the note'),
  })
  .transform((v): OwnSicknessCommand => ({ from: v.from, to: v.to ?? v.from, note: v.note ?? null }));

export const ownSicknessBody = z
  .object({
    from: date('the first day off sick'),
    to: date('the last day off sick').optional().describe('The last day off sick expected (the first day if left out)'),
    note: optionalText(1000, 'the note'),
  })
  .transform((v): OwnSicknessCommand => ({ from: v.from, to: v.to ?? v.from, note: v.note ?? null }));

export const absenceBody = z
  .object({
    personId: uuid('Select the person'),
    kind: choice(ABSENCE_KINDS, 'Choose sickness or leave'),
    from: date('the first day'),
    to: date('the last day'),
    note: optionalText(1000, 'the note'),
  })
  .transform((v): AbsenceCommand => ({ personId: v.personId, kind: v.kind, from: v.from, to: v.to, note: v.note ?? null }));

/** "Keep the next working day for reports": a hidden `flag` on the page; a boolean on the API. */
export const reportDayForm = z.object({ flag, returnTo: z.enum(['my', 'rota']).optional() });
export const reportDayBody = z.object({ flag: z.boolean({ error: 'Say whether to keep the next working day for writing reports (true or false)' }) });

export const agreementBody = z.object({
  personId: uuid('Select an AMHP'),
  shiftsPerMonth: int('the agreed number of shifts a month', 1, 4),
});
export const agreementForm = agreementBody.extend({ month: month().optional() });

export const rotaQuery = z.object({ month: z.preprocess((v) => (v === '' ? undefined : v), month().optional()) });
export const amhpOptionsQuery = z.object({ date: date('the date') });

// ── Responses ───────────────────────────────────────────────────────────────────────────────

export const shiftResource = z.object({
  id: z.string(),
  date: z.string(),
  kind: z.enum(SHIFT_KINDS),
  personId: z.string(),
  personName: z.string(),
  organisationName: z.string(),
  start: z.date(),
  end: z.date(),
  status: z.enum(['planned', 'unavailable', 'cancelled']),
  coversShiftId: z.string().nullable(),
  coversName: z.string().nullable(),
  reportWritingDay: z.string().nullable(),
  version: z.number().int(),
});

export const sicknessResource = z.object({
  shift: shiftResource,
  backupShift: shiftResource.nullable(),
  warnings: z.array(z.string()),
});

export const agreementResource = z.object({ personId: z.string(), shiftsPerMonth: z.number().int(), version: z.number().int() });

export const rotaResource = z.object({
  month: z.string(),
  shifts: z.array(shiftResource),
  frequency: z.array(
    z.object({
      personId: z.string(),
      name: z.string(),
      organisationName: z.string(),
      agreed: z.number().int().nullable(),
      planned: z.number().int(),
      asBackup: z.number().int(),
      difference: z.number().int().nullable(),
      status: z.enum(['under', 'met', 'over', 'no-agreement']),
    }),
  ),
  changes: z.array(
    z.object({
      kind: z.literal('sickness'),
      at: z.date(),
      date: z.string(),
      shiftKind: z.enum(SHIFT_KINDS),
      shiftId: z.string(),
      absentPersonId: z.string(),
      absentName: z.string(),
      backupPersonId: z.string().nullable(),
      backupName: z.string().nullable(),
      decidedByName: z.string().describe('Empty while an AMHP’s own report of sickness waits for the back-up decision'),
      note: z.string().nullable(),
    }),
  ),
});

export const absenceResource = z.object({
  id: z.string(),
  personId: z.string(),
  kind: z.enum(ABSENCE_KINDS),
  startsOn: z.string(),
  endsOn: z.string(),
  note: z.string().nullable(),
  selfReported: z.boolean(),
  recordedBy: z.string(),
  recordedAt: z.date(),
});

export const ownSicknessResource = z.object({ absenceId: z.string(), shifts: z.array(shiftResource), notified: z.number().int().describe('How many managers were told') });

export const amhpOptionResource = z.object({ id: z.string(), name: z.string(), organisationName: z.string(), eligible: z.boolean(), reason: z.string().nullable() });
