import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../platform/errors.js';
import { aPerson, adminContext } from '../../../../test/support/builders/staff-builders.js';
import { aNomination, aSuspension, anApprovedAmhp, anAuthorisation, refusedWith, someTraining } from '../../../../test/support/builders/register-builders.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';

describe('one AMHP’s register page, and the summary for governance', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
  });
  afterAll(async () => t.close());

  it('brings approvals, eligibility per LSSA, training years and re-approval together', async () => {
    const admin = await adminContext(t.services);
    const ava = await aPerson('Ava Amhp').withoutPassword().build(t.services);
    const amhp = await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2024-04-01' });
    await anAuthorisation(t.services, amhp, { lssa: 'westford', from: '2024-05-01' });
    await someTraining(t.services, ava, { date: '2025-01-10', hours: 18, legalUpdate: true });
    const view = await t.services.register.people.view(admin, ava.id);
    expect(view.onRegister).toBe(true);
    if (!view.onRegister) throw new Error('on the register');
    expect(view.statusLabel).toBe('Approved');
    expect(view.eligibilityByLssa).toEqual([
      { lssaId: amhp.lssaId, lssaName: 'Northshire County Council', eligible: true, reason: 'Approving LSSA' },
      { lssaId: expect.any(String), lssaName: 'Westford Borough Council', eligible: true, reason: 'Authorised' },
    ]);
    expect(view.trainingYears.map((y) => [y.year.number, y.hours, y.trainingMet])).toEqual([
      [1, 18, true],
      [2, 0, false],
    ]);
    expect(view.reapproval).toMatchObject({ state: 'not_due', dueDate: '2029-03-31' });
    expect(view.keepUntil).toBe('2039-03-31');
  });

  it('shows an AMHP their own page, and not someone else’s', async () => {
    const bea = await aPerson('Bea Amhp').withoutPassword().build(t.services);
    const cai = await aPerson('Cai Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, bea, { lssa: 'northshire', from: '2025-04-01' });
    expect((await t.services.register.people.view(bea.ctx, bea.id)).onRegister).toBe(true);
    expect((await t.services.register.people.view(cai.ctx, cai.id)).onRegister).toBe(false);
    expect(await refusedWith(t.services.register.people.view(cai.ctx, bea.id))).toBeInstanceOf(ForbiddenError);
  });

  it('gives governance viewers counts only', async () => {
    const director = await aPerson('Dana Director').withRoles('governance_viewer').withoutPassword().build(t.services);
    const dee = await aPerson('Dee Amhp').withoutPassword().build(t.services);
    const amhp = await anApprovedAmhp(t.services, dee, { lssa: 'westford', from: '2025-04-01' });
    await aSuspension(t.services, amhp, { from: '2026-03-01' });
    await aNomination(t.services);
    const summary = await t.services.register.summary.summary(director.ctx);
    expect(summary.byStatus.find((s) => s.status === 'suspended')?.count).toBe(1);
    expect(summary.total).toBe(summary.byStatus.reduce((sum, s) => sum + s.count, 0));
    expect(summary.traineesThisYear).toMatchObject({ year: 2026, target: 6 });
    expect(await refusedWith(t.services.register.list.rows(director.ctx))).toBeInstanceOf(ForbiddenError);
  });
});
