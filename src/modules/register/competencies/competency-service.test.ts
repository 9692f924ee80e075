import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../platform/errors.js';
import { aPerson, adminContext } from '../../../../test/support/builders/staff-builders.js';
import { anApprovedAmhp, messagesOf, refusedWith } from '../../../../test/support/builders/register-builders.js';
import { createTestServices, type TestServices } from '../../../../test/support/test-app.js';
import type { CompetenceEntry } from './competencies.js';

const entries = (unmet: number[] = []): CompetenceEntry[] =>
  ([1, 2, 3, 4, 5] as const).map((n) => ({ competence: n, status: unmet.includes(n) ? 'not_yet_met' : 'met', evidence: unmet.includes(n) ? '' : 'Discussed in supervision' }));

describe('the annual competency record', () => {
  let t: TestServices;
  beforeAll(async () => {
    t = await createTestServices({ template: 'base' });
  });
  afterAll(async () => t.close());

  it('prompts a learning and development plan for a competence unmet for 12 months', async () => {
    const admin = await adminContext(t.services);
    const ava = await aPerson('Ava Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2024-01-01' });
    const record = await t.services.register.competencies.addRecord(ava.ctx, ava.id, { recordedOn: '2025-01-05', entries: entries([2]) });
    expect(record).toMatchObject({ personId: ava.id, recordedOn: '2025-01-05' });
    const view = await t.services.register.people.view(admin, ava.id, { audit: false });
    expect(view.onRegister && view.competencyReview.developmentPlanPrompt).toBe(
      'Key Competence 2 not met for 12 months or more (since 1 January 2024): agree or review a learning and development plan',
    );
    expect(view.onRegister && view.competencyReview.annualRecordOverdue).toBe(true);
  });

  it('refuses a record that leaves out an area, one dated in the future, and one for someone else', async () => {
    const admin = await adminContext(t.services);
    const bea = await aPerson('Bea Amhp').withoutPassword().build(t.services);
    const cai = await aPerson('Cai Amhp').withoutPassword().build(t.services);
    await anApprovedAmhp(t.services, bea, { lssa: 'northshire', from: '2025-04-01' });
    const partial = await refusedWith(t.services.register.competencies.addRecord(admin, bea.id, { recordedOn: '2026-03-10', entries: entries().slice(0, 4) }));
    expect(messagesOf(partial)).toBe('competence_missing: Say whether Key Competence 5 is met or not yet met');
    expect(messagesOf(await refusedWith(t.services.register.competencies.addRecord(admin, bea.id, { recordedOn: '2026-03-11', entries: entries() })))).toBe('recordedOn: The record date must be today or in the past');
    expect(await refusedWith(t.services.register.competencies.addRecord(cai.ctx, bea.id, { recordedOn: '2026-03-10', entries: entries() }))).toBeInstanceOf(ForbiddenError);
  });
});
