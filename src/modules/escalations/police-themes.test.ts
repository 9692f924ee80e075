import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../platform/clock.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BASE } from '../../../test/support/base-data.js';
import { testClock } from '../../../test/support/test-clock.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { type TestPerson, aPerson, adminContext } from '../../../test/support/builders/staff-builders.js';
import { type BuiltReferral, aReferral } from '../../../test/support/builders/referral-builders.js';
import { DEMO_PARTNERS } from './escalations-demo.js';

describe('police requests (Right Care, Right Person) and the themes for governance', () => {
  let t: TestApp;
  let clock: ManualClock;
  let amhp: TestPerson;
  let governance: TestPerson;
  let referral: BuiltReferral;
  let police: string;

  const tokens = new Map<string, string>();
  const token = async (person: { email: string }) => tokens.get(person.email) ?? tokens.set(person.email, await apiToken(t.app, person.email, BASE.password)).get(person.email)!;
  const call = async (person: { email: string }, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${await token(person)}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  beforeAll(async () => {
    clock = testClock();
    t = await createTestApp({ template: 'base', clock, config: { signInRateLimitPerMinute: 1000, sessionIdleMinutes: 60 * 24 * 30, sessionAbsoluteHours: 24 * 30, apiTokenHours: 24 * 30 } });
    amhp = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    governance = await aPerson('Gil Governance').withRoles('governance_viewer').inTeam(null).build(t.services);
    police = (await t.services.partnerDirectory.addPartner(await adminContext(t.services), DEMO_PARTNERS[1]!)).id;
    referral = await aReferral().build(t.services);
  }, 60_000);
  afterAll(async () => t.close());

  let requestId: string;

  it('"another reason" needs its explanation; the reason, force and time are recorded (audited against the referral)', async () => {
    const refused = await call(amhp, 'POST', '/api/v1/police-requests', { referral: referral.reference, threshold: 'other' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().details.fieldErrors).toEqual([{ field: 'explanation', message: 'Explain why police attendance was requested when it is not one of the threshold reasons' }]);
    const unknown = await call(amhp, 'POST', '/api/v1/police-requests', { referral: 'AMHP-1999-99999', threshold: 'crime' });
    expect(unknown.statusCode).toBe(400);
    const made = await call(amhp, 'POST', '/api/v1/police-requests', { referral: referral.reference, threshold: 'crime', partnerId: police, requestedAt: '2026-03-10T08:15' });
    expect(made.statusCode).toBe(201);
    const view = made.json();
    requestId = view.request.id;
    expect(view.request).toMatchObject({ referralReference: referral.reference, threshold: 'crime', partnerName: 'Northvale Police', response: 'awaiting', requestedAt: '2026-03-10T08:15:00.000Z' });
    expect(view.mayEscalate).toBe(false);
    expect((await t.services.audit.search({ action: 'police_request_recorded' })).total).toBe(1);
    expect((await call(governance, 'GET', '/api/v1/police-requests')).statusCode).toBe(403);
  });

  it('records the police response (versioned), then escalates it to the force in one step, once', async () => {
    const declined = await call(amhp, 'POST', `/api/v1/police-requests/${requestId}/response`, { version: 1, response: 'declined', note: 'Control room: not a police matter' });
    expect(declined.statusCode).toBe(200);
    expect(declined.json().mayEscalate).toBe(true);
    expect((await call(amhp, 'POST', `/api/v1/police-requests/${requestId}/response`, { version: 1, response: 'attended' })).statusCode).toBe(409);

    const escalated = await call(amhp, 'POST', `/api/v1/police-requests/${requestId}/escalation`, { version: 2, category: 'conveyance', urgency: 'urgent', triedLocally: 'Asked the control room sergeant to reconsider' });
    expect(escalated.statusCode).toBe(201);
    const e = escalated.json().escalation;
    expect(e).toMatchObject({ category: 'conveyance', partnerName: 'Northvale Police', receiverName: 'Response inspector (north), Northvale Police', receiverContact: '01632 960110', referralReference: referral.reference });
    expect(e.concern).toBe(`Police attendance was requested for referral ${referral.reference} on 10 March 2026, 08:15 under Right Care, Right Person. Reason: A crime is being, or is about to be, committed. The police response: declined (Control room: not a police matter).`);
    const again = await call(amhp, 'POST', `/api/v1/police-requests/${requestId}/escalation`, { version: 3, category: 'conveyance', urgency: 'urgent', triedLocally: 'Again' });
    expect(again.statusCode).toBe(409);
    const list = await call(amhp, 'GET', `/api/v1/police-requests?referral=${referral.reference}`);
    expect(list.json().requests.map((r: { escalationId: string }) => r.escalationId)).toEqual([e.id]);
  });

  it('the pages: the form refuses "other" without an explanation beside its field; the request links to its escalation', async () => {
    const browser = await signedInBrowser(t.app, amhp.email, BASE.password);
    const bad = await browser.post('/escalations/police-requests', { referral: referral.reference, threshold: 'other', 'requestedAt-time': '08:30', 'requestedAt-day': '10', 'requestedAt-month': '3', 'requestedAt-year': '2026' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Explain why police attendance was requested when it is not one of the threshold reasons');
    expect(bad.body).toContain('href="#explanation"');
    const list = await browser.get('/escalations');
    expect(list.body).toContain('data-live-source="/escalations/events"');
    const page = await browser.get(`/escalations/police-requests/${requestId}`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('A crime is being, or is about to be, committed');
    expect(textOf(page.body)).toContain('Read the escalation about this response');
  });

  it('themes: counts, missed deadlines and police reasons for governance, and the CSV says the same', async () => {
    expect((await call(amhp, 'GET', '/api/v1/escalation-themes')).statusCode).toBe(403);
    clock.advanceMinutes(2 * 24 * 60); // the acknowledgement (24 hours) is now missed
    const themes = (await call(governance, 'GET', '/api/v1/escalation-themes')).json();
    expect(themes.total).toBe(1);
    expect(themes.byCategory).toEqual([{ key: 'conveyance', label: 'Conveyance', count: 1 }]);
    expect(themes.byOrganisation).toEqual([{ name: 'Northvale Police', count: 1 }]);
    expect(themes.byMonth.find((m: { month: string }) => m.month === '2026-03').count).toBe(1);
    expect(themes.byMonth).toHaveLength(12);
    expect(themes.missedDeadlines).toEqual({ acknowledgement: 1, response: 0, total: 1 });
    expect(themes.medianMinutesToAcknowledge).toBeNull();
    expect(themes.policeRequests.byReason.crime).toEqual({ requested: 1, attended: 0, declined: 1, noResponse: 0 });

    const browser = await signedInBrowser(t.app, governance.email, BASE.password);
    const page = await browser.get('/escalations/themes');
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Escalations raised by month');
    expect(page.body).toContain('<title id="month-chart-title">');
    const csv = await browser.get('/escalations/themes/download');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe('Section,Item,Count,Attended,Declined,No response');
    expect(lines).toContain('Period,April 2025 to March 2026,1,,,');
    expect(lines).toContain('By category,Conveyance,1,,,');
    expect(lines).toContain('By receiving organisation,Northvale Police,1,,,');
    expect(lines).toContain('By month,March 2026,1,,,');
    expect(lines).toContain('Missed deadlines,Acknowledgement,1,,,');
    expect(lines).toContain('Police requests by reason,"A crime is being, or is about to be, committed",1,0,1,0');
    expect((await t.services.audit.search({ action: 'escalation_themes_exported' })).total).toBeGreaterThanOrEqual(1);
  });
});
