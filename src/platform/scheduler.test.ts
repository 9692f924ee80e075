import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { Scheduler } from './scheduler.js';
import { createTestServices, type TestServices } from '../../test/support/test-app.js';
import { allTables } from '../../test/support/all-tables.js';

describe('the job scheduler', () => {
  let t: TestServices;
  const clock = new ManualClock('2026-11-23T09:00:00Z');
  beforeAll(async () => {
    t = await createTestServices({ template: 'base', clock });
  });
  afterAll(async () => t.close());

  it('runs a job when its interval has passed, with the injected time, inside a transaction', async () => {
    const scheduler = new Scheduler(t.services.db, clock);
    const seen: string[] = [];
    scheduler.register({
      name: 'note-time',
      intervalSeconds: 60,
      run: async (trx, now) => {
        seen.push(now.toISOString());
        await allTables(trx).insertInto('bankHolidays').values({ holidayDate: `2050-01-0${seen.length}`, name: 'job ran' }).execute();
      },
    });
    expect(await scheduler.runDue()).toEqual(['note-time']);
    expect(await scheduler.runDue()).toEqual([]);
    clock.advanceMinutes(1);
    expect(await scheduler.runDue()).toEqual(['note-time']);
    expect(seen).toEqual(['2026-11-23T09:00:00.000Z', '2026-11-23T09:01:00.000Z']);
  });

  it('rolls back a failed run and keeps going', async () => {
    const scheduler = new Scheduler(t.services.db, clock);
    scheduler.register({
      name: 'fails',
      intervalSeconds: 1,
      run: async (trx) => {
        await allTables(trx).insertInto('bankHolidays').values({ holidayDate: '2051-01-01', name: 'should roll back' }).execute();
        throw new Error('failure inside job');
      },
    });
    expect(await scheduler.runDue(true)).toEqual([]);
    const row = await t.tables.selectFrom('bankHolidays').select('name').where('holidayDate', '=', '2051-01-01').executeTakeFirst();
    expect(row).toBeUndefined();
  });
});
