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

/**
 * Whether a request is for the API, judged on the path as the router decodes it: `/%61pi/v1/…`
 * reaches the API's routes, so it must also be treated as the API (bearer token only, never the
 * session cookie). An undecodable path is judged as sent (the router refuses it anyway).
 */
export function isApiRequest(request: { url: string }): boolean {
  const path = request.url.split('?')[0] ?? '';
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // keep the path as sent
  }
  return isApiUrl(decoded) || isApiUrl(path);
}

/** The acting user and request id, for service calls. Throws if the route was public. */
export function contextOf(request: FastifyRequest): ServiceContext {
  if (!request.actor) throw new UnauthenticatedError();
  return { actor: request.actor, requestId: request.id };
}
