// Issue 12 item 9: EDT peer supervision (monthly, staff welfare guidance §5.7) counts for EDT
// AMHPs; the audit shows the last supervision and weeks since; the Lead AMHP's home page has a
// supervision panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { aSupervisionRecord, anApprovedAmhp, apiAs, browserAs } from '../../../../test/support/builders/register-builders.js';
import { textOf } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

describe('the supervision audit counts EDT peer supervision', () => {
  let t: TestApp;
  let lead: TestPerson;
  let eli: TestPerson;
  let ava: TestPerson;
  let peer: TestPerson;

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lena Leadamhp').withRoles('lead_amhp').build(t.services);
    peer = await aPerson('Pat Peer').withRoles('amhp_lead').build(t.services);
    eli = await aPerson('Eli Edtamhp').build(t.services);
    ava = await aPerson('Ava Rotaamhp').build(t.services);
    await anApprovedAmhp(t.services, eli, { lssa: 'northshire', from: '2025-04-01' });
    await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2025-04-01' });
    await t.services.register.supervision.addContract(lead.ctx, eli.id, { supervisorId: peer.id, arrangement: 'edt', startDate: '2025-04-01' });
    // Eight monthly EDT peer sessions, each signed by both.
    for (const date of ['2025-07-15', '2025-08-15', '2025-09-15', '2025-10-15', '2025-11-15', '2025-12-15', '2026-01-15', '2026-02-15']) {
      const record = await aSupervisionRecord(t.services, eli, peer, { date, type: 'edt_peer' });
      await t.services.register.supervision.sign(eli.ctx, record.id);
      await t.services.register.supervision.sign(peer.ctx, record.id);
    }
  }, 60_000);
  afterAll(async () => t.close());

  it('an EDT AMHP with 8 signed peer sessions meets the rule; last supervision and weeks since are shown', async () => {
    const api = await apiAs(t.app, lead);
    const audit = (await api('GET', '/api/v1/register/supervision-audit')).body as unknown as { quarter: { label: string }; rows: Array<Record<string, unknown>> };
    expect(audit.quarter.label).toBe('Q4 2025/26');
    expect(audit.rows.find((r) => r.amhpId === eli.id)).toMatchObject({
      arrangement: 'edt',
      countInPeriod: 2,
      countInReportingYear: 8,
      longestGapDays: 31,
      lastSupervision: '2026-02-15',
      weeksSinceLast: 3, // 15 Feb to 10 Mar: 23 days
      unsignedCount: 0,
      compliant: true,
      problems: [],
    });
    expect(audit.rows.find((r) => r.amhpId === ava.id)).toMatchObject({ countInPeriod: 0, lastSupervision: null, weeksSinceLast: null, compliant: false });

    const page = textOf((await (await browserAs(t.app, lead)).get('/register/supervision-audit')).body);
    expect(page).toContain('Last supervision Weeks since');
    expect(page).toContain('Eli Edtamhp EDT AMHP 2 8 15 February 2026 3 0 0 Meets the rule');
    expect(page).toContain('Ava Rotaamhp Rota AMHP 0 0 None recorded —');
    expect(page).toContain('the monthly EDT peer supervision counts');
  });

  it('the Lead AMHP’s home page has a supervision panel naming who is below the rule', async () => {
    const home = textOf((await (await browserAs(t.app, lead)).get('/')).body);
    const panel = /Supervision 1 of 2 AMHPs.*?Supervision audit/.exec(home)?.[0];
    expect(panel).toBe('Supervision 1 of 2 AMHPs below their supervision rule (Q4 2025/26) Ava Rotaamhp no supervision recorded Supervision audit');
    // An AMHP's home page has no such panel.
    expect(textOf((await (await browserAs(t.app, ava)).get('/')).body)).not.toContain('below their supervision rule');
  });
});
