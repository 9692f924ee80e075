import { z } from 'zod';
import { idParams } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { hasAnyRole } from '../../../platform/roles.js';
import { alertRecordResource } from '../ladders/ladders-schemas.js';
import { ALERT_READERS, ACCESS } from '../safety-access.js';
import { safetyPaths as paths } from '../safety-paths.js';
import type { CheckinCodesService } from './checkin-codes-service.js';
import type { VisitsService } from './visits-service.js';
import {
  boardRowResource,
  checkInBody,
  codesBody,
  codesResource,
  extendBody,
  ownVisitResource,
  resolveBody,
  trailResource,
  visitBody,
  visitResource,
} from './visits-schemas.js';
import type { WhereaboutsService } from './whereabouts-service.js';

const tags = ['safety'];

const visitRecordResource = z.object({ visit: visitResource, trail: z.array(trailResource), openAlerts: z.array(alertRecordResource) });
const myVisitsResource = z.object({ open: ownVisitResource.nullable(), recent: z.array(ownVisitResource) });
const ownVisitWithCodes = ownVisitResource.extend({ hasCodes: z.boolean() });

/** Visits, check-ins, the whereabouts board and codes as JSON: everything the pages do. */
function visitsApi(deps: { visits: VisitsService; whereabouts: WhereaboutsService }): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiVisits.pattern,
      access: ACCESS.readers,
      summary: 'The whereabouts board: every AMHP out now, alarms and overdue first',
      tags,
      audit: 'whereabouts_viewed',
      success: { schema: z.array(boardRowResource) },
      handler: async ({ ctx }) =>
        z.array(boardRowResource).parse(
          (await deps.whereabouts.board(ctx)).rows.map((r) => ({
          visitId: r.visit.id,
          amhpId: r.visit.amhpId,
          amhpName: r.visit.amhpName,
          place: r.visit.place,
          companions: r.visit.companions,
          alone: r.lone,
          aloneReason: r.visit.aloneReason,
          referralId: r.visit.referralId,
          referralReference: r.visit.referralReference,
          phone: r.visit.phone,
          expectedFinishAt: r.visit.expectedFinishAt,
          minutesRemaining: r.minutesRemaining,
          alert: r.alert,
          })),
        ),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiVisits.pattern,
      access: ACCESS.amhp,
      summary: 'Record going out (the caller is the AMHP)',
      tags,
      body: visitBody,
      audit: 'visit_started',
      success: { status: 201, schema: ownVisitResource },
      refusals: ['state'],
      handler: async ({ ctx, body }) => ownVisitResource.parse(await deps.visits.startVisit(ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiMyVisits.pattern,
      access: ACCESS.amhp,
      summary: 'Your visit out now (if any) and your recent visits',
      tags,
      success: { schema: myVisitsResource },
      handler: async ({ ctx }) => myVisitsResource.parse({ open: await deps.visits.myOpenVisit(ctx), recent: await deps.visits.myRecentVisits(ctx) }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiVisit.pattern,
      access: ACCESS.users,
      summary: 'One visit: your own as you see it, or (for those watching over AMHPs) the record with its trail',
      tags,
      params: idParams,
      audit: 'visit_record_viewed',
      success: { schema: z.union([ownVisitWithCodes, visitRecordResource]) },
      handler: async ({ ctx, params }) => {
        if ((await deps.visits.isOwnVisit(ctx, params.id)) || !hasAnyRole(ctx.actor, ALERT_READERS)) return ownVisitWithCodes.parse(await deps.visits.ownVisit(ctx, params.id));
        const record = await deps.whereabouts.visitRecord(ctx, params.id);
        return visitRecordResource.parse({ visit: record.visit, trail: record.trail, openAlerts: record.openAlerts });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiCheckIns.pattern,
      access: ACCESS.amhp,
      summary: 'Check in: safe, home, or help (code: your check-in code when you have set codes)',
      description: 'A finish with the duress code answers exactly as a normal one.',
      tags,
      params: idParams,
      body: checkInBody,
      audit: ['visit_checked_in', 'visit_help_requested'],
      success: { schema: ownVisitResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => ownVisitResource.parse(await deps.visits.checkIn(ctx, params.id, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiExtensions.pattern,
      access: ACCESS.users,
      summary: 'Extend the expected finish with a reason (the AMHP, or a watcher who has reached them)',
      tags,
      params: idParams,
      body: extendBody,
      audit: 'visit_extended',
      success: { schema: z.union([ownVisitResource, visitResource]), description: 'The visit as the caller sees it' },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => {
        const visit = await deps.visits.extendAsSeen(ctx, params.id, body);
        return 'version' in visit ? visitResource.parse(visit) : ownVisitResource.parse(visit);
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiResolution.pattern,
      access: ACCESS.readers,
      summary: 'Close a help request or silent alarm once the AMHP is confirmed safe',
      tags,
      params: idParams,
      body: resolveBody,
      audit: 'visit_alarm_closed',
      success: { schema: visitResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => visitResource.parse(await deps.visits.resolveAlarm(ctx, params.id, body)),
    }),
  ];
}

/** The AMHP's check-in and duress codes: whether set, set or replace, stop using. */
function codesApi(deps: { codes: CheckinCodesService }): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiCodes.pattern,
      access: ACCESS.amhp,
      summary: 'Whether you use check-in and duress codes',
      tags,
      success: { schema: codesResource },
      handler: async ({ ctx }) => deps.codes.myCodes(ctx),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiCodes.pattern,
      access: ACCESS.amhp,
      summary: 'Set (or replace) your check-in code and duress code',
      description: 'Codes are 4 to 8 digits, not easy to guess, and different from each other. Only argon2id hashes are kept.',
      tags,
      body: codesBody,
      audit: 'checkin_codes_set',
      success: { schema: codesResource },
      handler: async ({ ctx, body }) => deps.codes.setCodes(ctx, body),
    }),
    defineRoute({
      method: 'DELETE',
      path: paths.apiCodes.pattern,
      access: ACCESS.amhp,
      summary: 'Stop using check-in and duress codes',
      tags,
      audit: 'checkin_codes_removed',
      success: { schema: codesResource },
      handler: async ({ ctx }) => deps.codes.removeCodes(ctx),
    }),
  ];
}

export function visitApiRoutes(deps: { visits: VisitsService; whereabouts: WhereaboutsService; codes: CheckinCodesService }): RouteDeclaration[] {
  return [...visitsApi(deps), ...codesApi(deps)];
}
