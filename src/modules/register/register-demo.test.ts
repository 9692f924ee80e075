import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../platform/audit.js';
import { createTestServices, type TestServices } from '../../../test/support/test-app.js';

/** The register's part of the demo service tells its story on whatever day the demo is built. */
describe('the register’s demo data', () => {
  let t: TestServices;
  let lead: ServiceContext;
  beforeAll(async () => {
    t = await createTestServices({ template: 'demo' });
    const [person] = (await t.services.staff.peopleWithRole(['lead_amhp'])).filter((p) => p.email === 'lead-amhp@example.org');
    const actor = await t.services.auth.loadActor(person!.id);
    lead = { actor: actor!, requestId: 'demo-test' };
  });
  afterAll(async () => t.close());

  it('has lapsed, suspended, authorised and due-for-re-approval AMHPs, each refused or allowed by the one rule', async () => {
    const rows = await t.services.register.list.rows(lead, { audit: false });
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.filter((r) => r.status === 'lapsed').length).toBeGreaterThanOrEqual(1);
    expect(rows.filter((r) => r.status === 'suspended')).toHaveLength(1);
    expect(rows.filter((r) => r.authorisedFor.length > 0).length).toBeGreaterThan(5);
    expect((await t.services.register.list.reapprovalsDue(lead)).some((r) => r.reapprovalState === 'due_soon')).toBe(true);
    const today = t.services.register.today();
    const suspended = rows.find((r) => r.status === 'suspended')!;
    expect(await t.services.eligibility.mayAct(suspended.personId, null, today)).toMatchObject({ eligible: false, reason: expect.stringMatching(/Suspended from .*regulator/) });
    const lapsed = rows.find((r) => r.status === 'lapsed')!;
    expect(await t.services.eligibility.mayAct(lapsed.personId, null, today)).toMatchObject({ eligible: false, reason: expect.stringMatching(/lapsed/) });
  });

  it('has a competency unmet for over a year, and a disputed supervision record in the audit', async () => {
    const rows = await t.services.register.list.rows(lead, { audit: false });
    const lagging = rows.find((r) => r.email.startsWith('delphine.'))!;
    const view = await t.services.register.people.view(lead, lagging.personId, { audit: false });
    expect(view.onRegister && view.competencyReview.developmentPlanPrompt).toMatch(/Key Competence 2 not met for 12 months/);
    const audit = await t.services.register.supervisionAudit.audit(lead);
    expect(audit.rows.length).toBeGreaterThan(20);
    expect(audit.rows.some((r) => r.disputedCount > 0)).toBe(true);
  });
});
