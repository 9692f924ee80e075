import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, NotFoundError } from '../../../platform/errors.js';
import { aPerson, adminContext } from '../../../../test/support/builders/staff-builders.js';
import { anApprovedAmhp, messagesOf, refusedWith, someTraining } from '../../../../test/support/builders/register-builders.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';

describe('training: hours, meetings and the approval year’s position', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
  });
  afterAll(async () => t.close());
  const training = () => t.services.register.training;

  it('counts hours in the approval year: at risk with 20 hours and no legal update near the year’s end, met with one', async () => {
    const admin = await adminContext(t.services);
    const ava = await aPerson('Ava Amhp').withoutPassword().build(t.services);
    // Approval year 1 runs 1 June 2025 to 31 May 2026: 83 days left on the test date.
    await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2025-06-01' });
    await someTraining(t.services, ava, { date: '2026-03-09', hours: 20 });
    const refused = await refusedWith(someTraining(t.services, ava, { date: '2026-03-09', hours: 5 }));
    expect(refused.status).toBe(422);
    expect(messagesOf(refused)).toBe('day_over_24: This would make more than 24 hours of training on one day: 20 hours are already recorded for that day');
    const before = (await training().compliance(admin)).find((r) => r.personId === ava.id);
    expect(before).toMatchObject({ yearNumber: 1, yearEnd: '2026-05-31', hours: 20, legalUpdate: false, trainingMet: false, atRisk: true, daysLeft: 83 });
    expect(before?.atRiskReason).toBe('83 days left in the approval year: no legal update yet');
    expect((await training().atRisk()).map((r) => r.name)).toContain('Ava Amhp');
    await someTraining(t.services, ava, { date: '2026-03-08', hours: 3, legalUpdate: true });
    const after = (await training().compliance(admin)).find((r) => r.personId === ava.id);
    expect(after).toMatchObject({ hours: 23, legalUpdate: true, trainingMet: true, atRisk: false });
  });

  it('lets the AMHP record their own training and meetings, and nobody else’s', async () => {
    const bea = await aPerson('Bea Amhp').withoutPassword().build(t.services);
    const cai = await aPerson('Cai Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, bea, { lssa: 'northshire', from: '2025-04-01' });
    const record = await training().addTraining(bea.ctx, bea.id, { date: '2026-03-02', title: 'Case law update', provider: 'Chambers', hours: 3.5, amhpSpecific: true, legalUpdate: true });
    expect(record).toMatchObject({ personId: bea.id, hours: 3.5, legalUpdate: true });
    expect(await refusedWith(training().addTraining(cai.ctx, bea.id, { date: '2026-03-02', title: 'x', provider: 'y', hours: 1, amhpSpecific: false, legalUpdate: false }))).toBeInstanceOf(ForbiddenError);
    expect(await training().addEvent(bea.ctx, bea.id, { date: '2026-03-03', kind: 'professional_meeting' })).toMatchObject({ kind: 'professional_meeting' });
    const mine = await training().myCompliance(bea.ctx);
    expect(mine).toMatchObject({ hours: 3.5, legalUpdate: true, professionalMeetings: 1 });
    expect(await refusedWith(training().addTraining(cai.ctx, cai.id, { date: '2026-03-02', title: 'x', provider: 'y', hours: 1, amhpSpecific: false, legalUpdate: false }))).toBeInstanceOf(NotFoundError);
  });
});
