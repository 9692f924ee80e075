// Who may do what with referrals (need-to-know: docs/access.md). Checked in the services, and
// declared on every route so a reviewer sees the policy at the path.

import type { Role } from '../../../platform/roles.js';

/**
 * May read person records (lists, search, a referral), within need-to-know (need-to-know.ts):
 * AMHPs and EDT officers see the open queue and their own; the others here see the whole service.
 * The Lead AMHP (the register's owner), line managers, governance viewers and administrators
 * see no referral: their work needs none (docs/access.md).
 */
export const REFERRAL_READERS: readonly Role[] = ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'business_support'];
/** May take a referral (phone, e-mail), record feedback, withdraw and close. */
export const REFERRAL_TAKERS: readonly Role[] = ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager', 'operational_manager', 'business_support'];
/** May review and decide (Daily Expectations §2.9: the Lead, or an AMHP the Lead delegated to; EDT out of hours). */
export const REFERRAL_DECIDERS: readonly Role[] = ['amhp_lead', 'amhp', 'edt_officer', 'edt_manager'];
/** May allocate an AMHP. */
export const REFERRAL_ALLOCATORS: readonly Role[] = ['amhp_lead', 'amhp', 'edt_officer', 'edt_manager', 'operational_manager'];
/** See the "Open referrals" home panel. */
export const REFERRAL_COORDINATORS: readonly Role[] = ['amhp_lead', 'business_support', 'edt_manager', 'operational_manager'];
/** See who has seen any referral (the allocated AMHP sees it for their own) and review break-glass reasons. */
export const ACCESS_LOG_READERS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager'];
