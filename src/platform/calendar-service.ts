import { z } from 'zod';
import { inTransaction, type Db } from '../db/database.js';
import type { AuditLog, ServiceContext } from './audit.js';
import { ValidationError } from './errors.js';
import { requireRole } from './roles.js';
import { WorkingDayCalendar } from './working-days.js';
import shipped from './calendar-england-wales-bank-holidays.json' with { type: 'json' };

export const bankHolidaySchema = z.object({
  date: z.iso.date({ error: 'Enter a real date, for example 2027-05-03' }),
  name: z.string().trim().min(1, 'Enter the name of the bank holiday').max(120, 'Name must be 120 characters or fewer'),
});

/** Bank holidays live in the database (shipped data seeded once, then editable by administrators). */
export class CalendarService {
  private cached: WorkingDayCalendar | undefined;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  async seedShippedHolidays(): Promise<void> {
    const existing = await this.db.selectFrom('bankHolidays').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(existing.n) > 0) return;
    await this.db
      .insertInto('bankHolidays')
      .values(shipped.map((holiday) => ({ holidayDate: holiday.date, name: holiday.name })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    this.cached = undefined;
  }

  async calendar(): Promise<WorkingDayCalendar> {
    if (!this.cached) {
      const rows = await this.db.selectFrom('bankHolidays').select('holidayDate').execute();
      this.cached = new WorkingDayCalendar(rows.map((row) => row.holidayDate));
    }
    return this.cached;
  }

  async list() {
    return this.db.selectFrom('bankHolidays').select(['holidayDate', 'name']).orderBy('holidayDate').execute();
  }

  async add(ctx: ServiceContext, input: z.input<typeof bankHolidaySchema>): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'edit bank holidays');
    const parsed = bankHolidaySchema.safeParse(input);
    if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => ({ field: String(i.path[0] ?? 'date'), message: i.message })));
    await inTransaction(this.db, async (trx) => {
      const clash = await trx.selectFrom('bankHolidays').select('holidayDate').where('holidayDate', '=', parsed.data.date).executeTakeFirst();
      if (clash) throw ValidationError.of('date', 'That date is already a bank holiday');
      await trx.insertInto('bankHolidays').values({ holidayDate: parsed.data.date, name: parsed.data.name }).execute();
      await this.audit.record(trx, ctx, { action: 'bank_holiday_added', entityType: 'bank_holiday', entityId: parsed.data.date, summary: { name: parsed.data.name } });
    });
    this.cached = undefined;
  }

  async remove(ctx: ServiceContext, date: string): Promise<void> {
    requireRole(ctx.actor, ['admin'], 'edit bank holidays');
    await inTransaction(this.db, async (trx) => {
      await trx.deleteFrom('bankHolidays').where('holidayDate', '=', date).execute();
      await this.audit.record(trx, ctx, { action: 'bank_holiday_removed', entityType: 'bank_holiday', entityId: date });
    });
    this.cached = undefined;
  }
}
