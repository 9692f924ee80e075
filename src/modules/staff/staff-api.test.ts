import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.js';
import { apiToken } from '../../../test/support/http-client.js';
import { BASE } from '../../../test/support/base-data.js';
import { aPerson, organisationId, teamId } from '../../../test/support/builders/staff-builders.js';

interface PersonJson {
  id: string;
  name: string;
  email: string;
  jobTitle: string;
  phone: string;
  active: boolean;
  teamId: string | null;
  teamName: string | null;
  lineManagerId: string | null;
  lineManagerName: string | null;
  deactivatedReason: string | null;
  version: number;
  roles: string[];
}

describe('the staff API does everything the staff pages do', () => {
  let t: TestApp;
  let admin: string;
  let northshire: string;
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, token = admin) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });

  beforeAll(async () => {
    t = await createTestApp({ template: 'base' });
    admin = await apiToken(t.app, BASE.admin.email, BASE.password);
    northshire = await organisationId(t.services, 'northshire');
  });
  afterAll(async () => t.close());

  it('adds a person and returns them as they now are, with their version; they can then sign in', async () => {
    const created = await call('POST', '/api/v1/people', {
      name: 'Nell Quarrie',
      email: 'nell.quarrie@example.org',
      phone: '01632 960123',
      employingOrganisationId: northshire,
      teamId: await teamId(t.services, 'daytime'),
      roles: ['amhp'],
      password: 'a-long-enough-password',
    });
    expect(created.statusCode).toBe(201);
    const nell = created.json() as PersonJson;
    expect(nell).toMatchObject({ name: 'Nell Quarrie', phone: '01632 960123', jobTitle: '', active: true, teamName: BASE.teams.daytime.name, roles: ['amhp'], version: 1 });
    expect(nell).not.toHaveProperty('approvalExpiresOn');
    expect(JSON.stringify(nell)).not.toMatch(/password|hash/i);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: 'nell.quarrie@example.org', password: 'a-long-enough-password' } })).statusCode).toBe(201);
  });

  it('refuses bad input naming each field: missing fields, a non-UUID id, an unknown role, a short password', async () => {
    const missing = await call('POST', '/api/v1/people', {});
    expect(missing.statusCode).toBe(400);
    const fields = (missing.json() as { details: { fieldErrors: Array<{ field: string }> } }).details.fieldErrors.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'email', 'employingOrganisationId', 'roles']));
    const wrong = await call('POST', '/api/v1/people', { name: 'X', email: 'x@example.org', employingOrganisationId: 'not-a-uuid', roles: ['wizard'], password: 'short' });
    expect(wrong.statusCode).toBe(400);
    const errors = (wrong.json() as { details: { fieldErrors: Array<{ field: string; message: string }> } }).details.fieldErrors;
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['employingOrganisationId', 'roles.0', 'password']));
    const badId = await call('GET', '/api/v1/people/not-a-uuid');
    expect(badId.statusCode).toBe(400);
    expect(badId.json()).toMatchObject({ code: 'validation_failed', details: { fieldErrors: [{ field: 'id' }] } });
  });

  it('refuses references to organisations, teams or managers that do not exist (a 400, never a database error)', async () => {
    const ghost = '00000000-0000-4000-8000-000000000000';
    const response = await call('POST', '/api/v1/people', { name: 'Ghost', email: 'ghost@example.org', employingOrganisationId: ghost, roles: ['amhp'] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ details: { fieldErrors: [{ field: 'employingOrganisationId' }] } });
    const team = await call('POST', '/api/v1/people', { name: 'Ghost', email: 'ghost@example.org', employingOrganisationId: northshire, teamId: ghost, roles: ['amhp'] });
    expect(team.json()).toMatchObject({ details: { fieldErrors: [{ field: 'teamId' }] } });
  });

  it('lists and gets people: directory readers see everyone, anyone sees themselves', async () => {
    const ava = await aPerson('Ava Amhp').withRoles('amhp').build(t.services);
    const list = await call('GET', '/api/v1/people?role=amhp&status=all');
    expect(list.statusCode).toBe(200);
    expect((list.json() as PersonJson[]).map((p) => p.name)).toContain('Ava Amhp');
    const avaToken = await apiToken(t.app, ava.email, BASE.password);
    expect((await call('GET', `/api/v1/people/${ava.id}`, undefined, avaToken)).json()).toMatchObject({ id: ava.id, name: 'Ava Amhp' });
    const someoneElse = (await t.services.staff.peopleWithRole(['admin']))[0]!;
    expect((await call('GET', `/api/v1/people/${someoneElse.id}`, undefined, avaToken)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/people', undefined, avaToken)).statusCode).toBe(403);
    expect((await call('GET', '/api/v1/people?role=wizard')).statusCode).toBe(400);
  });

  it('replaces a person from the version read; a stale version is 409 with the current version', async () => {
    const manager = await aPerson('Mo Manager').withRoles('line_manager').build(t.services);
    const jo = await aPerson('Jo Support').withRoles('business_support').build(t.services);
    const before = (await call('GET', `/api/v1/people/${jo.id}`)).json() as PersonJson;
    const body = { name: 'Jo Support', email: before.email, jobTitle: 'Team administrator', employingOrganisationId: northshire, lineManagerId: manager.id, roles: ['business_support', 'amhp'], version: before.version };
    const updated = await call('PUT', `/api/v1/people/${jo.id}`, body);
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ jobTitle: 'Team administrator', lineManagerName: 'Mo Manager', teamId: null, version: before.version + 1 });
    expect((updated.json() as PersonJson).roles.sort()).toEqual(['amhp', 'business_support']);
    const stale = await call('PUT', `/api/v1/people/${jo.id}`, { ...body, jobTitle: 'Lost edit' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'version_conflict', details: { currentVersion: before.version + 1 } });
    const missing = await call('PUT', '/api/v1/people/00000000-0000-4000-8000-000000000000', body);
    expect(missing.statusCode).toBe(404);
  });

  it('deactivates and reactivates, returning the person; deactivation ends their tokens', async () => {
    const leaver = await aPerson('Lee Leaver').withRoles('amhp').build(t.services);
    const token = await apiToken(t.app, leaver.email, BASE.password);
    const deactivated = await call('POST', `/api/v1/people/${leaver.id}/deactivate`, { reason: 'Left the service', version: 1 });
    expect(deactivated.statusCode).toBe(200);
    expect(deactivated.json()).toMatchObject({ active: false, deactivatedReason: 'Left the service', version: 2 });
    expect((await call('GET', '/api/v1/me', undefined, token)).statusCode).toBe(401);
    const stale = await call('POST', `/api/v1/people/${leaver.id}/reactivate`, { version: 1 });
    expect(stale.statusCode).toBe(409);
    const reactivated = await call('POST', `/api/v1/people/${leaver.id}/reactivate`, { version: 2 });
    expect(reactivated.json()).toMatchObject({ active: true, deactivatedReason: null, version: 3 });
    const self = (await t.services.staff.peopleWithRole(['admin']))[0]!;
    const own = await call('POST', `/api/v1/people/${self.id}/deactivate`, { reason: 'Oops', version: self.version });
    expect(own.statusCode).toBe(400);
  });

  it('sets a password, refusing one that is too short', async () => {
    const pat = await aPerson('Pat Password').withRoles('amhp').withoutPassword().build(t.services);
    expect((await call('POST', `/api/v1/people/${pat.id}/password`, { password: 'short' })).statusCode).toBe(400);
    const set = await call('POST', `/api/v1/people/${pat.id}/password`, { password: 'pat-has-a-long-password' });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ id: pat.id, name: 'Pat Password' });
    // A one-time code: no API token until Pat has chosen a password on the web.
    const token = await t.app.inject({ method: 'POST', url: '/api/v1/auth/token', payload: { email: pat.email, password: 'pat-has-a-long-password' } });
    expect(token.statusCode).toBe(403);
    expect((token.json() as { message: string }).message).toContain('one-time code');
    const common = await call('POST', `/api/v1/people/${pat.id}/password`, { password: 'qwertyuiop123' });
    expect(common.statusCode).toBe(400);
    expect(JSON.stringify(common.json())).toContain('too easy to guess');
  });

  it('adds organisations and teams and returns them; lists both', async () => {
    const org = await call('POST', '/api/v1/organisations', { name: 'Eastmere Council', shortName: 'Eastmere', kind: 'lssa' });
    expect(org.statusCode).toBe(201);
    const eastmere = org.json() as { id: string };
    expect(eastmere).toMatchObject({ name: 'Eastmere Council', shortName: 'Eastmere', kind: 'lssa', active: true });
    const team = await call('POST', '/api/v1/teams', { name: 'Eastmere EDT', kind: 'edt', organisationId: eastmere.id });
    expect(team.statusCode).toBe(201);
    expect(team.json()).toMatchObject({ name: 'Eastmere EDT', kind: 'edt', organisationId: eastmere.id, organisationName: 'Eastmere Council' });
    expect((await call('POST', '/api/v1/teams', { name: 'Nowhere team', kind: 'edt', organisationId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
    expect((await call('POST', '/api/v1/organisations', { name: 'Eastmere Council', shortName: 'E', kind: 'lssa' })).statusCode).toBe(400);
    const both = (await call('GET', '/api/v1/organisations')).json() as { organisations: Array<{ name: string }>; teams: Array<{ name: string }> };
    expect(both.organisations.map((o) => o.name)).toContain('Eastmere Council');
    expect(both.teams.map((x) => x.name)).toContain('Eastmere EDT');
    expect(((await call('GET', '/api/v1/teams')).json() as Array<{ name: string }>).map((x) => x.name)).toContain('Eastmere EDT');
  });
});
