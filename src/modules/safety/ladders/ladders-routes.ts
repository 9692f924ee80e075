import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../../platform/audit.js';
import { idParams } from '../../../platform/http/fields.js';
import type { FormErrorsView } from '../../../platform/http/forms.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { ACCESS } from '../safety-access.js';
import { formErrors, labelOptions, personOptions, statusOf } from '../safety-forms.js';
import { safetyPaths as paths } from '../safety-paths.js';
import type { AlertsService } from './alerts-service.js';
import {
  LADDER_FORM_ROWS,
  acknowledgementBody,
  acknowledgementForm,
  acknowledgementResource,
  alertKeyParams,
  alertResource,
  filledLadderRows,
  ladderBody,
  ladderForm,
  teamLadderResource,
} from './ladders-schemas.js';
import type { LaddersService } from './ladders-service.js';
import { ACKNOWLEDGEMENT_OUTCOME_LABELS } from './overdue-escalation.js';

const tags = ['safety'];

export interface LadderRoutesDeps {
  ladders: LaddersService;
  alerts: AlertsService;
}

async function renderAlerts(deps: LadderRoutesDeps, ctx: ServiceContext, reply: FastifyReply, failed?: { key: string; values: Record<string, unknown>; errors: FormErrorsView }) {
  const alerts = await deps.alerts.alerts(ctx, failed === undefined);
  return reply.render(
    'safety/ladders/views/alerts.njk',
    { alerts, outcomes: labelOptions(ACKNOWLEDGEMENT_OUTCOME_LABELS), failedKey: failed?.key, values: failed?.values ?? {}, errors: failed?.errors },
    statusOf(failed?.errors),
  );
}

/** The ladder form; a refused save shows the rows as typed, with `ladder.N.x` errors on the row's own inputs. */
async function renderLadderForm(deps: LadderRoutesDeps, ctx: ServiceContext, reply: FastifyReply, teamId: string, refused?: { errors: FormErrorsView; values: Record<string, unknown> }) {
  const entry = await deps.ladders.ladder(ctx, teamId);
  const values: Record<string, unknown> = refused?.values ?? {
    graceMinutes: entry.policy.graceMinutes,
    stepIntervalMinutes: entry.policy.stepIntervalMinutes,
    alarmStepIntervalMinutes: entry.policy.alarmStepIntervalMinutes,
    version: entry.version,
    ...Object.fromEntries(entry.policy.ladder.flatMap((s, i) => [[`roleLabel${i}`, s.roleLabel], [`personId${i}`, s.personId ?? ''], [`contactNumber${i}`, s.contactNumber]])),
  };
  let errors = refused?.errors;
  if (errors && refused) {
    const rows = filledLadderRows(refused.values);
    const onRow = (field: string) => field.replace(/^ladder\.(\d+)\.(\w+)$/, (_m, index: string, name: string) => `${name}${rows[Number(index)] ?? index}`);
    errors = {
      ...errors,
      byField: Object.fromEntries(Object.entries(errors.byField).map(([field, message]) => [onRow(field), message])),
      errorList: errors.errorList.map((e) => ({ ...e, href: e.href.replace(/^#ladder-(\d+)-(\w+)$/, (_m, index: string, name: string) => `#${name}${rows[Number(index)] ?? index}`) })),
    };
  }
  const people = await deps.ladders.staffOptions();
  return reply.render('safety/ladders/views/admin-ladder-form.njk', { entry, values, rows: LADDER_FORM_ROWS, peopleOptions: personOptions(people), errors }, statusOf(errors));
}

/** Alerts waiting for acknowledgement, and the administrators' ladder pages. */
export function ladderPageRoutes(deps: LadderRoutesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.alerts.pattern,
      access: ACCESS.readers,
      summary: 'Escalation alerts waiting for acknowledgement',
      tags,
      audit: 'safety_alerts_viewed',
      handler: async ({ ctx, reply }) => renderAlerts(deps, ctx, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.acknowledge.pattern,
      access: ACCESS.readers,
      summary: 'Acknowledge an alert, recording what you did',
      tags,
      body: acknowledgementForm,
      audit: 'safety_alert_acknowledged',
      onRefusal: async ({ error, values, ctx, reply }) => renderAlerts(deps, ctx, reply, { key: typeof values.alertKey === 'string' ? values.alertKey : '', values, errors: formErrors(error) }),
      handler: async ({ ctx, body, reply }) => {
        await deps.alerts.acknowledge(ctx, body.alertKey, body);
        return reply.redirectWithFlash(body.returnTo ?? paths.alerts(), { kind: 'success', heading: 'Alert acknowledged', body: 'What you did is on the visit record.' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.adminLadders.pattern,
      access: ACCESS.admin,
      summary: 'Escalation ladders, one per team',
      tags,
      handler: async ({ ctx, reply }) => reply.render('safety/ladders/views/admin-ladders.njk', { policies: await deps.ladders.ladders(ctx) }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.adminLadder.pattern,
      access: ACCESS.admin,
      summary: 'A team’s escalation ladder',
      tags,
      params: idParams,
      handler: async ({ ctx, params, reply }) => renderLadderForm(deps, ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.adminLadder.pattern,
      access: ACCESS.admin,
      summary: 'Save a team’s escalation ladder',
      tags,
      params: idParams,
      body: ladderForm,
      audit: 'escalation_ladder_changed',
      onRefusal: async ({ error, values, params, ctx, reply }) => renderLadderForm(deps, ctx, reply, params!.id, { errors: formErrors(error), values }),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.ladders.putLadder(ctx, params.id, body);
        return reply.redirectWithFlash(paths.adminLadders(), { kind: 'success', heading: 'Escalation ladder saved' });
      },
    }),
  ];
}

export function ladderApiRoutes(deps: LadderRoutesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiAlerts.pattern,
      access: ACCESS.readers,
      summary: 'Escalation alerts waiting for acknowledgement, oldest first',
      tags,
      audit: 'safety_alerts_viewed',
      success: { schema: z.array(alertResource) },
      handler: async ({ ctx }) => z.array(alertResource).parse(await deps.alerts.alerts(ctx)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiAcknowledgements.pattern,
      access: ACCESS.readers,
      summary: 'Acknowledge an alert, recording what you did',
      description: 'Reaching the AMHP stops an overdue or help episode climbing the ladder; it never stops a duress alarm.',
      tags,
      params: alertKeyParams,
      body: acknowledgementBody,
      audit: 'safety_alert_acknowledged',
      success: { status: 201, schema: acknowledgementResource },
      refusals: ['not_found', 'state'],
      handler: async ({ ctx, params, body }) => acknowledgementResource.parse(await deps.alerts.acknowledge(ctx, params.key, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiLadders.pattern,
      access: ACCESS.admin,
      summary: 'Escalation ladders, one per team (the default where none is configured)',
      tags,
      success: { schema: z.array(teamLadderResource) },
      handler: async ({ ctx }) => z.array(teamLadderResource).parse(await deps.ladders.ladders(ctx)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiLadder.pattern,
      access: ACCESS.admin,
      summary: 'A team’s escalation ladder',
      tags,
      params: idParams,
      success: { schema: teamLadderResource },
      handler: async ({ ctx, params }) => teamLadderResource.parse(await deps.ladders.ladder(ctx, params.id)),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiLadder.pattern,
      access: ACCESS.admin,
      summary: 'Set a team’s escalation ladder: grace period, intervals and the steps in order',
      tags,
      params: idParams,
      body: ladderBody,
      audit: 'escalation_ladder_changed',
      success: { schema: teamLadderResource },
      refusals: ['conflict'],
      handler: async ({ ctx, params, body }) => teamLadderResource.parse(await deps.ladders.putLadder(ctx, params.id, body)),
    }),
  ];
}
