import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { ManualClock } from '../../platform/clock.js';
import { demoNhsNumber } from './referral-demo-seed.js';

const NOW = new Date('2026-03-27T22:05:00Z');
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock: new ManualClock(NOW) });
});
afterAll(async () => t.close());

const form = (overrides: Record<string, string> = {}) => ({
  receivedAt: '2026-03-27T22:00',
  receivedVia: 'phone',
  sourceType: 'police',
  referrerName: 'PC Route Test',
  referrerContact: '01632 960123',
  givenName: 'Morgan',
  familyName: 'Routetest',
  dateOfBirth: '1989-04-04',
  currentLocation: 'Place of safety',
  legalStatus: 's136',
  legalStatusSince: '2026-03-27T21:40',
  reason: 'Detained on the bridge',
  urgency: 'emergency',
  ...overrides,
});

describe('referral pages', () => {
  it('re-shows the intake form with errors and the values typed, never a 500', async () => {
    const browser = await signedInBrowser(t.app, 'support@example.org');
    await browser.get('/referrals/new');
    const response = await browser.post('/referrals', form({ nhsNumber: '123', dateOfBirth: '2099-01-01', familyName: '' }));
    expect(response.statusCode).toBe(400);
    const text = textOf(response.body);
    expect(text).toContain('There is a problem');
    expect(text).toContain('An NHS number has 10 digits');
    expect(text).toContain('Date of birth must be today or in the past');
    expect(response.body).toContain('value="PC Route Test"');
    const badInputs: Array<Record<string, string>> = [{ urgency: 'whenever' }, { receivedAt: 'yesterday' }, { lssaId: 'not-a-uuid' }, { legalStatus: '' }];
    for (const bad of badInputs) {
      await browser.get('/referrals/new');
      expect((await browser.post('/referrals', form(bad))).statusCode).toBe(400);
    }
  });

  it('takes a referral, shows duplicates before saving, then runs decision → allocation → feedback', async () => {
    const support = await signedInBrowser(t.app, 'support@example.org');
    await support.get('/referrals/new');
    const created = await support.post('/referrals', form());
    expect(created.statusCode).toBe(303);
    const url = created.headers.location as string;
    const id = url.split('/').pop()!;

    await support.get('/referrals/new');
    const dup = await support.post('/referrals', form());
    expect(dup.statusCode).toBe(400);
    expect(textOf(dup.body)).toContain('may be the same person as an open referral');

    const lead = await signedInBrowser(t.app, 'lead@example.org');
    const page = await lead.get(url);
    expect(textOf(page.body)).toContain('Morgan Routetest');
    expect(page.body).toContain(`/referrals/${id}/assessment`);

    await lead.get(`${url}/decision`);
    const noRationale = await lead.post(`${url}/decision`, { decision: 'proceed', version: '1' });
    expect(noRationale.statusCode).toBe(400);
    expect(textOf(noRationale.body)).toContain('Enter the reason for your decision');
    const decided = await lead.post(`${url}/decision`, { decision: 'proceed', rationale: 'Risk to life', version: '1' });
    expect(decided.statusCode).toBe(303);

    const amhpId = (await t.services.db.selectFrom('people').select('id').where('email', '=', 'amhp@example.org').executeTakeFirstOrThrow()).id;
    await lead.get(`${url}/allocate`);
    const stale = await lead.post(`${url}/allocate`, { amhpId, version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(textOf(stale.body)).toContain('Someone else changed this referral');
    const allocated = await lead.post(`${url}/allocate`, { amhpId, version: '2' });
    expect(allocated.statusCode).toBe(303);
    const after = textOf((await lead.get(url)).body);
    expect(after).toContain('Allocated to');
    // The signed decision and the allocation show on the referral itself.
    expect(after).toContain('Risk to life');
    expect(after).toMatch(/Signed Morwenna Tregarth, \d+ \w+ \d{4}, \d{2}:\d{2}/);
    expect(after).toContain('AMHP Tobias Okonkwo-Reid (allocated');

    await lead.get(`${url}/feedback`);
    expect((await lead.post(`${url}/feedback`, { givenTo: '', method: 'phone' })).statusCode).toBe(400);
    expect((await lead.post(`${url}/feedback`, { givenTo: 'PC Route Test', method: 'phone' })).statusCode).toBe(303);
    const pdf = await lead.get(`${url}/feedback-letter.pdf`);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('lists and searches; a bad filter is shown, not a crash', async () => {
    const lead = await signedInBrowser(t.app, 'lead@example.org');
    const list = await lead.get('/referrals');
    expect(list.statusCode).toBe(200);
    expect(textOf(list.body)).toMatch(/\d+ referrals/);
    expect((await lead.get('/referrals?q=Routetest')).body).toContain('Routetest');
    expect((await lead.get('/referrals?urgency=sometime')).statusCode).toBe(400);
    expect((await lead.get('/referrals?q=x')).statusCode).toBe(400);
    expect((await lead.get('/referrals/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('referrals API', () => {
  it('creates, decides, allocates with 409 version_conflict, records feedback, and lists', async () => {
    const token = await apiToken(t.app, 'lead@example.org');
    const auth = { authorization: `Bearer ${token}` };
    const nhs = demoNhsNumber(4242);
    const body = { ...form({ givenName: 'Api', familyName: 'Person', nhsNumber: nhs }), receivedAt: '2026-03-27T21:59:00Z' };
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: auth, payload: body });
    expect(created.statusCode).toBe(201);
    const { id, reference } = created.json() as { id: string; reference: string };
    expect(reference).toMatch(/^REF-2026-/);

    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: auth, payload: body });
    expect(dup.statusCode).toBe(422);
    expect(dup.json()).toMatchObject({ code: 'possible_duplicate' });

    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: auth, payload: { ...body, nhsNumber: '9434765918', confirmNotDuplicate: true } });
    expect(bad.statusCode).toBe(400);

    const decided = await t.app.inject({ method: 'POST', url: `/api/v1/referrals/${id}/decision`, headers: auth, payload: { decision: 'proceed', rationale: 'Risk', version: 1 } });
    expect(decided.statusCode).toBe(200);
    const amhpId = (await t.services.db.selectFrom('people').select('id').where('email', '=', 'amhp@example.org').executeTakeFirstOrThrow()).id;
    const ok = await t.app.inject({ method: 'POST', url: `/api/v1/referrals/${id}/allocation`, headers: auth, payload: { amhpId, version: 2 } });
    expect(ok.statusCode).toBe(200);
    const conflict = await t.app.inject({ method: 'POST', url: `/api/v1/referrals/${id}/allocation`, headers: auth, payload: { amhpId, version: 2 } });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'version_conflict' });

    const fb = await t.app.inject({ method: 'POST', url: `/api/v1/referrals/${id}/feedback`, headers: auth, payload: { givenTo: 'PC Route Test', method: 'phone' } });
    expect(fb.statusCode).toBe(204);
    const one = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${id}`, headers: auth });
    expect(one.json()).toMatchObject({ status: 'allocated', allocatedAmhpId: amhpId });
    expect((one.json() as { timeline: unknown[] }).timeline.length).toBeGreaterThanOrEqual(4);
    const search = await t.app.inject({ method: 'GET', url: `/api/v1/referrals?q=${nhs}`, headers: auth });
    expect((search.json() as Array<{ id: string }>).map((r) => r.id)).toEqual([id]);
    const letter = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${id}/feedback-letter`, headers: auth });
    expect(letter.headers['content-type']).toBe('application/pdf');

    const illegal = await t.app.inject({ method: 'POST', url: `/api/v1/referrals/${id}/close`, headers: auth, payload: { version: 3 } });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json()).toMatchObject({ code: 'illegal_transition' });

    const spec = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json', headers: auth });
    expect(Object.keys((spec.json() as { paths: Record<string, unknown> }).paths)).toEqual(expect.arrayContaining(['/api/v1/referrals', '/api/v1/referrals/{id}/allocation']));
  });
});
