import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { statusOf } from './safety-forms.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { dateTimeInputValues } from '../../platform/london-time.js';
import { hasAnyRole } from '../../platform/roles.js';
import type { WorkingDaysService } from './hours/working-days-service.js';
import { ACCESS, ALERT_READERS, HOURS_APPROVERS, HOURS_MONITORS } from './safety-access.js';
import { safetyPaths as paths } from './safety-paths.js';
import type { CheckinCodesService } from './visits/checkin-codes-service.js';
import type { VisitsService } from './visits/visits-service.js';

export interface HubDeps {
  visits: VisitsService;
  codes: CheckinCodesService;
  workingDays: WorkingDaysService;
  clock: Clock;
}

/**
 * The safety page: for an AMHP, "Going out" (or the visit they are on), the working day, recent
 * visits and links to hours, debriefs and codes; for those watching over AMHPs, their pages.
 * A refused "start of working day" is shown here again, as typed.
 */
export async function renderHub(deps: HubDeps, ctx: ServiceContext, reply: FastifyReply, refused?: { errors: FormErrorsView; values: Record<string, unknown> }) {
  const isAmhp = hasAnyRole(ctx.actor, ['amhp']);
  const now = deps.clock.now();
  return reply.render(
    'safety/views/hub.njk',
    {
      isAmhp,
      isWatcher: hasAnyRole(ctx.actor, ALERT_READERS),
      isApprover: hasAnyRole(ctx.actor, HOURS_APPROVERS),
      isMonitor: hasAnyRole(ctx.actor, HOURS_MONITORS),
      visit: isAmhp ? await deps.visits.myOpenVisit(ctx) : null,
      recent: isAmhp ? await deps.visits.myRecentVisits(ctx) : [],
      day: isAmhp ? await deps.workingDays.myWorkingDay(ctx) : null,
      hasCodes: isAmhp ? await deps.codes.hasCodes(ctx.actor.personId) : false,
      now,
      dayValues: refused?.values ?? { kind: await deps.workingDays.defaultShiftKind(ctx), ...dateTimeInputValues('startedAt', now) },
      errors: refused?.errors,
    },
    statusOf(refused?.errors),
  );
}

export function hubRoutes(deps: HubDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.hub.pattern,
      access: ACCESS.users,
      summary: 'Safety: going out, the working day, hours, debriefs',
      tags: ['safety'],
      handler: async ({ ctx, reply }) => renderHub(deps, ctx, reply),
    }),
  ];
}
