import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppConfig } from '../../config.js';
import { ANON_CSRF_COOKIE, SESSION_COOKIE } from '../http/cookies.js';
import { definePaths } from '../http/paths.js';
import { safeReturnTo } from '../http/return-to.js';
import { defineRoute, type RouteDeclaration } from '../http/route.js';
import { signInRateLimit } from './auth-routes.js';
import type { AuthService } from './auth-service.js';
import { OidcClient, OidcSignInError, type OidcTransaction } from './oidc-client.js';

export const oidcPaths = definePaths({
  start: '/sign-in/sso',
  callback: '/sign-in/sso/callback',
});

/** Holds state, nonce and PKCE verifier for ten minutes, sent back only to the callback. */
const OIDC_COOKIE = 'amhp_oidc';
const OIDC_COOKIE_SECONDS = 600;

/**
 * The ID token of an SSO sign-in, for single sign-out (`id_token_hint`): sent only to the
 * sign-out route, HttpOnly, and ends with the browser like the session cookie.
 */
const ID_TOKEN_COOKIE = 'amhp_oidc_id';
const ID_TOKEN_COOKIE_PATH = '/sign-out';

const transactionCookie = z.object({ state: z.string().min(1).max(200), nonce: z.string().min(1).max(200), verifier: z.string().min(1).max(200), returnTo: z.string().max(2000) });

function readTransaction(value: string | undefined): OidcTransaction | undefined {
  if (!value) return undefined;
  try {
    const parsed = transactionCookie.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export interface OidcRouteDependencies {
  auth: Pick<AuthService, 'signInWithIdentity'>;
  config: Pick<AppConfig, 'oidc' | 'publicUrl' | 'cookieSecure' | 'signInRateLimitPerMinute' | 'localPasswords' | 'seedDemo'>;
}

/**
 * After the local sign-out: where to send the browser to end the provider's session too (its
 * end-session URL), or undefined to stay with our own signed-out page.
 */
export type EndProviderSession = (request: FastifyRequest, reply: FastifyReply, signedOutPath: string) => Promise<string | undefined>;

/**
 * Single sign-on (OpenID Connect): "Sign in with your organisation account" leaves for the
 * provider and comes back to the callback, which signs in the person with that e-mail address.
 * Signing out of AMHP Hub after an SSO sign-in also signs out at the provider when it advertises
 * an end-session endpoint (`endProviderSession`, used by the shell's sign-out).
 * Declared only when OIDC_ISSUER_URL is configured.
 */
export function oidcSignIn(deps: OidcRouteDependencies): { routes: RouteDeclaration[]; endProviderSession: EndProviderSession | undefined } {
  const settings = deps.config.oidc;
  if (!settings) return { routes: [], endProviderSession: undefined };
  const oidc = new OidcClient({ ...settings, redirectUri: `${deps.config.publicUrl}${oidcPaths.callback()}` });
  const idTokenCookie = { path: ID_TOKEN_COOKIE_PATH, httpOnly: true as const, sameSite: 'lax' as const, secure: deps.config.cookieSecure };
  const endProviderSession: EndProviderSession = async (request, reply, signedOutPath) => {
    const idToken = request.cookies[ID_TOKEN_COOKIE];
    if (!idToken) return undefined;
    reply.clearCookie(ID_TOKEN_COOKIE, idTokenCookie);
    try {
      return (await oidc.endSessionUrl(idToken, `${deps.config.publicUrl}${signedOutPath}`))?.href;
    } catch (error) {
      // The provider cannot be reached: the local session has ended, which is what matters.
      if (error instanceof OidcSignInError) return undefined;
      throw error;
    }
  };
  return { routes: routesFor(deps, settings, oidc, idTokenCookie), endProviderSession };
}

function routesFor(
  deps: OidcRouteDependencies,
  settings: NonNullable<OidcRouteDependencies['config']['oidc']>,
  oidc: OidcClient,
  idTokenCookie: { path: string; httpOnly: true; sameSite: 'lax'; secure: boolean },
): RouteDeclaration[] {
  const cookieOptions = { path: oidcPaths.callback(), httpOnly: true, sameSite: 'lax' as const, secure: deps.config.cookieSecure };
  const refused = (reply: FastifyReply, message: string) =>
    reply.render('shell/sign-in.njk', { ssoError: message, sso: { buttonText: settings.buttonText, href: oidcPaths.start() }, localPasswords: deps.config.localPasswords, demo: deps.config.seedDemo, returnTo: '/' }, 401);
  return [
    defineRoute({
      method: 'GET',
      path: oidcPaths.start,
      access: { public: true },
      summary: 'Single sign-on: leave for the identity provider (OpenID Connect)',
      tags: ['shell'],
      rateLimit: signInRateLimit(deps.config),
      query: z.object({ returnTo: z.string().max(2000).optional() }),
      handler: async ({ query, reply }) => {
        try {
          const { url, transaction } = await oidc.begin(safeReturnTo(query.returnTo));
          reply.setCookie(OIDC_COOKIE, Buffer.from(JSON.stringify(transaction)).toString('base64url'), { ...cookieOptions, maxAge: OIDC_COOKIE_SECONDS });
          return reply.redirect(url.href, 303);
        } catch (error) {
          if (error instanceof OidcSignInError) return refused(reply, 'Signing in with your organisation account is not available just now. Try again in a few minutes, or ask your administrator.');
          throw error;
        }
      },
    }),
    defineRoute({
      method: 'GET',
      path: oidcPaths.callback,
      access: { public: true },
      summary: 'Single sign-on: the identity provider sends the person back here',
      tags: ['shell'],
      rateLimit: signInRateLimit(deps.config),
      audit: ['sign_in', 'sign_in_failed'],
      query: z.object({ code: z.string().max(4000).optional(), state: z.string().max(400).optional(), error: z.string().max(200).optional(), iss: z.string().max(2000).optional(), session_state: z.string().max(400).optional(), error_description: z.string().max(2000).optional() }),
      handler: async ({ request, reply }) => {
        const transaction = readTransaction(request.cookies[OIDC_COOKIE]);
        reply.clearCookie(OIDC_COOKIE, cookieOptions);
        if (!transaction) return refused(reply, 'That sign-in took too long or was started in another browser. Start again.');
        let email: string;
        let idToken: string | undefined;
        try {
          ({ email, idToken } = await oidc.finish(new URL(request.url, deps.config.publicUrl), transaction));
        } catch (error) {
          if (error instanceof OidcSignInError) return refused(reply, 'Your organisation account could not sign you in. Start again; if it happens again, ask your administrator.');
          throw error;
        }
        const result = await deps.auth.signInWithIdentity(email, request.id);
        if (!result.ok) return refused(reply, 'Your organisation account signed you in, but it has no active AMHP Hub account. Ask your AMHP Hub administrator to add you with the same e-mail address.');
        reply.setCookie(SESSION_COOKIE, result.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure });
        reply.clearCookie(ANON_CSRF_COOKIE, { path: '/' });
        if (idToken) reply.setCookie(ID_TOKEN_COOKIE, idToken, idTokenCookie);
        else reply.clearCookie(ID_TOKEN_COOKIE, idTokenCookie);
        return reply.redirect(safeReturnTo(transaction.returnTo), 303);
      },
    }),
  ];
}
