// The referral's other pages: feedback to the referrer (and the letter), withdrawal, closure,
// and "the information has arrived".

import { idParams } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { referralPaths } from '../referrals-paths.js';
import { REFERRAL_READERS, REFERRAL_TAKERS } from './referral-access.js';
import { referralPage, type ReferralRouteDeps } from './referral-page-routes.js';
import { feedbackForm, versionBody, withdrawBody } from './referral-schemas.js';
import { methodOptions, renderRefused } from './referral-view-model.js';

const VIEWS = 'referrals/intake/views';

export function referralActionPages({ referrals }: ReferralRouteDeps): RouteDeclaration[] {
  const lifecycleAction = (path: typeof referralPaths.close | typeof referralPaths.informationReceived, summary: string, audit: string, heading: string, act: typeof referrals.close) =>
    defineRoute({
      method: 'POST',
      path: path.pattern,
      access: { roles: REFERRAL_TAKERS },
      summary,
      tags: ['referrals'],
      params: idParams,
      body: versionBody,
      audit,
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        await act(ctx, params.id, body);
        return reply.redirectWithFlash(referralPaths.show(params), { kind: 'success', heading });
      },
      onRefusal: async ({ error, values, params, ctx, reply }) => renderRefused(reply, `${VIEWS}/referral-detail.njk`, await referralPage(referrals, ctx, params!.id), values, error),
    });

  return [
    defineRoute({
      method: 'GET',
      path: referralPaths.feedback.pattern,
      access: { roles: REFERRAL_TAKERS },
      summary: 'Feedback to the referrer: given so far, and the form to record more',
      tags: ['referrals'],
      params: idParams,
      audit: 'referral_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const page = await referralPage(referrals, ctx, params.id);
        return reply.render(`${VIEWS}/feedback-form.njk`, { ...page, methodOptions, values: { givenTo: page.referral.referrerName, method: 'phone' } });
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.feedback.pattern,
      access: { roles: REFERRAL_TAKERS },
      summary: 'Record verbal feedback given to the referrer',
      tags: ['referrals'],
      params: idParams,
      body: feedbackForm,
      audit: 'referral_feedback_recorded',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        await referrals.recordFeedback(ctx, params.id, body);
        return reply.redirectWithFlash(referralPaths.feedback(params), { kind: 'success', heading: 'Verbal feedback recorded' });
      },
      onRefusal: async ({ error, values, params, ctx, reply }) =>
        renderRefused(reply, `${VIEWS}/feedback-form.njk`, { ...(await referralPage(referrals, ctx, params!.id)), methodOptions }, values, error),
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.feedbackLetter.pattern,
      access: { roles: REFERRAL_READERS },
      summary: 'The feedback letter to the referrer (PDF)',
      tags: ['referrals'],
      params: idParams,
      audit: 'referral_feedback_letter',
      success: { contentType: 'application/pdf' },
      handler: async ({ ctx, params, reply }) => {
        const { filename, pdf } = await referrals.feedbackLetter(ctx, params.id);
        return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
      },
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.withdraw.pattern,
      access: { roles: REFERRAL_TAKERS },
      summary: 'The withdrawal form',
      tags: ['referrals'],
      params: idParams,
      audit: 'referral_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const page = await referralPage(referrals, ctx, params.id);
        return reply.render(`${VIEWS}/referral-withdraw.njk`, { ...page, values: { version: page.referral.version } });
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.withdraw.pattern,
      access: { roles: REFERRAL_TAKERS },
      summary: 'Withdraw the referral with a reason',
      tags: ['referrals'],
      params: idParams,
      body: withdrawBody,
      audit: 'referral_withdraw',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        await referrals.withdraw(ctx, params.id, body);
        return reply.redirectWithFlash(referralPaths.show(params), { kind: 'success', heading: 'Referral withdrawn' });
      },
      onRefusal: async ({ error, values, params, ctx, reply }) => renderRefused(reply, `${VIEWS}/referral-withdraw.njk`, await referralPage(referrals, ctx, params!.id), values, error),
    }),
    lifecycleAction(referralPaths.close, 'Close the referral', 'referral_close', 'Referral closed', (ctx, id, body) => referrals.close(ctx, id, body)),
    lifecycleAction(referralPaths.informationReceived, 'The information asked for has arrived: ready for a decision', 'referral_information_received', 'Ready for a decision again', (ctx, id, body) =>
      referrals.informationReceived(ctx, id, body),
    ),
  ];
}
