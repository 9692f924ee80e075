import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import type { FormErrorsView } from '../../../platform/http/forms.js';
import { dateInputValues, londonDate } from '../../../platform/london-time.js';
import { labelOptions, personOptions, statusOf } from '../safety-forms.js';
import type { AdditionalHoursService } from './additional-hours-service.js';
import { ADDITIONAL_HOURS_REASON_LABELS, claimMinutes } from './additional-hours.js';
import { LONG_SHIFT_PLAN_LABELS } from './long-shift.js';
import type { WorkingDaysService } from './working-days-service.js';

export interface HoursPagesDeps {
  workingDays: WorkingDaysService;
  hours: AdditionalHoursService;
  clock: Clock;
}

/** Long shifts; a refused plan is shown again on its own day's form. */
export async function renderShifts(deps: HoursPagesDeps, ctx: ServiceContext, reply: FastifyReply, refused?: { dayId: string; errors: FormErrorsView; values: Record<string, unknown> }) {
  const data = await deps.workingDays.longShifts(ctx);
  return reply.render(
    'safety/hours/views/shifts.njk',
    {
      ...data,
      planOptions: labelOptions(LONG_SHIFT_PLAN_LABELS),
      planLabels: LONG_SHIFT_PLAN_LABELS,
      amhpOptions: personOptions(await deps.workingDays.amhpOptions()),
      failedDay: refused?.dayId,
      values: refused?.values ?? {},
      errors: refused?.errors,
    },
    statusOf(refused?.errors),
  );
}

/** The AMHP's hours page: the claim form (today's date filled in), their claims and TOIL balance. */
export async function renderHours(deps: HoursPagesDeps, ctx: ServiceContext, reply: FastifyReply, errors?: FormErrorsView, values?: Record<string, unknown>) {
  const mine = await deps.hours.myHours(ctx);
  const defaults = dateInputValues('startAt', londonDate(deps.clock.now()));
  return reply.render(
    'safety/hours/views/hours.njk',
    { ...mine, reasonOptions: labelOptions(ADDITIONAL_HOURS_REASON_LABELS), reasonLabels: ADDITIONAL_HOURS_REASON_LABELS, values: values ?? defaults, errors },
    statusOf(errors),
  );
}

/** One claim: deciding it, withdrawing it, and recording TOIL taken against the AMHP's balance. */
export async function renderClaim(deps: HoursPagesDeps, ctx: ServiceContext, reply: FastifyReply, id: string, errors?: FormErrorsView, values: Record<string, unknown> = {}) {
  const data = await deps.hours.claim(ctx, id);
  return reply.render(
    'safety/hours/views/hours-claim.njk',
    {
      ...data,
      reasonLabels: ADDITIONAL_HOURS_REASON_LABELS,
      claimMinutes: claimMinutes(data.claim),
      mine: data.claim.amhpId === ctx.actor.personId,
      values: { ...dateInputValues('date', londonDate(deps.clock.now())), ...values },
      errors,
    },
    statusOf(errors),
  );
}
