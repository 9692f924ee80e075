import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { DUTY_ROLES } from './duty-access.js';
import { formatLongDate } from './duty-calendar.js';
import { dutyPaths as paths } from './duty-paths.js';
import { pageErrors, warningsBody, type DutyRouteDeps } from './duty-views.js';
import { sicknessForm } from './rota-schemas.js';

const SICKNESS = { roles: DUTY_ROLES.sickness } as const;

/** The operational manager records sickness on a duty and chooses a back-up AMHP (Working Hours §4). */
export function sicknessRoutes({ duty }: DutyRouteDeps): RouteDeclaration[] {
  async function renderSickness(ctx: ServiceContext, reply: FastifyReply, shiftId: string, options: { values?: Record<string, unknown>; error?: AppError } = {}) {
    const shift = await duty.rota.shift(ctx, shiftId);
    const choices = await duty.rota.amhpOptions(ctx, shift.date);
    return reply.render(
      'duty/views/sickness.njk',
      {
        shift,
        dateLabel: formatLongDate(shift.date),
        backupOptions: choices.filter((o) => o.eligible && o.id !== shift.personId).map((o) => ({ value: o.id, text: `${o.name} (${o.organisationName})` })),
        values: options.values ?? {},
        ...(options.error ? { errors: pageErrors(options.error) } : {}),
      },
      options.error?.status ?? 200,
    );
  }

  return [
    defineRoute({
      method: 'GET',
      path: paths.sickness.pattern,
      access: SICKNESS,
      summary: 'Record sickness on a duty',
      params: idParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => renderSickness(ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.sickness.pattern,
      access: SICKNESS,
      summary: 'Record sickness on a duty and the back-up chosen',
      params: idParams,
      body: sicknessForm,
      audit: 'duty_sickness_recorded',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        const { warnings } = await duty.rota.recordSickness(ctx, params.id, body);
        return reply.redirectWithFlash(paths.board(), { kind: 'success', heading: 'Sickness recorded', ...warningsBody(warnings, 'The back-up AMHP is on the rota and shown on the duty board.') });
      },
      onRefusal: async ({ ctx, params, error, values, reply }) => (params ? renderSickness(ctx, reply, params.id, { values, error }) : reply.callNotFound()),
    }),
  ];
}
