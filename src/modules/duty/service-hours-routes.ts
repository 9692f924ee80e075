import type { FastifyReply } from 'fastify';
import type { AppError } from '../../platform/errors.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { DUTY_ROLES } from './duty-access.js';
import { WEEKDAYS } from './duty-calendar.js';
import { dutyPaths as paths } from './duty-paths.js';
import { pageErrors, type DutyRouteDeps } from './duty-views.js';
import { formValuesFromConfig, serviceHoursBody, serviceHoursForm, serviceHoursResource } from './service-hours-schemas.js';

const ADMIN = { roles: DUTY_ROLES.serviceHours } as const;

/** When the daytime service is open and EDT covers: the one source of "who is responsible now". */
export function serviceHoursRoutes({ duty }: DutyRouteDeps): RouteDeclaration[] {
  async function renderHours(reply: FastifyReply, options: { values?: Record<string, unknown>; error?: AppError } = {}) {
    const { config, version } = await duty.hours.current();
    const cover = await duty.responsibleTeamNow();
    return reply.render(
      'duty/views/service-hours.njk',
      { values: options.values ?? { ...formValuesFromConfig(config), version: String(version) }, weekdays: WEEKDAYS, cover, ...(options.error ? { errors: pageErrors(options.error) } : {}) },
      options.error?.status ?? 200,
    );
  }

  return [
    defineRoute({
      method: 'GET',
      path: paths.serviceHours.pattern,
      access: ADMIN,
      summary: 'Service hours',
      success: { contentType: 'text/html' },
      handler: async ({ reply }) => renderHours(reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.serviceHours.pattern,
      access: ADMIN,
      summary: 'Change the service hours',
      body: serviceHoursForm,
      audit: 'setting_changed',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, body, reply }) => {
        await duty.hours.update(ctx, body);
        return reply.redirectWithFlash(paths.serviceHours(), { kind: 'success', heading: 'Service hours saved' });
      },
      onRefusal: async ({ error, values, reply }) => renderHours(reply, { values, error }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiServiceHours.pattern,
      access: { roles: DUTY_ROLES.responsibleTeam },
      summary: 'The service hours: when the daytime AMHP service is open and EDT covers, by weekday, and whether EDT covers bank holidays',
      tags: ['duty'],
      success: { schema: serviceHoursResource },
      handler: async () => duty.hours.current(),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiServiceHours.pattern,
      access: ADMIN,
      summary: 'Change the service hours (send the version you read; 0 before they were first saved)',
      description: 'Times are 24-hour HH:mm, Europe/London. Every "who is responsible now" answer, handover deadline and EDT shift time follows from these.',
      tags: ['duty'],
      body: serviceHoursBody,
      audit: 'setting_changed',
      success: { schema: serviceHoursResource },
      refusals: ['conflict'],
      handler: async ({ ctx, body }) => duty.hours.update(ctx, body),
    }),
  ];
}
