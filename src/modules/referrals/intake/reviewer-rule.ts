// Daily Expectations Practice Guidance §2.9: whoever reviews a referral (the AMHP Lead, or an
// AMHP the Lead delegated to) "should not review referrals that they then undertake the
// assessment for". The separation keeps a second pair of eyes on the decision. Small services
// sometimes cannot keep it, so it can be overridden with a recorded reason, which is audited.

export interface AllocationRequest {
  /** The person who reviewed the referral and signed the decision. */
  readonly reviewerId: string;
  /** The AMHP being allocated to assess. */
  readonly assigneeId: string;
  readonly overrideReason?: string | null;
}

export type AllocationCheck =
  | { readonly ok: true; readonly overridden: boolean }
  | { readonly ok: false; readonly code: 'reviewer_cannot_assess'; readonly message: string };

export const MIN_OVERRIDE_REASON_LENGTH = 10;

export function checkReviewerSeparation(request: AllocationRequest): AllocationCheck {
  if (request.reviewerId !== request.assigneeId) return { ok: true, overridden: false };
  const reason = request.overrideReason?.trim() ?? '';
  if (reason.length === 0) {
    return {
      ok: false,
      code: 'reviewer_cannot_assess',
      message:
        'You reviewed this referral and decided it, so another AMHP should assess. Allocate someone else, or give the reason you need to assess it yourself.',
    };
  }
  if (reason.length < MIN_OVERRIDE_REASON_LENGTH) {
    return {
      ok: false,
      code: 'reviewer_cannot_assess',
      message: 'Say more about why you need to assess a referral you reviewed (for example, no other AMHP is on duty).',
    };
  }
  return { ok: true, overridden: true };
}
