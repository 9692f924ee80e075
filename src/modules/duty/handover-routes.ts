import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { DUTY_ROLES } from './duty-access.js';
import { formatDayTime } from './duty-calendar.js';
import { dutyPaths as paths } from './duty-paths.js';
import { pageErrors, warningsBody, type DutyRouteDeps } from './duty-views.js';
import { acceptHandoverBody, HANDOVER_FORM_ROWS, newHandoverQuery, sendHandoverForm, withdrawHandoverBody } from './handover-schemas.js';

const VIEW = { roles: DUTY_ROLES.view } as const;
const SEND = { roles: DUTY_ROLES.handoverSend } as const;

/** The handover pages: the list, sending one, and accepting or withdrawing it. */
export function handoverRoutes({ duty, panels }: DutyRouteDeps): RouteDeclaration[] {
  async function renderNew(ctx: ServiceContext, reply: FastifyReply, options: { values?: Record<string, unknown>; error?: AppError; rows?: number | undefined } = {}) {
    const board = await duty.board.build(ctx);
    const seen = new Set<string>();
    const referralOptions = [...board.unallocated, ...board.amhps.flatMap((a) => a.allocations), ...board.allocatedOffDuty]
      .filter((r) => !seen.has(r.referralId) && seen.add(r.referralId))
      .map((r) => ({ value: r.referralId, text: `${r.label} (${r.stage})${r.s136EndsAt ? `, s136 ends ${formatDayTime(r.s136EndsAt)}` : ''}` }));
    const values = options.values ?? {};
    // Enough parts for every row typed in (a refused form comes back whole) and the rows asked for.
    const typedRows = Object.keys(values).map((k) => /^items\.(\d+)\./.exec(k)?.[1]).filter((n): n is string => n !== undefined).map((n) => Number(n) + 1);
    const rowCount = Math.min(HANDOVER_FORM_ROWS.most, Math.max(options.rows ?? HANDOVER_FORM_ROWS.usual, ...typedRows));
    return reply.render(
      'duty/views/handover-new.njk',
      { referralOptions, rowCount, maxRows: HANDOVER_FORM_ROWS.most, values, ...(options.error ? { errors: pageErrors(options.error) } : {}) },
      options.error?.status ?? 200,
    );
  }

  async function renderHandover(ctx: ServiceContext, reply: FastifyReply, id: string, options: { values?: Record<string, unknown>; error?: AppError } = {}) {
    const handover = await duty.handovers.get(ctx, id, { audit: !options.error });
    return reply.render('duty/views/handover.njk', { handover, panels: panels?.handover ? await panels.handover(ctx, id) : [], values: options.values ?? {}, ...(options.error ? { errors: pageErrors(options.error) } : {}) }, options.error?.status ?? 200);
  }

  return [
    defineRoute({
      method: 'GET',
      path: paths.handovers.pattern,
      access: VIEW,
      summary: 'Handovers awaiting acceptance and those of the last seven days',
      audit: 'handovers_listed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, reply }) => {
        const handovers = await duty.handovers.list(ctx);
        return reply.render('duty/views/handovers.njk', { open: handovers.filter((h) => h.status === 'sent'), closed: handovers.filter((h) => h.status !== 'sent') });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.newHandover.pattern,
      access: SEND,
      summary: 'Send a handover',
      query: newHandoverQuery,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, query, reply }) => {
        const cover = await duty.responsibleTeamNow();
        return renderNew(ctx, reply, { rows: query.rows, values: { direction: cover.team === 'daytime' ? 'daytime-to-edt' : 'edt-to-daytime', 'items.0.referralId': query.referralId ?? '' } });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.handovers.pattern,
      access: SEND,
      summary: 'Send a handover: the sending team stays responsible until it is accepted',
      body: sendHandoverForm,
      audit: 'handover_sent',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, body, reply }) => {
        const handover = await duty.handovers.send(ctx, body);
        return reply.redirectWithFlash(paths.handover({ id: handover.id }), {
          kind: handover.warnings.length ? 'important' : 'success',
          heading: 'Handover sent: your team stays responsible until it is accepted',
          ...warningsBody(handover.warnings),
        });
      },
      onRefusal: async ({ ctx, error, values, reply }) => renderNew(ctx, reply, { values, error }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.handover.pattern,
      access: VIEW,
      summary: 'A handover',
      params: idParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => renderHandover(ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.acceptHandover.pattern,
      access: VIEW,
      summary: 'Accept a handover: the receiving team is responsible from now',
      params: idParams,
      body: acceptHandoverBody,
      audit: 'handover_accepted',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        await duty.handovers.accept(ctx, params.id, body);
        return reply.redirectWithFlash(paths.handover({ id: params.id }), { kind: 'success', heading: 'Handover accepted: your team is now responsible' });
      },
      onRefusal: async ({ ctx, params, error, values, reply }) => (params ? renderHandover(ctx, reply, params.id, { values, error }) : reply.callNotFound()),
    }),
    defineRoute({
      method: 'POST',
      path: paths.withdrawHandover.pattern,
      access: VIEW,
      summary: 'Withdraw a handover: the sending team stays responsible',
      params: idParams,
      body: withdrawHandoverBody,
      audit: 'handover_withdrawn',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        await duty.handovers.withdraw(ctx, params.id, body);
        return reply.redirectWithFlash(paths.handover({ id: params.id }), { kind: 'success', heading: 'Handover withdrawn' });
      },
      onRefusal: async ({ ctx, params, error, values, reply }) => (params ? renderHandover(ctx, reply, params.id, { values, error }) : reply.callNotFound()),
    }),
  ];
}
