import { safeReturnTo } from '../http/return-to.js';
import { z } from 'zod';
import type { AppConfig } from '../../config.js';
import type { ServiceContext } from '../audit.js';
import type { EndProviderSession } from '../auth/oidc-routes.js';
import type { AuthService } from '../auth/auth-service.js';
import { signInRateLimit } from '../auth/auth-routes.js';
import { ValidationError } from '../errors.js';
import { ANON_CSRF_COOKIE, SESSION_COOKIE } from '../http/cookies.js';
import { formErrorsView } from '../http/forms.js';
import { defineRoute, type RouteDeclaration } from '../http/route.js';
import type { HomePanel, HomePanelProvider } from '../module.js';
import { ROLE_DESCRIPTIONS, ROLE_GROUPS, ROLE_LABELS } from '../roles.js';
import { passwordPaths } from '../auth/password-routes.js';
import { mfaPaths } from '../auth/mfa-routes.js';
import { shellPaths } from './shell-paths.js';

const signInForm = z.object({
  email: z.string({ error: 'Enter your email address' }).trim().min(1, 'Enter your email address').max(200, 'Enter your email address'),
  password: z.string({ error: 'Enter your password' }).min(1, 'Enter your password').max(200, 'Enter your password'),
  returnTo: z.string().max(2000).optional(),
});

const signInQuery = z.object({
  returnTo: z.string().max(2000).optional(),
  expired: z.string().max(5).optional(),
  signedOut: z.string().max(5).optional(),
  passwordReset: z.string().max(5).optional(),
});

const healthResponse = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable', 'stopping']),
  database: z.enum(['pglite', 'postgres']).optional(),
  reason: z.string().optional(),
});

const WRONG_CREDENTIALS = 'Enter a correct email address and password. After several failed attempts an account is locked for a few minutes.';

export interface ShellDependencies {
  auth: Pick<AuthService, 'signIn' | 'signOut'>;
  config: Pick<AppConfig, 'seedDemo' | 'signInRateLimitPerMinute' | 'cookieSecure' | 'oidc' | 'localPasswords'>;
  /** Every module's home panels (read at request time). */
  homePanels: readonly HomePanelProvider[];
  /** The database kind and a cheap check that it answers. */
  health: {
    database: 'pglite' | 'postgres';
    answers(): Promise<boolean>;
    /** Whether events from other instances arrive (the LISTEN connection). */
    liveEvents?: () => { ok: boolean; reason?: string };
    /** True once SIGTERM arrived: the load balancer should send nothing new. */
    stopping?: () => boolean;
  };
  /** True on a new installation with nobody in it: the sign-in page says how to make the first administrator. */
  noPeopleYet?: () => Promise<boolean>;
  /** Single sign-out: after an SSO sign-in, the provider's end-session URL to go on to (oidc-routes). */
  endProviderSession?: EndProviderSession;
}

/** The shell: the health check, signing in and out, the home page and the footer pages. */
export function shellRoutes(deps: ShellDependencies): RouteDeclaration[] {
  const { auth, config } = deps;
  /** What the sign-in page offers: single sign-on when configured, passwords unless turned off. */
  const signInOptions = (returnTo: string) => ({
    sso: config.oidc ? { buttonText: config.oidc.buttonText, href: `/sign-in/sso${returnTo === '/' ? '' : `?returnTo=${encodeURIComponent(returnTo)}`}` } : undefined,
    localPasswords: config.localPasswords,
  });

  async function homePanels(ctx: ServiceContext): Promise<HomePanel[]> {
    return (await Promise.all(deps.homePanels.map((provider) => provider(ctx))))
      .filter((panel): panel is HomePanel => panel !== null)
      .sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
  }

  return [
    defineRoute({
      method: 'GET',
      path: shellPaths.health,
      access: { public: true },
      summary: 'Is the service up and does its database answer?',
      tags: ['shell'],
      success: {
        schema: healthResponse,
        description:
          '200 "ok" when the database answers; 200 "degraded" with a reason while live events from other instances are not arriving (the instance reconnects by itself); 503 "unavailable" when the database does not answer, 503 "stopping" after SIGTERM',
      },
      handler: async ({ reply }) => {
        reply.header('cache-control', 'no-store');
        if (deps.health.stopping?.()) return reply.code(503).send({ status: 'stopping', reason: 'the instance is shutting down' });
        if (!(await deps.health.answers())) return reply.code(503).send({ status: 'unavailable', reason: 'the database does not answer' });
        const live = deps.health.liveEvents?.() ?? { ok: true };
        if (!live.ok) return reply.send({ status: 'degraded', database: deps.health.database, reason: live.reason ?? 'live events are not arriving' });
        return reply.send({ status: 'ok', database: deps.health.database });
      },
    }),
    defineRoute({
      method: 'GET',
      path: shellPaths.signIn,
      access: { public: true },
      summary: 'The sign-in page',
      tags: ['shell'],
      query: signInQuery,
      handler: async ({ actor, query, reply }) => {
        if (actor) return reply.redirect(shellPaths.home(), 303);
        const noPeopleYet = (await deps.noPeopleYet?.()) ?? false;
        const returnTo = safeReturnTo(query.returnTo);
        return reply.render('shell/sign-in.njk', { returnTo, expired: query.expired === '1', signedOut: query.signedOut === '1', passwordReset: query.passwordReset === '1', demo: config.seedDemo, noPeopleYet, ...signInOptions(returnTo) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: shellPaths.signIn,
      access: { public: true },
      summary: 'Sign in with an email address and password',
      tags: ['shell'],
      rateLimit: signInRateLimit(config),
      body: signInForm,
      audit: ['sign_in', 'sign_in_failed', 'account_locked'],
      // Every refusal, bad input or wrong password, is a 401 with the same words (no enumeration).
      onRefusal: async ({ error, values, reply }) =>
        reply.render(
          'shell/sign-in.njk',
          { returnTo: safeReturnTo(values.returnTo), errors: error instanceof ValidationError ? formErrorsView(error) : undefined, values: { email: typeof values.email === 'string' ? values.email : '' }, demo: config.seedDemo, ...signInOptions(safeReturnTo(values.returnTo)) },
          401,
        ),
      handler: async ({ body, request, reply }) => {
        if (!config.localPasswords) throw ValidationError.of('email', 'This service signs in with your organisation account only: use the button below.');
        const result = await auth.signIn(body.email, body.password, request.id);
        if (!result.ok) throw ValidationError.of('email', WRONG_CREDENTIALS);
        // A new session id at sign-in (rotation): any pre-sign-in identifier is discarded.
        reply.setCookie(SESSION_COOKIE, result.sessionToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: config.cookieSecure,
          // No Max-Age: the cookie ends when the browser closes (a shared PC in a ward office);
          // the server still ends the session after the idle and absolute limits.
        });
        reply.clearCookie(ANON_CSRF_COOKIE, { path: '/' });
        // Two-step verification: the code page next (the session opens nothing else), or its
        // set-up when the person's role requires it and it is not set up yet.
        if (result.mfa === 'pending') return reply.redirect(mfaPaths.signInCode(undefined, { returnTo: safeReturnTo(body.returnTo) }), 303);
        if (result.mustChangePassword) return reply.redirect(passwordPaths.changePassword(), 303);
        if (result.mfa === 'enrol') return reply.redirect(mfaPaths.twoStep(), 303);
        return reply.redirect(safeReturnTo(body.returnTo), 303);
      },
    }),
    defineRoute({
      method: 'POST',
      path: shellPaths.signOut,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Sign out (the session is deleted); after a single sign-on, on to the identity provider’s end-session endpoint when it has one',
      tags: ['shell'],
      audit: 'sign_out',
      handler: async ({ ctx, request, reply }) => {
        if (request.session) await auth.signOut(request.session.sessionId, ctx.actor, ctx.requestId);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        const signedOut = shellPaths.signIn(undefined, { signedOut: 1 });
        const atProvider = await deps.endProviderSession?.(request, reply, signedOut);
        return reply.redirect(atProvider ?? signedOut, 303);
      },
    }),
    defineRoute({
      method: 'GET',
      path: shellPaths.home,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Home: what needs the signed-in person’s attention',
      tags: ['shell'],
      handler: async ({ ctx, reply }) =>
        reply.render('shell/home.njk', {
          panels: await homePanels(ctx),
          roles: ctx.actor.roles.map((role) => ({ label: ROLE_LABELS[role], description: ROLE_DESCRIPTIONS[role] })),
        }),
    }),
    ...(['cookies', 'privacy', 'accessibility'] as const).map((page) =>
      defineRoute({
        method: 'GET',
        path: shellPaths[page],
        access: { public: true },
        summary: `The ${page} page`,
        tags: ['shell'],
        handler: async ({ reply }) => reply.render(`shell/${page}.njk`),
      }),
    ),
  ];
}
