import { safeReturnTo } from '../http/return-to.js';
import { z } from 'zod';
import type { AppConfig } from '../../config.js';
import { ValidationError } from '../errors.js';
import { ANON_CSRF_COOKIE, SESSION_COOKIE } from '../http/cookies.js';
import { choice, int, uuid } from '../http/fields.js';
import { definePaths } from '../http/paths.js';
import { refusalErrorsView } from '../http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../http/route.js';
import { loadQrCode } from '../lazy-libraries.js';
import { ROLE_GROUPS } from '../roles.js';
import { signInRateLimit } from './auth-routes.js';
import type { AuthService } from './auth-service.js';
import type { CredentialsService } from './credentials-service.js';
import type { MfaService } from './mfa-service.js';
import type { PeopleDirectory } from './people-directory.js';
import { passwordPaths } from './password-routes.js';

export const mfaPaths = definePaths({
  signInCode: '/sign-in/code',
  twoStep: '/account/two-step',
  twoStepStart: '/account/two-step/start',
  twoStepConfirm: '/account/two-step/confirm',
  twoStepRecoveryCodes: '/account/two-step/recovery-codes',
  adminSecurity: '/admin/security',
  adminSecurityPolicy: '/admin/security/policy',
  adminMfaReset: '/admin/security/mfa-reset',
  apiMfaPolicy: '/api/v1/security/mfa-policy',
  apiMfaReset: '/api/v1/security/mfa/:personId',
});

/** Paths a session held on the set-up page may still open. */
export const ENROLMENT_PATHS: readonly string[] = [mfaPaths.twoStep(), mfaPaths.twoStepStart(), mfaPaths.twoStepConfirm()];

const codeField = z
  .string({ error: 'Enter the code from your authenticator app' })
  .trim()
  .min(1, 'Enter the code from your authenticator app')
  .max(20, 'Enter the 6-digit code, or a recovery code like abcde-fghjk')
  .refine((value) => !value.includes('\u0000'), 'Must not contain control characters');
const codeForm = z.object({ code: codeField, returnTo: z.string().max(2000).optional() });
const REQUIRED_FOR = ['none', 'admins', 'everyone'] as const;
const policyBody = z.object({ requiredFor: choice(REQUIRED_FOR, 'Choose who must use two-step verification'), version: int('the version you last read', 0) });
const policyResource = z.object({ requiredFor: z.enum(REQUIRED_FOR), version: z.number() });
const resetForm = z.object({ personId: uuid('Choose the person whose two-step verification to reset') });
const WRONG_CODE = 'The code is not right, or it has been used already. Enter the code your authenticator app shows now, or one of your recovery codes. After several wrong codes the account is locked for a few minutes.';

export interface MfaRouteDependencies {
  auth: Pick<AuthService, 'completeSignIn' | 'enrolmentConfirmed'>;
  mfa: MfaService;
  credentials: Pick<CredentialsService, 'endAllAccess'>;
  people: Pick<PeopleDirectory, 'everyone'>;
  config: Pick<AppConfig, 'signInRateLimitPerMinute' | 'cookieSecure'>;
}

/** Two-step verification: the code at sign-in, setting it up, the policy and an administrator's reset. */
/**
 * The enrolment key as a QR code an authenticator app scans: inline SVG drawn on the server (no
 * script, no image request), named for screen readers; the typed key stays beside it.
 */
async function withQrCode<T extends { uri: string } | null | undefined>(pending: T): Promise<(T & { qrSvg: string }) | T> {
  if (!pending) return pending;
  const QRCode = await loadQrCode();
  const svg = await QRCode.toString(pending.uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2, width: 200 });
  return { ...pending, qrSvg: svg.replace('<svg ', '<svg role="img" aria-label="QR code of the key, for an authenticator app to scan" focusable="false" ') };
}

export function mfaRoutes(deps: MfaRouteDependencies): RouteDeclaration[] {
  const { mfa } = deps;
  const securityPage = async (extra: Record<string, unknown> = {}) => {
    const [policy, people] = await Promise.all([mfa.policy(), deps.people.everyone()]);
    return { policy: policy.value, policyVersion: policy.version, people: people.filter((p) => p.active), ...extra };
  };
  return [
    defineRoute({
      method: 'GET',
      path: mfaPaths.signInCode,
      access: { public: true },
      summary: 'The second step of signing in: the code from the authenticator app',
      tags: ['auth'],
      query: z.object({ returnTo: z.string().max(2000).optional() }),
      handler: async ({ request, query, reply }) => {
        if (!request.mfaPendingSessionId) return reply.redirect('/sign-in', 303);
        return reply.render('shell/sign-in-code.njk', { returnTo: safeReturnTo(query.returnTo) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: mfaPaths.signInCode,
      access: { public: true },
      summary: 'Finish signing in with the code from the authenticator app or a recovery code',
      tags: ['auth'],
      rateLimit: signInRateLimit(deps.config),
      body: codeForm,
      audit: ['sign_in', 'mfa_verified', 'mfa_failed', 'mfa_recovery_code_used', 'sign_in_failed', 'account_locked'],
      onRefusal: async ({ error, values, reply }) =>
        reply.render('shell/sign-in-code.njk', { returnTo: safeReturnTo(values.returnTo), errors: error instanceof ValidationError ? refusalErrorsView(error) : undefined }, 401),
      handler: async ({ body, request, reply }) => {
        if (!request.mfaPendingSessionId) return reply.redirect('/sign-in', 303);
        const result = await deps.auth.completeSignIn(request.mfaPendingSessionId, body.code, request.id);
        if (!result.ok) throw ValidationError.of('code', WRONG_CODE);
        reply.setCookie(SESSION_COOKIE, result.sessionToken, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure });
        reply.clearCookie(ANON_CSRF_COOKIE, { path: '/' });
        return reply.redirect(result.mustChangePassword ? passwordPaths.changePassword() : safeReturnTo(body.returnTo), 303);
      },
    }),
    defineRoute({
      method: 'GET',
      path: mfaPaths.twoStep,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Two-step verification: whether it is set up, and setting it up',
      tags: ['auth'],
      handler: async ({ ctx, request, reply }) =>
        reply.render('shell/two-step.njk', { status: await mfa.status(ctx), pending: await withQrCode(await mfa.pendingEnrolment(ctx)), mustEnrol: request.session?.mustEnrolMfa ?? false }),
    }),
    defineRoute({
      method: 'POST',
      path: mfaPaths.twoStepStart,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Start setting up two-step verification (a new secret for the authenticator app)',
      tags: ['auth'],
      audit: 'mfa_enrolment_started',
      onRefusal: async ({ error, ctx, request, reply }) =>
        reply.render('shell/two-step.njk', { status: await mfa.status(ctx), mustEnrol: request.session?.mustEnrolMfa ?? false, errors: refusalErrorsView(error) }, error.status),
      handler: async ({ ctx, reply }) => {
        await mfa.startEnrolment(ctx);
        return reply.redirect(mfaPaths.twoStep(), 303);
      },
    }),
    defineRoute({
      method: 'POST',
      path: mfaPaths.twoStepConfirm,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Confirm two-step verification with a code from the app; shows the recovery codes once',
      tags: ['auth'],
      body: z.object({ code: codeField }),
      audit: ['mfa_enrolled', 'mfa_enrolment_code_refused'],
      onRefusal: async ({ error, ctx, request, reply }) =>
        reply.render(
          'shell/two-step.njk',
          { status: await mfa.status(ctx), pending: await withQrCode(await mfa.pendingEnrolment(ctx)), mustEnrol: request.session?.mustEnrolMfa ?? false, errors: refusalErrorsView(error) },
          error.status,
        ),
      handler: async ({ ctx, body, request, reply }) => {
        const codes = await mfa.confirmEnrolment(ctx, body.code);
        if (request.session) await deps.auth.enrolmentConfirmed(request.session.sessionId);
        return reply.render('shell/recovery-codes.njk', { codes, first: true });
      },
    }),
    defineRoute({
      method: 'POST',
      path: mfaPaths.twoStepRecoveryCodes,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Replace the recovery codes (a current code from the app is needed)',
      tags: ['auth'],
      body: z.object({ code: codeField }),
      audit: 'mfa_recovery_codes_replaced',
      onRefusal: async ({ error, ctx, request, reply }) =>
        reply.render('shell/two-step.njk', { status: await mfa.status(ctx), mustEnrol: request.session?.mustEnrolMfa ?? false, errors: refusalErrorsView(error) }, error.status),
      handler: async ({ ctx, body, reply }) => reply.render('shell/recovery-codes.njk', { codes: await mfa.regenerateRecoveryCodes(ctx, body.code), first: false }),
    }),
    defineRoute({
      method: 'GET',
      path: mfaPaths.adminSecurity,
      access: { roles: ['admin'] },
      summary: 'Security: who must use two-step verification, and resetting someone’s',
      tags: ['admin'],
      handler: async ({ reply }) => reply.render('shell/admin-security.njk', await securityPage()),
    }),
    defineRoute({
      method: 'POST',
      path: mfaPaths.adminSecurityPolicy,
      access: { roles: ['admin'] },
      summary: 'Change who must use two-step verification',
      tags: ['admin'],
      body: policyBody,
      audit: ['setting_changed', 'mfa_policy_changed'],
      onRefusal: async ({ error, reply }) => reply.render('shell/admin-security.njk', await securityPage({ errors: refusalErrorsView(error) }), error.status),
      handler: async ({ ctx, body, reply }) => {
        await mfa.savePolicy(ctx, { requiredFor: body.requiredFor }, body.version);
        return reply.redirectWithFlash(mfaPaths.adminSecurity(), { kind: 'success', heading: 'Two-step verification policy saved', body: 'It applies from each person’s next sign-in.' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: mfaPaths.adminMfaReset,
      access: { roles: ['admin'] },
      summary: 'Reset someone’s two-step verification (a lost phone); their sessions end',
      tags: ['admin'],
      body: resetForm,
      audit: 'mfa_reset',
      onRefusal: async ({ error, reply }) => reply.render('shell/admin-security.njk', await securityPage({ errors: refusalErrorsView(error) }), error.status),
      handler: async ({ ctx, body, reply }) => {
        await mfa.reset(ctx, body.personId, (trx, personId) => deps.credentials.endAllAccess(trx, personId));
        return reply.redirectWithFlash(mfaPaths.adminSecurity(), { kind: 'success', heading: 'Two-step verification reset', body: 'They set it up again at their next sign-in if their role requires it.' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: mfaPaths.apiMfaPolicy,
      access: { roles: ['admin'] },
      summary: 'Who must use two-step verification',
      tags: ['admin'],
      success: { schema: policyResource },
      handler: async () => {
        const policy = await mfa.policy();
        return { requiredFor: policy.value.requiredFor, version: policy.version };
      },
    }),
    defineRoute({
      method: 'PUT',
      path: mfaPaths.apiMfaPolicy,
      access: { roles: ['admin'] },
      summary: 'Change who must use two-step verification (version 0 the first time)',
      tags: ['admin'],
      body: z.object({ requiredFor: choice(REQUIRED_FOR, 'Choose who must use two-step verification'), version: int('the version you last read', 0) }),
      audit: ['setting_changed', 'mfa_policy_changed'],
      success: { schema: policyResource },
      refusals: ['conflict'],
      handler: async ({ ctx, body }) => {
        const saved = await mfa.savePolicy(ctx, { requiredFor: body.requiredFor }, body.version);
        return { requiredFor: saved.value.requiredFor, version: saved.version };
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: mfaPaths.apiMfaReset,
      access: { roles: ['admin'] },
      summary: 'Reset a person’s two-step verification; their sessions and tokens end',
      tags: ['admin'],
      params: z.object({ personId: uuid() }),
      audit: 'mfa_reset',
      success: { status: 204 },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => {
        await mfa.reset(ctx, params.personId, (trx, personId) => deps.credentials.endAllAccess(trx, personId));
      },
    }),
  ];
}
