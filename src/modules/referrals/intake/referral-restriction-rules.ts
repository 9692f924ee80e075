// Restriction of processing (UK GDPR Art. 18; docs/privacy.md): who manages restrictions.

import { hasAnyRole, type Actor, type Role } from '../../../platform/roles.js';

/**
 * Who restricts and lifts, and who still sees restricted records in lists and searches: the AMHP
 * Lead, who already reads the whole service's records (docs/access.md) and answers for them.
 */
export const RESTRICTION_MANAGERS: readonly Role[] = ['amhp_lead'];

export function seesRestricted(actor: Actor): boolean {
  return hasAnyRole(actor, RESTRICTION_MANAGERS);
}
