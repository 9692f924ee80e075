import { describe, expect, it } from 'vitest';
import { checkReviewerSeparation } from './reviewer-rule.js';

describe('the reviewer does not assess', () => {
  it('allows allocating someone other than the reviewer', () => {
    expect(checkReviewerSeparation({ reviewerId: 'lead-1', assigneeId: 'amhp-2' })).toEqual({ ok: true, overridden: false });
  });
  it('refuses allocating the reviewer without a reason', () => {
    const result = checkReviewerSeparation({ reviewerId: 'lead-1', assigneeId: 'lead-1' });
    expect(result).toMatchObject({ ok: false, code: 'reviewer_cannot_assess', message: expect.stringContaining('another AMHP should assess') });
    expect(checkReviewerSeparation({ reviewerId: 'lead-1', assigneeId: 'lead-1', overrideReason: '   ' }).ok).toBe(false);
  });
  it('needs a real reason: 9 characters is too short, 10 is enough', () => {
    expect(checkReviewerSeparation({ reviewerId: 'a', assigneeId: 'a', overrideReason: 'no one el' }).ok).toBe(false);
    expect(checkReviewerSeparation({ reviewerId: 'a', assigneeId: 'a', overrideReason: 'no one els' })).toEqual({ ok: true, overridden: true });
  });
});
