import { describe, expect, it } from 'vitest';
import { findPossibleDuplicates, normaliseName } from './possible-duplicates.js';
import type { OpenReferralSummary } from './possible-duplicates.js';

const open: OpenReferralSummary[] = [
  { referralId: 'r1', reference: 'REF-2026-000011', givenName: 'Siân', familyName: "O'Rourke-Hale", dateOfBirth: '1979-11-02', nhsNumber: '9997654323' },
  { referralId: 'r2', reference: 'REF-2026-000012', givenName: 'Dev', familyName: 'Amberley', dateOfBirth: '1991-02-14', nhsNumber: null },
];

describe('possible duplicates', () => {
  it('matches the same NHS number however typed', () => {
    const matches = findPossibleDuplicates({ givenName: 'S', familyName: 'Hale', dateOfBirth: null, nhsNumber: '999 765 4323' }, open);
    expect(matches).toEqual([{ referral: open[0], matchedOn: 'nhs_number' }]);
  });
  it('matches the same name and date of birth, ignoring case, accents and punctuation', () => {
    const matches = findPossibleDuplicates({ givenName: 'sian', familyName: 'ORourke Hale', dateOfBirth: '1979-11-02', nhsNumber: null }, open);
    expect(matches.map((m) => m.matchedOn)).toEqual(['name_and_date_of_birth']);
  });
  it('does not match the same name with a different date of birth', () => {
    expect(findPossibleDuplicates({ givenName: 'Dev', familyName: 'Amberley', dateOfBirth: '1991-02-15', nhsNumber: null }, open)).toEqual([]);
  });
  it('does not match on name alone when the date of birth is unknown', () => {
    expect(findPossibleDuplicates({ givenName: 'Dev', familyName: 'Amberley', dateOfBirth: null, nhsNumber: null }, open)).toEqual([]);
  });
  it('normalises names', () => {
    expect(normaliseName("  O'Neill-Smith ")).toBe('oneill smith');
    expect(normaliseName('Zoë')).toBe('zoe');
  });
});
