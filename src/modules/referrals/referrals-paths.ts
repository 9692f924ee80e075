// Every path of the referrals module's intake half, declared once: route declarations use
// `.pattern`, redirects call them, templates reach them as `paths.referrals.<name>({ id })`.

import { definePaths } from '../../platform/http/paths.js';

export const referralPaths = definePaths({
  // Pages
  list: '/referrals',
  new: '/referrals/new',
  show: '/referrals/:id',
  decision: '/referrals/:id/decision',
  allocate: '/referrals/:id/allocate',
  feedback: '/referrals/:id/feedback',
  feedbackLetter: '/referrals/:id/feedback-letter.pdf',
  withdraw: '/referrals/:id/withdraw',
  close: '/referrals/:id/close',
  informationReceived: '/referrals/:id/information-received',
  calls: '/referrals/:id/calls',
  access: '/referrals/:id/access',
  reason: '/referrals/:id/reason',
  accessReviews: '/referrals/access-reviews',
  accessReview: '/referrals/access-reviews/:grantId',
  // API
  apiList: '/api/v1/referrals',
  apiOne: '/api/v1/referrals/:id',
  apiDecision: '/api/v1/referrals/:id/decision',
  apiCrisisTeamPrompts: '/api/v1/referrals/:id/crisis-team-prompts',
  apiInformationReceived: '/api/v1/referrals/:id/information-received',
  apiAllocatableAmhps: '/api/v1/referrals/:id/allocatable-amhps',
  apiAllocation: '/api/v1/referrals/:id/allocation',
  apiFeedback: '/api/v1/referrals/:id/feedback',
  apiFeedbackLetter: '/api/v1/referrals/:id/feedback-letter',
  apiWithdraw: '/api/v1/referrals/:id/withdraw',
  apiClose: '/api/v1/referrals/:id/close',
  apiCalls: '/api/v1/referrals/:id/calls',
  apiAccess: '/api/v1/referrals/:id/access',
  apiReasons: '/api/v1/referrals/:id/access-reasons',
  apiAccessReviews: '/api/v1/referral-access-reasons',
  apiAccessReview: '/api/v1/referral-access-reasons/:grantId/review',
});
