import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { buildOpenApiDocument } from '../../platform/http/openapi.js';
import { createRegisterModule } from './register-module.js';
import type { RegisterDb } from './register-tables.js';

/** The register's declarations alone (no database needed: nothing is called). */
function registerDeclarations() {
  const unused = {} as never;
  const { parts } = createRegisterModule({ db: unused as Kysely<RegisterDb>, clock: unused, audit: unused, staff: unused, settings: unused, countAssessments: async () => ({ total: 0, byKind: [] }) });
  return parts.routes;
}

describe('the register’s part of the API document', () => {
  const routes = registerDeclarations();
  const api = routes.filter((r) => r.path.startsWith('/api/v1/'));
  const doc = buildOpenApiDocument(routes.map((declaration) => ({ method: declaration.method, url: declaration.path, access: declaration.access, declaration }))) as {
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, { content?: Record<string, unknown> }> }>>;
  };

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(doc as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('has an operation for everything the pages do, each write documenting what it takes and gives back', () => {
    expect(api.length).toBe(43);
    for (const path of ['/api/v1/register/people/{id}/competencies', '/api/v1/register/trainees', '/api/v1/register/trainees/{id}/first-approval', '/api/v1/register/settings', '/api/v1/register/people/{id}/panel-pack', '/api/v1/register/export/compliance.xlsx', '/api/v1/register/supervision/{id}/resolve', '/api/v1/register/people/{id}/access']) {
      expect(doc.paths[path], path).toBeDefined();
    }
    for (const route of api.filter((r) => r.method !== 'GET')) {
      const operation = doc.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
      const success = operation?.responses[String(route.success.status ?? 200)];
      expect(success?.content?.['application/json'], `${route.method} ${route.path} gives back the resource`).toBeDefined();
    }
    for (const route of api.filter((r) => r.body !== undefined)) {
      expect(doc.paths[route.path.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()]?.requestBody, `${route.method} ${route.path} documents its body`).toBeDefined();
    }
  });
});
