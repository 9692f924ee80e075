import { z } from 'zod';
import { type IsoDate, type LocalTime, addDays, londonInstant, londonParts, minutesOf } from '../../platform/london-time.js';
import { type Weekday, weekdayOf } from './duty-calendar.js';

/** The two teams that can hold an AMHP referral inside the service. */
export type ServiceTeam = 'daytime' | 'edt';

const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

const localTimeSchema = z
  .string({ error: 'Enter a time, for example 09:00' })
  .regex(TIME_PATTERN, 'Enter a time in 24-hour format, for example 09:00 or 16:30');

const dayHoursSchema = z
  .object({
    /** When the daytime AMHP service is open; null when EDT covers the whole day. */
    daytime: z.object({ opens: localTimeSchema, closes: localTimeSchema }).nullable(),
    /** EDT opens for general work before the daytime service closes (Friday 16:00). */
    edtOpens: localTimeSchema.optional(),
    /** EDT takes Mental Health Act work only from this time (Friday 17:00). */
    edtMhaWorkFrom: localTimeSchema.optional(),
  })
  .superRefine((day, ctx) => {
    // Zod still runs this after a malformed time was reported; there is nothing more to say then.
    const times = [day.daytime?.opens, day.daytime?.closes, day.edtOpens, day.edtMhaWorkFrom];
    if (times.some((t) => t !== undefined && !TIME_PATTERN.test(t))) return;
    if (!day.daytime) {
      if (day.edtOpens || day.edtMhaWorkFrom) {
        ctx.addIssue({
          code: 'custom',
          message: 'EDT opening times only apply on a day the daytime service is open',
          path: ['edtOpens'],
        });
      }
      return;
    }
    const opens = minutesOf(day.daytime.opens);
    const closes = minutesOf(day.daytime.closes);
    if (closes <= opens) {
      ctx.addIssue({
        code: 'custom',
        message: 'The daytime service must close after it opens',
        path: ['daytime', 'closes'],
      });
    }
    if (day.edtOpens && (minutesOf(day.edtOpens) > closes || minutesOf(day.edtOpens) <= opens)) {
      ctx.addIssue({
        code: 'custom',
        message: 'EDT can open early only while the daytime service is open, not after it closes',
        path: ['edtOpens'],
      });
    }
    if (day.edtMhaWorkFrom && minutesOf(day.edtMhaWorkFrom) < Math.min(closes, edtOpensMinutes(day))) {
      ctx.addIssue({
        code: 'custom',
        message: 'EDT cannot take Mental Health Act work before EDT opens',
        path: ['edtMhaWorkFrom'],
      });
    }
  });

function edtOpensMinutes(day: { daytime: { closes: LocalTime } | null; edtOpens?: LocalTime | undefined }): number {
  if (!day.daytime) return 0;
  return minutesOf(day.edtOpens ?? day.daytime.closes);
}

export const serviceHoursConfigSchema = z.object({
  timeZone: z.literal('Europe/London'),
  days: z.object({
    monday: dayHoursSchema,
    tuesday: dayHoursSchema,
    wednesday: dayHoursSchema,
    thursday: dayHoursSchema,
    friday: dayHoursSchema,
    saturday: dayHoursSchema,
    sunday: dayHoursSchema,
  }),
  /** England & Wales bank holidays: the daytime service is closed and EDT covers. */
  bankHolidaysToEdt: z.boolean(),
});

export type ServiceHoursConfig = z.infer<typeof serviceHoursConfigSchema>;
export type DayHours = ServiceHoursConfig['days'][Weekday];

/** Bank holidays as ISO dates; the platform ships them as data, editable by an administrator. */
export type BankHolidays = ReadonlySet<IsoDate>;

const weekdayHours: DayHours = { daytime: { opens: '09:00', closes: '17:00' } };

/**
 * Staff Welfare guidance, Working Hours §1.5: Monday–Thursday 09:00–17:00, Friday 09:00–16:30.
 * Partnership guidance, Communication strategy §3.2: EDT from 17:00 Monday–Thursday and from
 * 16:00 Friday (17:00 for Mental Health Act assessments) until 09:00 Monday.
 */
export const DEFAULT_SERVICE_HOURS: ServiceHoursConfig = serviceHoursConfigSchema.parse({
  timeZone: 'Europe/London',
  days: {
    monday: weekdayHours,
    tuesday: weekdayHours,
    wednesday: weekdayHours,
    thursday: weekdayHours,
    friday: { daytime: { opens: '09:00', closes: '16:30' }, edtOpens: '16:00', edtMhaWorkFrom: '17:00' },
    saturday: { daytime: null },
    sunday: { daytime: null },
  },
  bankHolidaysToEdt: true,
});

export function parseServiceHoursConfig(input: unknown): ReturnType<typeof serviceHoursConfigSchema.safeParse> {
  return serviceHoursConfigSchema.safeParse(input);
}

/** The configured hours for a calendar day, with bank holidays already handed to EDT. */
export function hoursOn(date: IsoDate, config: ServiceHoursConfig, bankHolidays: BankHolidays): DayHours {
  if (config.bankHolidaysToEdt && bankHolidays.has(date)) return { daytime: null };
  return config.days[weekdayOf(date)];
}

/** A working day is a day the daytime service opens (not a weekend, not a bank holiday). */
export function isWorkingDay(date: IsoDate, config: ServiceHoursConfig, bankHolidays: BankHolidays): boolean {
  return hoursOn(date, config, bankHolidays).daytime !== null;
}

// A year is ample: a configuration with no working days at all makes these return null.
const SEARCH_DAYS = 370;

export function previousWorkingDay(
  date: IsoDate,
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): IsoDate | null {
  for (let i = 1; i <= SEARCH_DAYS; i++) {
    const candidate = addDays(date, -i);
    if (isWorkingDay(candidate, config, bankHolidays)) return candidate;
  }
  return null;
}

export function nextWorkingDay(date: IsoDate, config: ServiceHoursConfig, bankHolidays: BankHolidays): IsoDate | null {
  for (let i = 1; i <= SEARCH_DAYS; i++) {
    const candidate = addDays(date, i);
    if (isWorkingDay(candidate, config, bankHolidays)) return candidate;
  }
  return null;
}

export interface ServiceCover {
  /** The team responsible for new work at this moment. */
  team: ServiceTeam;
  /** Who takes Mental Health Act work now; null in a gap (default: Friday 16:30–17:00). */
  mhaWorkTeam: ServiceTeam | null;
  mhaWorkCovered: boolean;
  /** Both teams open at once (default: Friday 16:00–16:30, EDT for work other than MHA). */
  edtAlsoOpen: boolean;
  localDate: IsoDate;
  localTime: LocalTime;
}

/** Moment (minute of the local day) from which EDT takes MHA work on a day the daytime service opens. */
function edtMhaStartMinute(day: DayHours): number | null {
  if (!day.daytime) return null;
  const closes = minutesOf(day.daytime.closes);
  return day.edtMhaWorkFrom ? Math.max(closes, minutesOf(day.edtMhaWorkFrom)) : closes;
}

function edtGeneralStartMinute(day: DayHours): number | null {
  if (!day.daytime) return null;
  return minutesOf(day.edtOpens ?? day.daytime.closes);
}

/** Which team is responsible at an instant, read in Europe/London across clock changes. */
export function responsibleTeamAt(instant: Date, config: ServiceHoursConfig, bankHolidays: BankHolidays): ServiceCover {
  const local = londonParts(instant);
  const day = hoursOn(local.date, config, bankHolidays);
  const base = { localDate: local.date, localTime: local.time };
  if (!day.daytime) {
    return { ...base, team: 'edt', mhaWorkTeam: 'edt', mhaWorkCovered: true, edtAlsoOpen: false };
  }
  const now = local.minuteOfDay;
  const opens = minutesOf(day.daytime.opens);
  const closes = minutesOf(day.daytime.closes);
  if (now < opens) {
    return { ...base, team: 'edt', mhaWorkTeam: 'edt', mhaWorkCovered: true, edtAlsoOpen: false };
  }
  if (now < closes) {
    const edtAlsoOpen = now >= (edtGeneralStartMinute(day) ?? closes);
    return { ...base, team: 'daytime', mhaWorkTeam: 'daytime', mhaWorkCovered: true, edtAlsoOpen };
  }
  const mhaCovered = now >= (edtMhaStartMinute(day) ?? closes);
  return {
    ...base,
    team: 'edt',
    mhaWorkTeam: mhaCovered ? 'edt' : null,
    mhaWorkCovered: mhaCovered,
    edtAlsoOpen: false,
  };
}

/** Whether the team is the one taking MHA work at this instant. */
export function isCoveringMhaWork(
  team: ServiceTeam,
  instant: Date,
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
): boolean {
  return responsibleTeamAt(instant, config, bankHolidays).mhaWorkTeam === team;
}

export type WorkKind = 'mha' | 'general';

/**
 * The first instant at or after `instant` at which the team's service period begins: the
 * daytime service at its opening on the next working day; EDT when it takes over from the
 * daytime service (for MHA work by default, so 17:00 on Fridays). Null when the
 * configuration never has such a start (for example no working days at all).
 */
export function nextServiceStart(
  team: ServiceTeam,
  instant: Date,
  config: ServiceHoursConfig,
  bankHolidays: BankHolidays,
  work: WorkKind = 'mha',
): Date | null {
  const firstDate = londonParts(instant).date;
  for (let i = 0; i <= SEARCH_DAYS; i++) {
    const date = addDays(firstDate, i);
    const day = hoursOn(date, config, bankHolidays);
    if (!day.daytime) continue;
    let minute: number | null;
    if (team === 'daytime') minute = minutesOf(day.daytime.opens);
    else minute = work === 'mha' ? edtMhaStartMinute(day) : edtGeneralStartMinute(day);
    if (minute === null) continue;
    const start = londonInstant(date, minuteToTime(minute));
    if (start.getTime() >= instant.getTime()) return start;
  }
  return null;
}

function minuteToTime(minute: number): LocalTime {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}
