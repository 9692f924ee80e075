import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { signedInBrowser, TestBrowser, textOf } from '../../../test/support/http-client.js';

describe('signing in and out', () => {
  let t: TestApp;
  const clock = new ManualClock('2026-11-23T10:00:00Z');
  beforeAll(async () => {
    t = await createTestApp({ clock });
  });
  afterAll(async () => t.close());

  async function auditActions(entityId?: string) {
    let q = t.services.db.selectFrom('auditLog').select(['action', 'entityId', 'summary']).orderBy('id');
    if (entityId) q = q.where('entityId', '=', entityId);
    return q.execute();
  }

  it('signs in with the demo password, shows the home page and audits it', async () => {
    const browser = await signedInBrowser(t.app, 'lead@example.org');
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(textOf(home.body)).toContain('Hello, Morwenna Tregarth');
    expect(textOf(home.body)).toContain('AMHP Lead');
    const actions = await auditActions();
    expect(actions.some((a) => a.action === 'sign_in')).toBe(true);
  });

  it('gives the same message for a wrong password and an unknown email, and audits both', async () => {
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    const wrong = await browser.post('/sign-in', { email: 'amhp@example.org', password: 'not-the-password' });
    const unknown = await browser.post('/sign-in', { email: 'nobody@example.org', password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const message = 'Enter a correct email address and password';
    expect(textOf(wrong.body)).toContain(message);
    expect(textOf(unknown.body)).toContain(message);
    expect(textOf(wrong.body)).toContain('There is a problem');
    const failures = (await auditActions()).filter((a) => a.action === 'sign_in_failed');
    expect(failures.map((f) => (f.summary as { reason: string }).reason)).toEqual(expect.arrayContaining(['wrong_password', 'unknown_account']));
  });

  it('locks an account after repeated failures, even against the right password, then lets it in after the lockout', async () => {
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    for (let i = 0; i < 5; i += 1) await browser.post('/sign-in', { email: 'support@example.org', password: `wrong-${i}` });
    const locked = await browser.post('/sign-in', { email: 'support@example.org', password: t.services.config.demoPassword });
    expect(locked.statusCode).toBe(401);
    expect((await auditActions()).some((a) => a.action === 'account_locked')).toBe(true);
    clock.advanceMinutes(16);
    const unlocked = await browser.post('/sign-in', { email: 'support@example.org', password: t.services.config.demoPassword });
    expect(unlocked.statusCode).toBe(303);
  });

  it('rotates the session at sign-in and really ends it at sign-out', async () => {
    const browser = await signedInBrowser(t.app, 'amhp@example.org');
    const sessionCookie = (await t.app.inject({ method: 'GET', url: '/sign-in' })).cookies.find((c) => c.name === 'amhp_session');
    expect(sessionCookie).toBeUndefined();
    const before = await t.services.db.selectFrom('sessions').select('idHash').execute();
    const out = await browser.post('/sign-out');
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    const after = await t.services.db.selectFrom('sessions').select('idHash').execute();
    expect(after.length).toBe(before.length - 1);
    const again = await browser.get('/');
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toContain('/sign-in');
  });

  it('ends a session after 30 idle minutes and says why', async () => {
    const browser = await signedInBrowser(t.app, 'manager@example.org');
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
    const browser = await signedInBrowser(t.app, 'manager@example.org');
    for (let i = 0; i < 12 * 3; i += 1) {
      clock.advanceMinutes(20);
      await browser.get('/');
    }
    clock.advanceMinutes(20);
    expect((await browser.get('/')).statusCode).toBe(303);
  });

  it('refuses a form post without the CSRF token and changes nothing', async () => {
    const browser = await signedInBrowser(t.app, 'admin@example.org');
    const before = await t.services.db.selectFrom('bankHolidays').select('holidayDate').execute();
    const response = await browser.post('/admin/bank-holidays', { date: '2031-07-07', name: 'Test day' }, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(textOf(response.body)).toContain('Nothing was saved');
    const after = await t.services.db.selectFrom('bankHolidays').select('holidayDate').execute();
    expect(after.length).toBe(before.length);
    const wrongToken = await browser.post('/admin/bank-holidays', { date: '2031-07-07', name: 'Test day' }, { csrf: 'forged-token-value-123456' });
    expect(wrongToken.statusCode).toBe(403);
  });

  it('a deactivated person cannot sign in', async () => {
    const person = await t.services.db.selectFrom('people').select(['id', 'version']).where('email', '=', 'psw@example.org').executeTakeFirstOrThrow();
    const admin = await signedInBrowser(t.app, 'admin@example.org');
    await admin.get(`/admin/people/${person.id}/deactivate`);
    const deactivated = await admin.post(`/admin/people/${person.id}/deactivate`, { reason: 'Left the council', version: person.version });
    expect(deactivated.statusCode).toBe(303);
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    const attempt = await browser.post('/sign-in', { email: 'psw@example.org', password: t.services.config.demoPassword });
    expect(attempt.statusCode).toBe(401);
    const still = await t.services.db.selectFrom('people').select('active').where('id', '=', person.id).executeTakeFirstOrThrow();
    expect(still.active).toBe(false);
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
    const response = await browser.post('/sign-in', { email: 'lead@example.org', password: t.services.config.demoPassword, returnTo: '//evil.example.com' });
    expect(response.headers.location).toBe('/');
  });
});
