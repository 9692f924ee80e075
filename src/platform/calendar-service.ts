import type { Kysely } from 'kysely';
import { inTransaction } from '../db/database.js';
import type { AuditLog, ServiceContext } from './audit.js';
import { countBankHolidays, deleteBankHoliday, findBankHoliday, insertBankHolidays, listBankHolidays, type BankHoliday } from './calendar-repository.js';
import { NotFoundError, ValidationError } from './errors.js';
import type { PlatformTables } from './platform-tables.js';
import { requireRole } from './roles.js';
import type { IsoDate } from './time/calendar.js';
import { WorkingDayCalendar } from './working-days.js';
import shipped from './calendar-england-wales-bank-holidays.json' with { type: 'json' };

export type { BankHoliday } from './calendar-repository.js';

/** A bank holiday to add: a date that exists and its name (parsed by the route's schema). */
export interface AddBankHoliday {
  date: IsoDate;
  name: string;
}

/** Bank holidays live in the database (shipped data seeded once, then editable by administrators). */
export class CalendarService {
  private cached: WorkingDayCalendar | undefined;

  constructor(
    private readonly db: Kysely<PlatformTables>,
    private readonly audit: AuditLog,
  ) {}

  async seedShippedHolidays(): Promise<void> {
    if ((await countBankHolidays(this.db)) > 0) return;
    await insertBankHolidays(this.db, shipped);
    this.cached = undefined;
  }

  async calendar(): Promise<WorkingDayCalendar> {
    if (!this.cached) {
      const rows = await listBankHolidays(this.db);
      this.cached = new WorkingDayCalendar(rows.map((row) => row.date));
    }
    return this.cached;
  }

  async list(): Promise<BankHoliday[]> {
    return listBankHolidays(this.db);
  }

  async add(ctx: ServiceContext, holiday: AddBankHoliday): Promise<BankHoliday> {
    requireRole(ctx.actor, ['admin'], 'edit bank holidays');
    const added = await inTransaction(this.db, async (trx) => {
      if (await findBankHoliday(trx, holiday.date)) throw ValidationError.of('date', 'That date is already a bank holiday');
      await insertBankHolidays(trx, [holiday]);
      await this.audit.record(trx, ctx, { action: 'bank_holiday_added', entityType: 'bank_holiday', entityId: holiday.date, summary: { name: holiday.name } });
      return { date: holiday.date, name: holiday.name };
    });
    this.cached = undefined;
    return added;
  }

  async remove(ctx: ServiceContext, date: IsoDate): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'edit bank holidays');
    await inTransaction(this.db, async (trx) => {
      if (!(await deleteBankHoliday(trx, date))) throw new NotFoundError('The bank holiday');
      await this.audit.record(trx, ctx, { action: 'bank_holiday_removed', entityType: 'bank_holiday', entityId: date });
    });
    this.cached = undefined;
  }
}
