// Issue 12 item 8: a decision made at 09:45 and recorded at 16:50 reads 09:45, keeps 16:50 as
// the time it was entered, and shows both; a time in the future or before the referral arrived is
// refused with the reason and nothing changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../platform/clock.js';
import { instantOf } from '../../../platform/time/parse.js';
import { BASE } from '../../../../test/support/base-data.js';
import { aReferral, referralLead } from '../../../../test/support/builders/referral-builders.js';
import { apiToken, signedInBrowser, textOf } from '../../../../test/support/http-client.js';
import { pdfText } from '../../../../test/support/pdf-text.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import { testClock } from '../../../../test/support/test-clock.js';

let t: TestApp;
let clock: ManualClock;

beforeAll(async () => {
  clock = testClock('2026-03-10T08:00');
  t = await createTestApp({ template: 'base', clock });
});
afterAll(async () => t.close());

const decisionForm = (time: string, day = '10') => ({ decision: 'proceed', rationale: 'Risk to life; needs an assessment today', 'decidedAt-day': day, 'decidedAt-month': '3', 'decidedAt-year': '2026', 'decidedAt-time': time });

describe('a referral decision recorded after the event', () => {
  it('on the page: made 09:45, recorded 16:50, both shown; the future and before arrival refused with nothing changed', async () => {
    const referral = await aReferral().received(instantOf('2026-03-10T07:45')).build(t.services);
    clock.set(instantOf('2026-03-10T16:50'));
    const lead = await referralLead(t.services);
    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    const page = await browser.get(`/referrals/${referral.id}/decision`);
    expect(textOf(page.body)).toContain('When was the decision made?');
    expect(page.body).toContain('name="decidedAt-time" type="text"');

    const future = await browser.post(`/referrals/${referral.id}/decision`, { ...decisionForm('17:05'), version: String(referral.version) });
    expect(future.statusCode).toBe(400);
    expect(textOf(future.body)).toContain('When the decision was made cannot be in the future (it is now 10 March 2026, 16:50)');
    const beforeArrival = await browser.post(`/referrals/${referral.id}/decision`, { ...decisionForm('07:40'), version: String(referral.version) });
    expect(beforeArrival.statusCode).toBe(400);
    expect(textOf(beforeArrival.body)).toContain('When the decision was made cannot be before the referral arrived (10 March 2026, 07:45)');
    expect(beforeArrival.body).toContain('value="07:40"'); // what was typed is kept
    const unchanged = await t.services.referrals.records.resource(referral.id);
    expect([unchanged.version, unchanged.decision, unchanged.decidedAt]).toEqual([referral.version, null, null]);

    const ok = await browser.post(`/referrals/${referral.id}/decision`, { ...decisionForm('09:45'), version: String(referral.version) });
    expect(ok.statusCode).toBe(303);
    const decided = await t.services.referrals.records.resource(referral.id);
    expect(decided.decidedAt?.toISOString()).toBe('2026-03-10T09:45:00.000Z');
    expect(decided.decisionRecordedAt?.toISOString()).toBe('2026-03-10T16:50:00.000Z');
    expect(decided.timeline[0]?.summary).toContain('made 10 March 2026, 09:45, recorded after the event');
    const shown = textOf((await browser.get(`/referrals/${referral.id}`)).body);
    expect(shown).toContain('10 March 2026, 09:45 (recorded 10 March 2026, 16:50)');
    expect(textOf((await browser.get(`/referrals/${referral.id}/decision`)).body)).toContain('10 March 2026, 09:45 (recorded 10 March 2026, 16:50)');
    const letter = await browser.get(`/referrals/${referral.id}/feedback-letter.pdf`);
    expect(await pdfText(letter.rawPayload)).toContain('09:45 (recorded 10 March 2026, 16:50)');
  });

  it('on the API: decidedAt by the one time rule; left out, the decision is now and one time is shown', async () => {
    clock.set(instantOf('2026-03-10T08:00'));
    const late = await aReferral().received(instantOf('2026-03-10T07:30')).build(t.services);
    const now = await aReferral().received(instantOf('2026-03-10T07:40')).build(t.services);
    clock.set(instantOf('2026-03-10T16:50'));
    const lead = await referralLead(t.services);
    const token = await apiToken(t.app, lead.email, BASE.password);
    const post = (id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: `/api/v1/referrals/${id}/decision`, headers: { authorization: `Bearer ${token}` }, payload });
    const body = { decision: 'proceed', rationale: 'Needs an assessment' };

    const tomorrow = await post(late.id, { ...body, version: late.version, decidedAt: '2026-03-11T09:45' });
    expect(tomorrow.statusCode).toBe(400);
    expect(tomorrow.json()).toMatchObject({ details: { fieldErrors: [{ field: 'decidedAt', message: expect.stringContaining('cannot be in the future') }] } });
    const badTime = await post(late.id, { ...body, version: late.version, decidedAt: '10/03/2026 9.45am' });
    expect(badTime.statusCode).toBe(400);
    expect((await t.services.referrals.records.resource(late.id)).version).toBe(late.version);

    const recorded = await post(late.id, { ...body, version: late.version, decidedAt: '2026-03-10T09:45' });
    expect(recorded.statusCode).toBe(200);
    expect(recorded.json()).toMatchObject({ decidedAt: '2026-03-10T09:45:00.000Z', decisionRecordedAt: '2026-03-10T16:50:00.000Z' });

    const asMade = await post(now.id, { ...body, version: now.version });
    expect(asMade.json()).toMatchObject({ decidedAt: '2026-03-10T16:50:00.000Z', decisionRecordedAt: '2026-03-10T16:50:00.000Z' });
    const browser = await signedInBrowser(t.app, lead.email, BASE.password);
    expect(textOf((await browser.get(`/referrals/${now.id}`)).body)).not.toContain('(recorded');
  });
});
