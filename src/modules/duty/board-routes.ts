import { z } from 'zod';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { londonDate } from '../../platform/london-time.js';
import { DUTY_ROLES, dutyAbilities } from './duty-access.js';
import { formatLongDate } from './duty-calendar.js';
import { dutyPaths as paths } from './duty-paths.js';
import type { DutyRouteDeps } from './duty-views.js';
import { DUTY_TOPIC } from './rota-service.js';
import { responsibleTeamResource } from './service-hours-schemas.js';

const VIEW = { roles: DUTY_ROLES.view } as const;
/** What the board's API returns at most (as before the page was capped). */
const API_REFERRAL_LIMIT = 500;

const referralRow = z.object({ referralId: z.string(), label: z.string(), stage: z.string(), receivedAt: z.date(), waitingMinutes: z.number().int(), waitingLabel: z.string(), s136EndsAt: z.date().nullable().describe('When the s136 place-of-safety detention ends (null unless held under s136)') });

const boardResource = z.object({
  generatedAt: z.date(),
  cover: responsibleTeamResource,
  amhps: z.array(z.object({ personId: z.string(), name: z.string(), team: z.enum(['daytime', 'edt']), coversForName: z.string().nullable(), allocations: z.array(referralRow) })),
  unallocated: z.array(referralRow),
  allocatedOffDuty: z.array(referralRow.extend({ allocatedAmhpId: z.string() })),
  handoversAwaiting: z.array(
    z.object({ handoverId: z.string(), from: z.string(), to: z.string(), referralIds: z.array(z.string()), sentAt: z.date(), waitingMinutes: z.number().int(), waitingLabel: z.string(), deadline: z.date().nullable(), overdue: z.boolean() }),
  ),
  changeRows: z.array(z.object({ shiftId: z.string(), absentName: z.string(), backupName: z.string().nullable(), decided: z.boolean().describe('False while an AMHP’s own report of sickness waits for the back-up decision'), kind: z.string(), at: z.date(), note: z.string().nullable() })),
  counts: z.object({
    onDuty: z.number().int(),
    openReferrals: z.number().int(),
    allocated: z.number().int(),
    unallocated: z.number().int(),
    awaitingAcceptance: z.number().int(),
    overdueHandovers: z.number().int(),
    longestUnallocatedWaitMinutes: z.number().int(),
  }),
  referralsAvailable: z.boolean(),
  moreReferrals: z.boolean().describe('More open referrals than the board holds (referralLimit): the rest are in the referrals list'),
  referralLimit: z.number().int(),
});

/** The live duty board (page, live updates, API) and who is responsible now. */
export function boardRoutes({ duty, clock, liveEvents, panels }: DutyRouteDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.home.pattern,
      access: VIEW,
      summary: 'The duty pages start at the board',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ reply }) => reply.redirect(paths.board(), 303),
    }),
    defineRoute({
      method: 'GET',
      path: paths.board.pattern,
      access: VIEW,
      summary: 'The duty board',
      audit: 'duty_board_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, reply }) => reply.render('duty/views/board.njk', { board: await duty.board.build(ctx), today: formatLongDate(londonDate(clock.now())), panels: panels?.board ? await panels.board(ctx, londonDate(clock.now())) : [], ...dutyAbilities(ctx.actor) }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.boardEvents.pattern,
      access: VIEW,
      summary: 'Tells an open board to refresh when the duty day changes (Server-Sent Events)',
      success: { contentType: 'text/event-stream' },
      handler: async ({ request, reply }) => {
        liveEvents.stream(request, reply, [DUTY_TOPIC]);
        return reply;
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiBoard.pattern,
      access: VIEW,
      summary: 'The duty board: who is on duty now with their referrals, what waits for an AMHP, handovers awaiting acceptance',
      audit: 'duty_board_viewed',
      tags: ['duty'],
      success: { schema: boardResource },
      handler: async ({ ctx }) => {
        // The API keeps its larger list (a client pages nothing here); the page shows the first 100.
        const { rotaChanges: _changes, nameOf: _names, ...board } = await duty.board.build(ctx, { referralLimit: API_REFERRAL_LIMIT });
        return board;
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiResponsibleTeam.pattern,
      access: { roles: DUTY_ROLES.responsibleTeam },
      summary: 'Which team is responsible now, and who takes Mental Health Act work (from the configured service hours)',
      tags: ['duty'],
      success: { schema: responsibleTeamResource },
      handler: async () => duty.responsibleTeamNow(),
    }),
  ];
}
