/**
 * One declaration per route: method, path, who may use it, the schemas of its params, query and
 * body, the audit event it records, its success response and the refusals it can give. The
 * wrapper validates with exactly these schemas and hands the handler parsed, typed values; the
 * OpenAPI document is generated from the same declarations, so the two cannot drift apart.
 *
 * Pages and API routes are declared the same way. A page with a form says how to show the form
 * again (`onRefusal`) when the input is refused, so nobody loses what they typed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { ServiceContext } from '../audit.js';
import { AppError, UnauthenticatedError, ValidationError, type FieldError, restrictedRecordError } from '../errors.js';
import type { Actor } from '../roles.js';
import { groupDateInputs } from './fields.js';
import { fieldErrorsFromZod } from './forms.js';
import type { AnyPath } from './paths.js';
import { isApiUrl, type Access } from './routing.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Refusals a route can give beyond bad input (400) and access (401/403), for the document. */
export type RefusalKind = 'not_found' | 'conflict' | 'state' | 'rule';

export interface SuccessSpec {
  /** 200 unless said (201 for a creation, 204 for nothing to return). */
  status?: number;
  /** The JSON body, as it is sent. */
  schema?: z.ZodType;
  /** A non-JSON body (PDF, CSV, an HTML page, a redirect). */
  contentType?: string;
  description?: string;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteInput<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** The signed-in person and request id; throws on a public route with nobody signed in. */
  readonly ctx: ServiceContext;
  actor: Actor | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RefusalInput<P> {
  error: AppError;
  /** What was sent, as sent (form strings), to show again. */
  values: Record<string, unknown>;
  /** The parsed params, when they were valid. */
  params: P | undefined;
  readonly ctx: ServiceContext;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteSpec<PS extends z.ZodType | undefined, QS extends z.ZodType | undefined, BS extends z.ZodType | undefined> {
  method: HttpMethod;
  path: string | AnyPath;
  access: Access;
  /** One line: what the route does, for the document and for reviewers. */
  summary: string;
  description?: string;
  tags?: string[];
  params?: PS;
  query?: QS;
  body?: BS;
  /** The audit action(s) the route records (recorded by the service, in its transaction). */
  audit?: string | readonly string[];
  success?: SuccessSpec;
  refusals?: readonly RefusalKind[];
  rateLimit?: { max: number; timeWindow: number; groupId?: string };
  bodyLimit?: number;
  /** Pages only: a form refused (bad input, a rule, a conflict) is shown again by this. */
  onRefusal?: (input: RefusalInput<Parsed<PS>>) => Promise<unknown>;
  handler: (input: RouteInput<Parsed<PS>, Parsed<QS>, Parsed<BS>>) => Promise<unknown>;
}

/** A declared route, as the app registers it and the OpenAPI document reads it. */
export interface RouteDeclaration {
  method: HttpMethod;
  path: string;
  access: Access;
  summary: string;
  description?: string;
  tags: string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  audit: readonly string[];
  success: SuccessSpec;
  refusals: readonly RefusalKind[];
  rateLimit?: { max: number; timeWindow: number; groupId?: string };
  bodyLimit?: number;
  handle(request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
}

function contextGetter(request: FastifyRequest): () => ServiceContext {
  return () => {
    if (!request.actor) throw new UnauthenticatedError();
    return { actor: request.actor, requestId: request.id };
  };
}

/** Paths of strings holding a NUL character: PostgreSQL cannot store them, so they are refused here. */
function nulFieldErrors(value: unknown, path: string[] = [], found: FieldError[] = []): FieldError[] {
  if (found.length >= 20) return found;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) found.push({ field: path.join('.') || 'body', message: 'Must not contain control characters' });
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nulFieldErrors(item, [...path, String(index)], found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('\u0000')) found.push({ field: 'body', message: 'Field names must not contain control characters' });
      else nulFieldErrors(item, [...path, key], found);
    }
  }
  return found;
}

/** What a form sent, without the CSRF token, as sent (strings) for showing again. */
export function sentValues(request: FastifyRequest): Record<string, unknown> {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const values = { ...(body as Record<string, unknown>) };
  delete values._csrf;
  return values;
}

function parsePart(schema: z.ZodType | undefined, input: unknown, prefix: string | null, errors: FieldError[]): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  for (const fieldError of fieldErrorsFromZod(result.error)) {
    errors.push(prefix && fieldError.field === 'form' ? { ...fieldError, field: prefix } : fieldError);
  }
  return undefined;
}

/** Declares a route. The handler receives exactly what the declared schemas produce. */
export function defineRoute<
  PS extends z.ZodType | undefined = undefined,
  QS extends z.ZodType | undefined = undefined,
  BS extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<PS, QS, BS>): RouteDeclaration {
  const path = typeof spec.path === 'string' ? spec.path : spec.path.pattern;
  const isApi = isApiUrl(path);
  return {
    method: spec.method,
    path,
    access: spec.access,
    summary: spec.summary,
    ...(spec.description ? { description: spec.description } : {}),
    tags: spec.tags ?? [],
    ...(spec.params ? { params: spec.params } : {}),
    ...(spec.query ? { query: spec.query } : {}),
    ...(spec.body ? { body: spec.body } : {}),
    audit: spec.audit === undefined ? [] : typeof spec.audit === 'string' ? [spec.audit] : spec.audit,
    success: spec.success ?? {},
    refusals: spec.refusals ?? [],
    ...(spec.rateLimit ? { rateLimit: spec.rateLimit } : {}),
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    async handle(request, reply) {
      const ctx = contextGetter(request);
      const rawBody = isApi ? request.body : request.body === undefined || request.body === null ? {} : request.body;
      const errors: FieldError[] = [...nulFieldErrors(request.query), ...(spec.body ? nulFieldErrors(rawBody) : [])];
      const params = parsePart(spec.params, request.params ?? {}, null, errors) as Parsed<PS>;
      const query = parsePart(spec.query, request.query ?? {}, null, errors) as Parsed<QS>;
      let bodyInput: unknown = rawBody;
      if (!isApi && bodyInput !== null && typeof bodyInput === 'object' && !Array.isArray(bodyInput)) {
        const values = { ...(bodyInput as Record<string, unknown>) };
        delete values._csrf;
        bodyInput = groupDateInputs(values);
      }
      const body = errors.length === 0 ? (parsePart(spec.body, spec.body && bodyInput === undefined ? {} : bodyInput, 'body', errors) as Parsed<BS>) : (undefined as Parsed<BS>);
      const refusalInput = (error: AppError): RefusalInput<Parsed<PS>> => ({
        error,
        values: sentValues(request),
        params: spec.params && params === undefined ? undefined : params,
        get ctx() {
          return ctx();
        },
        request,
        reply,
      });
      if (errors.length > 0) {
        const error = new ValidationError(errors);
        if (spec.onRefusal && !isApi && (spec.params === undefined || params !== undefined)) return spec.onRefusal(refusalInput(error));
        throw error;
      }
      try {
        const result = await spec.handler({
          params,
          query,
          body,
          get ctx() {
            return ctx();
          },
          actor: request.actor,
          request,
          reply,
        });
        if (reply.sent || result === reply) return result;
        const status = spec.success?.status ?? 200;
        if (status === 204) return reply.code(204).send();
        return reply.code(status).send(result);
      } catch (thrown) {
        // The database refuses a change to a restricted record (UK GDPR Art. 18, docs/privacy.md).
        const error = restrictedRecordError(thrown) ?? thrown;
        if (spec.onRefusal && !isApi && error instanceof AppError && error.status !== 401 && error.status !== 403 && error.status !== 404 && !reply.sent) {
          return spec.onRefusal(refusalInput(error));
        }
        throw error;
      }
    },
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    declaration?: RouteDeclaration;
  }
}

/** A route as the app's route table records it (for the OpenAPI document and the permission tests). */
export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
  declaration?: RouteDeclaration;
}

/** Registers declared routes on the app (the route table records each for the document). */
export function registerRoutes(app: FastifyInstance, declarations: readonly RouteDeclaration[]): void {
  for (const declaration of declarations) {
    app.route({
      method: declaration.method,
      url: declaration.path,
      config: {
        access: declaration.access,
        declaration,
        ...(declaration.rateLimit ? { rateLimit: declaration.rateLimit } : {}),
      },
      ...(declaration.bodyLimit ? { bodyLimit: declaration.bodyLimit } : {}),
      handler: (request, reply) => declaration.handle(request, reply),
    });
  }
}
