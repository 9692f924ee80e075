import { z } from 'zod';
import { idParams } from '../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { DUTY_ROLES } from './duty-access.js';
import { dutyPaths as paths } from './duty-paths.js';
import type { DutyRouteDeps } from './duty-views.js';
import { agreementBody, agreementResource, amhpOptionResource, amhpOptionsQuery, planShiftBody, reportDayBody, rotaQuery, rotaResource, shiftResource, sicknessBody, sicknessResource } from './rota-schemas.js';

const VIEW = { roles: DUTY_ROLES.view } as const;
const PLAN = { roles: DUTY_ROLES.planRota } as const;
const TAGS = ['duty'];

/** The rota as JSON: everything the rota, sickness and "my duties" pages do. */
export function rotaApiRoutes({ duty }: DutyRouteDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiRota.pattern,
      access: VIEW,
      summary: 'The rota for a month, with agreed frequency against planned and the sickness log',
      tags: TAGS,
      query: rotaQuery,
      success: { schema: rotaResource },
      handler: async ({ ctx, query }) => {
        const rota = await duty.rota.month(ctx, query.month);
        return { month: rota.month, shifts: rota.days.flatMap((d) => d.shifts), frequency: rota.frequency, changes: rota.changes };
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiAmhpOptions.pattern,
      access: VIEW,
      summary: 'AMHPs who could be put on the rota, each with whether they may act on the date and why not',
      tags: TAGS,
      query: amhpOptionsQuery,
      success: { schema: z.array(amhpOptionResource) },
      handler: async ({ ctx, query }) => duty.rota.amhpOptions(ctx, query.date),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiShifts.pattern,
      access: PLAN,
      summary: 'Put an AMHP on the rota (refused with the reason if they may not act on the date or are already on an overlapping shift)',
      tags: TAGS,
      body: planShiftBody,
      audit: 'duty_shift_planned',
      success: { status: 201, schema: shiftResource },
      refusals: ['rule', 'state'],
      handler: async ({ ctx, body }) => duty.rota.planShift(ctx, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiShift.pattern,
      access: VIEW,
      summary: 'One shift',
      tags: TAGS,
      params: idParams,
      success: { schema: shiftResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => duty.rota.shift(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiCancelShift.pattern,
      access: PLAN,
      summary: 'Take a shift off the rota',
      tags: TAGS,
      params: idParams,
      audit: 'duty_shift_cancelled',
      success: { schema: shiftResource },
      refusals: ['not_found', 'state', 'conflict'],
      handler: async ({ ctx, params }) => duty.rota.cancelShift(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiSickness.pattern,
      access: { roles: DUTY_ROLES.sickness },
      summary: 'Record sickness on a shift and the back-up AMHP the operational manager chose (none: the rota is one AMHP short)',
      tags: TAGS,
      params: idParams,
      body: sicknessBody,
      audit: 'duty_sickness_recorded',
      success: { schema: sicknessResource },
      refusals: ['not_found', 'rule', 'state', 'conflict'],
      handler: async ({ ctx, params, body }) => duty.rota.recordSickness(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiReportDay.pattern,
      access: VIEW,
      summary: 'Keep (or clear) the next working day after a duty for writing reports: your own shift, or any if you plan the rota',
      tags: TAGS,
      params: idParams,
      body: reportDayBody,
      audit: 'duty_report_day_set',
      success: { schema: shiftResource },
      refusals: ['not_found', 'conflict'],
      handler: async ({ ctx, params, body }) => duty.rota.setReportWritingDay(ctx, params.id, body.flag),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiAgreements.pattern,
      access: PLAN,
      summary: 'Record the number of duty shifts a month (1 to 4) agreed with an AMHP',
      tags: TAGS,
      body: agreementBody,
      audit: 'duty_frequency_agreed',
      success: { schema: agreementResource },
      refusals: ['not_found'],
      handler: async ({ ctx, body }) => duty.rota.setAgreement(ctx, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiMyDuties.pattern,
      access: { roles: DUTY_ROLES.myDuties },
      summary: 'Your own duty shifts from today, soonest first, including cover for colleagues',
      tags: TAGS,
      success: { schema: z.array(shiftResource) },
      handler: async ({ ctx }) => duty.rota.myDuties(ctx),
    }),
  ];
}
