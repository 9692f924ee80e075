import type { Role } from '../../platform/roles.js';

/**
 * Who reads the reports (issue 15 point 9): aggregates only, never a person's record. The
 * governance viewer (director, principal social worker), the AMHP Lead and operational manager
 * (the monthly pack), the Lead AMHP (workforce), business support (sending the packs).
 */
export const REPORT_READERS: readonly Role[] = ['governance_viewer', 'amhp_lead', 'operational_manager', 'lead_amhp', 'business_support'];
/** Who writes the Highlight Report's narrative (the Lead). */
export const HIGHLIGHT_WRITERS: readonly Role[] = ['amhp_lead', 'lead_amhp', 'operational_manager'];
/** Who approves and locks a Highlight Report: a Lead or the operational manager. */
export const HIGHLIGHT_APPROVERS: readonly Role[] = ['amhp_lead', 'lead_amhp', 'operational_manager'];

export const ACCESS = {
  readers: { roles: REPORT_READERS },
  writers: { roles: HIGHLIGHT_WRITERS },
  approvers: { roles: HIGHLIGHT_APPROVERS },
} as const satisfies Record<string, { roles: readonly Role[] }>;
