import type { Role } from '../../platform/roles.js';
import { RESTRICTION_MANAGERS } from '../referrals/referrals-module.js';

/**
 * Who does what under UK GDPR (docs/privacy.md). There is no data protection officer role: the
 * AMHP Lead, who already reads the whole service's records (docs/access.md), answers subject
 * access requests and restricts processing; the retention schedule is configured by the AMHP
 * Lead or an administrator; each kind of record is erased only on its own Lead's confirmation
 * (referrals: the AMHP Lead; register entries: the Lead AMHP, who owns the register).
 */
export const PRIVACY_OFFICERS: readonly Role[] = RESTRICTION_MANAGERS;
export const RETENTION_READERS: readonly Role[] = ['amhp_lead', 'lead_amhp', 'admin'];
export const RETENTION_EDITORS: readonly Role[] = ['amhp_lead', 'admin'];
export const RETENTION_DECIDERS: readonly Role[] = ['amhp_lead', 'lead_amhp'];

export const ACCESS = {
  officers: { roles: PRIVACY_OFFICERS },
  retentionReaders: { roles: RETENTION_READERS },
  retentionEditors: { roles: RETENTION_EDITORS },
  retentionDeciders: { roles: RETENTION_DECIDERS },
} as const satisfies Record<string, { roles: readonly Role[] }>;
