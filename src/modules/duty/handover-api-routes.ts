import { z } from 'zod';
import { idParams } from '../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { DUTY_ROLES } from './duty-access.js';
import { dutyPaths as paths } from './duty-paths.js';
import type { DutyRouteDeps } from './duty-views.js';
import { acceptHandoverBody, handoverResource, responsibilityResource, sendHandoverBody, sentHandoverResource, withdrawHandoverBody } from './handover-schemas.js';

const VIEW = { roles: DUTY_ROLES.view } as const;
const TAGS = ['duty'];

/** Handovers as JSON: everything the handover pages do, and who held a referral when. */
export function handoverApiRoutes({ duty }: DutyRouteDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiHandovers.pattern,
      access: VIEW,
      summary: 'Handovers awaiting acceptance and those of the last seven days, newest first',
      audit: 'handovers_listed',
      tags: TAGS,
      success: { schema: z.array(handoverResource) },
      handler: async ({ ctx }) => duty.handovers.list(ctx),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiHandovers.pattern,
      access: { roles: DUTY_ROLES.handoverSend },
      summary: 'Send a handover: responsibility stays with the sender until someone in the receiving team accepts it',
      description: 'A warrant (s135) application needs a reason and comes back with a warning: warrants are not routinely handed over.',
      tags: TAGS,
      body: sendHandoverBody,
      audit: 'handover_sent',
      success: { status: 201, schema: sentHandoverResource },
      refusals: ['rule'],
      handler: async ({ ctx, body }) => duty.handovers.send(ctx, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiHandover.pattern,
      access: VIEW,
      summary: 'A handover (the read is audited)',
      tags: TAGS,
      params: idParams,
      audit: 'handover_viewed',
      success: { schema: handoverResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => duty.handovers.get(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiAcceptHandover.pattern,
      access: VIEW,
      summary: 'Accept a handover (someone in the receiving team only; 409 already_accepted or already_withdrawn says who and when)',
      tags: TAGS,
      params: idParams,
      body: acceptHandoverBody,
      audit: 'handover_accepted',
      success: { schema: handoverResource },
      refusals: ['not_found', 'state', 'conflict', 'rule'],
      handler: async ({ ctx, params, body }) => duty.handovers.accept(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiWithdrawHandover.pattern,
      access: VIEW,
      summary: 'Withdraw a handover not yet accepted (the sender, or a lead or manager); the sending team stays responsible',
      tags: TAGS,
      params: idParams,
      body: withdrawHandoverBody,
      audit: 'handover_withdrawn',
      success: { schema: handoverResource },
      refusals: ['not_found', 'state', 'conflict'],
      handler: async ({ ctx, params, body }) => duty.handovers.withdraw(ctx, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiResponsibility.pattern,
      access: VIEW,
      summary: 'Which team was responsible for a referral at every moment since it was received (only an accepted handover moves it)',
      tags: TAGS,
      params: idParams,
      success: { schema: responsibilityResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => duty.handovers.responsibility(ctx, params.id),
    }),
  ];
}
