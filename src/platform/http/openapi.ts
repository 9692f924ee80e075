import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

function jsonSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return { type: 'object' };
  }
}

/** The OpenAPI document is built from the routes themselves, so it cannot drift from them. */
export function buildOpenApiDocument(app: FastifyInstance): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of app.routeTable) {
    if (!route.url.startsWith('/api/v1/') || !route.api) continue;
    const openApiPath = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const match of route.url.matchAll(/:([A-Za-z0-9_]+)/g)) {
      parameters.push({ name: match[1], in: 'path', required: true, schema: { type: 'string' } });
    }
    if (route.api.query) {
      const schema = jsonSchema(route.api.query) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        parameters.push({ name, in: 'query', required: schema.required?.includes(name) ?? false, schema: property });
      }
    }
    const access = 'public' in route.access ? 'Public.' : `Roles: ${route.access.roles.join(', ')}.`;
    const success = String(route.api.successStatus ?? 200);
    paths[openApiPath] ??= {};
    paths[openApiPath][route.method.toLowerCase()] = {
      summary: route.api.summary,
      description: access,
      tags: route.api.tags ?? [],
      ...('public' in route.access ? { security: [] } : {}),
      parameters,
      ...(route.api.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.api.body) } } } } : {}),
      responses: {
        [success]: {
          description: 'Success',
          ...(route.api.produces
            ? { content: { [route.api.produces]: {} } }
            : route.api.response
              ? { content: { 'application/json': { schema: jsonSchema(route.api.response) } } }
              : {}),
        },
        '400': { description: 'Invalid input', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
        '401': { description: 'Missing or invalid bearer token' },
        '403': { description: 'Your role does not allow this' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'AMHP Hub API', version: '1', description: 'Every route the pages use, as JSON. Authenticate with POST /api/v1/auth/token and send `Authorization: Bearer <token>`.' },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, details: {} },
        },
      },
    },
    security: [{ bearer: [] }],
    paths,
  };
}

export function registerOpenApi(app: FastifyInstance): void {
  let cached: Record<string, unknown> | undefined;
  app.get('/api/v1/openapi.json', { config: { access: { public: true } } }, async () => {
    cached ??= buildOpenApiDocument(app);
    return cached;
  });
}
