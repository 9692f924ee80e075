import type { FastifyRequest } from 'fastify';
import type { ServiceContext } from '../audit.js';
import { UnauthenticatedError } from '../errors.js';
import type { Role } from '../roles.js';

/**
 * Every route states who may use it, beside its path. A route without `access` fails at
 * start-up, and the route-permission test walks all of them.
 */
export type Access = { public: true } | { roles: readonly Role[] };

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Pages that must not require a CSRF token (none today; documented escape hatch). */
    skipCsrf?: boolean;
  }
}

export function isApiUrl(url: string): boolean {
  return url === '/api/v1' || url.startsWith('/api/v1/');
}

/** The acting user and request id, for service calls. Throws if the route was public. */
export function contextOf(request: FastifyRequest): ServiceContext {
  if (!request.actor) throw new UnauthenticatedError();
  return { actor: request.actor, requestId: request.id };
}
