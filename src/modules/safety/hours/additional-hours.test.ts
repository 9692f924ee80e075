import { describe, it, expect } from 'vitest';
import {
  HOURS_MESSAGES,
  claimDate,
  claimMinutes,
  decideClaim,
  monthlyAdditionalHours,
  recordToilTaken,
  submitClaim,
  toilBalanceMinutes,
  withdrawClaim,
  type NewClaimInput,
} from './additional-hours.js';
import { aClaim, at, refusalOf, valueOf } from '../../../../test/support/builders/safety-builders.js';

const NOW = at('2025-03-11T09:00:00Z');
const input = (overrides: Partial<NewClaimInput> = {}): NewClaimInput => ({
  id: 'claim-new',
  amhpId: 'amhp-ava',
  startAt: at('2025-03-10T17:00:00Z'),
  endAt: at('2025-03-10T19:30:00Z'),
  reason: 'section_12_doctor',
  referralId: 'ref-100',
  ...overrides,
});

describe('claiming additional hours', () => {
  it('records the period, reason and referral', () => {
    const claim = valueOf(submitClaim(input(), NOW, []));
    expect(claim).toMatchObject({
      status: 'submitted',
      reason: 'section_12_doctor',
      referralId: 'ref-100',
      submittedAt: NOW,
    });
    expect(claimMinutes(claim)).toBe(150);
  });

  it('refuses an end before, or equal to, the start', () => {
    for (const endAt of [at('2025-03-10T16:59:00Z'), at('2025-03-10T17:00:00Z')]) {
      expect(refusalOf(submitClaim(input({ endAt }), NOW, []))).toEqual({
        kind: 'invalid',
        errors: [{ field: 'endAt', message: HOURS_MESSAGES.endBeforeStart }],
      });
    }
    expect(submitClaim(input({ endAt: at('2025-03-10T17:01:00Z') }), NOW, []).ok).toBe(true);
  });

  it('refuses hours not yet worked, accepts hours ending now', () => {
    expect(refusalOf(submitClaim(input({ endAt: at('2025-03-11T09:01:00Z') }), NOW, []))).toMatchObject({
      errors: [{ message: HOURS_MESSAGES.endInFuture }],
    });
    expect(submitClaim(input({ startAt: at('2025-03-11T08:00:00Z'), endAt: NOW }), NOW, []).ok).toBe(true);
  });

  it('refuses a single claim over 24 hours', () => {
    expect(
      submitClaim(input({ startAt: at('2025-03-09T17:00:00Z'), endAt: at('2025-03-10T17:00:00Z') }), NOW, []).ok,
    ).toBe(true);
    expect(refusalOf(
      submitClaim(input({ startAt: at('2025-03-09T16:59:00Z'), endAt: at('2025-03-10T17:00:00Z') }), NOW, []),
    )).toMatchObject({
      errors: [{ message: HOURS_MESSAGES.tooLong }],
    });
  });

  it('"other" needs a description', () => {
    expect(refusalOf(submitClaim(input({ reason: 'other', reasonDetail: ' ' }), NOW, []))).toMatchObject({
      errors: [{ field: 'reasonDetail', message: HOURS_MESSAGES.reasonDetailRequired }],
    });
    expect(valueOf(submitClaim(input({ reason: 'other', reasonDetail: ' Court report ' }), NOW, [])).reasonDetail).toBe(
      'Court report',
    );
  });

  describe('hours claimed twice for the same period', () => {
    const existing = aClaim(); // 17:00–19:30 on 10 March
    it.each([
      ['the same period', '17:00', '19:30'],
      ['overlapping the start', '16:00', '17:01'],
      ['overlapping the end', '19:29', '20:00'],
      ['inside it', '18:00', '18:30'],
      ['around it', '16:00', '20:00'],
    ])('refuses %s', (_label, start, end) => {
      const result = submitClaim(
        input({ startAt: at(`2025-03-10T${start}:00Z`), endAt: at(`2025-03-10T${end}:00Z`) }),
        NOW,
        [existing],
      );
      expect(refusalOf(result)).toEqual({
        kind: 'rule',
        code: 'hours_claimed_twice',
        errors: [{ field: 'startAt', message: HOURS_MESSAGES.claimedTwice }],
      });
    });

    it.each([
      ['ending as it starts', '16:00', '17:00'],
      ['starting as it ends', '19:30', '20:00'],
    ])('accepts a period %s', (_label, start, end) => {
      expect(
        submitClaim(input({ startAt: at(`2025-03-10T${start}:00Z`), endAt: at(`2025-03-10T${end}:00Z`) }), NOW, [
          existing,
        ]).ok,
      ).toBe(true);
    });

    it('another AMHP may claim the same period, and a declined or withdrawn claim does not block it', () => {
      expect(submitClaim(input({ amhpId: 'amhp-bo' }), NOW, [existing]).ok).toBe(true);
      expect(submitClaim(input(), NOW, [aClaim({ status: 'declined' })]).ok).toBe(true);
      expect(submitClaim(input(), NOW, [aClaim({ status: 'withdrawn' })]).ok).toBe(true);
      expect(submitClaim(input(), NOW, [aClaim({ status: 'approved', compensation: 'toil' })]).ok).toBe(false);
    });
  });
});

describe('deciding a claim', () => {
  const claim = aClaim();

  it('approves as TOIL or payment', () => {
    expect(valueOf(decideClaim(claim, { outcome: 'approve', compensation: 'toil' }, 'manager-mo', NOW))).toMatchObject({
      status: 'approved',
      compensation: 'toil',
      decidedBy: 'manager-mo',
      decidedAt: NOW,
    });
    expect(
      valueOf(decideClaim(claim, { outcome: 'approve', compensation: 'payment' }, 'manager-mo', NOW)).compensation,
    ).toBe('payment');
  });

  it('declines with a reason', () => {
    expect(refusalOf(decideClaim(claim, { outcome: 'decline', reason: '' }, 'manager-mo', NOW))).toMatchObject({
      errors: [{ field: 'declineReason', message: HOURS_MESSAGES.declineReasonRequired }],
    });
    expect(
      valueOf(decideClaim(claim, { outcome: 'decline', reason: 'Already paid on timesheet' }, 'manager-mo', NOW)),
    ).toMatchObject({
      status: 'declined',
      declineReason: 'Already paid on timesheet',
    });
  });

  it("refuses approving one's own claim", () => {
    expect(refusalOf(decideClaim(claim, { outcome: 'approve', compensation: 'toil' }, 'amhp-ava', NOW))).toEqual({
      kind: 'forbidden',
      errors: [{ message: HOURS_MESSAGES.ownClaim }],
    });
  });

  it('refuses deciding twice', () => {
    const approved = valueOf(decideClaim(claim, { outcome: 'approve', compensation: 'toil' }, 'manager-mo', NOW));
    expect(refusalOf(decideClaim(approved, { outcome: 'decline', reason: 'x' }, 'manager-mo', NOW))).toMatchObject({
      kind: 'state',
    });
  });

  it('the AMHP may withdraw an undecided claim of their own', () => {
    expect(valueOf(withdrawClaim(claim, 'amhp-ava')).status).toBe('withdrawn');
    expect(refusalOf(withdrawClaim(claim, 'amhp-bo'))).toMatchObject({ kind: 'forbidden' });
    expect(refusalOf(withdrawClaim(aClaim({ status: 'approved' }), 'amhp-ava'))).toMatchObject({ kind: 'state' });
  });
});

describe('TOIL balance', () => {
  const claims = [
    aClaim({ id: 'c1', status: 'approved', compensation: 'toil' }), // 150 min
    aClaim({
      id: 'c2',
      status: 'approved',
      compensation: 'toil',
      startAt: at('2025-03-12T17:00:00Z'),
      endAt: at('2025-03-12T18:00:00Z'),
    }),
    aClaim({
      id: 'c3',
      status: 'approved',
      compensation: 'payment',
      startAt: at('2025-03-13T17:00:00Z'),
      endAt: at('2025-03-13T20:00:00Z'),
    }),
    aClaim({ id: 'c4', status: 'submitted', startAt: at('2025-03-14T17:00:00Z'), endAt: at('2025-03-14T20:00:00Z') }),
    aClaim({ id: 'c5', status: 'declined', startAt: at('2025-03-15T17:00:00Z'), endAt: at('2025-03-15T20:00:00Z') }),
    aClaim({ id: 'c6', amhpId: 'amhp-bo', status: 'approved', compensation: 'toil' }),
  ];
  const taken = [{ id: 't1', amhpId: 'amhp-ava', date: '2025-03-20', minutes: 60, recordedBy: 'manager-mo' }];

  it('is approved TOIL minus TOIL taken; payment, pending and declined claims do not count', () => {
    expect(toilBalanceMinutes('amhp-ava', claims, [])).toBe(210);
    expect(toilBalanceMinutes('amhp-ava', claims, taken)).toBe(150);
    expect(toilBalanceMinutes('amhp-bo', claims, taken)).toBe(150);
  });

  it('approving a claim as TOIL raises the balance', () => {
    const pending = claims.find((c) => c.id === 'c4')!;
    const approved = valueOf(decideClaim(pending, { outcome: 'approve', compensation: 'toil' }, 'manager-mo', NOW));
    expect(
      toilBalanceMinutes(
        'amhp-ava',
        claims.map((c) => (c.id === 'c4' ? approved : c)),
        taken,
      ),
    ).toBe(330);
  });

  it('taking TOIL must be positive and within the balance', () => {
    const entry = { id: 't2', amhpId: 'amhp-ava', date: '2025-03-21', minutes: 150, recordedBy: 'manager-mo' };
    expect(recordToilTaken(entry, 150).ok).toBe(true);
    expect(refusalOf(recordToilTaken({ ...entry, minutes: 151 }, 150))).toMatchObject({
      kind: 'rule',
      errors: [{ field: 'minutes', message: HOURS_MESSAGES.toilMoreThanBalance }],
    });
    expect(refusalOf(recordToilTaken({ ...entry, minutes: 0 }, 150))).toMatchObject({
      errors: [{ message: HOURS_MESSAGES.toilMinutesPositive }],
    });
    expect(recordToilTaken({ ...entry, minutes: 1.5 }, 150)).toMatchObject({ ok: false });
  });
});

describe('monthly monitoring', () => {
  const claims = [
    aClaim({
      id: 'a1',
      amhpId: 'amhp-ava',
      reason: 'bed_delay',
      startAt: at('2025-03-03T17:00:00Z'),
      endAt: at('2025-03-03T19:00:00Z'),
    }),
    aClaim({
      id: 'a2',
      amhpId: 'amhp-ava',
      reason: 'late_referral',
      startAt: at('2025-03-05T17:00:00Z'),
      endAt: at('2025-03-05T18:00:00Z'),
      status: 'approved',
    }),
    aClaim({
      id: 'b1',
      amhpId: 'amhp-bo',
      reason: 'transport_delay',
      startAt: at('2025-03-07T17:00:00Z'),
      endAt: at('2025-03-07T21:00:00Z'),
    }),
    aClaim({
      id: 'b2',
      amhpId: 'amhp-bo',
      reason: 'bed_delay',
      startAt: at('2025-03-08T17:00:00Z'),
      endAt: at('2025-03-08T21:00:00Z'),
      status: 'declined',
    }),
    // 31 March 23:30 UTC is 1 April 00:30 in London (BST): an April claim.
    aClaim({
      id: 'a3',
      amhpId: 'amhp-ava',
      reason: 'complex_assessment',
      startAt: at('2025-03-31T23:30:00Z'),
      endAt: at('2025-04-01T01:00:00Z'),
    }),
    aClaim({
      id: 'a4',
      amhpId: 'amhp-ava',
      reason: 'bed_delay',
      startAt: at('2025-02-28T23:30:00Z'),
      endAt: at('2025-03-01T00:30:00Z'),
      status: 'withdrawn',
    }),
  ];

  it('shows who works the most additional hours and why, by London month', () => {
    const rows = monthlyAdditionalHours(claims);
    expect(rows.map((r) => [r.month, r.amhpId, r.totalMinutes, r.claimCount, r.mainReason])).toEqual([
      ['2025-03', 'amhp-bo', 240, 1, 'transport_delay'],
      ['2025-03', 'amhp-ava', 180, 2, 'bed_delay'],
      ['2025-04', 'amhp-ava', 90, 1, 'complex_assessment'],
    ]);
    expect(rows[1]?.minutesByReason).toEqual({
      late_referral: 60,
      section_12_doctor: 0,
      bed_delay: 120,
      complex_assessment: 0,
      transport_delay: 0,
      other: 0,
    });
  });

  it('can be limited to a range of months', () => {
    expect(monthlyAdditionalHours(claims, { fromMonth: '2025-04' }).map((r) => r.month)).toEqual(['2025-04']);
    expect(monthlyAdditionalHours(claims, { toMonth: '2025-03' }).map((r) => r.month)).toEqual(['2025-03', '2025-03']);
  });

  it('a claim is dated by its London start', () => {
    expect(claimDate(claims[4]!)).toBe('2025-04-01');
  });
});
