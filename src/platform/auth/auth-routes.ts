import { z } from 'zod';
import type { AppConfig } from '../../config.js';
import { UnauthenticatedError } from '../errors.js';
import { text } from '../http/fields.js';
import { defineRoute, type RouteDeclaration } from '../http/route.js';
import { definePaths } from '../http/paths.js';
import { ROLE_GROUPS } from '../roles.js';
import type { AuthService } from './auth-service.js';

/**
 * One allowance per address for signing in on a page and asking for an API token, shared by both
 * routes (the group) and by every instance (the store counts in the database).
 */
export function signInRateLimit(config: Pick<AppConfig, 'signInRateLimitPerMinute'>): { max: number; timeWindow: number; groupId: string } {
  return { max: config.signInRateLimitPerMinute, timeWindow: 60_000, groupId: 'sign-in' };
}

export const authPaths = definePaths({
  token: '/api/v1/auth/token',
  me: '/api/v1/me',
});

const tokenRequest = z.object({
  email: text('an email address', 200),
  password: z.string({ error: 'Enter a password' }).min(1, 'Enter a password').max(200, 'The password must be 200 characters or fewer'),
  /** With two-step verification set up: the 6-digit code from the authenticator app, or a recovery code. */
  code: z.string({ error: 'The code must be text' }).trim().max(20, 'The code must be 20 characters or fewer').optional(),
});
const tokenResponse = z.object({ token: z.string(), expiresAt: z.date() });
const meResponse = z.object({
  personId: z.string(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.string()),
  organisationId: z.string(),
  teamId: z.string().nullable(),
});

/** Bearer tokens for the API, and who a token belongs to. */
export function authRoutes(deps: { auth: AuthService; config: AppConfig }): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'POST',
      path: authPaths.token,
      access: { public: true },
      summary: 'Exchange an email and password (and the two-step code, when set up) for a bearer token',
      tags: ['auth'],
      rateLimit: signInRateLimit(deps.config),
      body: tokenRequest,
      audit: ['api_token_issued', 'sign_in_failed', 'mfa_verified', 'mfa_failed'],
      success: { status: 201, schema: tokenResponse },
      handler: async ({ body, request }) => {
        if (!deps.config.localPasswords) throw new UnauthenticatedError('This service signs in through single sign-on only: passwords are not used, so no token can be issued for one');
        const issued = await deps.auth.issueApiToken(body.email, body.password, request.id, body.code || undefined);
        if (!issued) throw new UnauthenticatedError('The email address or password is incorrect, or the account is temporarily locked');
        return issued;
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: authPaths.token,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Revoke the bearer token used for this request',
      tags: ['auth'],
      audit: 'api_token_revoked',
      success: { status: 204 },
      handler: async ({ ctx, request }) => {
        if (request.apiTokenHash) await deps.auth.revokeApiToken(request.apiTokenHash, ctx.actor, ctx.requestId);
      },
    }),
    defineRoute({
      method: 'GET',
      path: authPaths.me,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Who the token belongs to',
      tags: ['auth'],
      success: { schema: meResponse },
      handler: async ({ ctx }) => {
        const { actor } = ctx;
        return { personId: actor.personId, name: actor.name, email: actor.email, roles: actor.roles, organisationId: actor.organisationId, teamId: actor.teamId };
      },
    }),
  ];
}
