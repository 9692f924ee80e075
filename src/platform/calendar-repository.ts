import type { Kysely } from 'kysely';
import type { PlatformTables } from './platform-tables.js';
import type { IsoDate } from './time/calendar.js';

export interface BankHoliday {
  date: IsoDate;
  name: string;
}

export async function countBankHolidays(db: Kysely<PlatformTables>): Promise<number> {
  const row = await db.selectFrom('bankHolidays').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertBankHolidays(db: Kysely<PlatformTables>, holidays: readonly BankHoliday[]): Promise<void> {
  if (holidays.length === 0) return;
  await db
    .insertInto('bankHolidays')
    .values(holidays.map((holiday) => ({ holidayDate: holiday.date, name: holiday.name })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function listBankHolidays(db: Kysely<PlatformTables>): Promise<BankHoliday[]> {
  return db.selectFrom('bankHolidays').select(['holidayDate as date', 'name']).orderBy('holidayDate').execute();
}

export async function findBankHoliday(db: Kysely<PlatformTables>, date: IsoDate): Promise<BankHoliday | undefined> {
  return db.selectFrom('bankHolidays').select(['holidayDate as date', 'name']).where('holidayDate', '=', date).executeTakeFirst();
}

/** Returns whether a row was removed. */
export async function deleteBankHoliday(db: Kysely<PlatformTables>, date: IsoDate): Promise<boolean> {
  const result = await db.deleteFrom('bankHolidays').where('holidayDate', '=', date).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
