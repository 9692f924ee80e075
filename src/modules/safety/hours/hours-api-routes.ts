import { z } from 'zod';
import { idParams } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { ACCESS } from '../safety-access.js';
import { safetyPaths as paths } from '../safety-paths.js';
import type { AdditionalHoursService } from './additional-hours-service.js';
import {
  claimBody,
  claimResource,
  claimViewResource,
  decisionBody,
  longShiftsResource,
  monthlyResource,
  myHoursResource,
  planBody,
  startDayBody,
  toilBody,
  toilResource,
  workingDayResource,
} from './hours-schemas.js';
import type { WorkingDaysService } from './working-days-service.js';

const tags = ['safety'];

function workingDayApi(deps: { workingDays: WorkingDaysService }): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiMyWorkingDay.pattern,
      access: ACCESS.amhp,
      summary: 'Your working day in progress, or null',
      tags,
      success: { schema: workingDayResource.nullable() },
      handler: async ({ ctx }) => workingDayResource.nullable().parse(await deps.workingDays.myWorkingDay(ctx)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiWorkingDays.pattern,
      access: ACCESS.amhp,
      summary: 'Record the start of your working day',
      tags,
      body: startDayBody,
      audit: 'working_day_started',
      success: { status: 201, schema: workingDayResource },
      refusals: ['state'],
      handler: async ({ ctx, body }) => workingDayResource.parse(await deps.workingDays.startDay(ctx, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiWorkingDayEnd.pattern,
      access: ACCESS.amhp,
      summary: 'End your working day, now',
      tags,
      params: idParams,
      audit: 'working_day_ended',
      success: { schema: workingDayResource },
      refusals: ['state'],
      handler: async ({ ctx, params }) => workingDayResource.parse(await deps.workingDays.endDay(ctx, params.id)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiShifts.pattern,
      access: ACCESS.readers,
      summary: 'Long shifts: working days in progress with their limits, and the alerts of the last day',
      tags,
      success: { schema: longShiftsResource },
      handler: async ({ ctx }) => longShiftsResource.parse(await deps.workingDays.longShifts(ctx)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiWorkingDayPlans.pattern,
      access: ACCESS.readers,
      summary: 'Record the plan agreed for a long shift (continue, hand over, or another AMHP allocated)',
      tags,
      params: idParams,
      body: planBody,
      audit: 'long_shift_plan_recorded',
      success: { schema: workingDayResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => workingDayResource.parse(await deps.workingDays.recordPlan(ctx, params.id, body)),
    }),
  ];
}

function additionalHoursApi(deps: { hours: AdditionalHoursService }): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiHours.pattern,
      access: ACCESS.amhp,
      summary: 'Your additional hours claims, TOIL taken and TOIL balance',
      tags,
      success: { schema: myHoursResource },
      handler: async ({ ctx }) => myHoursResource.parse(await deps.hours.myHours(ctx)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiHours.pattern,
      access: ACCESS.amhp,
      summary: 'Claim additional hours',
      tags,
      body: claimBody,
      audit: 'hours_claimed',
      success: { status: 201, schema: claimResource },
      refusals: ['rule'],
      handler: async ({ ctx, body }) => claimResource.parse(await deps.hours.submitClaim(ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiHoursToDecide.pattern,
      access: ACCESS.approvers,
      summary: 'Claims waiting for your decision, oldest first',
      tags,
      success: { schema: z.array(claimResource) },
      handler: async ({ ctx }) => z.array(claimResource).parse(await deps.hours.claimsToDecide(ctx)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiHoursMonthly.pattern,
      access: ACCESS.monitors,
      summary: 'Additional hours by month (the last six) and TOIL balances',
      tags,
      audit: 'hours_monitoring_viewed',
      success: { schema: monthlyResource },
      handler: async ({ ctx }) => monthlyResource.parse(await deps.hours.monthly(ctx)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiClaim.pattern,
      access: ACCESS.users,
      summary: 'One claim, with the AMHP’s TOIL balance and whether you may decide it',
      tags,
      params: idParams,
      audit: 'hours_claim_viewed',
      success: { schema: claimViewResource },
      handler: async ({ ctx, params }) => claimViewResource.parse(await deps.hours.claim(ctx, params.id)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiClaimDecision.pattern,
      access: ACCESS.approvers,
      summary: 'Approve as TOIL or payment, or decline with a reason',
      tags,
      params: idParams,
      body: decisionBody,
      audit: 'hours_claim_decided',
      success: { schema: claimResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => claimResource.parse(await deps.hours.decideClaim(ctx, params.id, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiClaimWithdrawal.pattern,
      access: ACCESS.amhp,
      summary: 'Withdraw your claim before it is decided',
      tags,
      params: idParams,
      audit: 'hours_claim_withdrawn',
      success: { schema: claimResource },
      refusals: ['state'],
      handler: async ({ ctx, params }) => claimResource.parse(await deps.hours.withdrawClaim(ctx, params.id)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiToil.pattern,
      access: ACCESS.approvers,
      summary: 'Record time off in lieu taken by an AMHP you may decide claims for',
      tags,
      body: toilBody,
      audit: 'toil_taken_recorded',
      success: { status: 201, schema: toilResource.extend({ toilBalanceMinutes: z.number().int() }) },
      refusals: ['rule'],
      handler: async ({ ctx, body }) => toilResource.extend({ toilBalanceMinutes: z.number().int() }).parse(await deps.hours.recordToil(ctx, body.amhpId, body)),
    }),
  ];
}

export function hoursApiRoutes(deps: { workingDays: WorkingDaysService; hours: AdditionalHoursService }): RouteDeclaration[] {
  return [...workingDayApi(deps), ...additionalHoursApi(deps)];
}
