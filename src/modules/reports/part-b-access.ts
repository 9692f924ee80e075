import type { Role } from '../../platform/roles.js';

/**
 * Who sees what in reports part B (disparity, workforce, returns, sending). Governance viewers
 * see aggregates only: never a row per assessment, never an AMHP by name.
 */
export const AGGREGATE_READERS: readonly Role[] = ['governance_viewer', 'amhp_lead', 'operational_manager', 'lead_amhp', 'business_support'];
/** Who may see assessments per AMHP by name (managers of the service, not governance). */
export const NAMED_LOAD_READERS: readonly Role[] = ['amhp_lead', 'operational_manager', 'lead_amhp'];
/** Who downloads the assessment-level returns and the ASC-WDS file (pseudonymised, but row level). */
export const RETURN_EXPORTERS: readonly Role[] = ['amhp_lead', 'operational_manager', 'lead_amhp', 'business_support'];
/** Who records the police and place of safety references of an s136 episode. */
export const S136_RECORDERS: readonly Role[] = ['amhp_lead', 'operational_manager', 'business_support'];
/** Who imports the population denominators and sets the sending lists and the workforce target. */
export const CONFIGURERS: readonly Role[] = ['admin'];
/** Who reads what was sent to whom. */
export const SEND_LOG_READERS: readonly Role[] = ['admin', 'amhp_lead', 'operational_manager', 'business_support'];

export const PART_B_ACCESS = {
  aggregates: { roles: AGGREGATE_READERS },
  exporters: { roles: RETURN_EXPORTERS },
  s136: { roles: S136_RECORDERS },
  configurers: { roles: CONFIGURERS },
  sendLog: { roles: SEND_LOG_READERS },
} as const satisfies Record<string, { roles: readonly Role[] }>;

/** The roles the duty module lets see the SITREP (duty-access.ts), so a scheduled send acts for one of them. */
export const DUTY_SITREP_ROLES: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp', 'governance_viewer'];
