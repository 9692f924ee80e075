import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../src/platform/roles.js';
import { createTestApp, type TestApp } from './support/test-app.js';
import { apiToken, signedInBrowser, type TestBrowser } from './support/http-client.js';
import { isApiUrl } from '../src/platform/http/routing.js';
import { BASE } from './support/base-data.js';
import { aPerson } from './support/builders/staff-builders.js';
import { anApprovedAmhp } from './support/builders/register-builders.js';

/** One account per role (built on the base data), so "wrong role" is tested for every route and every role. */
const SINGLE_ROLES: readonly Role[] = ROLES;
const SINGLE_ROLE_ACCOUNTS: Partial<Record<Role, string>> = {};

const FAKE_ID = '00000000-0000-4000-8000-000000000000';
function concrete(url: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_m, name: string) => (/date/i.test(name) ? '2026-01-01' : /month/i.test(name) ? '2026-01' : FAKE_ID));
}

describe('every route declares and enforces who may use it', () => {
  let t: TestApp;
  const browsers = new Map<string, TestBrowser>();
  const tokens = new Map<string, string>();
  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    for (const role of SINGLE_ROLES) {
      const person = await aPerson(`Only ${role}`).withRoles(role).build(t.services);
      SINGLE_ROLE_ACCOUNTS[role] = person.email;
      browsers.set(person.email, await signedInBrowser(t.app, person.email, BASE.password));
      tokens.set(person.email, await apiToken(t.app, person.email, BASE.password));
    }
  }, 120_000);
  afterAll(async () => t.close());

  it('has routes registered, each with an access rule', () => {
    expect(t.app.routeTable.length).toBeGreaterThan(20);
    for (const route of t.app.routeTable) expect(route.access, `${route.method} ${route.url}`).toBeDefined();
  });

  it('carries the declaration of every platform and staff route, whose access is the one enforced', () => {
    const declared = t.app.routeTable.filter((r) => r.declaration);
    for (const url of ['/sign-in', '/', '/health', '/admin', '/admin/audit', '/api/v1/audit', '/api/v1/bank-holidays', '/api/v1/outbox', '/admin/people', '/api/v1/people/:id', '/api/v1/teams']) {
      expect(declared.map((r) => r.url), url).toContain(url);
    }
    for (const route of declared) expect(route.access, `${route.method} ${route.url}`).toEqual(route.declaration!.access);
    const health = declared.find((r) => r.url === '/health');
    expect(health?.access).toEqual({ public: true });
  });

  it('refuses signed-out requests to every non-public route', async () => {
    const protectedRoutes = t.app.routeTable.filter((r) => !('public' in r.access));
    expect(protectedRoutes.length).toBeGreaterThan(15);
    for (const route of protectedRoutes) {
      const response = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), ...(route.method === 'GET' ? {} : { payload: {} }) });
      if (isApiUrl(route.url)) {
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      } else {
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(303);
        expect(response.headers.location, `${route.method} ${route.url}`).toMatch(/^\/sign-in/);
      }
    }
  });

  it('refuses a signed-in person whose roles are not allowed, on every route', async () => {
    let checked = 0;
    for (const route of t.app.routeTable) {
      if ('public' in route.access) continue;
      const allowed = route.access.roles;
      // Every role the route does not allow, one account each: every role is tried.
      for (const outsider of (Object.entries(SINGLE_ROLE_ACCOUNTS) as Array<[Role, string]>).filter(([role]) => !allowed.includes(role))) {
        const email = outsider[1];
        const url = concrete(route.url);
        let status: number;
        if (isApiUrl(route.url)) {
          const response = await t.app.inject({ method: route.method as 'GET', url, headers: { authorization: `Bearer ${tokens.get(email)}` }, ...(route.method === 'GET' ? {} : { payload: {} }) });
          status = response.statusCode;
        } else {
          const browser = browsers.get(email)!;
          const response = route.method === 'GET' ? await browser.get(url) : await browser.post(url, {});
          status = response.statusCode;
        }
        expect(status, `${outsider[0]} → ${route.method} ${route.url}`).toBe(403);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  }, 600_000); // every role against every route: thousands of requests, counted, not timed

  it('per record: a supervision record is written by the supervisor it names or the Lead AMHP, never the supervisee', async () => {
    const supervisee = await aPerson('Sue Supervisee').withRoles('amhp').build(t.services);
    const supervisor = await aPerson('Sid Supervisor').withRoles('amhp').build(t.services);
    await anApprovedAmhp(t.services, supervisee, { lssa: 'northshire', from: '2025-04-01' });
    const session = (date: string) => ({ supervisorId: supervisor.id, date, type: 'group', casesDiscussed: ['Case ref 1', 'Case ref 2'], topic: null });
    const post = async (email: string, date: string) =>
      t.app.inject({ method: 'POST', url: `/api/v1/register/people/${supervisee.id}/supervision`, headers: { authorization: `Bearer ${tokens.get(email) ?? (await apiToken(t.app, email, BASE.password))}` }, payload: session(date) });
    const staffRoles = (Object.entries(SINGLE_ROLE_ACCOUNTS) as Array<[Role, string]>).filter(([role]) => !['partner', 's12_doctor', 'claims_officer'].includes(role));
    expect(staffRoles).toHaveLength(10);
    let day = 1;
    for (const [role, email] of staffRoles) {
      const response = await post(email, `2026-02-${String(day++).padStart(2, '0')}`);
      expect(response.statusCode, role).toBe(role === 'lead_amhp' ? 201 : 403);
    }
    expect((await post(supervisee.email, '2026-02-20')).statusCode).toBe(403);
    expect((await post(supervisor.email, '2026-02-21')).statusCode).toBe(201);
  });

  it('lists every role in the role model', () => {
    expect(ROLES).toHaveLength(13); // the ten staff roles, the partner agency role (escalations), the s12 doctor and the claims officer (doctors)
  });
});
