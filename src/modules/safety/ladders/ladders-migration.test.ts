import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { type DatabaseHandle, migrate, openPglite } from '../../../db/database.js';
import { allTables } from '../../../../test/support/all-tables.js';

/**
 * 0900 moves the escalation ladders out of the platform's settings table: re-applied on a
 * database holding a ladder the old way, the ladder is in the safety table with its version,
 * and the setting is gone.
 */
describe('migration 0900: escalation ladders move from settings to safety_escalation_ladders', () => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openPglite({});
    await migrate(handle);
  }, 120_000);
  afterAll(async () => handle.close());

  it('moves each team’s ladder with its timings, steps and version, and removes the setting', async () => {
    const db = allTables(handle.db);
    const org = await db.insertInto('organisations').values({ name: 'Northshire County Council', shortName: 'Northshire', kind: 'lssa' }).returning('id').executeTakeFirstOrThrow();
    const team = await db.insertInto('teams').values({ name: 'Northshire AMHP Service', kind: 'daytime', organisationId: org.id }).returning('id').executeTakeFirstOrThrow();
    const ladder = { graceMinutes: 0, stepIntervalMinutes: 1, alarmStepIntervalMinutes: 2, ladder: [{ roleLabel: 'AMHP Lead', personId: null, personLabel: null, contactNumber: '01632 960201' }] };
    // The database as it was before 0900: the ladder a setting, the table not there.
    await sql`drop table safety_escalation_ladders`.execute(db);
    await sql`delete from schema_migrations where name = '0900-safety-escalation-ladders.sql'`.execute(db);
    await db.insertInto('settings').values({ key: `safety.escalation.${team.id}`, value: JSON.stringify(ladder), version: 4 }).execute();
    await db.insertInto('settings').values({ key: 'duty.something', value: JSON.stringify({ kept: true }) }).execute();

    const report = await migrate(handle);
    expect(report.applied).toEqual(['0900-safety-escalation-ladders.sql']);
    const moved = await db.selectFrom('safetyEscalationLadders').selectAll().execute();
    expect(moved).toEqual([
      expect.objectContaining({ teamId: team.id, graceMinutes: 0, stepIntervalMinutes: 1, alarmStepIntervalMinutes: 2, steps: ladder.ladder, version: 4 }),
    ]);
    expect((await db.selectFrom('settings').select('key').execute()).map((r) => r.key)).toEqual(['duty.something']);
  });
});
