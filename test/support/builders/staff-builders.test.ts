import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../test-app.js';
import { TEST_NOW } from '../test-clock.js';
import { aPerson } from './staff-builders.js';

describe('the base template and the staff builders', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
  });
  afterAll(async () => t.close());

  it('starts on the test date with no demo people, and builds a person who can act', async () => {
    expect(t.clock.now()).toEqual(TEST_NOW);
    const everyone = await t.services.staff.peopleWithRole(['amhp', 'amhp_lead', 'admin']);
    expect(everyone.map((p) => p.name)).toEqual(['Tess Administrator']);
    const ava = await aPerson('Ava Amhp').withRoles('amhp').inTeam('daytime').build(t.services);
    expect(ava.actor.roles).toEqual(['amhp']);
    expect((await t.services.staff.peopleWithRole(['amhp'])).map((p) => p.id)).toEqual([ava.id]);
  });
});
