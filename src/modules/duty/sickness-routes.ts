import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { londonDate } from '../../platform/london-time.js';
import { DUTY_ROLES } from './duty-access.js';
import { formatLongDate } from './duty-calendar.js';
import { dutyPaths as paths } from './duty-paths.js';
import { pageErrors, warningsBody, type DutyRouteDeps } from './duty-views.js';
import { absenceBody, absenceResource, amhpOptionResource, backupBody, backupForm, ownSicknessBody, ownSicknessForm, ownSicknessResource, sicknessForm, sicknessResource } from './rota-schemas.js';

const SICKNESS = { roles: DUTY_ROLES.sickness } as const;
const OWN = { roles: DUTY_ROLES.ownSickness } as const;
const TAGS = ['duty'];

/**
 * Sickness and back-up cover (Working Hours §4, staff welfare guidance §4.1): the operational
 * manager, AMHP Lead or line manager records sickness on a duty and chooses (or corrects) the
 * back-up; an AMHP reports their own sickness and their managers are told.
 */
export function sicknessRoutes({ duty, clock }: DutyRouteDeps): RouteDeclaration[] {
  async function renderSickness(ctx: ServiceContext, reply: FastifyReply, shiftId: string, options: { values?: Record<string, unknown>; error?: AppError } = {}) {
    const cover = await duty.rota.coverOptions(ctx, shiftId);
    const { shift } = cover;
    return reply.render(
      'duty/views/sickness.njk',
      {
        shift,
        change: cover.change,
        dateLabel: formatLongDate(shift.date),
        backupOptions: cover.options.filter((o) => o.eligible).map((o) => ({ value: o.id, text: `${o.name} (${o.organisationName})` })),
        notOffered: cover.options.filter((o) => !o.eligible && o.id !== shift.personId),
        values: options.values ?? {},
        ...(options.error ? { errors: pageErrors(options.error) } : {}),
      },
      options.error?.status ?? 200,
    );
  }

  async function renderMySickness(ctx: ServiceContext, reply: FastifyReply, options: { values?: Record<string, unknown>; error?: AppError } = {}) {
    const duties = await duty.rota.myDuties(ctx);
    const today = londonDate(clock.now());
    const [year, month, day] = today.split('-');
    return reply.render(
      'duty/views/my-sickness.njk',
      {
        duties: duties.filter((d) => d.status === 'planned').slice(0, 10).map((d) => ({ ...d, dateLabel: formatLongDate(d.date) })),
        values: options.values ?? { 'from-day': String(Number(day)), 'from-month': String(Number(month)), 'from-year': year },
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
      summary: 'Record sickness on a duty, or choose or change its back-up',
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
    defineRoute({
      method: 'POST',
      path: paths.backup.pattern,
      access: SICKNESS,
      summary: 'Choose, change or remove the back-up for a duty already marked unavailable',
      params: idParams,
      body: backupForm,
      audit: 'duty_backup_changed',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        const { warnings } = await duty.rota.changeBackup(ctx, params.id, body);
        // Back to the duty's own page: a line manager may not see the board.
        return reply.redirectWithFlash(paths.sickness({ id: params.id }), { kind: 'success', heading: 'Back-up saved', ...warningsBody(warnings, 'The back-up AMHP is on the rota and shown on the duty board.') });
      },
      onRefusal: async ({ ctx, params, error, values, reply }) => (params ? renderSickness(ctx, reply, params.id, { values, error }) : reply.callNotFound()),
    }),
    defineRoute({
      method: 'GET',
      path: paths.mySickness.pattern,
      access: OWN,
      summary: 'Report your own sickness',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, reply }) => renderMySickness(ctx, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.mySickness.pattern,
      access: OWN,
      summary: 'Report your own sickness: your duties are marked unavailable and your managers told',
      body: ownSicknessForm,
      audit: 'duty_own_sickness_reported',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, body, reply }) => {
        const { shifts, notified } = await duty.rota.reportOwnSickness(ctx, body);
        const duties = shifts.length === 0 ? 'You are not on the rota on those days.' : `${shifts.length} ${shifts.length === 1 ? 'duty is' : 'duties are'} marked unavailable.`;
        return reply.redirectWithFlash(paths.myDuties(), { kind: 'success', heading: 'Sickness reported', body: `${duties} ${notified} ${notified === 1 ? 'manager has' : 'managers have'} been told and will decide the back-up. Get well soon.` });
      },
      onRefusal: async ({ ctx, error, values, reply }) => renderMySickness(ctx, reply, { values, error }),
    }),
    // API -------------------------------------------------------------------------------------
    defineRoute({
      method: 'GET',
      path: paths.apiCoverOptions.pattern,
      access: SICKNESS,
      summary: 'Who could be the back-up for a shift: every AMHP, eligible or not and why not (off sick, on leave, already on duty, not approved)',
      tags: TAGS,
      params: idParams,
      success: { schema: z.array(amhpOptionResource) },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => (await duty.rota.coverOptions(ctx, params.id)).options,
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiBackup.pattern,
      access: SICKNESS,
      summary: 'Choose, change or remove the back-up for a shift already marked unavailable (the previous back-up’s cover shift is cancelled)',
      tags: TAGS,
      params: idParams,
      body: backupBody,
      audit: 'duty_backup_changed',
      success: { schema: sicknessResource },
      refusals: ['not_found', 'rule', 'state', 'conflict'],
      handler: async ({ ctx, params, body }) => duty.rota.changeBackup(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiMySickness.pattern,
      access: OWN,
      summary: 'Report your own sickness: your duties on those days are marked unavailable and your line manager, the operational managers and the AMHP Leads are told',
      tags: TAGS,
      body: ownSicknessBody,
      audit: 'duty_own_sickness_reported',
      success: { status: 201, schema: ownSicknessResource },
      refusals: ['rule', 'conflict'],
      handler: async ({ ctx, body }) => duty.rota.reportOwnSickness(ctx, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiAbsences.pattern,
      access: { roles: DUTY_ROLES.planRota },
      summary: 'Record leave or sickness for a person: they are not offered as a back-up on those days',
      tags: TAGS,
      body: absenceBody,
      audit: 'duty_absence_recorded',
      success: { status: 201, schema: absenceResource },
      refusals: ['rule', 'not_found'],
      handler: async ({ ctx, body }) => duty.rota.recordAbsence(ctx, body),
    }),
  ];
}
