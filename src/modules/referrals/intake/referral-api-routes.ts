// The referrals JSON API: everything the pages do. Writes send the `version` last read and return
// the referral as it now is (with its new version); instants follow the one time rule.

import { z } from 'zod';
import { idParams } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { referralPaths } from '../referrals-paths.js';
import { REFERRAL_ALLOCATORS, REFERRAL_DECIDERS, REFERRAL_READERS, REFERRAL_TAKERS } from './referral-access.js';
import type { ReferralRouteDeps } from './referral-page-routes.js';
import { allocatableAmhp, crisisTeamPrompt, decisionResource, referralListItem, referralResource } from './referral-resource.js';
import { addCallBody, allocationBody, apiListQuery, decisionBody, feedbackBody, intakeBody, versionBody, withdrawBody } from './referral-schemas.js';

const tags = ['referrals'];
const accessLogResource = z.object({
  entries: z.array(
    z.object({
      occurredAt: z.date(),
      who: z.string(),
      role: z.string().nullable(),
      how: z.enum(['opened', 'listed', 'searched', 'changed']),
      what: z.string(),
    }),
  ),
});
const READ = { roles: REFERRAL_READERS };
const TAKE = { roles: REFERRAL_TAKERS };

/** Listing, taking, reading and deciding referrals. */
export function referralApi({ referrals }: ReferralRouteDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: referralPaths.apiList.pattern,
      access: READ,
      summary: 'List referrals (open unless a status is given), newest first; or search with q',
      description: 'Filter by status, urgency, council (lssaId) and AMHP (amhpId, or none). With q, searches instead: a name, an NHS number or a reference. Audited (filters and counts only).',
      tags,
      query: apiListQuery,
      audit: ['referrals_listed', 'referrals_searched'],
      success: { schema: z.array(referralListItem) },
      handler: async ({ ctx, query }) => {
        const { q, ...filter } = query;
        return q ? referrals.lists.search(ctx, q, { page: filter.page, limit: filter.limit }) : referrals.list(ctx, filter);
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.apiList.pattern,
      access: TAKE,
      summary: 'Take a referral',
      description:
        'If an open referral may be the same person (same NHS number, or same name and date of birth), nothing is saved: 422 possible_duplicate with the candidates in details.duplicates. Check them, then send the same body with confirmNotDuplicate: true.',
      tags,
      body: intakeBody,
      audit: 'referral_created',
      success: { status: 201, schema: referralResource, description: 'The referral as recorded, with its reference and version' },
      refusals: ['rule'],
      handler: async ({ ctx, body }) => referrals.create(ctx, body),
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.apiCalls.pattern,
      access: TAKE,
      summary: 'Add a further call to an open referral (after a possible_duplicate refusal)',
      description:
        'When a call is about the person of an open referral (for example the nearest relative’s section 13(4) request after the GP’s referral), it joins that referral’s timeline instead of making a new referral. 409 referral_not_open if the referral is closed or withdrawn.',
      tags,
      params: idParams,
      body: addCallBody,
      audit: 'referral_call_added',
      success: { schema: referralResource, description: 'The referral as it now is, the call on its timeline' },
      refusals: ['state', 'not_found'],
      handler: async ({ ctx, params, body }) => referrals.addCall(ctx, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.apiOne.pattern,
      access: READ,
      summary: 'One referral with its timeline, feedback and the actions open now',
      tags,
      params: idParams,
      audit: 'referral_viewed',
      success: { schema: referralResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => referrals.records.viewResource(ctx, params.id),
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.apiAccess.pattern,
      access: READ,
      summary: 'Who has seen this referral: opened, changed, or met it in a list or search (Leads, managers and the allocated AMHP)',
      tags,
      params: idParams,
      audit: 'referral_access_log_viewed',
      success: { schema: accessLogResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => {
        const { lines } = await referrals.records.accessLog(ctx, params.id);
        return { entries: lines };
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.apiDecision.pattern,
      access: { roles: REFERRAL_DECIDERS },
      summary: "Record and sign the Lead's decision",
      description: 'Signed with the caller\'s name and the time of saving. When the alternative is the crisis team, the crisis-team prompts for this person come back in prompts.',
      tags,
      params: idParams,
      body: decisionBody,
      audit: 'referral_decide',
      success: { schema: decisionResource },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => referrals.decide(ctx, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.apiCrisisTeamPrompts.pattern,
      access: { roles: REFERRAL_DECIDERS },
      summary: 'The crisis-team prompts for this person now (shown beside the decision)',
      tags,
      params: idParams,
      audit: 'referral_viewed',
      success: { schema: z.array(crisisTeamPrompt) },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => referrals.decisions.crisisTeamPromptsFor(await referrals.getReferral(ctx, params.id)),
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.apiInformationReceived.pattern,
      access: TAKE,
      summary: 'The information asked for has arrived: back to received, to decide again',
      tags,
      params: idParams,
      body: versionBody,
      audit: 'referral_information_received',
      success: { schema: referralResource },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => referrals.informationReceived(ctx, params.id, body),
    }),
  ];
}

/** Allocation, feedback, withdrawal and closure. */
export function referralCaseApi({ referrals }: ReferralRouteDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: referralPaths.apiAllocatableAmhps.pattern,
      access: { roles: REFERRAL_ALLOCATORS },
      summary: "AMHPs who may act today for this referral's council (eligible first), and why others may not",
      tags,
      params: idParams,
      success: { schema: z.array(allocatableAmhp) },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => referrals.allocation.allocatableFor(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.apiAllocation.pattern,
      access: { roles: REFERRAL_ALLOCATORS },
      summary: 'Allocate (or reallocate) an AMHP',
      description: 'Only an AMHP who may act today for the council. The person who decided the referral may be allocated only with overrideReason (audited).',
      tags,
      params: idParams,
      body: allocationBody,
      audit: ['referral_allocate', 'reviewer_rule_overridden'],
      success: { schema: referralResource },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => referrals.allocate(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.apiFeedback.pattern,
      access: TAKE,
      summary: 'Record verbal feedback given to the referrer',
      tags,
      params: idParams,
      body: feedbackBody,
      audit: 'referral_feedback_recorded',
      success: { schema: referralResource },
      refusals: ['not_found', 'state'],
      handler: async ({ ctx, params, body }) => referrals.recordFeedback(ctx, params.id, body),
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.apiFeedbackLetter.pattern,
      access: READ,
      summary: 'The feedback letter to the referrer (PDF)',
      tags,
      params: idParams,
      audit: 'referral_feedback_letter',
      success: { contentType: 'application/pdf' },
      refusals: ['not_found', 'state'],
      handler: async ({ ctx, params, reply }) => {
        const { filename, pdf } = await referrals.feedbackLetter(ctx, params.id);
        return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.apiWithdraw.pattern,
      access: TAKE,
      summary: 'Withdraw the referral with a reason',
      tags,
      params: idParams,
      body: withdrawBody,
      audit: 'referral_withdraw',
      success: { schema: referralResource },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => referrals.withdraw(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.apiClose.pattern,
      access: TAKE,
      summary: 'Close the referral (after an outcome, or a decision not to proceed)',
      tags,
      params: idParams,
      body: versionBody,
      audit: 'referral_close',
      success: { schema: referralResource },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => referrals.close(ctx, params.id, body),
    }),
  ];
}
