import { DOCTOR_SERVICE_ROLES, ROLES, type Role } from '../../platform/roles.js';

/** Staff and partner agencies: section 12 doctors and claims officers see no escalations. */
const ESCALATION_ROLES: readonly Role[] = ROLES.filter((r) => !DOCTOR_SERVICE_ROLES.includes(r));

/** Who keeps the partner directory (issue 14: administrators and the AMHP Lead). */
export const DIRECTORY_EDITORS: readonly Role[] = ['admin', 'amhp_lead'];
/** Who keeps the escalation categories (issue 14 point 2: administrators and the AMHP Lead). */
export const CATEGORY_EDITORS: readonly Role[] = DIRECTORY_EDITORS;
/** Who receives and resolves for the service, sees every escalation, and records what outside managers said. */
export const COORDINATORS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager'];
/** Who reads every escalation and the themes without writing (governance). */
export const OVERSIGHT: readonly Role[] = [...COORDINATORS, 'lead_amhp', 'governance_viewer'];
/** Anyone signed in may raise a concern, except the read-only governance role. */
export const RAISERS: readonly Role[] = ESCALATION_ROLES.filter((r) => r !== 'governance_viewer');
/** Who records and reads police requests (Right Care, Right Person): staff who raise, never partners. */
export const POLICE_REQUESTERS: readonly Role[] = RAISERS.filter((r) => r !== 'partner');
/** Who reads the themes (aggregates only). */
export const THEME_READERS: readonly Role[] = OVERSIGHT;
/** The AMHP Lead hears of every missed deadline. */
export const MISSED_DEADLINE_WATCHERS: readonly Role[] = ['amhp_lead'];

export const ACCESS = {
  everyone: { roles: ESCALATION_ROLES },
  raisers: { roles: RAISERS },
  editors: { roles: DIRECTORY_EDITORS },
  policeRequesters: { roles: POLICE_REQUESTERS },
  themeReaders: { roles: THEME_READERS },
} as const satisfies Record<string, { roles: readonly Role[] }>;
