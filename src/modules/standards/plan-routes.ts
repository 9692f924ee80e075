/**
 * The development plan across evaluations and each action's page: status, progress notes, a
 * new owner or target date with a reason; pages and API.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { formatDate } from '../../platform/london-time.js';
import { ACTION_STATUS_CHANGES, ACTION_STATUS_LABELS } from './action-plan.js';
import { STANDARDS_CONTRIBUTORS, STANDARDS_READERS } from './standards-access.js';
import { findStandard } from './standards-catalogue.js';
import { standardsPaths as paths } from './standards-paths.js';
import { actionResource, planResource, toPlanActions } from './standards-resources.js';
import { actionStatusBody, evaluationParams, planQuery, progressNoteBody, reviseActionBody, reviseActionForm } from './standards-schemas.js';
import type { StandardsService } from './standards-service.js';
import { labels, refusalErrors } from './standards-views.js';

const READERS = { roles: STANDARDS_READERS };
const CONTRIBUTORS = { roles: STANDARDS_CONTRIBUTORS };
const TAGS = ['standards'];
const actionParams = evaluationParams;
const TO_ACTION = { status: 303, contentType: 'text/html', description: 'Back to the action' };

async function renderAction(standards: StandardsService, reply: FastifyReply, ctx: ServiceContext, id: string, extra: Record<string, unknown> = {}, status = 200) {
  const data = await standards.plan.action(ctx, id);
  return reply.render(
    'standards/views/action.njk',
    {
      ...data,
      labels,
      statusOptions: ACTION_STATUS_CHANGES[data.action.status].map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s] })),
      targetDateLabel: formatDate(data.action.targetDate),
      ...extra,
    },
    status,
  );
}

export function planPageRoutes(standards: StandardsService): RouteDeclaration[] {
  /** A refused form on the action page: the page again, with the errors against that form. */
  const backToAction =
    (form: string) =>
    async ({ error, values, params, ctx, reply }: { error: AppError; values: Record<string, unknown>; params: { id: string } | undefined; ctx: ServiceContext; reply: FastifyReply }) => {
      if (!params) throw error;
      return renderAction(standards, reply, ctx, params.id, { errors: refusalErrors(error, `#${form === 'revise' ? 'owner' : form === 'status' ? 'status' : 'note'}`), values, form }, error.status);
    };
  return [
    defineRoute({
      method: 'GET',
      path: paths.plan.pattern,
      access: READERS,
      summary: 'The development plan across all evaluations, overdue first',
      query: planQuery,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, query, reply }) => {
        const openOnly = query.open === 'yes';
        const plan = await standards.plan.plan(ctx, { organisationId: query.service, includeClosed: !openOnly });
        const { services: serviceOptions } = await standards.evaluations.formOptions();
        const catalogue = (await standards.catalogues.current()).catalogue;
        return reply.render('standards/views/plan.njk', {
          rows: plan.rows.map((r) => ({ ...r, standardTitle: findStandard(catalogue, r.action.standardNumber).title })),
          summary: plan.summary,
          labels,
          serviceOptions,
          filter: { service: query.service ?? '', open: openOnly },
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.action.pattern,
      access: READERS,
      summary: 'One development-plan action with its progress notes',
      params: actionParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => renderAction(standards, reply, ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.actionStatus.pattern,
      access: CONTRIBUTORS,
      summary: 'Change an action’s status',
      params: actionParams,
      body: actionStatusBody,
      audit: 'standards_action_status_changed',
      success: TO_ACTION,
      onRefusal: backToAction('status'),
      handler: async ({ ctx, params, body, reply }) => {
        await standards.plan.changeStatus(ctx, params.id, body);
        return reply.redirectWithFlash(paths.action(params), { kind: 'success', heading: 'Action status changed' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.actionNotes.pattern,
      access: CONTRIBUTORS,
      summary: 'Add a progress note to an action',
      params: actionParams,
      body: progressNoteBody,
      audit: 'standards_action_note_added',
      success: TO_ACTION,
      onRefusal: backToAction('notes'),
      handler: async ({ ctx, params, body, reply }) => {
        await standards.plan.addNote(ctx, params.id, body);
        return reply.redirectWithFlash(paths.action(params), { kind: 'success', heading: 'Progress note added' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.actionRevise.pattern,
      access: CONTRIBUTORS,
      summary: 'Give an action a new owner or target date, with the reason',
      params: actionParams,
      body: reviseActionForm,
      audit: 'standards_action_revised',
      success: TO_ACTION,
      onRefusal: backToAction('revise'),
      handler: async ({ ctx, params, body, reply }) => {
        await standards.plan.revise(ctx, params.id, body);
        return reply.redirectWithFlash(paths.action(params), { kind: 'success', heading: 'Action changed' });
      },
    }),
  ];
}

export function planApiRoutes(standards: StandardsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiActions.pattern,
      access: READERS,
      summary: 'The development plan across all evaluations (overdue first; superseded copies of carried-forward actions left out)',
      tags: TAGS,
      query: planQuery,
      success: { schema: planResource },
      handler: async ({ ctx, query }) => {
        const plan = await standards.plan.plan(ctx, { organisationId: query.service, includeClosed: query.open !== 'yes' });
        return { summary: plan.summary, actions: toPlanActions(plan.rows) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiAction.pattern,
      access: READERS,
      summary: 'One development-plan action, whether it is overdue, and whether you may update it',
      tags: TAGS,
      params: actionParams,
      success: { schema: actionResource.extend({ overdue: z.boolean(), mayUpdate: z.boolean() }) },
      handler: async ({ ctx, params }) => {
        const { action, overdue, mayUpdate } = await standards.plan.action(ctx, params.id);
        return { ...action, overdue, mayUpdate };
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiActionStatus.pattern,
      access: CONTRIBUTORS,
      summary: 'Change an action’s status (a reason is needed to drop it; done and dropped can be reopened)',
      tags: TAGS,
      params: actionParams,
      body: actionStatusBody,
      audit: 'standards_action_status_changed',
      success: { schema: actionResource },
      refusals: ['conflict', 'state'],
      handler: async ({ ctx, params, body }) => standards.plan.changeStatus(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiActionNotes.pattern,
      access: CONTRIBUTORS,
      summary: 'Add a progress note to an action',
      tags: TAGS,
      params: actionParams,
      body: progressNoteBody,
      audit: 'standards_action_note_added',
      success: { schema: actionResource },
      refusals: ['conflict'],
      handler: async ({ ctx, params, body }) => standards.plan.addNote(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiActionRevise.pattern,
      access: CONTRIBUTORS,
      summary: 'Give an action a new owner or target date (on or after the evaluation date), with the reason',
      tags: TAGS,
      params: actionParams,
      body: reviseActionBody,
      audit: 'standards_action_revised',
      success: { schema: actionResource },
      refusals: ['conflict'],
      handler: async ({ ctx, params, body }) => standards.plan.revise(ctx, params.id, body),
    }),
  ];
}
