import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../../platform/audit.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { hasAnyRole } from '../../../platform/roles.js';
import { CONFIGURERS, PART_B_ACCESS as ACCESS } from '../part-b-access.js';
import { reportsBPaths as paths } from '../part-b-paths.js';
import { sendingBody, sendsResource } from '../part-b-schemas.js';
import { refusal, tags, type Refused } from '../part-b-view.js';
import { SEND_FROM } from './sending.js';
import type { SendingService } from './sending-service.js';

export function sendingRoutes(service: SendingService): RouteDeclaration[] {
  const render = async (ctx: ServiceContext, reply: FastifyReply, errors?: Refused, formValues?: Record<string, unknown>) => {
    const view = await service.view(ctx);
    const mayConfigure = hasAnyRole(ctx.actor, CONFIGURERS);
    const values = formValues ?? { enabled: view.settings.enabled ? 'yes' : '', sendAs: view.settings.sendAs ?? '', sitrepRecipients: view.settings.sitrepRecipients.join('\n'), monthlyRecipients: view.settings.monthlyRecipients.join('\n') };
    return reply.render('reports/sending/views/sending.njk', { view, values, errors, mayConfigure, sendFrom: SEND_FROM, peopleOptions: mayConfigure ? await service.senders(ctx) : [] }, errors?.status ?? 200);
  };
  return [
    defineRoute({
      method: 'GET',
      path: paths.sending.pattern,
      access: ACCESS.sendLog,
      summary: 'Reports sent by themselves: who they go to, and what was sent to whom',
      tags,
      audit: 'report_sends_viewed',
      handler: async ({ ctx, reply }) => render(ctx, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.sending.pattern,
      access: ACCESS.configurers,
      summary: 'Set who the daily SITREP and the monthly summary are sent to',
      tags,
      body: sendingBody,
      audit: 'setting_changed',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, values, ctx, reply }) => render(ctx, reply, refusal(error), values),
      handler: async ({ ctx, body, reply }) => {
        await service.save(ctx, { enabled: body.enabled ?? false, sendAs: body.sendAs ?? null, sitrepRecipients: body.sitrepRecipients, monthlyRecipients: body.monthlyRecipients, version: body.version });
        return reply.redirectWithFlash(paths.sending(), { kind: 'success', heading: 'Sending saved' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiSends.pattern,
      access: ACCESS.sendLog,
      summary: 'What was sent to whom (newest first) and the recipient lists',
      tags,
      audit: 'report_sends_viewed',
      success: { schema: sendsResource },
      handler: async ({ ctx }) => sendsResource.parse(await service.view(ctx)),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiSending.pattern,
      access: ACCESS.configurers,
      summary: 'Set the recipient lists (addresses separated by commas or new lines) and who the sends act for',
      tags,
      body: sendingBody,
      audit: 'setting_changed',
      success: { schema: sendsResource.shape.settings.extend({ version: sendsResource.shape.version }) },
      refusals: ['conflict'],
      handler: async ({ ctx, body }) => {
        const saved = await service.save(ctx, { enabled: body.enabled ?? false, sendAs: body.sendAs ?? null, sitrepRecipients: body.sitrepRecipients, monthlyRecipients: body.monthlyRecipients, version: body.version });
        return { ...saved.value, version: saved.version };
      },
    }),
  ];
}
