// Restriction of processing (UK GDPR Art. 18; docs/privacy.md): who manages restrictions and the
// condition that keeps restricted referrals out of lists and searches.

import { sql } from 'kysely';
import { hasAnyRole, type Actor, type Role } from '../../../platform/roles.js';

/**
 * Who restricts and lifts, and who still sees restricted records in lists and searches: the AMHP
 * Lead, who already reads the whole service's records (docs/access.md) and answers for them.
 */
export const RESTRICTION_MANAGERS: readonly Role[] = ['amhp_lead'];

export function seesRestricted(actor: Actor): boolean {
  return hasAnyRole(actor, RESTRICTION_MANAGERS);
}

/** The condition a list or search adds on `r` so that restricted referrals stay out of it. */
export function notRestricted() {
  return sql<boolean>`not exists (select 1 from referral_restrictions x where x.referral_id = r.id and x.lifted_at is null)`;
}
