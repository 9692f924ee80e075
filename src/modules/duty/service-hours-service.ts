import type { ServiceContext } from '../../platform/audit.js';
import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError } from '../../platform/errors.js';
import type { SettingsService } from '../../platform/settings-service.js';
import { requireRole } from '../../platform/roles.js';
import { DUTY_ROLES } from './duty-access.js';
import type { ServiceHoursCommand } from './service-hours-schemas.js';
import { DEFAULT_SERVICE_HOURS, responsibleTeamAt, serviceHoursConfigSchema } from './service-hours.js';
import type { BankHolidays, ServiceCover, ServiceHoursConfig } from './service-hours.js';

export const SERVICE_HOURS_KEY = 'duty.service-hours';

export interface HoursContext {
  config: ServiceHoursConfig;
  bankHolidays: BankHolidays;
}

/** Every "who is responsible now" answer comes from here: the configured hours plus bank holidays. */
export class ServiceHoursService {
  constructor(
    private readonly settings: Pick<SettingsService, 'get' | 'put'>,
    private readonly calendar: Pick<CalendarService, 'calendar'>,
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

  /** An administrator changes the hours; refused with the current version if someone else did first. */
  async update(ctx: ServiceContext, command: ServiceHoursCommand): Promise<{ config: ServiceHoursConfig; version: number }> {
    requireRole(ctx.actor, DUTY_ROLES.serviceHours, 'change the service hours');
    try {
      await this.settings.put(ctx, SERVICE_HOURS_KEY, serviceHoursConfigSchema, command.config, command.version);
    } catch (error) {
      // Say which version to re-read, as every other conflict does.
      if (error instanceof ConflictError && error.currentVersion === undefined) throw new ConflictError(error.message, { currentVersion: (await this.current()).version });
      throw error;
    }
    return this.current();
  }
}
