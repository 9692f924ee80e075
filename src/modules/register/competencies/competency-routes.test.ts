import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { anApprovedAmhp, apiAs, browserAs } from '../../../../test/support/builders/register-builders.js';
import { textOf } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

describe('competency record page and API', () => {
  let t: TestApp;
  let ava: TestPerson;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    ava = await aPerson('Ava Amhp').build(t.services);
    await anApprovedAmhp(t.services, ava, { lssa: 'northshire', from: '2025-04-01' });
  });
  afterAll(async () => t.close());

  it('is filled in on a page that asks for evidence for each area met', async () => {
    const browser = await browserAs(t.app, ava);
    expect((await browser.get(`/register/people/${ava.id}/competency`)).statusCode).toBe(200);
    const form: Record<string, string> = { 'recordedOn-day': '9', 'recordedOn-month': '3', 'recordedOn-year': '2026' };
    for (const n of [1, 2, 3, 4, 5]) {
      form[`competence${n}Status`] = 'met';
      form[`competence${n}Evidence`] = n === 4 ? '' : `Evidence ${n}`;
    }
    const missing = await browser.post(`/register/people/${ava.id}/competency`, form);
    expect(missing.statusCode).toBe(400);
    expect(textOf(missing.body)).toContain('Add evidence notes showing how Key Competence 4 is met');
    expect(missing.body).toContain('Evidence 3');
    expect((await browser.post(`/register/people/${ava.id}/competency`, { ...form, competence4Evidence: 'Risk plans agreed' })).statusCode).toBe(303);
    expect(textOf((await browser.get('/register/me')).body)).toContain('Risk plans agreed');
  });

  it('is recorded through the API with a list of the five areas', async () => {
    const call = await apiAs(t.app, ava);
    const entries = [1, 2, 3, 4, 5].map((competence) => ({ competence, status: competence === 3 ? 'not_yet_met' : 'met', evidence: competence === 3 ? undefined : 'Seen in supervision' }));
    const saved = await call('POST', `/api/v1/register/people/${ava.id}/competencies`, { recordedOn: '2026-03-10', entries });
    expect(saved).toMatchObject({ status: 201, body: { personId: ava.id, recordedOn: '2026-03-10', entries: expect.arrayContaining([{ competence: 3, status: 'not_yet_met', evidence: '' }]) } });
    const four = await call('POST', `/api/v1/register/people/${ava.id}/competencies`, { recordedOn: '2026-03-10', entries: entries.slice(0, 4) });
    expect(four).toMatchObject({ status: 422, body: { code: 'competence_missing' } });
    const repeated = await call('POST', `/api/v1/register/people/${ava.id}/competencies`, { recordedOn: '2026-03-10', entries: [...entries.slice(0, 4), entries[0]] });
    expect(repeated.body.details?.failures?.map((f) => f.rule)).toEqual(['competence_repeated', 'competence_missing']);
    const person = await call('GET', `/api/v1/register/people/${ava.id}`);
    expect((person.body.competencyReview as { standings: Array<{ latestStatus: string }> }).standings.map((s) => s.latestStatus)).toEqual(['met', 'met', 'not_yet_met', 'met', 'met']);
  });
});
