import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import type { z } from 'zod';
import type { ServiceContext } from '../audit.js';
import { UnauthenticatedError } from '../errors.js';
import type { Role } from '../roles.js';
import type { RouteDeclaration } from './route.js';

/**
 * Every route states who may use it, beside its path. A route without `access` fails at
 * start-up, and the route-permission test walks all of them.
 */
export type Access = { public: true } | { roles: readonly Role[] };

export interface ApiDoc {
  summary: string;
  tags?: string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /** Status of a successful response; 200 unless said. */
  successStatus?: number;
  /** Non-JSON responses (PDF, CSV). */
  produces?: string;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    api?: ApiDoc;
    /** Pages that must not require a CSRF token (none today; documented escape hatch). */
    skipCsrf?: boolean;
  }
}

export interface RegisteredRoute {
  method: string;
  url: string;
  access: Access;
  /** Legacy API documentation on a route not yet declared with defineRoute. */
  api?: ApiDoc;
  declaration?: RouteDeclaration;
}

export function isApiUrl(url: string): boolean {
  return url === '/api/v1' || url.startsWith('/api/v1/');
}

/** The acting user and request id, for service calls. Throws if the route was public. */
export function contextOf(request: FastifyRequest): ServiceContext {
  if (!request.actor) throw new UnauthenticatedError();
  return { actor: request.actor, requestId: request.id };
}

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

export interface RouteOptions {
  access: Access;
  api?: ApiDoc;
  bodyLimit?: number;
  rateLimit?: { max: number; timeWindow: number };
}

/** Thin wrapper so a module's route table reads as "method, path, who, handler". */
export function route(app: FastifyInstance, method: HTTPMethods, url: string, options: RouteOptions, handler: Handler): void {
  app.route({
    method,
    url,
    config: {
      access: options.access,
      ...(options.api ? { api: options.api } : {}),
      ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    },
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    handler,
  });
}
