import { ROLES, type Role } from '../../platform/roles.js';

/** Who keeps the partner directory (issue 14: administrators and the AMHP Lead). */
export const DIRECTORY_EDITORS: readonly Role[] = ['admin', 'amhp_lead'];
/** Who receives and resolves for the service, sees every escalation, and records what outside managers said. */
export const COORDINATORS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager'];
/** Who reads every escalation and the themes without writing (governance). */
export const OVERSIGHT: readonly Role[] = [...COORDINATORS, 'lead_amhp', 'governance_viewer'];
/** Anyone signed in may raise a concern, except the read-only governance role. */
export const RAISERS: readonly Role[] = ROLES.filter((r) => r !== 'governance_viewer');
/** The AMHP Lead hears of every missed deadline. */
export const MISSED_DEADLINE_WATCHERS: readonly Role[] = ['amhp_lead'];

export const ACCESS = {
  everyone: { roles: ROLES },
  raisers: { roles: RAISERS },
  editors: { roles: DIRECTORY_EDITORS },
} as const satisfies Record<string, { roles: readonly Role[] }>;
