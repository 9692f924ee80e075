// Need-to-know with break-glass (docs/access.md): the form that records why someone opens a
// referral outside their need-to-know (or why a Lead takes over an assessment), and the AMHP
// Lead's review list. Pages and API.

import { z } from 'zod';
import { formErrorsView } from '../../../platform/http/forms.js';
import { choice, idParams, optionalText, text, uuid, version } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { ValidationError } from '../../../platform/errors.js';
import { referralPaths } from '../referrals-paths.js';
import { ACCESS_LOG_READERS, REFERRAL_READERS } from './referral-access.js';
import type { ReferralRouteDeps } from './referral-page-routes.js';

const VIEWS = 'referrals/intake/views';
const KINDS = ['break_glass', 'take_over'] as const;
/** Only a path inside this referral's pages: a reason never redirects anywhere else. */
const RETURN_TO = /^\/referrals\/[0-9a-f-]{36}(\/[a-z0-9.-]+)*$/;

const reasonQuery = z.object({ kind: choice(KINDS, 'Choose what the reason is for').optional(), returnTo: z.string().max(200).optional() });
const reasonForm = z.object({
  kind: choice(KINDS, 'Choose what the reason is for'),
  reason: text('why you need to open this record', 1000),
  returnTo: z.string().max(200).optional(),
});
const reasonBody = z.object({ kind: choice(KINDS, 'Choose break_glass (to open the record) or take_over (to record the assessment)'), reason: text('why you need to open this record', 1000) });
const grantResource = z.object({ grantId: z.string(), expiresAt: z.string().describe('When the reason stops opening the record (UTC)') });
const reviewBody = z.object({ note: optionalText(1000, 'The review note'), version });
const reviewForm = z.object({ note: optionalText(1000, 'The review note'), version });
const grantParams = z.object({ grantId: uuid() });
const reviewQuery = z.object({ reviewed: z.enum(['true', 'false']).optional() });
const reviewItem = z.object({
  id: z.string(),
  referralId: z.string(),
  reference: z.string(),
  personName: z.string(),
  kind: z.enum(KINDS),
  reason: z.string(),
  grantedAt: z.string(),
  expiresAt: z.string(),
  reviewedByName: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  reviewNote: z.string(),
  version: z.number(),
});

function safeReturn(id: string, returnTo: string | undefined): string {
  return returnTo && RETURN_TO.test(returnTo) && returnTo.startsWith(`/referrals/${id}`) ? returnTo : referralPaths.show({ id });
}

export function referralReasonPages({ referrals }: ReferralRouteDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: referralPaths.reason.pattern,
      access: { roles: REFERRAL_READERS },
      summary: 'Record why you need to open a referral outside your need-to-know, or take over its assessment',
      tags: ['referrals'],
      params: idParams,
      query: reasonQuery,
      success: { contentType: 'text/html' },
      handler: async ({ params, query, reply }) => reply.render(`${VIEWS}/referral-reason.njk`, { referralId: params.id, values: { kind: query.kind ?? 'break_glass', returnTo: safeReturn(params.id, query.returnTo) } }),
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.reason.pattern,
      access: { roles: REFERRAL_READERS },
      summary: 'Record the reason and open the record',
      tags: ['referrals'],
      params: idParams,
      body: reasonForm,
      audit: ['referral_break_glass', 'assessment_taken_over'],
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        await referrals.access.recordReason(ctx, params.id, body.kind, body.reason);
        return reply.redirectWithFlash(safeReturn(params.id, body.returnTo), {
          kind: 'success',
          heading: body.kind === 'take_over' ? 'You have taken over this assessment' : 'Reason recorded: the record is open to you for 12 hours',
        });
      },
      onRefusal: async ({ error, values, params, reply }) =>
        reply.render(
          `${VIEWS}/referral-reason.njk`,
          { referralId: params!.id, values: { ...values, returnTo: safeReturn(params!.id, typeof values.returnTo === 'string' ? values.returnTo : undefined) }, ...(error instanceof ValidationError ? { errors: formErrorsView(error) } : { refusal: { title: 'This cannot be done', message: error.message } }) },
          error.status,
        ),
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.accessReviews.pattern,
      access: { roles: ACCESS_LOG_READERS },
      summary: 'Reasons given to open records outside need-to-know, for the AMHP Lead to review',
      tags: ['referrals'],
      query: reviewQuery,
      audit: 'access_reasons_listed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, query, reply }) => {
        const reviewed = query.reviewed === 'true';
        const rows = await referrals.access.reviewList(ctx, reviewed);
        return reply.render(`${VIEWS}/referral-access-reviews.njk`, { rows, reviewed, myId: ctx.actor.personId });
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.accessReview.pattern,
      access: { roles: ACCESS_LOG_READERS },
      summary: 'Mark a reason reviewed, with a note',
      tags: ['referrals'],
      params: grantParams,
      body: reviewForm,
      audit: 'access_reason_reviewed',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        await referrals.access.markReviewed(ctx, params.grantId, body.note ?? '', body.version);
        return reply.redirectWithFlash(referralPaths.accessReviews(), { kind: 'success', heading: 'Reason reviewed' });
      },
      onRefusal: async ({ error, ctx, reply }) => {
        const rows = await referrals.access.reviewList(ctx, false);
        return reply.render(`${VIEWS}/referral-access-reviews.njk`, { rows, reviewed: false, myId: ctx.actor.personId, refusal: { title: 'The review was not saved', message: error.message } }, error.status);
      },
    }),
  ];
}

export function referralReasonApi({ referrals }: ReferralRouteDeps): RouteDeclaration[] {
  const tags = ['referrals'];
  return [
    defineRoute({
      method: 'POST',
      path: referralPaths.apiReasons.pattern,
      access: { roles: REFERRAL_READERS },
      summary: 'Record why you need a referral outside your need-to-know (break_glass), or take over its assessment (take_over, Leads)',
      description: 'A break-glass reason opens the referral to you for 12 hours and is listed for the AMHP Lead to review; a take-over also goes on the referral timeline.',
      tags,
      params: idParams,
      body: reasonBody,
      audit: ['referral_break_glass', 'assessment_taken_over'],
      success: { status: 201, schema: grantResource },
      refusals: ['not_found', 'state'],
      handler: async ({ ctx, params, body }) => {
        const grant = await referrals.access.recordReason(ctx, params.id, body.kind, body.reason);
        return { grantId: grant.grantId, expiresAt: grant.expiresAt.toISOString() };
      },
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.apiAccessReviews.pattern,
      access: { roles: ACCESS_LOG_READERS },
      summary: 'Reasons given to open records outside need-to-know (unreviewed, or reviewed=true)',
      tags,
      query: reviewQuery,
      audit: 'access_reasons_listed',
      success: { schema: z.object({ reasons: z.array(reviewItem) }) },
      handler: async ({ ctx, query }) => {
        const rows = await referrals.access.reviewList(ctx, query.reviewed === 'true');
        return {
          reasons: rows.map((row) => ({
            id: row.id,
            referralId: row.referralId,
            reference: row.reference,
            personName: row.personName,
            kind: row.kind,
            reason: row.reason,
            grantedAt: row.grantedAt.toISOString(),
            expiresAt: row.expiresAt.toISOString(),
            reviewedByName: row.reviewedByName,
            reviewedAt: row.reviewedAt ? row.reviewedAt.toISOString() : null,
            reviewNote: row.reviewNote,
            version: row.version,
          })),
        };
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.apiAccessReview.pattern,
      access: { roles: ACCESS_LOG_READERS },
      summary: 'Mark a reason reviewed (by someone other than the person who gave it)',
      tags,
      params: grantParams,
      body: reviewBody,
      audit: 'access_reason_reviewed',
      success: { schema: z.object({ reviewed: z.literal(true) }) },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => {
        await referrals.access.markReviewed(ctx, params.grantId, body.note ?? '', body.version);
        return { reviewed: true as const };
      },
    }),
  ];
}
