import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { TestBrowser, textOf } from '../../../test/support/http-client.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';
import { emailFromClaims } from './oidc-client.js';

// Issue 13 point 2: single sign-on through OpenID Connect, end to end against a real provider
// (the `oidc-provider` package) started here: the app sends the browser there, the provider signs
// someone in, and the callback signs in the staff member with that e-mail address.
const PUBLIC_URL = 'http://localhost:3000';
const CLIENT = { client_id: 'amhp-hub', client_secret: 'a-client-secret-for-the-test-provider-only' };

/** The provider's accounts: who the "organisation" can sign in, and the e-mail it vouches for. */
const accounts = new Map<string, string>();

/** A browser on the provider's side: follows nothing by itself, keeps the provider's cookies. */
class ProviderBrowser {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly origin: string) {}
  async request(url: string, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(new URL(url, this.origin), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (/expires=Thu, 01 Jan 1970/i.test(line) || value.join('=') === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join('='));
    }
    return response;
  }
}

describe('single sign-on (OpenID Connect)', () => {
  let provider: Server;
  let issuer: string;
  let t: TestApp;
  let amhp: TestPerson;

  beforeAll(async () => {
    const http = createServer();
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const oidc = new Provider(issuer, {
      clients: [{ ...CLIENT, redirect_uris: [`${PUBLIC_URL}/sign-in/sso/callback`], post_logout_redirect_uris: [`${PUBLIC_URL}/sign-in?signedOut=1`], grant_types: ['authorization_code'], response_types: ['code'] }],
      claims: { openid: ['sub'], email: ['email', 'email_verified'] },
      conformIdTokenClaims: false,
      findAccount: (_ctx, id) => ({ accountId: id, claims: () => ({ sub: id, email: accounts.get(id) ?? `${id}@elsewhere.example.net`, email_verified: true }) }),
    });
    http.on('request', oidc.callback());
    provider = http;
    t = await createTestApp({ config: { publicUrl: PUBLIC_URL, oidc: { issuerUrl: issuer, clientId: CLIENT.client_id, clientSecret: CLIENT.client_secret, buttonText: 'Sign in with Wessex Vale account' } } });
    amhp = await aPerson('Tamsin Penhaligon').withRoles('amhp').build(t.services);
    accounts.set('tamsin', amhp.email.toUpperCase());
    accounts.set('stranger', 'not.staff@elsewhere.example.net');
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await new Promise((resolve) => provider.close(resolve));
  });

  /** Press the button, sign in at the provider as `account`, consent, and come back. */
  async function signInAt(account: string, returnTo?: string): Promise<{ browser: TestBrowser; callback: Awaited<ReturnType<TestBrowser['get']>>; idp: ProviderBrowser }> {
    const browser = new TestBrowser(t.app);
    const start = await browser.get(`/sign-in/sso${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`);
    expect(start.statusCode).toBe(303);
    const authorise = new URL(String(start.headers.location));
    expect(authorise.origin).toBe(issuer);
    expect(authorise.searchParams.get('code_challenge_method')).toBe('S256');
    const idp = new ProviderBrowser(issuer);
    let next = (await idp.request(authorise.href)).headers.get('location')!;
    // The provider's own pages: log in, then consent to sharing the e-mail address.
    for (const prompt of ['login', 'consent']) {
      const uid = /\/interaction\/([^/?]+)/.exec(next)![1]!;
      const resume = (await idp.request(`/interaction/${uid}`, prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt })).headers.get('location')!;
      next = (await idp.request(resume)).headers.get('location')!;
    }
    const back = new URL(next, issuer);
    expect(back.origin + back.pathname).toBe(`${PUBLIC_URL}/sign-in/sso/callback`);
    const callback = await browser.get(back.pathname + back.search);
    return { browser, callback, idp };
  }

  it('offers the organisation account on the sign-in page beside the password', async () => {
    const page = textOf((await new TestBrowser(t.app).get('/sign-in')).body);
    expect(page).toContain('Sign in with Wessex Vale account');
    expect(page).toContain('Or sign in with an AMHP Hub password');
  });

  it('signs in the staff member whose e-mail address the provider vouches for, audited, and returns where they were going', async () => {
    const { browser, callback } = await signInAt('tamsin', '/referrals');
    expect(callback.statusCode).toBe(303);
    expect(callback.headers.location).toBe('/referrals');
    const home = await browser.get('/');
    expect(home.statusCode).toBe(200);
    expect(textOf(home.body)).toContain('Signed in as Tamsin Penhaligon');
    const audit = await t.tables.selectFrom('auditLog').select(['action', 'summary']).where('entityId', '=', amhp.id).where('action', '=', 'sign_in').execute();
    expect(audit.map((row) => row.summary)).toContainEqual({ method: 'oidc' });
  });

  it('signs out at the provider too (single sign-out): our session ends, then the provider’s end-session endpoint', async () => {
    const { browser, idp } = await signInAt('tamsin');
    const home = await browser.get('/');
    expect(textOf(home.body)).toContain('Signed in as Tamsin Penhaligon');
    const sessionsBefore = await t.tables.selectFrom('sessions').select('idHash').where('personId', '=', amhp.id).execute();
    expect(sessionsBefore.length).toBeGreaterThan(0);

    const signOut = await browser.post('/sign-out');
    expect(signOut.statusCode).toBe(303);
    const endSession = new URL(String(signOut.headers.location));
    expect(endSession.origin + endSession.pathname).toBe(`${issuer}/session/end`);
    expect(endSession.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/sign-in?signedOut=1`);
    expect(endSession.searchParams.get('client_id')).toBe(CLIENT.client_id);
    expect(endSession.searchParams.get('id_token_hint')?.split('.')).toHaveLength(3);
    // Our session is gone before the browser leaves: the same cookie opens nothing.
    expect((await browser.get('/')).headers.location).toMatch(/^\/sign-in/);
    const sessionsAfter = await t.tables.selectFrom('sessions').select('idHash').where('personId', '=', amhp.id).execute();
    expect(sessionsAfter.length).toBe(sessionsBefore.length - 1);

    // The provider accepts the hint and the return address: it asks to confirm, then sends the browser back to our signed-out page.
    const confirm = await idp.request(endSession.href);
    expect(confirm.status).toBe(200);
    const form = await confirm.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(form)?.[1];
    const action = /action="([^"]+)"/.exec(form)?.[1];
    expect(xsrf && action).toBeTruthy();
    let next = (await idp.request(action!, { xsrf: xsrf!, logout: 'yes' })).headers.get('location')!;
    while (new URL(next, issuer).origin === issuer) next = (await idp.request(next)).headers.get('location')!;
    expect(next).toBe(`${PUBLIC_URL}/sign-in?signedOut=1`);
    // A second sign-out (no ID token left) stays with our own page.
    const again = await browser.post('/sign-out');
    expect(again.headers.location).not.toContain(issuer);
  });

  it('refuses someone the provider signed in who is not on the staff, and opens nothing', async () => {
    const { browser, callback } = await signInAt('stranger');
    expect(callback.statusCode).toBe(401);
    expect(textOf(callback.body)).toContain('it has no active AMHP Hub account');
    expect((await browser.get('/')).headers.location).toMatch(/^\/sign-in/);
    const failed = await t.tables.selectFrom('auditLog').select('summary').where('action', '=', 'sign_in_failed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(failed.summary).toEqual({ reason: 'unknown_account', method: 'oidc' });
    expect(JSON.stringify(failed.summary)).not.toContain('elsewhere');
  });

  it('refuses a callback without the browser that started it, or with a forged state', async () => {
    const stray = await new TestBrowser(t.app).get('/sign-in/sso/callback?code=abc&state=xyz');
    expect(stray.statusCode).toBe(401);
    expect(textOf(stray.body)).toContain('Start again');
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in/sso');
    const forged = await browser.get('/sign-in/sso/callback?code=abc&state=not-the-one-sent');
    expect(forged.statusCode).toBe(401);
    expect(textOf(forged.body)).toContain('could not sign you in');
    expect((await browser.get('/')).headers.location).toMatch(/^\/sign-in/);
  });

  it('takes the address from email, or from an Entra-style preferred_username', () => {
    expect(emailFromClaims({ email: 'Ann@Council.gov.uk' })).toBe('ann@council.gov.uk');
    expect(emailFromClaims({ preferred_username: 'ann@council.gov.uk' })).toBe('ann@council.gov.uk');
    expect(emailFromClaims({ preferred_username: 'ann' })).toBeUndefined();
  });
});

describe('a deployment that signs in with single sign-on only', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { localPasswords: false, oidc: { issuerUrl: 'http://127.0.0.1:9/', clientId: 'x', clientSecret: 'y', buttonText: 'Sign in with your organisation account' } } });
  });
  afterAll(async () => t.close());

  it('shows no password form and refuses passwords on the page and for API tokens', async () => {
    const browser = new TestBrowser(t.app);
    const page = await browser.get('/sign-in');
    expect(textOf(page.body)).toContain('Sign in with your organisation account');
    expect(page.body).not.toContain('name="password"');
    // No form to take a CSRF token from, so a forged post is refused before it gets that far;
    // past the token check, the password is refused all the same.
    const forged = await browser.post('/sign-in', { email: 'lead@example.org', password: 'demo-password-2026' });
    expect(forged.statusCode).toBe(403);
    await browser.get('/sign-in/forgot-password'); // a public form, for a valid token
    const withToken = await browser.post('/sign-in', { email: 'lead@example.org', password: 'demo-password-2026' });
    expect(withToken.statusCode).toBe(401);
    expect(textOf(withToken.body)).toContain('signs in with your organisation account only');
    expect((await browser.get('/')).headers.location).toMatch(/^\/sign-in/);
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'lead@example.org', password: 'demo-password-2026' } });
    expect(token.statusCode).toBe(401);
  });

  it('says so when the identity provider cannot be reached', async () => {
    const response = await new TestBrowser(t.app).get('/sign-in/sso');
    expect(response.statusCode).toBe(401);
    expect(textOf(response.body)).toContain('not available just now');
  });
});
