// Before a referral is saved, open referrals for the same person are shown: same NHS number,
// or same name and date of birth. The repository finds candidates; this decides and explains.

import type { IsoDate } from '../../../platform/london-time.js';
import { normaliseNhsNumber } from '../nhs-number.js';

export interface PersonIdentity {
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: IsoDate | null;
  readonly nhsNumber: string | null;
}

export interface OpenReferralSummary extends PersonIdentity {
  readonly referralId: string;
  readonly reference: string;
}

export interface PossibleDuplicate {
  readonly referral: OpenReferralSummary;
  readonly matchedOn: 'nhs_number' | 'name_and_date_of_birth';
}

/** Lower case, accents removed, hyphens/apostrophes/spaces collapsed: "O'Neill-Smith" ≈ "oneill smith". */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function findPossibleDuplicates(
  person: PersonIdentity,
  openReferrals: readonly OpenReferralSummary[],
): PossibleDuplicate[] {
  const nhs = person.nhsNumber ? normaliseNhsNumber(person.nhsNumber) : '';
  const given = normaliseName(person.givenName);
  const family = normaliseName(person.familyName);
  const matches: PossibleDuplicate[] = [];
  for (const referral of openReferrals) {
    if (nhs.length > 0 && referral.nhsNumber && normaliseNhsNumber(referral.nhsNumber) === nhs) {
      matches.push({ referral, matchedOn: 'nhs_number' });
      continue;
    }
    if (
      person.dateOfBirth !== null &&
      referral.dateOfBirth === person.dateOfBirth &&
      family.length > 0 &&
      normaliseName(referral.familyName) === family &&
      normaliseName(referral.givenName) === given
    ) {
      matches.push({ referral, matchedOn: 'name_and_date_of_birth' });
    }
  }
  return matches;
}
