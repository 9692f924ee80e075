import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { defineRoute, registerRoutes, type RouteDeclaration } from './route.js';
import type { RegisteredRoute } from './route.js';

type JsonSchema = Record<string, unknown>;

/** Zod → JSON Schema for the document: Date values are sent as RFC 3339 strings. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const converted = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === 'date') {
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  }) as JsonSchema;
  delete converted.$schema;
  return converted;
}

const fieldError = {
  type: 'object',
  required: ['field', 'message'],
  properties: { field: { type: 'string', description: 'The field or JSON path, e.g. receivedAt or doctors.0.name' }, message: { type: 'string' } },
};
const finding = {
  type: 'object',
  required: ['rule', 'severity', 'message'],
  properties: {
    rule: { type: 'string', description: 'The rule id, e.g. R-MR-03 (GET /api/v1/rules lists every rule with its severity and source)' },
    severity: { type: 'string', enum: ['E', 'W'], description: 'E blocks; W needs a reason recorded to go ahead' },
    message: { type: 'string' },
    field: { type: 'string' },
  },
};

const COMPONENTS = {
  Error: {
    type: 'object',
    required: ['code', 'message', 'details'],
    properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } },
  },
  ValidationError: {
    type: 'object',
    required: ['code', 'message', 'details'],
    properties: {
      code: { const: 'validation_failed' },
      message: { type: 'string' },
      details: { type: 'object', required: ['fieldErrors'], properties: { fieldErrors: { type: 'array', items: fieldError } } },
    },
  },
  RuleError: {
    type: 'object',
    required: ['code', 'message', 'details'],
    properties: {
      code: { type: 'string', description: 'e.g. statutory_check_failed, statutory_warning_reason_required' },
      message: { type: 'string' },
      details: {
        type: 'object',
        required: ['failures', 'warnings'],
        properties: { failures: { type: 'array', items: finding }, warnings: { type: 'array', items: finding } },
      },
    },
  },
  ConflictError: {
    type: 'object',
    required: ['code', 'message', 'details'],
    properties: {
      code: { type: 'string', description: 'version_conflict when someone else changed the record; otherwise the state that forbids it' },
      message: { type: 'string' },
      details: { type: 'object', properties: { currentVersion: { type: 'integer', description: 'Re-read the record at this version and try again' } } },
    },
  },
};

const errorResponse = (description: string, component: keyof typeof COMPONENTS) => ({
  description,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${component}` } } },
});

function operationFor(declaration: RouteDeclaration): Record<string, unknown> {
  const parameters: unknown[] = [];
  const paramSchema = declaration.params ? jsonSchema(declaration.params, 'input') : undefined;
  for (const match of declaration.path.matchAll(/:([A-Za-z0-9_]+)/g)) {
    const name = match[1]!;
    const property = (paramSchema?.properties as Record<string, unknown> | undefined)?.[name] ?? { type: 'string' };
    parameters.push({ name, in: 'path', required: true, schema: property });
  }
  if (declaration.query) {
    const schema = jsonSchema(declaration.query, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      const description = typeof property.description === 'string' ? property.description : undefined;
      parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property, ...(description ? { description } : {}) });
    }
  }
  const isPublic = 'public' in declaration.access;
  const access = 'roles' in declaration.access ? `Roles: ${declaration.access.roles.join(', ')}.` : 'Public.';
  const audit = declaration.audit.length > 0 ? ` Audited as ${declaration.audit.join(', ')}.` : '';
  const success = declaration.success;
  const status = String(success.status ?? 200);
  const successResponse: Record<string, unknown> = { description: success.description ?? (status === '204' ? 'Done; nothing to return' : 'Success') };
  if (success.contentType) successResponse.content = { [success.contentType]: {} };
  else if (success.schema) successResponse.content = { 'application/json': { schema: jsonSchema(success.schema, 'output') } };

  const responses: Record<string, unknown> = { [status]: successResponse };
  if (declaration.params || declaration.query || declaration.body) responses['400'] = errorResponse('The input is not valid: each field named with the reason', 'ValidationError');
  if (!isPublic) {
    responses['401'] = errorResponse('Missing or invalid bearer token', 'Error');
    responses['403'] = errorResponse('Your role does not allow this, or the record is outside what you may see (code reason_required: post a reason to details.action first, docs/access.md)', 'Error');
  }
  if (declaration.refusals.includes('not_found') || declaration.path.includes(':')) responses['404'] = errorResponse('No such record', 'Error');
  if (declaration.refusals.includes('conflict') || declaration.refusals.includes('state')) {
    responses['409'] = errorResponse('Someone else changed the record (version_conflict, with the current version), or its state does not allow this', 'ConflictError');
  }
  if (declaration.refusals.includes('rule')) responses['422'] = errorResponse('A statutory or business rule refuses this: failures and warnings with their rule ids', 'RuleError');
  if (declaration.rateLimit) responses['429'] = errorResponse('Too many attempts: wait and try again', 'Error');

  return {
    operationId: `${declaration.method.toLowerCase()}${declaration.path.replace(/^\/api\/v1/, '').replace(/[/:{}-]+(\w)/g, (_m, c: string) => c.toUpperCase())}`,
    summary: declaration.summary,
    description: `${declaration.description ? `${declaration.description} ` : ''}${access}${audit}`,
    tags: declaration.tags,
    ...(isPublic ? { security: [] } : {}),
    ...(declaration.audit.length > 0 ? { 'x-audit': declaration.audit } : {}),
    parameters,
    ...(declaration.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(declaration.body, 'input') } } } } : {}),
    responses,
  };
}

/** The OpenAPI document, generated from the route declarations only, so it cannot drift from them. */
export function buildOpenApiDocument(routes: readonly RegisteredRoute[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const declaration = route.declaration;
    if (!route.url.startsWith('/api/v1/') || !declaration) continue;
    const openApiPath = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[openApiPath] ??= {};
    paths[openApiPath][route.method.toLowerCase()] = operationFor(declaration);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AMHP Hub API',
      version: '1',
      description:
        'Everything the pages do, as JSON. Authenticate with POST /api/v1/auth/token and send `Authorization: Bearer <token>`. ' +
        'Times: RFC 3339 with an offset or Z, or wall-clock YYYY-MM-DDTHH:mm meaning Europe/London. Errors: `{ code, message, details }`. ' +
        'Writes return the resource as it now is, with its version; send that version with the next change. See docs/api.md.',
    },
    servers: [{ url: '/' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: COMPONENTS },
    security: [{ bearer: [] }],
    paths,
  };
}

export function registerOpenApi(app: FastifyInstance): void {
  let cached: Record<string, unknown> | undefined;
  registerRoutes(app, [
    defineRoute({
      method: 'GET',
      path: '/api/v1/openapi.json',
      access: { public: true },
      summary: 'This document',
      tags: ['meta'],
      success: { contentType: 'application/json', description: 'The OpenAPI 3.1 document' },
      handler: async () => {
        cached ??= buildOpenApiDocument(app.routeTable);
        return cached;
      },
    }),
  ]);
}
