// Need-to-know (docs/access.md): who may open which referral, and who may change its assessment.
// Pure rules; the service feeds them the record and the reader's active grants.

import { hasAnyRole, type Actor, type Role } from '../../../platform/roles.js';
import { OPEN_REFERRAL_STATUSES, type ReferralStatus } from '../referral-lifecycle.js';

/**
 * The people who run the queue see every referral of the service: they review, decide, allocate,
 * take referrals and give feedback, so every record is theirs to know.
 */
export const SERVICE_WIDE_READERS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager', 'business_support'];

/** Leads who may take over an assessment allocated to someone else, with a recorded reason. */
export const ASSESSMENT_TAKE_OVER_ROLES: readonly Role[] = ['amhp_lead', 'edt_manager'];

/** How long a recorded reason opens a record for the person who gave it. */
export const BREAK_GLASS_HOURS = 12;

/** A reason must say something: "x" is not a reason a reviewer can judge. */
export const REASON_MIN_LENGTH = 10;
export const REASON_MAX_LENGTH = 1000;

export type GrantKind = 'break_glass' | 'take_over';

export interface RecordFacts {
  status: ReferralStatus | string;
  allocatedAmhpId: string | null;
}

export type ReadAccess =
  | { may: true; because: 'service_wide' | 'open_queue' | 'allocated' | 'reason_given' }
  | { may: false; why: string };

export function seesWholeService(actor: Actor): boolean {
  return hasAnyRole(actor, SERVICE_WIDE_READERS);
}

/**
 * An AMHP (or EDT officer) sees the service's open queue (which holds everything on the duty
 * sheet and in the handovers) and the referrals allocated to them, open or closed. Anything
 * else opens once they have recorded a reason.
 */
export function readAccess(actor: Actor, referral: RecordFacts, hasActiveGrant: boolean): ReadAccess {
  if (seesWholeService(actor)) return { may: true, because: 'service_wide' };
  if (referral.allocatedAmhpId !== null && referral.allocatedAmhpId === actor.personId) return { may: true, because: 'allocated' };
  if ((OPEN_REFERRAL_STATUSES as readonly string[]).includes(referral.status)) return { may: true, because: 'open_queue' };
  if (hasActiveGrant) return { may: true, because: 'reason_given' };
  return { may: false, why: 'This referral is closed and was not allocated to you. Record why you need to open it: the reason is audited and reviewed by the AMHP Lead.' };
}

export type EditAccess = { may: true } | { may: false; why: string; takeOverPossible: boolean };

/**
 * Only the allocated AMHP records the assessment. A Lead may take it over after recording a
 * reason (a take-over grant); nobody else edits someone else's assessment.
 */
export function editAccess(actor: Actor, referral: RecordFacts, hasTakeOver: boolean): EditAccess {
  if (referral.allocatedAmhpId !== null && referral.allocatedAmhpId === actor.personId) return { may: true };
  if (hasTakeOver) return { may: true };
  const takeOverPossible = hasAnyRole(actor, ASSESSMENT_TAKE_OVER_ROLES);
  return {
    may: false,
    takeOverPossible,
    why: takeOverPossible
      ? 'Only the allocated AMHP records this assessment. To take it over, record your reason first.'
      : 'Only the allocated AMHP records this assessment.',
  };
}

/** The problem with a reason as typed, or null when it will do. */
export function reasonProblem(reason: string): string | null {
  const trimmed = reason.trim();
  if (trimmed.length === 0) return 'Enter why you need to open this record';
  if (trimmed.length < REASON_MIN_LENGTH) return `Give a reason of at least ${REASON_MIN_LENGTH} characters, so the Lead can judge it`;
  if (trimmed.length > REASON_MAX_LENGTH) return `The reason must be ${REASON_MAX_LENGTH} characters or fewer`;
  return null;
}

export function grantExpiry(grantedAt: Date): Date {
  return new Date(grantedAt.getTime() + BREAK_GLASS_HOURS * 3_600_000);
}
