/** The administrators' setting of who decides additional hours: a page and the API. */
import { z } from 'zod';
import { choice, int } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { ACCESS } from '../safety-access.js';
import { formErrors } from '../safety-forms.js';
import { safetyPaths as paths } from '../safety-paths.js';
import { HOURS_DECIDERS, HOURS_DECIDERS_CODES, type HoursSettings } from './hours-settings.js';

const tags = ['safety'];
const TEMPLATE = 'safety/hours/views/admin-hours-deciders.njk';

export const hoursDecidersBody = z.object({
  deciders: choice(HOURS_DECIDERS_CODES, 'Choose who decides additional hours'),
  version: int('the version you last read', 0).meta({ description: 'The version you last read (0 while never saved); refused (409) if someone changed it since' }),
});

export const hoursDecidersResource = z.object({ deciders: z.enum(HOURS_DECIDERS_CODES), version: z.number().int() });

const options = HOURS_DECIDERS.map((d) => ({ value: d.code, text: d.label }));

export function hoursSettingsRoutes(deps: { settings: HoursSettings }): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.adminHoursDeciders.pattern,
      access: ACCESS.admin,
      summary: 'Who decides additional hours',
      tags,
      handler: async ({ reply }) => {
        const setting = await deps.settings.deciders();
        return reply.render(TEMPLATE, { options, values: { deciders: setting.value, version: String(setting.version) } });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.adminHoursDeciders.pattern,
      access: ACCESS.admin,
      summary: 'Save who decides additional hours',
      tags,
      body: hoursDecidersBody,
      audit: 'setting_changed',
      refusals: ['conflict'],
      onRefusal: async ({ error, values, reply }) => reply.render(TEMPLATE, { options, values, errors: formErrors(error) }, error.status),
      handler: async ({ ctx, body, reply }) => {
        await deps.settings.change(ctx, body.deciders, body.version);
        return reply.redirectWithFlash(paths.adminHoursDeciders(), { kind: 'success', heading: 'Who decides additional hours: saved' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiHoursDeciders.pattern,
      access: ACCESS.admin,
      summary: 'Who decides additional hours (the AMHP’s line manager only, by default)',
      tags,
      success: { schema: hoursDecidersResource },
      handler: async () => {
        const setting = await deps.settings.deciders();
        return { deciders: setting.value, version: setting.version };
      },
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiHoursDeciders.pattern,
      access: ACCESS.admin,
      summary: 'Set who decides additional hours',
      tags,
      body: hoursDecidersBody,
      audit: 'setting_changed',
      success: { schema: hoursDecidersResource },
      refusals: ['conflict'],
      handler: async ({ ctx, body }) => {
        const setting = await deps.settings.change(ctx, body.deciders, body.version);
        return { deciders: setting.value, version: setting.version };
      },
    }),
  ];
}
