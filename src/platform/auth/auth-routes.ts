import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { UnauthenticatedError } from '../errors.js';
import { parseInput } from '../http/forms.js';
import { contextOf, route } from '../http/routing.js';
import { ROLE_GROUPS } from '../roles.js';
import type { Services } from '../../services.js';

const tokenRequest = z.object({
  email: z.string({ error: 'Enter an email address' }).trim().min(1, 'Enter an email address').max(200),
  password: z.string({ error: 'Enter a password' }).min(1, 'Enter a password').max(200),
});
const tokenResponse = z.object({ token: z.string(), expiresAt: z.string() });

export function registerAuthRoutes(app: FastifyInstance, services: Services): void {
  route(
    app,
    'POST',
    '/api/v1/auth/token',
    {
      access: { public: true },
      rateLimit: { max: services.config.signInRateLimitPerMinute, timeWindow: 60_000 },
      api: { summary: 'Exchange an email and password for a bearer token', tags: ['auth'], body: tokenRequest, response: tokenResponse, successStatus: 201 },
    },
    async (request, reply) => {
      const input = parseInput(tokenRequest, request.body);
      const issued = await services.auth.issueApiToken(input.email, input.password, request.id);
      if (!issued) throw new UnauthenticatedError('The email address or password is incorrect, or the account is temporarily locked');
      return reply.code(201).send({ token: issued.token, expiresAt: issued.expiresAt.toISOString() });
    },
  );

  route(
    app,
    'DELETE',
    '/api/v1/auth/token',
    { access: { roles: ROLE_GROUPS.everyone }, api: { summary: 'Revoke the bearer token used for this request', tags: ['auth'], successStatus: 204 } },
    async (request, reply) => {
      const ctx = contextOf(request);
      if (request.apiTokenHash) await services.auth.revokeApiToken(request.apiTokenHash, ctx.actor, ctx.requestId);
      return reply.code(204).send();
    },
  );

  route(
    app,
    'GET',
    '/api/v1/me',
    {
      access: { roles: ROLE_GROUPS.everyone },
      api: { summary: 'Who the token belongs to', tags: ['auth'], response: z.object({ personId: z.string(), name: z.string(), email: z.string(), roles: z.array(z.string()) }) },
    },
    async (request) => {
      const { actor } = contextOf(request);
      return { personId: actor.personId, name: actor.name, email: actor.email, roles: actor.roles, organisationId: actor.organisationId, teamId: actor.teamId };
    },
  );
}
