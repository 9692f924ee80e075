import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { apiToken } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { aPerson, type TestPerson } from '../../../test/support/builders/staff-builders.js';

describe('the JSON API authenticates with bearer tokens', () => {
  let t: TestApp;
  let lead: TestPerson;
  let amhp: TestPerson;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    lead = await aPerson('Lena Lead').withRoles('amhp_lead', 'amhp').build(t.services);
    amhp = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
  });
  afterAll(async () => t.close());

  it('issues a token for a correct email and password, which then identifies the caller', async () => {
    const issue = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: lead.email, password: BASE.password } });
    expect(issue.statusCode).toBe(201);
    const { token, expiresAt } = issue.json() as { token: string; expiresAt: string };
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime());
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ personId: lead.id, name: 'Lena Lead', email: lead.email, roles: expect.arrayContaining(['amhp_lead']) });
    const stored = await t.tables.selectFrom('apiTokens').select('tokenHash').execute();
    expect(stored.some((row) => row.tokenHash === token)).toBe(false);
  });

  it('refuses a wrong password without saying whether the account exists', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: lead.email, password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'ghost@example.org', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('revokes a token so it no longer works', async () => {
    const token = await apiToken(t.app, amhp.email, BASE.password);
    const revoke = await t.app.inject({ method: 'DELETE', url: '/api/v1/auth/token', headers: { authorization: `Bearer ${token}` } });
    expect(revoke.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it('rate-limits the token endpoint', async () => {
    const limited = await createTestApp({ template: 'base', config: { signInRateLimitPerMinute: 3 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const response = await limited.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'x@example.org', password: 'y' } });
        codes.push(response.statusCode);
      }
      expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
      expect(codes[4]).toBe(429);
    } finally {
      await limited.close();
    }
  }, 120_000);

  it('ends every token of a person whose password an administrator resets', async () => {
    const token = await apiToken(t.app, amhp.email, BASE.password);
    const admin = await apiToken(t.app, BASE.admin.email, BASE.password);
    const reset = await t.app.inject({ method: 'POST', url: `/api/v1/people/${amhp.id}/password`, headers: { authorization: `Bearer ${admin}` }, payload: { password: 'a brand new long password' } });
    expect(reset.statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: amhp.email, password: BASE.password } })).statusCode).toBe(401);
    // What an administrator sets is a one-time code, refused for tokens until changed on the web.
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: amhp.email, password: 'a brand new long password' } })).statusCode).toBe(403);
  });

  it('serves an OpenAPI document describing the API routes', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as { openapi: string; paths: Record<string, Record<string, { summary: string }>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/api/v1/auth/token']?.post?.summary).toContain('bearer token');
    expect(doc.paths['/api/v1/people/{id}']?.get).toBeDefined();
    const apiRoutes = t.app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && r.url !== '/api/v1/openapi.json');
    for (const route of apiRoutes) {
      const documented = doc.paths[route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      expect(documented, `${route.method} ${route.url} is in the OpenAPI document`).toBeDefined();
    }
  });
});
