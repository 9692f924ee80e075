import { readFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testConfig } from '../config.js';
import { migrate, openPglite, type DatabaseHandle } from '../db/database.js';
import { systemClock } from '../platform/clock.js';
import { ROLE_LABELS, type Role } from '../platform/roles.js';
import { createServices, type Services } from '../services.js';
import { databaseIsEmpty, seedDemo } from './seed-demo.js';

/** The demo's sign-ins as the README lists them: e-mail and the role it is described by. */
async function readmeSignIns(): Promise<Array<{ email: string; description: string }>> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split('## Demo sign-ins')[1]?.split('\n## ')[0] ?? '';
  return [...section.matchAll(/^\| `([^`]+)` \| ([^|]+) \|$/gm)].map((m) => ({ email: m[1]!, description: m[2]!.trim() }));
}

/** "AMHP Lead (also an AMHP)" → the roles it names: the label before the bracket, and AMHP if "also". */
function rolesDescribed(description: string): Role[] {
  const label = description.split(' (')[0]!;
  const role = (Object.entries(ROLE_LABELS) as Array<[Role, string]>).find(([, text]) => text === label)?.[0];
  if (!role) throw new Error(`The README describes a role that does not exist: ${description}`);
  return description.includes('also an AMHP') ? [role, 'amhp'] : [role];
}

describe('the demo service', () => {
  let handle: DatabaseHandle;
  let services: Services;
  const config = testConfig();
  beforeAll(async () => {
    handle = await openPglite({});
    await migrate(handle);
    services = createServices({ config, database: handle, clock: systemClock });
    await services.calendar.seedShippedHolidays();
  }, 180_000);
  afterAll(async () => handle.close());

  it('seeds an empty database once, through the modules; every sign-in in the README exists with its roles', async () => {
    expect(await databaseIsEmpty(services)).toBe(true);
    const ids = await seedDemo(services, config.demoPassword);
    expect(await databaseIsEmpty(services)).toBe(false);
    expect(Object.keys(ids.organisations)).toEqual(['ashdown', 'brackenford', 'corrington', 'trust']);
    expect(Object.keys(ids.people).length).toBeGreaterThanOrEqual(40);

    const signIns = await readmeSignIns();
    expect(signIns).toHaveLength(14);
    for (const { email, description } of signIns) {
      const result = await services.auth.signIn(email, config.demoPassword, 'demo-test');
      expect(result, `${email}: ${description}`).toMatchObject({ ok: true, actor: { email, roles: expect.arrayContaining(rolesDescribed(description)) } });
    }
    const lead = await services.staff.findPerson(ids.people.lead!);
    expect(lead).toMatchObject({ name: 'Morwenna Tregarth', lineManagerName: 'Gareth Lindqvist', teamName: 'AMHP Service (daytime)' });

    // Issue 16: the open application's recommendations, signed in the app by both demo doctors.
    const forms = await sql<{ code: string; signer: string }>`select f.code, s.signer_name as signer from statutory_forms f join statutory_form_signatures s on s.form_id = f.id order by s.signer_name`.execute(services.db);
    expect(forms.rows.filter((r) => r.code === 'A4' || r.code === 'A8').map((r) => r.signer)).toEqual(['Dr Helena Marsden', 'Dr Imran Qureshi']);
  }, 300_000);
});
