import { z } from 'zod';
import { definePaths } from '../http/paths.js';
import { refusalErrorsView } from '../http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../http/route.js';
import { ROLE_GROUPS } from '../roles.js';
import { PASSWORD_RULES } from './passwords.js';
import type { AuthService } from './auth-service.js';

export const passwordPaths = definePaths({
  changePassword: '/account/password',
});

const passwordField = (missing: string) => z.string({ error: missing }).min(1, missing).max(200, 'Passwords must be 200 characters or fewer');

const changePasswordForm = z
  .object({
    currentPassword: passwordField('Enter your current password or one-time code'),
    newPassword: passwordField('Enter a new password'),
    confirmPassword: passwordField('Enter the new password again'),
  })
  .refine((form) => form.newPassword === form.confirmPassword, { path: ['confirmPassword'], message: 'The two new passwords are not the same' });

/** Changing one's own password; the page a one-time code leads to until it is changed. */
export function passwordRoutes(deps: { auth: Pick<AuthService, 'changeOwnPassword'> }): RouteDeclaration[] {
  const view = (mustChange: boolean, extra: Record<string, unknown> = {}) => ({ mustChange, rules: PASSWORD_RULES, ...extra });
  return [
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
