import { sealPendingAuditRows } from './platform/audit-chain-repository.js';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { platformTables, type Flash } from './platform/platform-tables.js';
import { systemClock } from './platform/clock.js';
import { loggableError } from './platform/loggable-error.js';
import { DELIVER_NOTIFICATIONS_JOB } from './platform/notifications.js';
import { authPaths, authRoutes } from './platform/auth/auth-routes.js';
import { passwordPaths, passwordRoutes } from './platform/auth/password-routes.js';
import { oidcSignIn } from './platform/auth/oidc-routes.js';
import { ENROLMENT_PATHS, mfaPaths, mfaRoutes } from './platform/auth/mfa-routes.js';
import { safeEqual, newSecret } from './platform/auth/tokens.js';
import { databaseRateLimitStore } from './platform/auth/rate-limit-store.js';
import type { ResolvedSession } from './platform/auth/auth-service.js';
import { AppError, ForbiddenError, ReasonRequiredError, ValidationError, restrictedRecordError } from './platform/errors.js';
import { formErrorsView } from './platform/http/forms.js';
import type { HomePanelProvider, NavItem } from './platform/module.js';
import { registerRoutes } from './platform/http/route.js';
import { parseMultipart } from './platform/http/multipart.js';
import { ANON_CSRF_COOKIE, SESSION_COOKIE } from './platform/http/cookies.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { registerBenchBareRoutes } from './bench-bare-routes.js';
import type { RegisteredRoute } from './platform/http/route.js';
import { isApiRequest } from './platform/http/routing.js';
import { createViewEnvironment } from './platform/http/views.js';
import { hasAnyRole, ROLES, type Actor } from './platform/roles.js';
import { adminRoutes } from './platform/shell/admin-routes.js';
import { adminPaths, shellPaths } from './platform/shell/shell-paths.js';
import { shellRoutes } from './platform/shell/shell-routes.js';
import { databaseAnswers } from './platform/health-repository.js';
import { compressResponse } from './platform/http/compression.js';
import { connectionFailureOf, countQueries, type QueryTally } from './db/database.js';
import { collectRequestAudit, newRequestAuditBuffer, type RequestAuditBuffer, type ServiceContext } from './platform/audit.js';
import type { Services } from './services.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    session: ResolvedSession | null;
    sessionExpired: boolean;
    csrfToken: string;
    apiTokenHash: string | null;
    /** A session whose password was right and whose two-step code is still to come. */
    mfaPendingSessionId: string | null;
  }
  interface FastifyReply {
    render(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
    redirectWithFlash(url: string, flash: Flash): Promise<FastifyReply>;
  }
  interface FastifyInstance {
    routeTable: RegisteredRoute[];
    services: Services;
    homePanels: HomePanelProvider[];
    urgentBanners: Array<(ctx: ServiceContext) => Promise<{ text: string; href: string } | null>>;
    /** Set by the server on SIGTERM: /health fails and every response closes its connection. */
    lifecycle: { stopping: boolean };
  }
}

function redactedUrl(url: string): string {
  // Query strings can carry names or NHS numbers (searches): never log them.
  const q = url.indexOf('?');
  return q === -1 ? url : `${url.slice(0, q)}?[redacted]`;
}

export async function buildApp(services: Services, options: { logStream?: NodeJS.WritableStream } = {}): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            ...(options.logStream ? { stream: options.logStream } : {}),
            serializers: {
              req: (req: { method: string; url: string; id: string }) => ({ method: req.method, url: redactedUrl(req.url), id: req.id }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
          },
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    routerOptions: { ignoreTrailingSlash: true },
  });
  services.scheduler.useLogger(app.log);
  services.liveEvents.useLogger(app.log);

  // The per-request query counter: everything this request asks of the database, counted in the
  // database layer (src/db/database.ts). Tests read it from a header to hold pages to their query
  // budgets (test/query-budgets.test.ts); the header is only sent under NODE_ENV=test.
  app.addHook('onRequest', (request, _reply, done) => {
    const tally: QueryTally = { queries: 0, transactionControl: 0, ...(config.env === 'test' ? { statements: [] } : {}) };
    (request as FastifyRequest & { queryTally?: QueryTally }).queryTally = tally;
    countQueries(tally, done);
  });
  // The audit rows of a request's reads: buffered, then written in one statement before the
  // response is sent (a read-only page pays no round trip per row; never shown without them).
  app.addHook('onRequest', (request, _reply, done) => {
    const buffer = newRequestAuditBuffer();
    (request as FastifyRequest & { auditBuffer?: RequestAuditBuffer }).auditBuffer = buffer;
    collectRequestAudit(buffer, done);
  });
  app.addHook('onSend', async (request) => {
    const buffer = (request as FastifyRequest & { auditBuffer?: RequestAuditBuffer }).auditBuffer;
    if (!buffer || buffer.flushed) return;
    // Once: if the write fails, the error page that replaces this response does not try again.
    buffer.flushed = true;
    await services.audit.flushRequestReads(buffer);
  });
  app.addHook('onResponse', async (request) => {
    const buffer = (request as FastifyRequest & { auditBuffer?: RequestAuditBuffer }).auditBuffer;
    if (!buffer) return;
    // A response sent without onSend (a hijacked stream): its reads are written now; anything
    // recorded later is written at once (closed).
    buffer.closed = true;
    await services.audit.flushRequestReads(buffer).catch((error: unknown) => request.log.error({ err: loggableError(error) }, 'audit rows of a read could not be written'));
  });
  if (config.env === 'test') {
    app.addHook('onSend', async (request, reply) => {
      const tally = (request as FastifyRequest & { queryTally?: QueryTally }).queryTally;
      if (!tally) return;
      reply.header(QUERY_COUNT_HEADER, String(tally.queries));
      reply.header(`${QUERY_COUNT_HEADER}-sql`, Buffer.from(JSON.stringify(tally.statements ?? [])).toString('base64'));
    });
  }

  app.decorate('services', services);
  app.decorate('routeTable', [] as RegisteredRoute[]);
  app.decorate('homePanels', [] as HomePanelProvider[]);
  app.decorate('urgentBanners', [] as FastifyInstance['urgentBanners']);
  app.decorate('lifecycle', { stopping: false });
  // Draining (after SIGTERM): each response ends its keep-alive connection, so that clients and
  // the load balancer open their next one elsewhere and no idle connection is cut mid-request.
  app.addHook('onSend', async (_request, reply) => {
    if (app.lifecycle.stopping) reply.header('connection', 'close');
  });
  app.decorateRequest('actor', null);
  app.decorateRequest('session', null);
  app.decorateRequest('sessionExpired', false);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('apiTokenHash', null);
  app.decorateRequest('mfaPendingSessionId', null);

  app.addHook('onRoute', (routeOptions) => {
    if (routeOptions.method === 'HEAD' || (Array.isArray(routeOptions.method) && routeOptions.method.includes('HEAD') && routeOptions.method.length === 1)) return;
    if (routeOptions.url.startsWith('/assets')) return;
    const access = routeOptions.config?.access;
    if (!access) throw new Error(`Route ${String(routeOptions.method)} ${routeOptions.url} does not declare its access`);
    const methods = Array.isArray(routeOptions.method) ? routeOptions.method : [routeOptions.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      app.routeTable.push({
        method,
        url: routeOptions.url,
        access,
        ...(routeOptions.config?.declaration ? { declaration: routeOptions.config.declaration } : {}),
      });
    }
  });

  const hsts = config.cookieSecure ? { maxAge: 31_536_000, includeSubDomains: true } : false;
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // The sign-out form goes on to the identity provider's end-session endpoint after an SSO
        // sign-in (single sign-out), and browsers apply form-action to that redirect.
        formAction: ["'self'", ...(config.oidc ? [new URL(config.oidc.issuerUrl).origin] : [])],
        frameAncestors: ["'none'"],
      },
    },
    hsts,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
  // No page needs the camera, microphone, location, payments or USB: refuse them to any script.
  app.addHook('onSend', async (_request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
  });
  await app.register(cookie);
  await app.register(formbody, { bodyLimit: config.bodyLimitBytes });
  // File uploads from pages (the set-up imports); each upload route sets its own body limit.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer' }, (request, body, done) => {
    try {
      done(null, parseMultipart(body as Buffer, request.headers['content-type'] ?? ''));
    } catch (error) {
      done(Object.assign(new Error(error instanceof Error ? error.message : 'The form could not be read'), { statusCode: 400 }), undefined);
    }
  });
  // Counted in the database, so the sign-in limit is one allowance across every instance. Its
  // window is real time (a flood guard), not the service clock that tests move by hand.
  await app.register(rateLimit, { global: false, store: databaseRateLimitStore(platformTables(services.db), systemClock) });
  await app.register(fastifyStatic, {
    root: path.join(root, 'public/build'),
    prefix: '/assets/',
    index: false,
    // The brotli/gzip copies the build wrote beside each fingerprinted file: no work per request.
    preCompressed: true,
    cacheControl: false,
    // A fingerprinted file never changes under its name: a year, immutable. Anything else (the
    // images the stylesheet names, plain names) is checked again each day in production.
    setHeaders: (reply, file) => {
      reply.header('cache-control', FINGERPRINTED.test(path.basename(file)) ? IMMUTABLE : config.env === 'production' ? 'public, max-age=86400' : 'no-cache');
    },
  });
  // Pages, JSON and anything else the app writes, compressed when the browser accepts it.
  app.addHook('onSend', compressResponse);

  // Who is asking: a bearer token on the API, the session cookie on pages.
  app.addHook('onRequest', async (request, reply) => {
    if (isApiRequest(request)) {
      const header = request.headers.authorization;
      if (header?.startsWith('Bearer ')) {
        const resolved = await services.auth.resolveApiToken(header.slice(7).trim());
        if (resolved) {
          request.actor = resolved.actor;
          request.apiTokenHash = resolved.tokenHash;
        }
      }
    } else {
      const token = request.cookies[SESSION_COOKIE];
      if (token) {
        const lookup = await services.auth.resolveSession(token);
        if (lookup.status === 'valid') {
          request.session = lookup.session;
          request.actor = lookup.session.actor;
          request.csrfToken = lookup.session.csrfToken;
        } else if (lookup.status === 'mfa_pending') {
          request.mfaPendingSessionId = lookup.pending.sessionId;
          request.csrfToken = lookup.pending.csrfToken;
        } else {
          request.sessionExpired = lookup.status === 'expired';
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
      }
      if (!request.session && !request.mfaPendingSessionId) {
        let anon = request.cookies[ANON_CSRF_COOKIE];
        if (!anon || anon.length < 20) {
          anon = newSecret();
          reply.setCookie(ANON_CSRF_COOKIE, anon, { path: '/', httpOnly: true, sameSite: 'lax', secure: config.cookieSecure });
        }
        request.csrfToken = anon;
      }
    }

    const access = request.routeOptions.config?.access;
    if (!access || 'public' in access) return;
    if (!request.actor) {
      if (isApiRequest(request)) {
        return reply.code(401).send({ code: 'unauthenticated', message: 'Send a valid bearer token: POST /api/v1/auth/token', details: {} });
      }
      const returnTo = request.method === 'GET' ? `?returnTo=${encodeURIComponent(request.url)}` : '';
      if (request.mfaPendingSessionId) return reply.redirect(`${mfaPaths.signInCode()}${returnTo}`, 303);
      const expired = request.sessionExpired ? `${returnTo ? '&' : '?'}expired=1` : '';
      return reply.redirect(`/sign-in${returnTo}${expired}`, 303);
    }
    if (!hasAnyRole(request.actor, access.roles)) throw new ForbiddenError();
    // Signed in with a one-time code (the first administrator): nothing else until it is changed.
    if (request.session?.mustChangePassword) {
      const path = request.url.split('?')[0];
      if (path !== passwordPaths.changePassword() && path !== shellPaths.signOut()) return reply.redirect(passwordPaths.changePassword(), 303);
    }
    // Their role requires two-step verification and it is not set up: nothing else until it is.
    if (request.session?.mustEnrolMfa) {
      const path = request.url.split('?')[0] ?? '';
      if (!ENROLMENT_PATHS.includes(path) && path !== shellPaths.signOut()) return reply.redirect(mfaPaths.twoStep(), 303);
    }
  });

  // Every form post carries the CSRF token (the API uses bearer tokens, which browsers never send by themselves).
  app.addHook('preHandler', async (request) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method) || isApiRequest(request)) return;
    if (request.routeOptions.config?.skipCsrf) return;
    const body = request.body as Record<string, unknown> | undefined;
    const sent = (typeof body?._csrf === 'string' ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !request.csrfToken || !safeEqual(sent, request.csrfToken)) {
      throw new CsrfError();
    }
  });

  const modules = services.modules;
  const views = createViewEnvironment({
    shell: shellPaths,
    admin: adminPaths,
    auth: { ...authPaths, ...passwordPaths, ...mfaPaths },
    ...Object.fromEntries(modules.filter((m) => m.paths).map((m) => [m.name, m.paths])),
  });
  const navigation: NavItem[] = [
    { text: 'Home', href: '/', roles: ROLES, order: 0 },
    ...modules.flatMap((module) => module.navigation ?? []),
    { text: 'Administration', href: '/admin', roles: ['admin'] as const, order: 90 },
  ].sort((a, b) => a.order - b.order);

  app.decorateReply('render', function render(this: FastifyReply, template: string, context: Record<string, unknown> = {}, status = 200) {
    const request = this.request;
    const actor = request.actor;
    const currentPath = request.url.split('?')[0] ?? '/';
    const html = views.render(template, {
      serviceName: config.serviceName,
      operatorName: (request as FastifyRequest & { operatorName?: string }).operatorName ?? config.operatorName,
      actor,
      csrfToken: request.csrfToken,
      currentPath,
      flash: request.session?.flash ?? null,
      navigation: actor
        ? navigation
            .filter((item) => hasAnyRole(actor, item.roles))
            .map((item) => ({
              text: item.text,
              href: item.href,
              active: item.href === '/' ? currentPath === '/' : currentPath === item.href || currentPath.startsWith(`${item.href}/`),
            }))
        : [],
      urgentBanners: (request as FastifyRequest & { urgentBanners?: unknown }).urgentBanners ?? [],
      ...context,
    });
    return this.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
  });

  app.decorateReply('redirectWithFlash', async function redirectWithFlash(this: FastifyReply, url: string, flash: Flash) {
    if (this.request.session) await services.auth.setFlash(this.request.session.sessionId, flash);
    return this.redirect(url, 303);
  });

  // Urgent banners (an AMHP needing help) sit on every page of the people who must see them.
  app.addHook('preHandler', async (request) => {
    if (!request.actor || request.method !== 'GET' || isApiRequest(request) || app.urgentBanners.length === 0) return;
    const ctx = { actor: request.actor, requestId: request.id };
    const banners = (await Promise.all(app.urgentBanners.map((banner) => banner(ctx).catch(() => null)))).filter((b) => b !== null);
    (request as FastifyRequest & { urgentBanners?: unknown }).urgentBanners = banners;
  });

  // The operating service's name from the set-up checklist, in every page's header (OPERATOR_NAME until it is given).
  app.addHook('preHandler', async (request) => {
    if (isApiRequest(request)) return;
    const name = await services.setup.operatorName().catch(() => null);
    if (name) (request as FastifyRequest & { operatorName?: string }).operatorName = name;
  });

  app.setErrorHandler(async (thrown: unknown, request, reply) => {
    const api = isApiRequest(request);
    // A change the database refused because the record is restricted (docs/privacy.md).
    const error = restrictedRecordError(thrown) ?? thrown;
    if (error instanceof AppError) {
      if (api) return reply.code(error.status).send({ code: error.code, message: error.message, details: error.details ?? {} });
      if (error.code === 'unauthenticated') return reply.redirect('/sign-in', 303);
      if (error instanceof CsrfError) return reply.render('errors/csrf.njk', { retryPath: formPageOf(request) }, error.status);
      if (error instanceof ReasonRequiredError) return reply.render('errors/reason-required.njk', { error, reasonFor: error.reasonFor }, error.status);
      const template = error.status === 404 ? 'errors/not-found.njk' : error.status === 403 ? 'errors/forbidden.njk' : 'errors/problem.njk';
      return reply.render(template, { error, errors: error instanceof ValidationError ? formErrorsView(error) : undefined }, error.status);
    }
    const httpError = error as { statusCode?: number; code?: string; message?: string };
    const status = typeof httpError.statusCode === 'number' ? httpError.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code = status === 413 ? 'payload_too_large' : status === 429 ? 'rate_limited' : status === 415 ? 'unsupported_media_type' : httpError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || /JSON/i.test(httpError.message ?? '') ? 'malformed_json' : 'bad_request';
      const message =
        code === 'payload_too_large'
          ? 'The information sent was too large'
          : code === 'rate_limited'
            ? 'Too many attempts. Wait a minute and try again.'
            : code === 'malformed_json'
              ? 'The request body is not valid JSON'
              : code === 'unsupported_media_type'
                ? 'Send JSON (application/json) or a form'
                : 'The request could not be understood';
      if (api) return reply.code(status).send({ code, message, details: {} });
      return reply.render('errors/problem.njk', { error: { message, status } }, status);
    }
    const unreachable = connectionFailureOf(error);
    if (unreachable) {
      // The database is down or restarting: a clear 503, and the pool reconnects by itself.
      request.log.warn({ event: 'database_unavailable', reason: unreachable }, 'the database cannot be reached');
      reply.header('retry-after', '10');
      if (api) return reply.code(503).send({ code: 'database_unavailable', message: 'The service cannot reach its database just now. Try again in a minute.', details: {} });
      return reply.render('errors/unavailable.njk', {}, 503);
    }
    request.log.error({ err: loggableError(error) }, 'unhandled error');
    if (api) return reply.code(500).send({ code: 'internal_error', message: 'Sorry, something went wrong. The problem has been logged.', details: {} });
    return reply.render('errors/server-error.njk', {}, 500);
  });

  app.setNotFoundHandler(async (request, reply) => {
    if (isApiRequest(request)) return reply.code(404).send({ code: 'not_found', message: `No API route ${request.method} ${request.url.split('?')[0] ?? ''}`, details: {} });
    return reply.render('errors/not-found.njk', {}, 404);
  });

  for (const module of modules) {
    app.homePanels.push(...(module.homePanels ?? []));
    app.urgentBanners.push(...(module.urgentBanners ?? []));
  }
  // The platform's routes, built from exactly what they use (the platform knows no module).
  const health = {
    database: services.database.kind,
    answers: () => databaseAnswers(services.db),
    liveEvents: () => services.liveEvents.health(),
    stopping: () => app.lifecycle.stopping,
  };
  const sso = oidcSignIn({ auth: services.auth, config });
  registerRoutes(app, shellRoutes({ auth: services.auth, config, homePanels: app.homePanels, health, noPeopleYet: () => services.staff.isEmpty(), ...(sso.endProviderSession ? { endProviderSession: sso.endProviderSession } : {}) }));
  registerRoutes(app, authRoutes({ auth: services.auth, config }));
  registerRoutes(app, passwordRoutes({ auth: services.auth, reset: services.passwordReset, config }));
  registerRoutes(app, sso.routes);
  registerRoutes(app, mfaRoutes({ auth: services.auth, mfa: services.mfa, credentials: services.credentials, people: services.directory, config }));
  registerRoutes(
    app,
    adminRoutes({
      audit: services.audit,
      calendar: services.calendar,
      notifications: services.notifications,
      people: services.directory,
      adminLinks: modules.flatMap((module) => module.adminLinks ?? []),
    }),
  );
  for (const module of modules) {
    registerRoutes(app, module.routes);
    module.registerLegacyRoutes?.(app);
  }
  // npm run bench:load only (never in production: the configuration refuses the flag there).
  if (config.benchBareRoutes && config.env !== 'production') registerBenchBareRoutes(app, services.db);
  registerOpenApi(app);
  return app;
}

/**
 * Where a refused form came from, to open it again: the same-site page in the Referer (the form's
 * page), else the path it was sent to. Never another site.
 */
function formPageOf(request: FastifyRequest): string | undefined {
  const referer = request.headers.referer;
  if (referer) {
    try {
      const from = new URL(referer);
      if (from.host === request.headers.host) return `${from.pathname}${from.search}`;
    } catch {
      // an unreadable Referer: fall back to the path
    }
  }
  const path = request.url.split('?')[0] ?? '/';
  return path.startsWith('/') && !path.startsWith('//') ? path : undefined;
}

/** `app.f81a2235a688.css`: a name with a content hash (scripts/build-assets.mjs). */
const FINGERPRINTED = /\.[0-9a-f]{12}\.[a-z.]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Test-only response header: how many statements (transaction control aside) the request ran. */
export const QUERY_COUNT_HEADER = 'x-query-count';

export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()';

export class CsrfError extends AppError {
  readonly status = 403;
  readonly code = 'csrf_failed';
  constructor() {
    super('Your form could not be sent because it was out of date. Go back, reload the page and try again. Nothing was saved.');
  }
}

export function registerJobs(services: Services): void {
  for (const module of services.modules) {
    for (const job of module.jobs ?? []) services.scheduler.register(job);
  }
  services.scheduler.register({
    name: 'seal-audit-trail',
    intervalSeconds: 30,
    run: async (trx) => {
      await sealPendingAuditRows(trx);
    },
  });
  services.scheduler.register({
    name: DELIVER_NOTIFICATIONS_JOB,
    intervalSeconds: 60,
    run: async (trx) => {
      await services.notifications.deliverPending(trx);
    },
  });
}
