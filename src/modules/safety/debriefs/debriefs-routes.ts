import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import { idParams } from '../../../platform/http/fields.js';
import type { FormErrorsView } from '../../../platform/http/forms.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { dateTimeInputValues } from '../../../platform/london-time.js';
import { hasAnyRole } from '../../../platform/roles.js';
import { ACCESS, ALERT_READERS, WATCHERS } from '../safety-access.js';
import { formErrors, personOptions, statusOf } from '../safety-forms.js';
import { safetyPaths as paths } from '../safety-paths.js';
import { debriefCancelBody, debriefHeldBody, debriefHeldForm, debriefRequestBody, debriefViewResource, debriefsResource } from './debriefs-schemas.js';
import type { DebriefsService } from './debriefs-service.js';

const tags = ['safety'];

export interface DebriefRoutesDeps {
  debriefs: DebriefsService;
  clock: Clock;
}

async function renderNew(deps: DebriefRoutesDeps, ctx: ServiceContext, reply: FastifyReply, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
  const amhps = hasAnyRole(ctx.actor, WATCHERS) ? await deps.debriefs.amhpOptions() : [];
  return reply.render(
    'safety/debriefs/views/debrief-new.njk',
    { amhpOptions: personOptions(amhps.filter((p) => p.id !== ctx.actor.personId)), isAmhp: hasAnyRole(ctx.actor, ['amhp']), values, errors },
    statusOf(errors),
  );
}

async function renderDebrief(deps: DebriefRoutesDeps, ctx: ServiceContext, reply: FastifyReply, id: string, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
  const data = await deps.debriefs.debrief(ctx, id);
  const mayRecord = hasAnyRole(ctx.actor, ALERT_READERS);
  const staff = mayRecord ? await deps.debriefs.staffOptions() : [];
  return reply.render(
    'safety/debriefs/views/debrief.njk',
    {
      ...data,
      mayRecord,
      staffOptions: personOptions(staff.filter((p) => p.id !== data.debrief.amhpId)),
      values: { heldBy: ctx.actor.personId, ...dateTimeInputValues('heldAt', deps.clock.now()), ...values },
      errors,
    },
    statusOf(errors),
  );
}

export function debriefPageRoutes(deps: DebriefRoutesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.debriefs.pattern,
      access: ACCESS.users,
      summary: 'Debrief requests: yours, or everyone’s for those watching over AMHPs',
      tags,
      audit: 'debriefs_viewed',
      handler: async ({ ctx, reply }) => reply.render('safety/debriefs/views/debriefs.njk', { ...(await deps.debriefs.debriefs(ctx)) }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.newDebrief.pattern,
      access: ACCESS.requesters,
      summary: 'Request a debrief',
      tags,
      handler: async ({ ctx, reply }) => renderNew(deps, ctx, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.debriefs.pattern,
      access: ACCESS.requesters,
      summary: 'Request a debrief (for yourself, or for an AMHP as their lead)',
      tags,
      body: debriefRequestBody,
      audit: 'debrief_requested',
      onRefusal: async ({ error, values, ctx, reply }) => renderNew(deps, ctx, reply, formErrors(error), values),
      handler: async ({ ctx, body, reply }) => {
        const { debrief } = await deps.debriefs.requestDebrief(ctx, body);
        return reply.redirectWithFlash(paths.debrief({ id: debrief.id }), { kind: 'success', heading: 'Debrief requested' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.debrief.pattern,
      access: ACCESS.users,
      summary: 'A debrief request',
      tags,
      params: idParams,
      audit: 'debrief_viewed',
      handler: async ({ ctx, params, reply }) => renderDebrief(deps, ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.debriefHeld.pattern,
      access: ACCESS.readers,
      summary: 'Record a debrief as held',
      tags,
      params: idParams,
      body: debriefHeldForm,
      audit: 'debrief_held',
      onRefusal: async ({ error, values, params, ctx, reply }) => renderDebrief(deps, ctx, reply, params!.id, formErrors(error, ['heldAt']), values),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.debriefs.debriefHeld(ctx, params.id, body);
        return reply.redirectWithFlash(paths.debrief({ id: params.id }), { kind: 'success', heading: 'Debrief recorded as held' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.debriefCancel.pattern,
      access: ACCESS.users,
      summary: 'Cancel a debrief request that is no longer needed',
      tags,
      params: idParams,
      body: debriefCancelBody,
      audit: 'debrief_cancelled',
      onRefusal: async ({ error, values, params, ctx, reply }) => renderDebrief(deps, ctx, reply, params!.id, formErrors(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.debriefs.cancelDebrief(ctx, params.id, body);
        return reply.redirectWithFlash(paths.debrief({ id: params.id }), { kind: 'success', heading: 'Debrief request cancelled' });
      },
    }),
  ];
}

export function debriefApiRoutes(deps: DebriefRoutesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiDebriefs.pattern,
      access: ACCESS.users,
      summary: 'Debrief requests (yours, or all for those watching over AMHPs), overdue first',
      tags,
      audit: 'debriefs_viewed',
      success: { schema: debriefsResource },
      handler: async ({ ctx }) => debriefsResource.parse(await deps.debriefs.debriefs(ctx)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiDebriefs.pattern,
      access: ACCESS.requesters,
      summary: 'Request a debrief (for yourself, or for an AMHP as their lead)',
      tags,
      body: debriefRequestBody,
      audit: 'debrief_requested',
      success: { status: 201, schema: debriefViewResource },
      handler: async ({ ctx, body }) => debriefViewResource.parse(await deps.debriefs.requestDebrief(ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiDebrief.pattern,
      access: ACCESS.users,
      summary: 'A debrief request',
      tags,
      params: idParams,
      audit: 'debrief_viewed',
      success: { schema: debriefViewResource },
      handler: async ({ ctx, params }) => debriefViewResource.parse(await deps.debriefs.debrief(ctx, params.id)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiDebriefHeld.pattern,
      access: ACCESS.readers,
      summary: 'Record a debrief as held',
      tags,
      params: idParams,
      body: debriefHeldBody,
      audit: 'debrief_held',
      success: { schema: debriefViewResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => debriefViewResource.parse(await deps.debriefs.debriefHeld(ctx, params.id, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiDebriefCancellation.pattern,
      access: ACCESS.users,
      summary: 'Cancel a debrief request that is no longer needed',
      tags,
      params: idParams,
      body: debriefCancelBody,
      audit: 'debrief_cancelled',
      success: { schema: debriefViewResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => debriefViewResource.parse(await deps.debriefs.cancelDebrief(ctx, params.id, body)),
    }),
  ];
}
