// Issue 12 item 10: the Back link sits outside any landmark (axe best practice "region", 7 pages).
// The layout now puts it at the top of <main>; the browser tests run axe's region rule as well.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from './support/base-data.js';
import { aReferral, referralLead } from './support/builders/referral-builders.js';
import { aSafetyCast, aVisitOut } from './support/builders/safety-builders.js';
import { signedInBrowser } from './support/http-client.js';
import { createTestApp, type TestApp } from './support/test-app.js';

/** Every element with `className` lies between <main …> and </main>. */
function allInsideMain(html: string, className: string): boolean {
  const open = html.indexOf('<main');
  const close = html.indexOf('</main>');
  const positions = [...html.matchAll(new RegExp(`class="[^"]*\\b${className}\\b`, 'g'))].map((m) => m.index);
  return positions.length > 0 && positions.every((at) => at > open && at < close);
}

describe('the Back link is inside a landmark', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
  });
  afterAll(async () => t.close());

  it('on a referral page and an AMHP’s own visit', async () => {
    const referral = await aReferral().build(t.services);
    const lead = await referralLead(t.services);
    const leadPage = await (await signedInBrowser(t.app, lead.email, BASE.password)).get(`/referrals/${referral.id}/decision`);
    expect(allInsideMain(leadPage.body, 'govuk-back-link')).toBe(true);

    const cast = await aSafetyCast(t.services);
    const visit = await aVisitOut(cast.ava).build(t.services);
    const amhpPage = await (await signedInBrowser(t.app, cast.ava.email, BASE.password)).get(`/safety/visits/${visit.id}`);
    expect(amhpPage.statusCode).toBe(200);
    expect(allInsideMain(amhpPage.body, 'govuk-back-link')).toBe(true);
  });
});
