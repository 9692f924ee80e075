import { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import { ValidationError } from '../../platform/errors.js';
import type { SettingsService } from '../../platform/settings-service.js';
import { WEEKDAYS } from './duty-time.js';
import type { Weekday } from './duty-time.js';
import { DEFAULT_SERVICE_HOURS, responsibleTeamAt, serviceHoursConfigSchema } from './service-hours.js';
import type { BankHolidays, ServiceCover, ServiceHoursConfig } from './service-hours.js';

export const SERVICE_HOURS_KEY = 'duty.service-hours';

export interface HoursContext {
  config: ServiceHoursConfig;
  bankHolidays: BankHolidays;
}

const optionalTime = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));

/** The admin form: one fieldset a weekday ("monday.open" = 'yes', "monday.opens" = '09:00', …). */
export function configFromForm(form: Record<string, unknown>): unknown {
  const days: Record<string, unknown> = {};
  for (const day of WEEKDAYS) {
    const get = (field: string) => optionalTime.parse(typeof form[`${day}.${field}`] === 'string' ? form[`${day}.${field}`] : undefined);
    const open = form[`${day}.open`] === 'yes';
    days[day] = open
      ? {
          daytime: { opens: get('opens') ?? '', closes: get('closes') ?? '' },
          ...(get('edtOpens') ? { edtOpens: get('edtOpens') } : {}),
          ...(get('edtMhaWorkFrom') ? { edtMhaWorkFrom: get('edtMhaWorkFrom') } : {}),
        }
      : { daytime: null };
  }
  return { timeZone: 'Europe/London', days, bankHolidaysToEdt: form.bankHolidaysToEdt === 'yes' };
}

/** Every "who is responsible now" answer comes from here: the configured hours plus bank holidays. */
export class ServiceHoursService {
  constructor(
    private readonly settings: SettingsService,
    private readonly calendar: CalendarService,
    private readonly clock: Clock,
  ) {}

  async current(): Promise<{ config: ServiceHoursConfig; version: number }> {
    const setting = await this.settings.get(SERVICE_HOURS_KEY, serviceHoursConfigSchema, DEFAULT_SERVICE_HOURS);
    return { config: setting.value, version: setting.version };
  }

  async context(): Promise<HoursContext> {
    const [{ config }, calendar] = await Promise.all([this.current(), this.calendar.calendar()]);
    return { config, bankHolidays: new Set(calendar.holidayDates()) };
  }

  /** Which team is responsible (and who takes Mental Health Act work) at an instant, default now. */
  async responsibleTeamAt(instant: Date = this.clock.now()): Promise<ServiceCover> {
    const { config, bankHolidays } = await this.context();
    return responsibleTeamAt(instant, config, bankHolidays);
  }

  async update(ctx: ServiceContext, form: Record<string, unknown>): Promise<void> {
    const version = Number(form.version);
    if (!Number.isInteger(version) || version < 0) throw ValidationError.of('form', 'The form is missing its version: reload the page and try again');
    const value = configFromForm(form);
    const parsed = serviceHoursConfigSchema.safeParse(value);
    if (!parsed.success) {
      throw new ValidationError(
        parsed.error.issues.map((issue) => {
          const [, day, ...rest] = issue.path.map(String);
          const field = rest[0] === 'daytime' ? (rest[1] ?? 'opens') : (rest[0] ?? 'opens');
          return { field: day ? `${day}.${field}` : 'form', message: `${dayLabel(day)}: ${issue.message}` };
        }),
      );
    }
    await this.settings.put(ctx, SERVICE_HOURS_KEY, serviceHoursConfigSchema, parsed.data, version);
  }
}

export function dayLabel(day: string | undefined): string {
  if (!day) return 'Service hours';
  return day.charAt(0).toUpperCase() + day.slice(1);
}

export function formValuesFromConfig(config: ServiceHoursConfig): Record<string, string> {
  const values: Record<string, string> = { bankHolidaysToEdt: config.bankHolidaysToEdt ? 'yes' : 'no' };
  for (const day of WEEKDAYS as readonly Weekday[]) {
    const hours = config.days[day];
    values[`${day}.open`] = hours.daytime ? 'yes' : 'no';
    values[`${day}.opens`] = hours.daytime?.opens ?? '';
    values[`${day}.closes`] = hours.daytime?.closes ?? '';
    values[`${day}.edtOpens`] = hours.edtOpens ?? '';
    values[`${day}.edtMhaWorkFrom`] = hours.edtMhaWorkFrom ?? '';
  }
  return values;
}
