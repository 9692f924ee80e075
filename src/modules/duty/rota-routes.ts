import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { formatWeekdayDate, londonDate } from '../../platform/london-time.js';
import { DUTY_ROLES, dutyAbilities } from './duty-access.js';
import { dutyPaths as paths } from './duty-paths.js';
import { pageErrors, type DutyRouteDeps } from './duty-views.js';
import { agreementForm, planShiftForm, reportDayForm, rotaQuery } from './rota-schemas.js';

const VIEW = { roles: DUTY_ROLES.view } as const;
const PLAN = { roles: DUTY_ROLES.planRota } as const;

/** The month a refused "Add a shift" form was about, so the rota shown again is the same month. */
function monthTyped(values: Record<string, unknown>): string | undefined {
  const [year, month] = [Number(values['date-year']), Number(values['date-month'])];
  return Number.isInteger(year) && year >= 1900 && year <= 2199 && Number.isInteger(month) && month >= 1 && month <= 12 ? `${year}-${String(month).padStart(2, '0')}` : undefined;
}

/** The rota pages: the month, adding and cancelling shifts, agreed frequency, an AMHP's own duties. */
export function rotaRoutes({ duty, clock }: DutyRouteDeps): RouteDeclaration[] {
  const today = () => londonDate(clock.now());

  async function renderRota(ctx: ServiceContext, reply: FastifyReply, options: { month?: string | undefined; values?: Record<string, unknown>; error?: AppError } = {}) {
    const rota = await duty.rota.month(ctx, options.month);
    const firstDay = `${rota.month}-01`;
    const amhps = await duty.rota.amhpOptions(ctx, firstDay < today() ? today() : firstDay);
    return reply.render(
      'duty/views/rota.njk',
      {
        rota,
        ...dutyAbilities(ctx.actor),
        amhpOptions: amhps.map((a) => ({ value: a.id, text: `${a.name} (${a.organisationName})${a.eligible ? '' : ' – not eligible'}` })),
        today: today(),
        values: options.values ?? {},
        ...(options.error ? { errors: pageErrors(options.error) } : {}),
      },
      options.error?.status ?? 200,
    );
  }

  return [
    defineRoute({
      method: 'GET',
      path: paths.rota.pattern,
      access: VIEW,
      summary: 'The rota for a month',
      query: rotaQuery,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, query, reply }) => renderRota(ctx, reply, { month: query.month }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.shifts.pattern,
      access: PLAN,
      summary: 'Put an AMHP on the rota',
      body: planShiftForm,
      audit: 'duty_shift_planned',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, body, reply }) => {
        const shift = await duty.rota.planShift(ctx, body);
        return reply.redirectWithFlash(paths.rota(undefined, { month: shift.date.slice(0, 7) }), { kind: 'success', heading: `${shift.personName} is on the rota for ${formatWeekdayDate(shift.date)}` });
      },
      onRefusal: async ({ ctx, error, values, reply }) => renderRota(ctx, reply, { month: monthTyped(values), values, error }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.cancelShift.pattern,
      access: PLAN,
      summary: 'Take a shift off the rota',
      params: idParams,
      audit: 'duty_shift_cancelled',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const shift = await duty.rota.cancelShift(ctx, params.id);
        return reply.redirectWithFlash(paths.rota(undefined, { month: shift.date.slice(0, 7) }), { kind: 'success', heading: `${shift.personName} is off the rota for ${formatWeekdayDate(shift.date)}` });
      },
      onRefusal: async ({ ctx, error, reply }) => renderRota(ctx, reply, { error }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.agreements.pattern,
      access: PLAN,
      summary: 'Record the number of duty shifts a month agreed with an AMHP',
      body: agreementForm,
      audit: 'duty_frequency_agreed',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, body, reply }) => {
        await duty.rota.setAgreement(ctx, body);
        return reply.redirectWithFlash(paths.rota(undefined, { month: body.month }), { kind: 'success', heading: 'Agreed frequency saved' });
      },
      onRefusal: async ({ ctx, error, values, reply }) => renderRota(ctx, reply, { month: typeof values.month === 'string' && /^\d{4}-\d{2}$/.test(values.month) ? values.month : undefined, values, error }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.reportDay.pattern,
      access: VIEW,
      summary: 'Keep (or clear) the next working day after a duty for writing reports',
      params: idParams,
      body: reportDayForm,
      audit: 'duty_report_day_set',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        const shift = await duty.rota.setReportWritingDay(ctx, params.id, body.flag);
        const back = body.returnTo === 'my' ? paths.myDuties() : paths.rota(undefined, { month: shift.date.slice(0, 7) });
        return reply.redirectWithFlash(back, { kind: 'success', heading: shift.reportWritingDay ? `${formatWeekdayDate(shift.reportWritingDay)} is kept for writing reports` : 'Report-writing day cleared' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.myDuties.pattern,
      access: { roles: DUTY_ROLES.myDuties },
      summary: 'Your own duties from today',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, reply }) => {
        const duties = await duty.rota.myDuties(ctx);
        return reply.render('duty/views/my-duties.njk', {
          duties: duties.map((d) => ({ ...d, dateLabel: formatWeekdayDate(d.date, { year: false }), reportDayLabel: d.reportWritingDay ? formatWeekdayDate(d.reportWritingDay, { year: false }) : null })),
        });
      },
    }),
  ];
}
