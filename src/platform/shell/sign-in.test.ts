import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { signedInBrowser, TestBrowser, textOf } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';

describe('signing in and out', () => {
  let t: TestApp;
  let clock: ManualClock;
  let lead: TestPerson;
  let amhp: TestPerson;
  let support: TestPerson;
  let manager: TestPerson;
  const signIn = (email: string) => signedInBrowser(t.app, email, BASE.password);

  beforeAll(async () => {
    clock = new ManualClock('2026-11-23T10:00:00Z');
    t = await createTestApp({ template: 'base', clock });
    lead = await aPerson('Morwenna Tregarth').withRoles('amhp_lead', 'amhp').build(t.services);
    amhp = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    support = await aPerson('Sam Support').withRoles('business_support').build(t.services);
    manager = await aPerson('Mo Manager').withRoles('operational_manager').build(t.services);
  });
  afterAll(async () => t.close());

  async function auditActions(entityId?: string) {
    let q = t.tables.selectFrom('auditLog').select(['action', 'entityId', 'summary']).orderBy('id');
    if (entityId) q = q.where('entityId', '=', entityId);
    return q.execute();
  }

  it('signs in with the password, shows the home page and audits it; the last sign-in is kept with the credentials', async () => {
    const browser = await signIn(lead.email);
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(textOf(home.body)).toContain('Hello, Morwenna Tregarth');
    expect(textOf(home.body)).toContain('AMHP Lead');
    expect((await auditActions()).some((a) => a.action === 'sign_in')).toBe(true);
    expect(await t.services.credentials.lastSignedIn(lead.id)).toEqual(clock.now());
  });

  it('gives the same message for a wrong password and an unknown email, and audits both', async () => {
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    const wrong = await browser.post('/sign-in', { email: amhp.email, password: 'not-the-password' });
    const unknown = await browser.post('/sign-in', { email: 'nobody@example.org', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = 'Enter a correct email address and password';
    expect(textOf(wrong.body)).toContain(message);
    expect(textOf(unknown.body)).toContain(message);
    expect(textOf(wrong.body)).toContain('There is a problem');
    expect(wrong.body).toContain(`value="${amhp.email}"`);
    const failures = (await auditActions()).filter((a) => a.action === 'sign_in_failed');
    expect(failures.map((f) => (f.summary as { reason: string }).reason)).toEqual(expect.arrayContaining(['wrong_password', 'unknown_account']));
  });

  it('refuses an empty form with field errors, as a 401 like any other refusal', async () => {
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    const empty = await browser.post('/sign-in', { email: '', password: '' });
    expect(empty.statusCode).toBe(401);
    expect(textOf(empty.body)).toContain('Enter your email address');
    expect(textOf(empty.body)).toContain('Enter your password');
  });

  it('locks an account after repeated failures, even against the right password, then lets it in after the lockout', async () => {
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    for (let i = 0; i < 5; i += 1) await browser.post('/sign-in', { email: support.email, password: `wrong-${i}` });
    const locked = await browser.post('/sign-in', { email: support.email, password: BASE.password });
    expect(locked.statusCode).toBe(401);
    expect((await auditActions(support.id)).some((a) => a.action === 'account_locked')).toBe(true);
    clock.advanceMinutes(16);
    const unlocked = await browser.post('/sign-in', { email: support.email, password: BASE.password });
    expect(unlocked.statusCode).toBe(303);
  });

  it('rotates the session at sign-in and really ends it at sign-out', async () => {
    const browser = await signIn(amhp.email);
    const sessionCookie = (await t.app.inject({ method: 'GET', url: '/sign-in' })).cookies.find((c) => c.name === 'amhp_session');
    expect(sessionCookie).toBeUndefined();
    const before = await t.tables.selectFrom('sessions').select('idHash').execute();
    const out = await browser.post('/sign-out');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    const after = await t.tables.selectFrom('sessions').select('idHash').execute();
    expect(after.length).toBe(before.length - 1);
    const again = await browser.get('/');
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toContain('/sign-in');
  });

  it('ends a session after 30 idle minutes and says why', async () => {
    const browser = await signIn(manager.email);
    clock.advanceMinutes(29);
    expect((await browser.get('/')).statusCode).toBe(200);
    clock.advanceMinutes(31);
    const expired = await browser.get('/admin');
    expect(expired.statusCode).toBe(303);
    expect(expired.headers.location).toContain('expired=1');
    const page = await browser.get(expired.headers.location as string);
    expect(textOf(page.body)).toContain('Your session ended because you were inactive');
  });

  it('ends a session at the absolute limit even when it is in use', async () => {
    const browser = await signIn(manager.email);
    for (let i = 0; i < 12 * 3; i += 1) {
      clock.advanceMinutes(20);
      await browser.get('/');
    }
    clock.advanceMinutes(20);
    expect((await browser.get('/')).statusCode).toBe(303);
  });

  it('refuses a form post without the CSRF token and changes nothing', async () => {
    const browser = await signIn(BASE.admin.email);
    const before = await t.services.calendar.list();
    const response = await browser.post('/admin/bank-holidays', { 'date-day': '7', 'date-month': '7', 'date-year': '2031', name: 'Test day' }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(textOf(response.body)).toContain('Nothing was saved');
    expect(await t.services.calendar.list()).toHaveLength(before.length);
    const wrongToken = await browser.post('/admin/bank-holidays', { 'date-day': '7', 'date-month': '7', 'date-year': '2031', name: 'Test day' }, { csrf: 'forged-token-value-123456' });
    expect(wrongToken.statusCode).toBe(403);
  });

  it('a deactivated person cannot sign in', async () => {
    const leaver = await aPerson('Ifeoma Castellano').withRoles('governance_viewer').build(t.services);
    const person = await t.services.staff.findPerson(leaver.id);
    const admin = await signIn(BASE.admin.email);
    await admin.get(`/admin/people/${leaver.id}/deactivate`);
    const deactivated = await admin.post(`/admin/people/${leaver.id}/deactivate`, { reason: 'Left the council', version: person!.version });
    expect(deactivated.statusCode).toBe(303);
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    const attempt = await browser.post('/sign-in', { email: leaver.email, password: BASE.password });
    expect(attempt.statusCode).toBe(401);
    expect((await t.services.staff.findPerson(leaver.id))?.active).toBe(false);
    const reasons = (await auditActions(leaver.id)).filter((a) => a.action === 'sign_in_failed').map((a) => (a.summary as { reason: string }).reason);
    expect(reasons).toEqual(['deactivated']);
  });

  it('sends security headers with every page', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });

  it('is branded as the council’s service, not GOV.UK: no crown, no OGL, no Crown copyright', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(page.body).toContain('Wessex Vale AMHP Service');
    for (const govukOnly of ['govuk-footer__crown', 'govuk-footer__licence-logo', 'Crown copyright', 'govuk-logo', 'GDS Transport']) {
      expect(page.body).not.toContain(govukOnly);
    }
  });

  it('does not redirect to another site after sign-in', async () => {
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in?returnTo=//evil.example.com');
    const response = await browser.post('/sign-in', { email: lead.email, password: BASE.password, returnTo: '//evil.example.com' });
    expect(response.headers.location).toBe('/');
  });

  it('answers the health check cheaply, without signing in', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', database: t.services.database.kind });
    expect(response.headers['cache-control']).toBe('no-store');
  });
});
