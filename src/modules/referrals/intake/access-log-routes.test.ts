import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../../test/support/base-data.js';
import { aReferral } from '../../../../test/support/builders/referral-builders.js';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { apiToken, signedInBrowser, textOf } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';

// Issue 13: list and search rows recorded counts only, so "who has seen this person" could not
// be answered. They now name the referrals they showed, and the referral has a page that says.
describe('who has seen a referral', () => {
  let t: TestApp;
  let lead: TestPerson;
  let ava: TestPerson;
  let other: TestPerson;
  let support: TestPerson;
  let referral: { id: string; reference: string };

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lowenna Lead').withRoles('amhp_lead', 'amhp').build(t.services);
    ava = await aPerson('Ava Allocated').withRoles('amhp').build(t.services);
    other = await aPerson('Otto Other').withRoles('amhp').build(t.services);
    support = await aPerson('Sian Support').withRoles('business_support').build(t.services);
    referral = await aReferral().forPerson({ givenName: 'Jory', familyName: 'Trevithick', dateOfBirth: '1984-05-06' }).decided(lead).allocatedTo(ava).build(t.services);
  });
  afterAll(async () => t.close());

  it('lists who opened it, who found it in a search and who saw it in a list, for the Lead and the allocated AMHP only', async () => {
    const office = await signedInBrowser(t.app, support.email, BASE.password);
    expect((await office.get('/referrals?q=Trevithick')).statusCode).toBe(200);
    expect((await office.get(`/referrals/${referral.id}`)).statusCode).toBe(200);
    const otto = await signedInBrowser(t.app, other.email, BASE.password);
    expect((await otto.get('/referrals')).statusCode).toBe(200);
    expect((await otto.get('/duty/board')).statusCode).toBe(200);

    const leadBrowser = await signedInBrowser(t.app, lead.email, BASE.password);
    const detail = await leadBrowser.get(`/referrals/${referral.id}`);
    expect(textOf(detail.body)).toContain('Who has seen this referral');
    const page = await leadBrowser.get(`/referrals/${referral.id}/access`);
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toMatch(/Sian Support\s+Business support\s+Opened the referral/);
    expect(text).toMatch(/Sian Support\s+Business support\s+Saw it in search results/);
    expect(text).toMatch(/Otto Other\s+AMHP\s+Saw it in a list/);
    expect(text).toMatch(/Otto Other\s+AMHP\s+Saw it on the duty board/);

    // The allocated AMHP may look (through the API too); another AMHP may not.
    const token = await apiToken(t.app, ava.email, BASE.password);
    const api = await t.app.inject({ method: 'GET', url: `/api/v1/referrals/${referral.id}/access`, headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(200);
    const entries = (api.json() as { entries: Array<{ who: string; how: string }> }).entries;
    expect(entries).toEqual(expect.arrayContaining([expect.objectContaining({ who: 'Lowenna Lead', how: 'opened' }), expect.objectContaining({ who: 'Otto Other', how: 'listed' })]));
    expect((await otto.get(`/referrals/${referral.id}/access`)).statusCode).toBe(403);
    expect(textOf((await otto.get(`/referrals/${referral.id}`)).body)).not.toContain('Who has seen this referral');

    // Looking is itself recorded.
    const looked = await t.tables.selectFrom('auditLog').select('actorId').where('action', '=', 'referral_access_log_viewed').where('entityId', '=', referral.id).execute();
    expect(looked.map((row) => row.actorId)).toEqual(expect.arrayContaining([lead.id, ava.id]));
  });
});
