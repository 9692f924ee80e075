import { z } from 'zod';
import { int } from '../../platform/http/fields.js';
import { WEEKDAYS } from './duty-calendar.js';
import { serviceHoursConfigSchema, type ServiceHoursConfig } from './service-hours.js';

export interface ServiceHoursCommand {
  config: ServiceHoursConfig;
  /** The settings version the administrator read (0 before the hours were first saved). */
  version: number;
}

const settingVersion = int('the version you last read', 0);

/** The API: the whole configuration, as GET returns it, with the version read. */
export const serviceHoursBody = z.object({ config: serviceHoursConfigSchema, version: settingVersion });

function dayLabel(day: string): string {
  return day.charAt(0).toUpperCase() + day.slice(1);
}

/** The admin form: one fieldset a weekday ("monday.open" = 'yes', "monday.opens" = '09:00', …). */
function configFromForm(form: Record<string, unknown>): unknown {
  const days: Record<string, unknown> = {};
  const time = (day: string, field: string) => {
    const value = form[`${day}.${field}`];
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  };
  for (const day of WEEKDAYS) {
    days[day] =
      form[`${day}.open`] === 'yes'
        ? {
            daytime: { opens: time(day, 'opens') ?? '', closes: time(day, 'closes') ?? '' },
            ...(time(day, 'edtOpens') ? { edtOpens: time(day, 'edtOpens') } : {}),
            ...(time(day, 'edtMhaWorkFrom') ? { edtMhaWorkFrom: time(day, 'edtMhaWorkFrom') } : {}),
          }
        : { daytime: null };
  }
  return { timeZone: 'Europe/London', days, bankHolidaysToEdt: form.bankHolidaysToEdt === 'yes' };
}

/**
 * The admin page's form, read into the same command. Each problem is put against the box it is
 * about (`monday.closes`) and says which day it is ("Monday: …"), as the form shows seven days.
 */
export const serviceHoursForm = z
  .record(z.string(), z.union([z.string().max(20, 'Enter a time such as 09:00'), z.array(z.string().max(20))]))
  .transform((form, ctx): ServiceHoursCommand => {
    const version = settingVersion.safeParse(form.version);
    if (!version.success) ctx.addIssue({ code: 'custom', path: ['version'], message: 'The form is missing its version: reload the page and try again' });
    const parsed = serviceHoursConfigSchema.safeParse(configFromForm(form));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [, day, ...rest] = issue.path.map(String);
        const field = rest[0] === 'daytime' ? (rest[1] ?? 'opens') : (rest[0] ?? 'opens');
        ctx.addIssue({ code: 'custom', path: day ? [`${day}.${field}`] : [], message: day ? `${dayLabel(day)}: ${issue.message}` : issue.message });
      }
    }
    if (!version.success || !parsed.success) return z.NEVER;
    return { config: parsed.data, version: version.data };
  });

/** The form's values for a configuration. */
export function formValuesFromConfig(config: ServiceHoursConfig): Record<string, string> {
  const values: Record<string, string> = { bankHolidaysToEdt: config.bankHolidaysToEdt ? 'yes' : 'no' };
  for (const day of WEEKDAYS) {
    const hours = config.days[day];
    values[`${day}.open`] = hours.daytime ? 'yes' : 'no';
    values[`${day}.opens`] = hours.daytime?.opens ?? '';
    values[`${day}.closes`] = hours.daytime?.closes ?? '';
    values[`${day}.edtOpens`] = hours.edtOpens ?? '';
    values[`${day}.edtMhaWorkFrom`] = hours.edtMhaWorkFrom ?? '';
  }
  return values;
}

export const serviceHoursResource = z.object({ config: serviceHoursConfigSchema, version: z.number().int() });

export const responsibleTeamResource = z.object({
  team: z.enum(['daytime', 'edt']),
  mhaWorkTeam: z.enum(['daytime', 'edt']).nullable(),
  mhaWorkCovered: z.boolean(),
  edtAlsoOpen: z.boolean(),
  localDate: z.string(),
  localTime: z.string(),
});
