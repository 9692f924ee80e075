import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Services } from '../../services.js';
import { ValidationError } from '../errors.js';
import { ANON_CSRF_COOKIE, SESSION_COOKIE } from '../http/cookies.js';
import { formErrorsView, parseInput } from '../http/forms.js';
import type { HomePanel } from '../http/module.js';
import { contextOf, route } from '../http/routing.js';
import { ROLE_DESCRIPTIONS, ROLE_GROUPS, ROLE_LABELS } from '../roles.js';

const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email address').max(200, 'Enter your email address'),
  password: z.string().min(1, 'Enter your password').max(200, 'Enter your password'),
  returnTo: z.string().optional(),
});

/** Only same-site paths: never redirect to another site after sign-in. */
function safeReturnTo(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

export function registerShellRoutes(app: FastifyInstance, services: Services): void {
  route(app, 'GET', '/health', { access: { public: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(services.db);
      return reply.header('cache-control', 'no-store').send({ status: 'ok', database: services.database.kind });
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });

  route(app, 'GET', '/sign-in', { access: { public: true } }, async (request, reply) => {
    if (request.actor) return reply.redirect('/', 303);
    const query = request.query as { returnTo?: string; expired?: string; signedOut?: string };
    return reply.render('shell/sign-in.njk', {
      returnTo: safeReturnTo(query.returnTo),
      expired: query.expired === '1',
      signedOut: query.signedOut === '1',
      demo: services.config.seedDemo,
    });
  });

  route(
    app,
    'POST',
    '/sign-in',
    { access: { public: true }, rateLimit: { max: services.config.signInRateLimitPerMinute, timeWindow: 60_000 } },
    async (request, reply) => {
      const body = request.body as Record<string, string> | undefined;
      const returnTo = safeReturnTo(body?.returnTo);
      try {
        const input = parseInput(signInSchema, body);
        const result = await services.auth.signIn(input.email, input.password, request.id);
        if (!result.ok) {
          throw new ValidationError([
            { field: 'email', message: 'Enter a correct email address and password. After several failed attempts an account is locked for a few minutes.' },
          ]);
        }
        // A new session id at sign-in (rotation): any pre-sign-in identifier is discarded.
        reply.setCookie(SESSION_COOKIE, result.sessionToken, {
          path: '/',
          httpOnly: true,
          sameSite: 'lax',
          secure: services.config.cookieSecure,
          maxAge: services.config.sessionAbsoluteHours * 3600,
        });
        reply.clearCookie(ANON_CSRF_COOKIE, { path: '/' });
        return reply.redirect(returnTo, 303);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.render('shell/sign-in.njk', { returnTo, errors: formErrorsView(error), values: { email: body?.email ?? '' }, demo: services.config.seedDemo }, 401);
      }
    },
  );

  route(app, 'POST', '/sign-out', { access: { roles: ROLE_GROUPS.everyone } }, async (request, reply) => {
    const ctx = contextOf(request);
    if (request.session) await services.auth.signOut(request.session.sessionId, ctx.actor, ctx.requestId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  route(app, 'GET', '/', { access: { roles: ROLE_GROUPS.everyone } }, async (request, reply) => {
    const ctx = contextOf(request);
    const panels = (await Promise.all(app.homePanels.map((provider) => provider(ctx))))
      .filter((panel): panel is HomePanel => panel !== null)
      .sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
    return reply.render('shell/home.njk', {
      panels,
      roles: ctx.actor.roles.map((role) => ({ label: ROLE_LABELS[role], description: ROLE_DESCRIPTIONS[role] })),
    });
  });

  for (const page of ['cookies', 'privacy', 'accessibility'] as const) {
    route(app, 'GET', `/${page}`, { access: { public: true } }, async (_request, reply) => reply.render(`shell/${page}.njk`));
  }
}
