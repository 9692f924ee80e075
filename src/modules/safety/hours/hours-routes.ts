import { idParams } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { ACCESS } from '../safety-access.js';
import { formErrors } from '../safety-forms.js';
import { type HubDeps, renderHub } from '../safety-hub.js';
import { safetyPaths as paths } from '../safety-paths.js';
import { ADDITIONAL_HOURS_REASONS, ADDITIONAL_HOURS_REASON_LABELS, claimMinutes } from './additional-hours.js';
import { type HoursPagesDeps, renderClaim, renderHours, renderShifts } from './hours-pages.js';
import { claimForm, decisionForm, planForm, startDayForm, toilForm } from './hours-schemas.js';

const tags = ['safety'];

/** The working day (from the safety page) and long shifts. */
function workingDayPages(deps: HoursPagesDeps & HubDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'POST',
      path: paths.dayStart.pattern,
      access: ACCESS.amhp,
      summary: 'Record the start of your working day',
      tags,
      body: startDayForm,
      audit: 'working_day_started',
      onRefusal: async ({ error, values, ctx, reply }) => renderHub(deps, ctx, reply, { errors: formErrors(error, ['startedAt']), values }),
      handler: async ({ ctx, body, reply }) => {
        await deps.workingDays.startDay(ctx, body);
        return reply.redirectWithFlash(paths.hub(), { kind: 'success', heading: 'Start of working day recorded' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.dayEnd.pattern,
      access: ACCESS.amhp,
      summary: 'Record the end of your working day, now',
      tags,
      audit: 'working_day_ended',
      handler: async ({ ctx, reply }) => {
        await deps.workingDays.endMyDay(ctx);
        return reply.redirectWithFlash(paths.hub(), { kind: 'success', heading: 'End of working day recorded' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.shifts.pattern,
      access: ACCESS.readers,
      summary: 'Long shifts: working days in progress and the alerts sent',
      tags,
      handler: async ({ ctx, reply }) => renderShifts(deps, ctx, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.shiftPlan.pattern,
      access: ACCESS.readers,
      summary: 'Record the plan agreed for a long shift',
      tags,
      params: idParams,
      body: planForm,
      audit: 'long_shift_plan_recorded',
      onRefusal: async ({ error, values, params, ctx, reply }) => renderShifts(deps, ctx, reply, { dayId: params!.id, errors: formErrors(error, ['expectedEndAt']), values }),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.workingDays.recordPlan(ctx, params.id, body);
        return reply.redirectWithFlash(paths.shifts(), { kind: 'success', heading: 'Plan recorded' });
      },
    }),
  ];
}

/** Additional hours: claiming, deciding, withdrawing, TOIL taken, and the monthly view. */
function additionalHoursPages(deps: HoursPagesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.hours.pattern,
      access: ACCESS.amhp,
      summary: 'Your additional hours claims and time off in lieu',
      tags,
      handler: async ({ ctx, reply }) => renderHours(deps, ctx, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.hours.pattern,
      access: ACCESS.amhp,
      summary: 'Claim additional hours',
      tags,
      body: claimForm,
      audit: 'hours_claimed',
      onRefusal: async ({ error, values, ctx, reply }) => renderHours(deps, ctx, reply, formErrors(error, ['startAt', 'endAt']), values),
      handler: async ({ ctx, body, reply }) => {
        await deps.hours.submitClaim(ctx, body);
        return reply.redirectWithFlash(paths.hours(), { kind: 'success', heading: 'Additional hours sent to your line manager' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.hoursToDecide.pattern,
      access: ACCESS.approvers,
      summary: 'Additional hours claims waiting for your decision',
      tags,
      handler: async ({ ctx, reply }) => reply.render('safety/hours/views/hours-decide.njk', { claims: (await deps.hours.claimsToDecide(ctx)).map((c) => ({ ...c, minutes: claimMinutes(c) })), reasonLabels: ADDITIONAL_HOURS_REASON_LABELS }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.hoursMonthly.pattern,
      access: ACCESS.monitors,
      summary: 'Additional hours by month, and TOIL balances',
      tags,
      audit: 'hours_monitoring_viewed',
      handler: async ({ ctx, reply }) =>
        reply.render('safety/hours/views/hours-monthly.njk', { ...(await deps.hours.monthly(ctx)), reasonLabels: ADDITIONAL_HOURS_REASON_LABELS, reasons: ADDITIONAL_HOURS_REASONS }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.claim.pattern,
      access: ACCESS.users,
      summary: 'An additional hours claim',
      tags,
      params: idParams,
      audit: 'hours_claim_viewed',
      handler: async ({ ctx, params, reply }) => renderClaim(deps, ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.claimDecision.pattern,
      access: ACCESS.approvers,
      summary: 'Approve a claim as TOIL or payment, or decline it with a reason',
      tags,
      params: idParams,
      body: decisionForm,
      audit: 'hours_claim_decided',
      onRefusal: async ({ error, values, params, ctx, reply }) => renderClaim(deps, ctx, reply, params!.id, formErrors(error, ['decidedAt']), values),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.hours.decideClaim(ctx, params.id, body);
        return reply.redirectWithFlash(paths.hoursToDecide(), { kind: 'success', heading: 'Decision recorded' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.claimWithdraw.pattern,
      access: ACCESS.amhp,
      summary: 'Withdraw your claim before it is decided',
      tags,
      params: idParams,
      audit: 'hours_claim_withdrawn',
      onRefusal: async ({ error, params, ctx, reply }) => renderClaim(deps, ctx, reply, params!.id, formErrors(error)),
      handler: async ({ ctx, params, reply }) => {
        await deps.hours.withdrawClaim(ctx, params.id);
        return reply.redirectWithFlash(paths.hours(), { kind: 'success', heading: 'Claim withdrawn' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.toil.pattern,
      access: ACCESS.approvers,
      summary: 'Record time off in lieu taken by an AMHP',
      tags,
      params: idParams,
      body: toilForm,
      audit: 'toil_taken_recorded',
      onRefusal: async ({ error, values, ctx, reply }) => {
        const claimId = typeof values.claimId === 'string' && /^[0-9a-f-]{36}$/i.test(values.claimId) ? values.claimId : undefined;
        if (claimId) return renderClaim(deps, ctx, reply, claimId, formErrors(error), values);
        return reply.render('errors/problem.njk', { error: { message: formErrors(error).errorList.map((e) => e.text).join('. '), status: 400 } }, 400);
      },
      handler: async ({ ctx, params, body, reply }) => {
        await deps.hours.recordToil(ctx, params.id, body);
        return reply.redirectWithFlash(body.claimId ? paths.claim({ id: body.claimId }) : paths.hoursToDecide(), { kind: 'success', heading: 'Time off in lieu recorded' });
      },
    }),
  ];
}

export function hoursPageRoutes(deps: HoursPagesDeps & HubDeps): RouteDeclaration[] {
  return [...workingDayPages(deps), ...additionalHoursPages(deps)];
}
