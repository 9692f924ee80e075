import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { RegisteredRoute } from '../../src/platform/http/route.js';
import type { Role } from '../../src/platform/roles.js';
import type { Services } from '../../src/services.js';
import { BASE } from '../support/base-data.js';
import { aPerson } from '../support/builders/staff-builders.js';
import { apiToken } from '../support/http-client.js';
import { TEST_TODAY } from '../support/test-clock.js';

export type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  pattern?: string;
  default?: unknown;
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
};

export interface Operation {
  method: string;
  path: string;
  roles: readonly Role[] | null;
  body?: JsonSchema;
  pathParams: Record<string, JsonSchema>;
}

export const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);

/** Every operation of the OpenAPI document, with its request body schema and path parameters. */
export function operationsOf(document: { paths: Record<string, Record<string, Record<string, unknown>>> }, routeTable: readonly RegisteredRoute[]): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const fastifyPath = path.replace(/\{([^}]+)\}/g, ':$1');
      const route = routeTable.find((r) => r.url === fastifyPath && r.method.toLowerCase() === method);
      const content = (operation.requestBody as { content?: Record<string, { schema?: JsonSchema }> } | undefined)?.content;
      const pathParams: Record<string, JsonSchema> = {};
      for (const parameter of (operation.parameters as Array<{ name: string; in: string; schema: JsonSchema }>) ?? []) {
        if (parameter.in === 'path') pathParams[parameter.name] = parameter.schema;
      }
      operations.push({
        method,
        path,
        roles: route && 'roles' in route.access ? route.access.roles : null,
        ...(content?.['application/json']?.schema ? { body: content['application/json'].schema } : {}),
        pathParams,
      });
    }
  }
  return operations;
}

function resolve(schema: JsonSchema, root: JsonSchema): JsonSchema {
  if (schema.$ref?.startsWith('#/$defs/')) return root.$defs?.[schema.$ref.slice('#/$defs/'.length)] ?? {};
  return schema;
}

/** A value the schema accepts by its shape (the server may still refuse it for its meaning). */
export function exampleOf(input: JsonSchema, root: JsonSchema = input): unknown {
  const schema = resolve(input, root);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum.find((value) => value !== null && value !== '') ?? schema.enum[0];
  if (schema.default !== undefined && schema.default !== null) return schema.default;
  const options = schema.anyOf ?? schema.oneOf;
  if (options?.length) {
    const chosen = options.find((o) => resolve(o, root).type !== 'null' && resolve(o, root).const !== '') ?? options[0]!;
    return exampleOf(chosen, root);
  }
  if (schema.allOf?.length) return Object.assign({}, ...schema.allOf.map((part) => exampleOf(part, root) as object));
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const value: Record<string, unknown> = {};
      for (const name of schema.required ?? []) value[name] = exampleOf(schema.properties?.[name] ?? {}, root);
      return value;
    }
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(schema.items ?? {}, root));
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return false;
    case 'null':
      return null;
    case 'string':
    default: {
      if (schema.format === 'date-time') return `${TEST_TODAY}T09:00`;
      if (schema.format === 'date') return TEST_TODAY;
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'email') return 'someone@example.org';
      const length = Math.max(schema.minLength ?? 1, 1);
      return 'x'.repeat(Math.min(length, schema.maxLength ?? length));
    }
  }
}

/** The operation's path with example parameters. */
export function concretePath(operation: Operation): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const schema = operation.pathParams[name] ?? {};
    const typed = schema.format || schema.enum || schema.pattern || schema.type === 'integer' || schema.type === 'number' || schema.anyOf || schema.oneOf;
    const value = typed ? exampleOf(schema) : /date/i.test(name) ? TEST_TODAY : /month/i.test(name) ? TEST_TODAY.slice(0, 7) : randomUUID();
    return encodeURIComponent(String(value));
  });
}

/** A bearer token per role, for people built on the base template. */
export async function tokensByRole(app: FastifyInstance, services: Services, roles: readonly Role[]): Promise<Map<Role, string>> {
  const tokens = new Map<Role, string>();
  for (const role of roles) {
    const person = await aPerson(`Contract ${role}`).withRoles(role).build(services);
    tokens.set(role, await apiToken(app, person.email, BASE.password));
  }
  return tokens;
}

export interface FieldErrorBody {
  code?: string;
  details?: { fieldErrors?: Array<{ field: string; message: string }> };
}
