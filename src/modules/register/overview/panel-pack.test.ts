import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tablesFor } from '../../../db/database.js';
import { aPerson, adminContext } from '../../../../test/support/builders/staff-builders.js';
import { anApprovedAmhp, anAuthorisation, someTraining } from '../../../../test/support/builders/register-builders.js';
import { pdfText } from '../../../../test/support/pdf-text.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';
import { createRegisterModule } from '../register-module.js';
import type { RegisterDb } from '../register-tables.js';

describe('the approval panel pack', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
  });
  afterAll(async () => t.close());

  it('prints the AMHP, their approvals and the assessments the referrals module counted', async () => {
    const calls: unknown[] = [];
    // The register built as the composition root builds it, with a known assessment count.
    const { register } = createRegisterModule({
      db: tablesFor<RegisterDb>(t.services.db),
      clock: t.clock,
      audit: t.services.audit,
      staff: t.services.staff,
      settings: t.services.settings,
      countAssessments: async (personId, from, to) => {
        calls.push({ personId, from, to });
        return { total: 7, byKind: [{ kind: 'Application under section 2', count: 4 }, { kind: 'No further action', count: 3 }] };
      },
    });
    const admin = await adminContext(t.services);
    const ava = await aPerson('Ava Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2016-04-25' });
    const current = await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2021-04-25' });
    await anAuthorisation(t.services, current, { lssa: 'westford', from: '2021-05-01' });
    await someTraining(t.services, ava, { date: '2026-02-02', hours: 6, legalUpdate: true });

    const { pdf, filename } = await register.panelPack.pdf(admin, ava.id);
    expect(filename).toBe('panel-pack-ava-amhp-2026-03-10.pdf');
    expect(calls).toEqual([{ personId: ava.id, from: '2021-04-25', to: '2026-03-10' }]);
    const text = await pdfText(pdf);
    expect(text).toContain('AMHP approval panel pack');
    expect(text).toContain('Ava Amhp');
    expect(text).toContain('Prepared 10 March 2026');
    expect(text).toContain('Current approval ends 24 April 2026');
    expect(text).toMatch(/First approval Northshire County Council 25 April 2016 24 April 2021/);
    expect(text).toMatch(/Re-approval Northshire County Council 25 April 2021 24 April 2026/);
    expect(text).toContain('Westford Borough Council (1 May 2021 to 24 April 2026)');
    expect(text).toContain('7 Mental Health Act assessments from 25 April 2021 to 10 March 2026.');
    expect(text).toMatch(/Application under section 2 4/);
    expect(text).toMatch(/No further action 3/);
  });

  it('asks the referrals module through the composition root (none recorded for a new AMHP)', async () => {
    const admin = await adminContext(t.services);
    const bea = await aPerson('Bea Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, bea, { lssa: 'westford', from: '2025-04-01' });
    const data = await t.services.register.panelPack.data(admin, bea.id);
    expect(data.assessments).toEqual({ from: '2025-04-01', to: '2026-03-10', total: 0, byKind: [] });
    expect(data.history).toEqual([{ kind: 'First approval', lssa: 'Westford Borough Council', start: '2025-04-01', end: '2030-03-31', ended: null, authorisations: [], suspensions: [] }]);
  });
});
