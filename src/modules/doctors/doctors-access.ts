import type { Role } from '../../platform/roles.js';

/** Who keeps the directory (issue 16: administrators and the AMHP Lead). */
export const DIRECTORY_EDITORS: readonly Role[] = ['admin', 'amhp_lead'];
/** Who finds and invites doctors for an assessment (and reads the directory to do it). */
export const FINDERS: readonly Role[] = ['amhp', 'amhp_lead', 'edt_officer', 'edt_manager'];
/** Who reads the directory: the finders, its editors and the managers who oversee the service. */
export const DIRECTORY_READERS: readonly Role[] = [...new Set<Role>([...FINDERS, ...DIRECTORY_EDITORS, 'operational_manager', 'lead_amhp'])];
/** A section 12 doctor: their own profile, availability, invitations and claims, nothing else. */
export const DOCTORS: readonly Role[] = ['s12_doctor'];
/** The claims officer at the paying NHS body: claims and payment batches. */
export const CLAIMS_OFFICERS: readonly Role[] = ['claims_officer'];
/** Who sees every claim (reads only, beside the claims officer). */
export const CLAIMS_READERS: readonly Role[] = ['claims_officer', 'amhp_lead', 'admin'];

export const ACCESS = {
  directoryReaders: { roles: DIRECTORY_READERS },
  editors: { roles: DIRECTORY_EDITORS },
  finders: { roles: FINDERS },
  doctors: { roles: DOCTORS },
  claimsOfficers: { roles: CLAIMS_OFFICERS },
  claimsReaders: { roles: CLAIMS_READERS },
} as const satisfies Record<string, { roles: readonly Role[] }>;
