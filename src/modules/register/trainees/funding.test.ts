import { describe, expect, it } from 'vitest';
import {
  adminFeeShares,
  completedMonthsOfService,
  courseCostShares,
  formatPence,
  leaverRepayment,
  repaymentShares,
  splitEqually,
} from './funding.js';

const LSSAS = ['lssa-host', 'lssa-b', 'lssa-c'];

function value<T>(result: { ok: true; value: T } | { ok: false }): T {
  if (!result.ok) throw new Error('expected ok');
  return result.value;
}

describe('splitting costs between LSSAs', () => {
  it('splits exactly when it divides', () => {
    expect(value(courseCostShares(900_000, LSSAS)).map((s) => s.pence)).toEqual([300_000, 300_000, 300_000]);
  });

  it('gives odd pence one each to the first LSSAs listed, always adding up to the total', () => {
    expect(value(splitEqually(100, LSSAS)).map((s) => s.pence)).toEqual([34, 33, 33]);
    expect(value(splitEqually(101, LSSAS)).map((s) => s.pence)).toEqual([34, 34, 33]);
    expect(value(splitEqually(2, LSSAS)).map((s) => s.pence)).toEqual([1, 1, 0]);
    for (const total of [0, 1, 99_999, 1_234_567]) {
      expect(value(splitEqually(total, LSSAS)).reduce((s, x) => s + x.pence, 0)).toBe(total);
    }
  });

  it('refuses fractions of a penny, negative amounts, no LSSAs and duplicates', () => {
    expect(splitEqually(10.5, LSSAS).ok).toBe(false);
    expect(splitEqually(-1, LSSAS).ok).toBe(false);
    expect(splitEqually(100, []).ok).toBe(false);
    expect(splitEqually(100, ['a', 'a']).ok).toBe(false);
  });

  it('splits the £40 administration fee per candidate across the intake', () => {
    expect(value(adminFeeShares({ candidates: 1, lssaIds: LSSAS }))).toEqual({
      totalPence: 4000,
      shares: [
        { lssaId: 'lssa-host', pence: 1334 },
        { lssaId: 'lssa-b', pence: 1333 },
        { lssaId: 'lssa-c', pence: 1333 },
      ],
    });
    expect(value(adminFeeShares({ candidates: 3, lssaIds: LSSAS })).shares.map((s) => s.pence)).toEqual([4000, 4000, 4000]);
    expect(adminFeeShares({ candidates: 1.5, lssaIds: LSSAS }).ok).toBe(false);
  });
});

describe('completed months of service', () => {
  it('completes a month on the day before the monthly anniversary (both end days are service)', () => {
    expect(completedMonthsOfService('2025-03-01', '2025-03-30')).toBe(0);
    expect(completedMonthsOfService('2025-03-01', '2025-03-31')).toBe(1);
    expect(completedMonthsOfService('2025-03-15', '2026-03-13')).toBe(11);
    expect(completedMonthsOfService('2025-03-15', '2026-03-14')).toBe(12);
  });

  it('handles month ends: qualifying on 31 January completes the first month on the last day of February', () => {
    expect(completedMonthsOfService('2025-01-31', '2025-02-27')).toBe(0);
    expect(completedMonthsOfService('2025-01-31', '2025-02-28')).toBe(1);
    expect(completedMonthsOfService('2024-01-31', '2024-02-28')).toBe(0);
    expect(completedMonthsOfService('2024-01-31', '2024-02-29')).toBe(1);
  });

  it('handles a 29 February qualification across common years', () => {
    expect(completedMonthsOfService('2024-02-29', '2025-02-27')).toBe(11);
    expect(completedMonthsOfService('2024-02-29', '2025-02-28')).toBe(12);
    expect(completedMonthsOfService('2024-02-29', '2026-02-27')).toBe(23);
    expect(completedMonthsOfService('2024-02-29', '2026-02-28')).toBe(24);
  });

  it('is zero when employment ended before qualifying', () => {
    expect(completedMonthsOfService('2025-03-01', '2025-02-01')).toBe(0);
  });
});

describe('leaver repayment', () => {
  const funding = 300_000; // £3,000.00

  it('is all of it when leaving before qualifying', () => {
    expect(value(leaverRepayment({ fundingPence: funding, qualifiedOn: null, lastDayOfEmployment: '2025-05-01' }))).toMatchObject({ rule: 'before_qualifying', amountPence: funding });
    expect(value(leaverRepayment({ fundingPence: funding, qualifiedOn: '2025-06-01', lastDayOfEmployment: '2025-05-31' })).rule).toBe('before_qualifying');
  });

  it('is all of it in the first year after qualifying, up to 11 completed months', () => {
    const r = value(leaverRepayment({ fundingPence: funding, qualifiedOn: '2025-03-15', lastDayOfEmployment: '2026-03-13' }));
    expect(r).toMatchObject({ rule: 'first_year', completedMonths: 11, amountPence: funding });
    expect(value(leaverRepayment({ fundingPence: funding, qualifiedOn: '2025-03-15', lastDayOfEmployment: '2025-03-15' })).rule).toBe('first_year');
  });

  it('is (24 − completed months) / 24 in the second year', () => {
    const at = (last: string) => value(leaverRepayment({ fundingPence: funding, qualifiedOn: '2025-03-15', lastDayOfEmployment: last }));
    expect(at('2026-03-14')).toMatchObject({ rule: 'second_year', completedMonths: 12, amountPence: 150_000 });
    expect(at('2026-06-14')).toMatchObject({ completedMonths: 15, amountPence: 112_500 });
    expect(at('2026-06-13')).toMatchObject({ completedMonths: 14, amountPence: 125_000 });
    expect(at('2027-03-13')).toMatchObject({ completedMonths: 23, amountPence: 12_500 });
    expect(at('2026-06-14').explanation).toBe('Left in the second year (15 completed months since qualifying on 15 March 2025): 9/24 of the funding is repaid');
  });

  it('is nothing from 24 completed months', () => {
    expect(value(leaverRepayment({ fundingPence: funding, qualifiedOn: '2025-03-15', lastDayOfEmployment: '2027-03-14' }))).toMatchObject({ rule: 'after_two_years', amountPence: 0 });
  });

  it('rounds down to the whole penny', () => {
    // £1,000.01 × 11/24 = £458.337…
    expect(value(leaverRepayment({ fundingPence: 100_001, qualifiedOn: '2025-01-01', lastDayOfEmployment: '2026-01-31' }))).toMatchObject({ completedMonths: 13, amountPence: 45_833 });
  });

  it('follows the leap-day rules for a 29 February qualification', () => {
    expect(value(leaverRepayment({ fundingPence: funding, qualifiedOn: '2024-02-29', lastDayOfEmployment: '2025-02-27' })).rule).toBe('first_year');
    expect(value(leaverRepayment({ fundingPence: funding, qualifiedOn: '2024-02-29', lastDayOfEmployment: '2025-02-28' })).amountPence).toBe(150_000);
    expect(value(leaverRepayment({ fundingPence: funding, qualifiedOn: '2024-02-29', lastDayOfEmployment: '2026-02-28' })).amountPence).toBe(0);
  });

  it('is discretionary, up to all of it, when the course is discontinued', () => {
    expect(value(leaverRepayment({ fundingPence: funding, qualifiedOn: null, lastDayOfEmployment: '2025-05-01', reason: 'discontinued_course' }))).toMatchObject({ rule: 'discontinued', discretionary: true, amountPence: funding });
  });

  it('refuses bad dates and amounts', () => {
    expect(leaverRepayment({ fundingPence: funding, qualifiedOn: '2025-02-29', lastDayOfEmployment: '2025-05-01' }).ok).toBe(false);
    expect(leaverRepayment({ fundingPence: 10.5, qualifiedOn: null, lastDayOfEmployment: '2025-05-01' }).ok).toBe(false);
  });

  it('is refunded to the LSSAs equally', () => {
    expect(value(repaymentShares(112_501, LSSAS)).map((s) => s.pence)).toEqual([37_501, 37_500, 37_500]);
  });
});

describe('money display', () => {
  it('shows pounds and pence', () => {
    expect(formatPence(112_500)).toBe('£1,125.00');
    expect(formatPence(5)).toBe('£0.05');
    expect(formatPence(-1999)).toBe('-£19.99');
  });
});
