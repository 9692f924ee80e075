import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE } from '../../../../test/support/base-data.js';
import { aReferral } from '../../../../test/support/builders/referral-builders.js';
import { aPerson, type TestPerson } from '../../../../test/support/builders/staff-builders.js';
import { apiToken, signedInBrowser, textOf } from '../../../../test/support/http-client.js';
import { createTestApp, type TestApp } from '../../../../test/support/test-app.js';
import type { ManualClock } from '../../../platform/clock.js';

// Issue 13, point 3: access was role-wide. An AMHP now sees the open queue and their own
// referrals; anything else opens after a recorded reason that the AMHP Lead reviews; only the
// allocated AMHP records the assessment (a Lead may take it over with a reason).
describe('need-to-know with break-glass', () => {
  let t: TestApp;
  let lead: TestPerson;
  let ana: TestPerson;
  let ben: TestPerson;
  let openOne: { id: string; reference: string };
  let bensClosed: { id: string; reference: string };
  let anasClosed: { id: string; reference: string };
  let bensAssessment: { id: string; reference: string };

  const api = async (token: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) => {
    const response = await t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> & { code?: string; details?: Record<string, unknown> } };
  };

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lowenna Lead').withRoles('amhp_lead').build(t.services);
    ana = await aPerson('Ana Amhp').withRoles('amhp').build(t.services);
    ben = await aPerson('Ben Amhp').withRoles('amhp').build(t.services);
    openOne = await aReferral().forPerson({ givenName: 'Olive', familyName: 'Queueing' }).build(t.services);
    const closed = await aReferral().forPerson({ givenName: 'Cora', familyName: 'Closedcase', dateOfBirth: '1971-03-04' }).allocatedTo(ben).build(t.services);
    await t.services.referrals.withdraw(lead.ctx, closed.id, { reason: 'Admitted informally before the assessment', version: closed.version });
    bensClosed = closed;
    const mine = await aReferral().forPerson({ givenName: 'Mina', familyName: 'Mineown' }).allocatedTo(ana).build(t.services);
    await t.services.referrals.withdraw(lead.ctx, mine.id, { reason: 'Admitted informally before the assessment', version: mine.version });
    anasClosed = mine;
    bensAssessment = await aReferral().forPerson({ givenName: 'Arlo', familyName: 'Assessing' }).allocatedTo(ben).build(t.services);
  });
  afterAll(async () => t.close());

  it('shows an AMHP the open queue and their own referrals, and a closed one of someone else only as restricted', async () => {
    const browser = await signedInBrowser(t.app, ana.email, BASE.password);
    const all = textOf((await browser.get('/referrals?status=all')).body);
    expect(all).toContain('Queueing, Olive');
    expect(all).toContain('Mineown, Mina');
    expect(all).not.toContain('Closedcase');

    // Search still finds the person (so nobody makes a duplicate), but says nothing about them.
    const search = await browser.get('/referrals?q=Closedcase');
    const found = textOf(search.body);
    expect(found).toContain('Restricted record');
    expect(found).toContain(bensClosed.reference);
    expect(found).not.toContain('Cora');
    expect(found).not.toContain('1971');
    const searched = await t.tables.selectFrom('auditLog').select('summary').where('action', '=', 'referrals_searched').where('actorId', '=', ana.id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((searched.summary as { shown: string[] }).shown).not.toContain(bensClosed.id);

    // The Lead sees everything.
    const leadBrowser = await signedInBrowser(t.app, lead.email, BASE.password);
    expect(textOf((await leadBrowser.get('/referrals?status=all')).body)).toContain('Closedcase, Cora');
  });

  it('opens a record outside need-to-know only after a reason, for 12 hours, and lists the reason for the Lead to review', async () => {
    const token = await apiToken(t.app, ana.email, BASE.password);
    const refused = await api(token, 'GET', `/api/v1/referrals/${bensClosed.id}`);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('reason_required');
    expect(refused.body.details?.action).toBe(`/api/v1/referrals/${bensClosed.id}/access-reasons`);
    expect((await api(token, 'GET', `/api/v1/referrals/${bensClosed.id}/assessment`)).status).toBe(403);

    // The page asks for the reason; a reason that says nothing is refused and opens nothing.
    const browser = await signedInBrowser(t.app, ana.email, BASE.password);
    const page = await browser.get(`/referrals/${bensClosed.id}`);
    expect(page.statusCode).toBe(403);
    expect(textOf(page.body)).toContain('Record why you need to open this record');
    expect(textOf(page.body)).not.toContain('Cora');
    const tooShort = await browser.post(`/referrals/${bensClosed.id}/reason`, { kind: 'break_glass', reason: 'need it', returnTo: `/referrals/${bensClosed.id}` });
    expect(tooShort.statusCode).toBe(400);
    expect(textOf(tooShort.body)).toContain('at least 10 characters');
    expect((await browser.get(`/referrals/${bensClosed.id}`)).statusCode).toBe(403);

    const given = await browser.post(`/referrals/${bensClosed.id}/reason`, { kind: 'break_glass', reason: 'Re-referred tonight; I need the risks from the last assessment', returnTo: `/referrals/${bensClosed.id}` });
    expect(given.statusCode).toBe(303);
    expect(given.headers.location).toBe(`/referrals/${bensClosed.id}`);
    const opened = await browser.get(`/referrals/${bensClosed.id}`);
    expect(opened.statusCode).toBe(200);
    expect(textOf(opened.body)).toContain('Cora');
    expect((await api(token, 'GET', `/api/v1/referrals/${bensClosed.id}`)).status).toBe(200);
    const audited = await t.tables.selectFrom('auditLog').select('actorId').where('action', '=', 'referral_break_glass').where('entityId', '=', bensClosed.id).execute();
    expect(audited.map((row) => row.actorId)).toEqual([ana.id]);

    // The Lead reviews it; Ana cannot review her own (nor is she allowed the list).
    const leadToken = await apiToken(t.app, lead.email, BASE.password);
    const list = await api(leadToken, 'GET', '/api/v1/referral-access-reasons');
    const reasons = list.body.reasons as Array<{ id: string; reference: string; personName: string; reason: string; version: number }>;
    const mine = reasons.find((row) => row.reference === bensClosed.reference);
    expect(mine).toMatchObject({ personName: 'Ana Amhp', reason: 'Re-referred tonight; I need the risks from the last assessment' });
    expect((await api(token, 'GET', '/api/v1/referral-access-reasons')).status).toBe(403);
    expect((await api(leadToken, 'POST', `/api/v1/referral-access-reasons/${mine!.id}/review`, { note: 'Justified: re-referral', version: mine!.version })).status).toBe(200);
    expect((await api(leadToken, 'POST', `/api/v1/referral-access-reasons/${mine!.id}/review`, { note: 'again', version: mine!.version })).status).toBe(409);
    const reviewed = await signedInBrowser(t.app, lead.email, BASE.password);
    expect(textOf((await reviewed.get('/referrals/access-reviews?reviewed=true')).body)).toContain('Justified: re-referral');

    // Twelve hours later the record is closed to her again.
    (t.clock as ManualClock).advanceMinutes(12 * 60 + 1);
    const later = await apiToken(t.app, ana.email, BASE.password);
    expect((await api(later, 'GET', `/api/v1/referrals/${bensClosed.id}`)).status).toBe(403);
    // Her own closed referral never needed a reason.
    expect((await api(later, 'GET', `/api/v1/referrals/${anasClosed.id}`)).status).toBe(200);
  });

  it('lets only the allocated AMHP record the assessment; a Lead takes it over with a reason, on the timeline', async () => {
    const anaToken = await apiToken(t.app, ana.email, BASE.password);
    const benToken = await apiToken(t.app, ben.email, BASE.password);
    const leadToken = await apiToken(t.app, lead.email, BASE.password);
    const url = `/api/v1/referrals/${bensAssessment.id}/assessment/plan`;

    // Another AMHP may read the open referral's record, but not change it.
    const read = await api(anaToken, 'GET', `/api/v1/referrals/${bensAssessment.id}/assessment`);
    expect(read.status).toBe(200);
    expect(read.body.canEdit).toBe(false);
    const byAna = await api(anaToken, 'PUT', url, { plannedPlace: 'Ana’s idea', version: 1 });
    expect(byAna.status).toBe(403);
    expect(byAna.body.code).toBe('forbidden');

    // The Lead is told to take it over first, and may not "take over" with an empty reason.
    const byLead = await api(leadToken, 'PUT', url, { plannedPlace: 'Lead’s plan', version: 1 });
    expect(byLead.status).toBe(403);
    expect(byLead.body.code).toBe('reason_required');
    expect((await api(leadToken, 'POST', `/api/v1/referrals/${bensAssessment.id}/access-reasons`, { kind: 'take_over', reason: ' ' })).status).toBe(400);
    expect((await api(anaToken, 'POST', `/api/v1/referrals/${bensAssessment.id}/access-reasons`, { kind: 'take_over', reason: 'I would like to do this one' })).status).toBe(403);
    const record = await api(benToken, 'GET', `/api/v1/referrals/${bensAssessment.id}/assessment`);
    expect(record.body.canEdit).toBe(true);

    const took = await api(leadToken, 'POST', `/api/v1/referrals/${bensAssessment.id}/access-reasons`, { kind: 'take_over', reason: 'Ben is off sick and the application must be made today' });
    expect(took.status).toBe(201);
    const saved = await api(leadToken, 'PUT', url, { plannedPlace: 'Lead’s plan', version: record.body.version as number });
    expect(saved.status).toBe(200);
    const timeline = await t.tables.selectFrom('referralEvents').select('summary').where('referralId', '=', bensAssessment.id).where('kind', '=', 'assessment_taken_over').execute();
    expect(timeline.map((row) => row.summary)).toEqual(['Lowenna Lead took over the assessment: Ben is off sick and the application must be made today']);
  });

  it('gives line managers and the Lead AMHP no clinical content', async () => {
    const manager = await aPerson('Lin Manager').withRoles('line_manager').build(t.services);
    const registrar = await aPerson('Rhodri Register').withRoles('lead_amhp').build(t.services);
    for (const person of [manager, registrar]) {
      const token = await apiToken(t.app, person.email, BASE.password);
      expect((await api(token, 'GET', `/api/v1/referrals/${openOne.id}/assessment`)).status, person.name).toBe(403);
      expect((await api(token, 'GET', `/api/v1/referrals/${openOne.id}`)).status, person.name).toBe(403);
      expect((await api(token, 'GET', '/api/v1/referrals')).status, person.name).toBe(403);
    }
  });
});
