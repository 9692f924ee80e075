import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/platform/roles.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { concretePath, exampleOf, operationsOf, tokensByRole, WRITE_METHODS, type FieldErrorBody, type Operation } from './api-support.js';

/**
 * The API says what it does: every operation is generated from its route declaration, and the
 * server validates with exactly the schema the document shows. Walking every operation:
 * a body with only the documented required fields is never refused for a missing field, and
 * dropping any documented required field is a 400 that names it.
 */
describe('the OpenAPI document is the contract', () => {
  let t: TestApp;
  let document: { paths: Record<string, Record<string, Record<string, unknown>>> };
  let operations: Operation[];
  let tokens: Map<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ template: 'base', config: { signInRateLimitPerMinute: 10_000 } });
    document = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    operations = operationsOf(document, t.app.routeTable);
    tokens = await tokensByRole(t.app, t.services, ROLES);
  }, 120_000);
  afterAll(async () => t.close());

  const tokenFor = (operation: Operation) => tokens.get(operation.roles?.[0] ?? 'admin')!;

  it('validates against the OpenAPI 3.1 schema', async () => {
    const result = await new Validator().validate(document as never);
    expect(result.errors ?? [], JSON.stringify(result.errors, null, 1)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every API route from its declaration, and describes every error body', () => {
    const apiRoutes = t.app.routeTable.filter((route) => route.url.startsWith('/api/v1/'));
    const undeclared = apiRoutes.filter((route) => !route.declaration).map((route) => `${route.method} ${route.url}`);
    expect(undeclared).toEqual([]);
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const responses = operation.responses as Record<string, { content?: unknown }>;
        for (const [status, response] of Object.entries(responses)) {
          if (Number(status) >= 400) expect(response.content, `${method} ${path} ${status}`).toBeDefined();
        }
        if (operation.requestBody || (operation.parameters as unknown[]).length > 0) expect(responses['400'], `${method} ${path}`).toBeDefined();
      }
    }
  });

  it('answers every refusal with one shape, { code, message, details }', async () => {
    const amhp = { authorization: `Bearer ${tokens.get('amhp')!}` };
    const refusals = [
      await t.app.inject({ method: 'GET', url: '/api/v1/referrals' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: amhp }),
      await t.app.inject({ method: 'POST', url: '/api/v1/referrals', headers: { ...amhp, 'content-type': 'application/json' }, payload: '{"broken":' }),
      await t.app.inject({ method: 'POST', url: '/api/v1/people', headers: amhp, payload: {} }),
    ];
    expect(refusals.map((r) => r.statusCode)).toEqual([401, 404, 400, 403]);
    for (const refusal of refusals) expect(Object.keys(refusal.json() as object).sort()).toEqual(['code', 'details', 'message']);
  });

  it('publishes the rule catalogue that the statutory refusals name', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/v1/rules', headers: { authorization: `Bearer ${tokens.get('amhp')!}` } });
    expect(response.statusCode).toBe(200);
    const rules = (response.json() as { rules: Array<{ id: string; severity: string }> }).rules;
    expect(rules).toEqual(expect.arrayContaining([expect.objectContaining({ id: 'R-MR-03', severity: 'E' }), expect.objectContaining({ id: 'R-CONVEY-S4', severity: 'E' }), expect.objectContaining({ id: 'R-S2-NR', severity: 'W' })]));
  });

  it('types every instant as an RFC 3339 date-time, never as an unknown value', () => {
    const text = JSON.stringify(document);
    expect(text).not.toContain('"anyOf":[{},{"type":"null"}]');
    expect(text).toContain('"format":"date-time"');
  });

  it('accepts a body with only the documented required fields, and names each one when it is dropped', async () => {
    const writes = operations.filter((operation) => WRITE_METHODS.has(operation.method) && operation.body);
    expect(writes.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const operation of writes) {
      const body = exampleOf(operation.body!) as Record<string, unknown>;
      const url = concretePath(operation);
      const headers = { authorization: `Bearer ${tokenFor(operation)}` };
      const response = await t.app.inject({ method: operation.method.toUpperCase() as 'POST', url, headers, payload: body });
      if (response.statusCode >= 500) problems.push(`${operation.method} ${operation.path}: ${response.statusCode} with the minimal body`);
      if (response.statusCode === 400) {
        const fieldErrors = (response.json() as FieldErrorBody).details?.fieldErrors ?? [];
        const sent = new Set(Object.keys(body ?? {}));
        for (const fieldError of fieldErrors) {
          const top = fieldError.field.split('.')[0]!;
          if (!sent.has(top)) problems.push(`${operation.method} ${operation.path}: refused for undocumented field "${fieldError.field}" (${fieldError.message})`);
        }
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) continue;
      for (const field of Object.keys(body)) {
        const without = Object.fromEntries(Object.entries(body).filter(([name]) => name !== field));
        const dropped = await t.app.inject({ method: operation.method.toUpperCase() as 'POST', url, headers, payload: without });
        const named = dropped.statusCode === 400 && ((dropped.json() as FieldErrorBody).details?.fieldErrors ?? []).some((e) => e.field === field || e.field.startsWith(`${field}.`));
        if (!named) problems.push(`${operation.method} ${operation.path}: dropping required "${field}" gave ${dropped.statusCode} ${dropped.body.slice(0, 160)}`);
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
