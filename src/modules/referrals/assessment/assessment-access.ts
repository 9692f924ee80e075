// Who may read and change assessment records.
import { ROLE_GROUPS, type Role } from '../../../platform/roles.js';

/** Assessors record assessments: AMHP, AMHP Lead, EDT officer, EDT manager. */
export const ASSESSMENT_EDITORS: readonly Role[] = ROLE_GROUPS.assessors;
/** Assessors and managers read them. */
export const ASSESSMENT_READERS: readonly Role[] = [...new Set<Role>([...ROLE_GROUPS.assessors, ...ROLE_GROUPS.managers])];
