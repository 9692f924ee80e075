import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StateError } from '../../../platform/errors.js';
import { adminContext } from '../../../../test/support/builders/staff-builders.js';
import { aNomination, messagesOf, refusedWith } from '../../../../test/support/builders/register-builders.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';

describe('the trainee pipeline and funding', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
  });
  afterAll(async () => t.close());
  const trainees = () => t.services.register.trainees;

  it('refuses a nomination after the intake’s deadline, naming the next intake open', async () => {
    expect(messagesOf(await refusedWith(aNomination(t.services, { intake: 'september', year: 2026 })))).toBe(
      'after_deadline: Nominations for the September 2026 intake closed on 31 January 2026. The next intake open is April 2027',
    );
  });

  it('takes a nomination through the checklist, shadowing and the course to first approval, one version at a time', async () => {
    const admin = await adminContext(t.services);
    const nominated = await aNomination(t.services, { name: 'Robin Candidate' });
    expect(nominated).toMatchObject({ stage: 'nominated', cohortLabel: 'April 2027', deadline: '2026-06-30', nominatedOn: '2026-03-10', lssaName: 'Northshire County Council', version: 1 });
    expect(messagesOf(await refusedWith(trainees().approve(admin, nominated.id, { on: '2026-03-10' })))).toMatch(/^checklist_incomplete: Still needed: Learning agreement signed/);
    await trainees().checklist(admin, nominated.id, { items: ['nominationForm', 'learningAgreementSigned', 'managerSupport', 'shadowingAvailability'] });
    expect(await trainees().approve(admin, nominated.id, { on: '2026-03-10' })).toMatchObject({ stage: 'nomination_approved', version: 3 });
    for (const date of ['2026-04-01', '2026-04-08', '2026-04-15', '2026-04-22']) await trainees().logShadowing(admin, nominated.id, { date, note: 'Shadowed a duty AMHP' });
    expect(messagesOf(await refusedWith(trainees().startCourse(admin, nominated.id, { on: '2027-04-01' })))).toBe('shadowing_incomplete: The candidate needs 5 shadowing days before the course starts; 4 logged');
    await trainees().logShadowing(admin, nominated.id, { date: '2026-04-29', note: '' });
    await trainees().startCourse(admin, nominated.id, { on: '2027-04-01' });
    const wrong = await refusedWith(trainees().recordFirstApproval(admin, nominated.id, { on: '2028-01-01' }));
    expect(wrong).toBeInstanceOf(StateError);
    expect(wrong.code).toBe('wrong_stage');
    await trainees().recordOutcome(admin, nominated.id, { result: 'passed', on: '2027-12-01' });
    const approved = await trainees().recordFirstApproval(admin, nominated.id, { on: '2028-01-10' });
    expect(approved).toMatchObject({ stage: 'approved', stageLabel: 'Approved as an AMHP', firstApprovalStart: '2028-01-10', version: 11 });
    expect((await trainees().perYear(admin, 2027)).byLssa.find((b) => b.lssaName === 'Northshire County Council')).toMatchObject({ trainees: 1, nominated: 1, targetShare: 3 });
  });

  it('splits costs between the councils and works out a leaver’s repayment', async () => {
    const admin = await adminContext(t.services);
    expect(await t.services.register.funding.repayment(admin, { fundingPence: 300_000, qualifiedOn: '2024-01-31', lastDayOfEmployment: '2025-05-30', reason: 'left_employment' })).toMatchObject({
      rule: 'second_year',
      completedMonths: 16,
      amountPence: 100_000,
      shares: [
        { lssa: 'Northshire County Council', pence: 50_000 },
        { lssa: 'Westford Borough Council', pence: 50_000 },
      ],
    });
    const split = await t.services.register.funding.split(admin, { coursePence: 100_001, candidates: 6 });
    expect(split.course.map((c) => c.pence)).toEqual([50_001, 50_000]);
    expect(split.adminTotal).toBe(24_000);
  });
});
