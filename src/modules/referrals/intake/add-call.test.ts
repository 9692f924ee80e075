// Issue 12 item 7c: after a duplicate warning, the call (a nearest relative's s13(4) request about
// the same person) joins the open referral's timeline instead of making a new referral.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../../test/support/base-data.js';
import { aReferral, referralTaker } from '../../../../test/support/builders/referral-builders.js';
import { apiToken, signedInBrowser, textOf } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ template: 'base' });
});
afterAll(async () => t.close());

/** The intake form for the same person as the open referral, from their mother as nearest relative. */
const motherCalls = (familyName: string) => ({
  'receivedAt-day': '10',
  'receivedAt-month': '3',
  'receivedAt-year': '2026',
  'receivedAt-time': '08:55',
  receivedVia: 'phone',
  sourceType: 'nearest_relative',
  referrerName: 'Jo Example',
  referrerRole: 'Mother',
  referrerContact: '07700 900456',
  givenName: 'Robin',
  familyName,
  'dateOfBirth-day': '5',
  'dateOfBirth-month': '5',
  'dateOfBirth-year': '1990',
  currentLocation: 'Home address',
  legalStatus: 'community',
  reason: 'Asks for an assessment under section 13(4)',
  urgency: 'urgent',
});

describe('adding a call to an existing referral', () => {
  it('on the page: the duplicate warning offers it; the call joins the timeline, no new referral, audited', async () => {
    const open = await aReferral().forPerson({ familyName: 'Samecaller', dateOfBirth: '1990-05-05' }).build(t.services);
    const taker = await referralTaker(t.services);
    const browser = await signedInBrowser(t.app, taker.email, BASE.password);
    await browser.get('/referrals/new');
    const warned = await browser.post('/referrals', motherCalls('Samecaller'));
    expect(warned.statusCode).toBe(422);
    expect(warned.body).toContain(`formaction="/referrals/${open.id}/calls"`);
    expect(textOf(warned.body)).toContain(`Add this call to ${open.reference} instead`);
    // Save stays the first button, so Enter never adds the call to another referral.
    expect(warned.body.indexOf('Save referral')).toBeLessThan(warned.body.indexOf('Add this call to'));
    const before = (await t.services.referrals.list((await referralTaker(t.services)).ctx, {})).length;

    const added = await browser.post(`/referrals/${open.id}/calls`, motherCalls('Samecaller'));
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/referrals/${open.id}`);
    const page = textOf((await browser.get(`/referrals/${open.id}`)).body);
    expect(page).toContain('Further call by phone from Jo Example, Mother, Nearest relative (section 13(4) request): Asks for an assessment under section 13(4)');
    expect((await t.services.referrals.list(taker.ctx, {})).length).toBe(before);
    const audit = await t.services.audit.search({ action: 'referral_call_added' });
    expect(audit.rows.map((r) => r.entityId)).toContain(open.id);
  });

  it('on the API; refused for a referral no longer open, or a call in the future, with nothing changed', async () => {
    const open = await aReferral().forPerson({ familyName: 'Apicaller' }).build(t.services);
    const taker = await referralTaker(t.services);
    const token = await apiToken(t.app, taker.email, BASE.password);
    const post = (id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/referrals/${id}/calls`, headers: { authorization: `Bearer ${token}` }, payload });
    const call = { receivedAt: '2026-03-10T08:55', receivedVia: 'phone', sourceType: 'nearest_relative', referrerName: 'Jo Example', referrerContact: '07700 900456', reason: 'Asks for an assessment under section 13(4)' };

    const future = await post(open.id, { ...call, receivedAt: '2026-03-10T11:00' });
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ details: { fieldErrors: [{ field: 'receivedAt', message: 'When the call came in must be now or in the past' }] } });
    const eventsBefore = (await t.services.referrals.timeline(open.id)).length;
    expect(eventsBefore).toBeGreaterThan(0);

    const ok = await post(open.id, call);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().timeline.map((e: { summary: string }) => e.summary)).toContain('Further call by phone from Jo Example, Nearest relative (section 13(4) request): Asks for an assessment under section 13(4)');
    expect((await t.services.referrals.timeline(open.id)).length).toBe(eventsBefore + 1);

    await t.services.referrals.withdraw(taker.ctx, open.id, { reason: 'Informal admission agreed', version: open.version });
    const closed = await post(open.id, call);
    expect(closed.statusCode).toBe(409);
    expect(closed.json()).toMatchObject({ code: 'referral_not_open' });
    expect((await t.services.referrals.timeline(open.id)).filter((e) => e.kind === 'call_added')).toHaveLength(1);
  });
});
