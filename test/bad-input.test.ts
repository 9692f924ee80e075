import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/test-app.js';
import { apiToken, signedInBrowser, textOf } from './support/http-client.js';
import { BASE } from './support/base-data.js';

describe('bad input gets a clear answer, never a 500 or a stack trace', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp({ template: 'base', config: { bodyLimitBytes: 4096 } });
    token = await apiToken(t.app, BASE.admin.email, BASE.password);
  });
  afterAll(async () => t.close());

  it('unknown page: GOV.UK "Page not found"', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/no/such/page' });
    expect(response.statusCode).toBe(404);
    expect(textOf(response.body)).toContain('Page not found');
  });

  it('unknown API route: JSON with a stable code', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'not_found' });
  });

  it('malformed JSON: 400 malformed_json', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: '{"name": "unterminated',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'malformed_json' });
    expect(response.body).not.toContain('at ');
  });

  it('oversized body: 413 payload_too_large, as JSON and as a page', async () => {
    const api = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(10_000) }),
    });
    expect(api.statusCode).toBe(413);
    expect(api.json()).toMatchObject({ code: 'payload_too_large' });
    const browser = await signedInBrowser(t.app, BASE.admin.email, BASE.password);
    await browser.get('/admin/bank-holidays');
    const page = await browser.post('/admin/bank-holidays', { 'date-day': '1', 'date-month': '1', 'date-year': '2031', name: 'y'.repeat(10_000) });
    expect(page.statusCode).toBe(413);
    expect(textOf(page.body)).toContain('too large');
  });

  it('invalid API input: 400 validation_failed with the fields', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/people',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: '', email: 'not-an-email', roles: [] },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json() as { code: string; details: { fieldErrors: Array<{ field: string; message: string }> } };
    expect(body.code).toBe('validation_failed');
    const fields = body.details.fieldErrors.map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'email', 'employingOrganisationId', 'roles']));
  });

  it('an invalid id in a URL is a 400, not a 500', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/people/not-a-uuid', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', details: { fieldErrors: [{ field: 'id' }] } });
  });

  it('a string with a NUL character is a 400 naming the field, never a database error', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/organisations',
      headers: { authorization: `Bearer ${token}` },
      payload: { name: 'Bad\u0000Council', shortName: 'Bad', kind: 'lssa' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'validation_failed', details: { fieldErrors: [{ field: 'name' }] } });
  });

  it('null or a non-object body is a 400, never a 500', async () => {
    for (const payload of ['null', '[]', '"text"', '42']) {
      const response = await t.app.inject({ method: 'POST', url: '/api/v1/bank-holidays', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload });
      expect(response.statusCode, payload).toBe(400);
    }
  });

  it('an expired or unknown bearer token is 401', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: 'Bearer made-up' } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('an expired session cookie sends the person to sign in with an explanation', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/', headers: { cookie: 'amhp_session=stale-value' } });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toMatch(/^\/sign-in/);
  });
});
