import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.js';
import { apiToken, signedInBrowser, TestBrowser, textOf } from './support/http-client.js';
import { BASE } from './support/base-data.js';

// Issue 13, "Hygiene": what a security test found around the edges of every request.
describe('request hygiene', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
  });
  afterAll(async () => t.close());

  it('treats an encoded path to the API as the API: the session cookie opens nothing there', async () => {
    const browser = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    const plain = await browser.get('/api/v1/me');
    expect(plain.statusCode).toBe(401);
    const encoded = await browser.get('/%61pi/v1/me');
    expect(encoded.statusCode).toBe(401);
    expect((encoded.json() as { code: string }).code).toBe('unauthenticated');
    // With a bearer token the encoded path answers like the plain one.
    const token = await apiToken(t.app, BASE.admin.email, BASE.password);
    const withToken = await t.app.inject({ method: 'GET', url: '/%61pi/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(withToken.statusCode).toBe(200);
  });

  it('gives a session cookie that ends with the browser (no Max-Age or Expires)', async () => {
    const browser = new TestBrowser(t.app);
    await browser.get('/sign-in');
    const response = await browser.post('/sign-in', { email: BASE.admin.email, password: BASE.password });
    expect(response.statusCode).toBe(303);
    const setCookie = [response.headers['set-cookie']].flat().find((c) => String(c).startsWith('amhp_session='));
    expect(setCookie).toBeDefined();
    expect(String(setCookie)).toContain('HttpOnly');
    expect(String(setCookie)).not.toMatch(/Max-Age|Expires/i);
  });

  it('refuses powerful browser features to every page and API answer (Permissions-Policy)', async () => {
    for (const url of ['/sign-in', '/api/v1/openapi.json', '/no-such-page']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(String(response.headers['permissions-policy']), url).toContain('camera=()');
      expect(String(response.headers['permissions-policy']), url).toContain('geolocation=()');
    }
  });

  it('says a refused form was out of date, not forbidden, and offers to open it again', async () => {
    const browser = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    const refused = await browser.post('/admin/bank-holidays', { 'date-day': '7', 'date-month': '7', 'date-year': '2031', name: 'Test day' }, { csrf: 'stale-token-from-another-tab-1234' });
    expect(refused.statusCode).toBe(403);
    const text = textOf(refused.body);
    expect(text).toContain('Your form could not be sent');
    expect(text).toContain('Nothing was saved');
    expect(text).not.toContain('You do not have permission');
    expect(refused.body).toContain('href="/admin/bank-holidays"');
  });
});
