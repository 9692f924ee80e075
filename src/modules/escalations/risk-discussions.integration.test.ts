import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { BASE } from '../../../test/support/base-data.js';
import { testClock } from '../../../test/support/test-clock.js';
import { apiToken, signedInBrowser, textOf } from '../../../test/support/http-client.js';
import { type TestPerson, aPerson } from '../../../test/support/builders/staff-builders.js';
import { type BuiltReferral, aReferral } from '../../../test/support/builders/referral-builders.js';

describe('High Risk Multi-Agency Discussions and joint case reviews', () => {
  let t: TestApp;
  let amhp: TestPerson;
  let lead: TestPerson;
  let governance: TestPerson;
  let referral: BuiltReferral;

  const tokens = new Map<string, string>();
  const token = async (person: { email: string }) => tokens.get(person.email) ?? tokens.set(person.email, await apiToken(t.app, person.email, BASE.password)).get(person.email)!;
  const call = async (person: { email: string }, method: 'GET' | 'POST', url: string, payload?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${await token(person)}` }, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

  beforeAll(async () => {
    t = await createTestApp({ template: 'base', clock: testClock(), config: { signInRateLimitPerMinute: 1000 } });
    amhp = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    lead = await aPerson('Lina Lead').withRoles('amhp_lead').build(t.services);
    governance = await aPerson('Gil Governance').withRoles('governance_viewer').inTeam(null).build(t.services);
    referral = await aReferral().build(t.services);
  }, 60_000);
  afterAll(async () => t.close());

  const discussion = () => ({
    referral: referral.reference,
    heldOn: '2026-03-09',
    attendees: [
      { name: 'Ava Amhp', organisation: 'Ashdown AMHP service' },
      { name: 'Inspector Ola Oduya', organisation: 'Northvale Police' },
    ],
    actions: [{ action: 'Share the crisis plan with the police control room', owner: 'Three Rivers crisis team', dueOn: '2026-03-12' }],
    summary: 'Repeated s136 detentions; agreed a joint plan.',
  });

  it('records a discussion on a referral (audited against it); refuses one organisation only; governance may not read it', async () => {
    const one = await call(amhp, 'POST', '/api/v1/risk-discussions', { ...discussion(), attendees: [discussion().attendees[0]] });
    expect(one.statusCode).toBe(400);
    expect(one.json().details.fieldErrors).toEqual([{ field: 'attendees', message: 'List who attended from at least two organisations' }]);
    const made = await call(amhp, 'POST', '/api/v1/risk-discussions', discussion());
    expect(made.statusCode).toBe(201);
    expect(made.json().discussions).toHaveLength(1);
    expect(made.json().discussions[0]).toMatchObject({ heldOn: '2026-03-09', actions: [{ owner: 'Three Rivers crisis team', dueOn: '2026-03-12' }] });
    const audit = await t.services.audit.search({ action: 'risk_discussion_recorded' });
    expect(audit.total).toBe(1);
    expect((await call(governance, 'GET', `/api/v1/risk-discussions?referral=${referral.reference}`)).statusCode).toBe(403);
    expect((await call(amhp, 'GET', '/api/v1/risk-discussions?referral=NOPE-1')).statusCode).toBe(404);
  });

  it('the page shows who attended and the actions; the form reads attendees a line and refuses a line without an organisation', async () => {
    const browser = await signedInBrowser(t.app, amhp.email, BASE.password);
    const page = await browser.get(`/escalations/referrals/${referral.id}/discussions`);
    expect(page.statusCode).toBe(200);
    expect(textOf(page.body)).toContain('Inspector Ola Oduya, Northvale Police');
    expect(textOf(page.body)).toContain('Share the crisis plan with the police control room');
    const bad = await browser.post(`/escalations/referrals/${referral.id}/discussions`, { 'heldOn-day': '9', 'heldOn-month': '3', 'heldOn-year': '2026', attendees: 'Ava Amhp, Ashdown AMHP service\nDr Dee' });
    expect(bad.statusCode).toBe(400);
    expect(textOf(bad.body)).toContain('Line 2 (“Dr Dee”): write the name, a comma, then the organisation');
    const ok = await browser.post(`/escalations/referrals/${referral.id}/discussions`, {
      'heldOn-day': '10', 'heldOn-month': '3', 'heldOn-year': '2026',
      attendees: 'Ava Amhp, Ashdown AMHP service\nSam Site, Corrington General Hospital',
      'actions-0-action': 'Keep a side room for the assessment', 'actions-0-owner': 'Site manager, Corrington', 'actions-0-dueOn-day': '11', 'actions-0-dueOn-month': '3', 'actions-0-dueOn-year': '2026',
    });
    expect(ok.statusCode).toBe(303);
    const after = await browser.get(`/escalations/referrals/${referral.id}/discussions`);
    expect(textOf(after.body)).toContain('Sam Site, Corrington General Hospital');
    expect(textOf(after.body)).toContain('Keep a side room for the assessment');
  });

  it('a joint case review is a dated note on an escalation, shown on it', async () => {
    const raised = await call(amhp, 'POST', '/api/v1/escalations', { category: 'conveyance', urgency: 'routine', concern: 'Ambulance waited 6 hours', triedLocally: 'Called the ambulance duty manager', outcomeSought: 'A review', receiverPersonId: lead.id, referral: referral.reference });
    expect(raised.statusCode).toBe(201);
    const id = raised.json().escalation.id;
    expect((await call(amhp, 'POST', `/api/v1/escalations/${id}/case-reviews`, { heldOn: '2026-03-11', note: 'Too early' })).statusCode).toBe(400);
    const reviewed = await call(amhp, 'POST', `/api/v1/escalations/${id}/case-reviews`, { heldOn: '2026-03-10', note: 'Joint review with the ambulance service: agreed a direct line for AMHPs.' });
    expect(reviewed.statusCode).toBe(201);
    expect(reviewed.json().caseReviews).toMatchObject([{ heldOn: '2026-03-10', note: 'Joint review with the ambulance service: agreed a direct line for AMHPs.', recordedByName: 'Ava Amhp' }]);
    const page = await (await signedInBrowser(t.app, lead.email, BASE.password)).get(`/escalations/${id}`);
    expect(textOf(page.body)).toContain('agreed a direct line for AMHPs');
    expect(textOf(page.body)).toContain(`High Risk Multi-Agency Discussions for ${referral.reference}`);
  });
});
