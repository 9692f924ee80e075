import { addDays } from './london-time.js';

/** Working days exclude weekends and the bank holidays supplied (England & Wales by default). */
export class WorkingDayCalendar {
  private readonly holidays: ReadonlySet<string>;
  constructor(holidays: Iterable<string>) {
    this.holidays = new Set(holidays);
  }

  isBankHoliday(date: string): boolean {
    return this.holidays.has(date);
  }

  isWeekend(date: string): boolean {
    const day = new Date(`${date}T00:00:00Z`).getUTCDay();
    return day === 0 || day === 6;
  }

  isWorkingDay(date: string): boolean {
    return !this.isWeekend(date) && !this.isBankHoliday(date);
  }

  /** The date `count` working days after `date` (negative counts go back). */
  addWorkingDays(date: string, count: number): string {
    const step = count < 0 ? -1 : 1;
    let remaining = Math.abs(count);
    let current = date;
    while (remaining > 0) {
      current = addDays(current, step);
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }

  previousWorkingDay(date: string): string {
    return this.addWorkingDays(date, -1);
  }

  nextWorkingDay(date: string): string {
    return this.addWorkingDays(date, 1);
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  workingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let current = addDays(from, 1); current <= to; current = addDays(current, 1)) {
      if (this.isWorkingDay(current)) count += 1;
    }
    return count;
  }

  holidayDates(): string[] {
    return [...this.holidays].sort();
  }
}
