import { describe, expect, it } from 'vitest';
import { formatReferralReference, parseReferralReference, referenceYearFor } from './referral-reference.js';

describe('referral references', () => {
  it('formats year and sequence', () => {
    expect(formatReferralReference(2026, 123)).toBe('REF-2026-000123');
    expect(formatReferralReference(2026, 1)).toBe('REF-2026-000001');
    expect(formatReferralReference(2026, 999_999)).toBe('REF-2026-999999');
    expect(formatReferralReference(2026, 1_000_000)).toBe('REF-2026-1000000');
  });
  it('refuses nonsense', () => {
    expect(() => formatReferralReference(2026, 0)).toThrow(RangeError);
    expect(() => formatReferralReference(26, 1)).toThrow(RangeError);
    expect(() => formatReferralReference(2026, 1.5)).toThrow(RangeError);
  });
  it('parses what people type into search', () => {
    expect(parseReferralReference('REF-2026-000123')).toEqual({ year: 2026, sequence: 123 });
    expect(parseReferralReference(' ref-2026-123 ')).toEqual({ year: 2026, sequence: 123 });
    expect(parseReferralReference('2026-000123')).toEqual({ year: 2026, sequence: 123 });
    expect(parseReferralReference('REF-2026-000000')).toBeNull();
    expect(parseReferralReference('Jo Bloggs')).toBeNull();
  });
  it('takes the year in England: 00:30 on New Year’s Day is the new year', () => {
    expect(referenceYearFor(new Date('2026-12-31T23:59:00Z'))).toBe(2026);
    expect(referenceYearFor(new Date('2027-01-01T00:00:00Z'))).toBe(2027);
  });
});
