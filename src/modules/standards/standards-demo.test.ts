import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';
import type { ServiceContext } from '../../platform/audit.js';

// The demo's own test: the only standards test that stands on the demo template.
describe('the standards demo story', () => {
  let t: TestServices;
  let lead: ServiceContext;
  beforeAll(async () => {
    t = await createTestServices({ template: 'demo' });
    const [person] = (await t.services.staff.peopleWithRole(['amhp_lead'])).filter((p) => p.email === 'lead@example.org');
    const actor = await t.services.auth.loadActor(person?.id ?? '');
    if (!actor) throw new Error('The demo has no AMHP Lead');
    lead = { actor, requestId: 'test' };
  });
  afterAll(async () => t.close());

  it('has a closed baseline a year ago with all 28 complete, parts differing, overdue actions, and a repeat in progress', async () => {
    const standards = t.services.standards;
    const brackenford = (await t.services.staff.lssas()).find((o) => o.name.startsWith('Brackenford'));
    const list = await standards.evaluations.list(lead, { organisationId: brackenford?.id ?? '' });
    const baseline = list.find((i) => i.evaluation.status === 'closed');
    const repeat = list.find((i) => i.evaluation.status !== 'closed');
    expect(baseline?.progress.completed).toBe(28);
    expect(repeat?.evaluation.baselineEvaluationId).toBe(baseline?.evaluation.id);
    expect(repeat?.evaluation.status).toBe('in_meeting');
    const view = await standards.evaluations.view(lead, baseline?.evaluation.id ?? '');
    expect(view.records.some((r) => new Set(r.partPositions.map((p) => p.extentMet)).size > 1)).toBe(true);
    const plan = await standards.plan.plan(lead);
    expect(plan.summary.overdue).toBeGreaterThan(0);
    expect(plan.rows.every((r) => r.evaluation.id)).toBe(true);
  });
});
