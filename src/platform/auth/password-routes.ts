import { z } from 'zod';
import { definePaths } from '../http/paths.js';
import { refusalErrorsView } from '../http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../http/route.js';
import { ROLE_GROUPS } from '../roles.js';
import type { AppConfig } from '../../config.js';
import { text } from '../http/fields.js';
import { signInRateLimit } from './auth-routes.js';
import type { PasswordResetService } from './password-reset-service.js';
import { PASSWORD_RULES } from './passwords.js';
import type { AuthService } from './auth-service.js';

export const passwordPaths = definePaths({
  changePassword: '/account/password',
  forgotPassword: '/sign-in/forgot-password',
  resetPassword: '/sign-in/reset-password',
});

const passwordField = (missing: string) => z.string({ error: missing }).min(1, missing).max(200, 'Passwords must be 200 characters or fewer');

const changePasswordForm = z
  .object({
    currentPassword: passwordField('Enter your current password or one-time code'),
    newPassword: passwordField('Enter a new password'),
    confirmPassword: passwordField('Enter the new password again'),
  })
  .refine((form) => form.newPassword === form.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords are not the same' });

const forgotForm = z.object({ email: text('your email address', 200) });
// The token travels in the query string (and then a hidden field): logs never hold query strings.
const resetQuery = z.object({ token: z.string().max(200).optional() });
const resetForm = z
  .object({
    token: z.string({ error: 'This link is not complete. Ask for a new one.' }).min(1, 'This link is not complete. Ask for a new one.').max(200, 'This link is not complete. Ask for a new one.'),
    newPassword: passwordField('Enter a new password'),
    confirmPassword: passwordField('Enter the new password again'),
  })
  .refine((form) => form.newPassword === form.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords are not the same' });

export interface PasswordRouteDependencies {
  auth: Pick<AuthService, 'changeOwnPassword'>;
  reset: Pick<PasswordResetService, 'request' | 'isUsable' | 'reset'>;
  config: Pick<AppConfig, 'signInRateLimitPerMinute'>;
}

/** Changing one's own password (the page a one-time code leads to), and resetting a forgotten one by e-mail. */
export function passwordRoutes(deps: PasswordRouteDependencies): RouteDeclaration[] {
  const view = (mustChange: boolean, extra: Record<string, unknown> = {}) => ({ mustChange, rules: PASSWORD_RULES, ...extra });
  return [
    defineRoute({
      method: 'GET',
      path: passwordPaths.forgotPassword,
      access: { public: true },
      summary: 'Ask for a link to reset a forgotten password',
      tags: ['auth'],
      handler: async ({ reply }) => reply.render('shell/forgot-password.njk', {}),
    }),
    defineRoute({
      method: 'POST',
      path: passwordPaths.forgotPassword,
      access: { public: true },
      summary: 'Send a single-use reset link (the same answer whether or not the address has an account)',
      tags: ['auth'],
      rateLimit: signInRateLimit(deps.config),
      body: forgotForm,
      audit: 'password_reset_requested',
      onRefusal: async ({ error, values, reply }) => reply.render('shell/forgot-password.njk', { errors: refusalErrorsView(error), values }, error.status),
      handler: async ({ body, request, reply }) => {
        await deps.reset.request(body.email, request.id, (token) => passwordPaths.resetPassword(undefined, { token }));
        return reply.render('shell/forgot-password.njk', { sent: true });
      },
    }),
    defineRoute({
      method: 'GET',
      path: passwordPaths.resetPassword,
      access: { public: true },
      summary: 'Choose a new password from a reset link',
      tags: ['auth'],
      query: resetQuery,
      handler: async ({ query, reply }) => {
        const usable = query.token ? await deps.reset.isUsable(query.token) : false;
        return reply.render('shell/reset-password.njk', { usable, token: query.token ?? '', rules: PASSWORD_RULES });
      },
    }),
    defineRoute({
      method: 'POST',
      path: passwordPaths.resetPassword,
      access: { public: true },
      summary: 'Set a new password from a reset link (single use; every session and token ends)',
      tags: ['auth'],
      rateLimit: signInRateLimit(deps.config),
      body: resetForm,
      audit: 'password_reset_by_email',
      onRefusal: async ({ error, values, reply }) =>
        reply.render('shell/reset-password.njk', { usable: true, token: typeof values.token === 'string' ? values.token : '', rules: PASSWORD_RULES, errors: refusalErrorsView(error) }, error.status),
      handler: async ({ body, request, reply }) => {
        await deps.reset.reset(body.token, body.newPassword, request.id);
        return reply.redirect('/sign-in?passwordReset=1', 303);
      },
    }),
    defineRoute({
      method: 'GET',
      path: passwordPaths.changePassword,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Change your password (required after signing in with a one-time code)',
      tags: ['auth'],
      handler: async ({ request, reply }) => reply.render('shell/change-password.njk', view(request.session?.mustChangePassword ?? false)),
    }),
    defineRoute({
      method: 'POST',
      path: passwordPaths.changePassword,
      access: { roles: ROLE_GROUPS.signedIn },
      summary: 'Change your password',
      tags: ['auth'],
      body: changePasswordForm,
      audit: 'password_changed',
      onRefusal: async ({ error, request, reply }) =>
        reply.render('shell/change-password.njk', view(request.session?.mustChangePassword ?? false, { errors: refusalErrorsView(error) }), error.status),
      handler: async ({ ctx, body, request, reply }) => {
        if (!request.session) return reply.redirect('/sign-in', 303);
        await deps.auth.changeOwnPassword(ctx, request.session.sessionId, { currentPassword: body.currentPassword, newPassword: body.newPassword });
        return reply.redirectWithFlash('/', { kind: 'success', heading: 'Your password has been changed', body: 'Other sessions and API tokens of yours have been signed out.' });
      },
    }),
  ];
}
