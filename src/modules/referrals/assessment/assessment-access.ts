// Who may read and change assessment records.
import { ROLE_GROUPS, type Role } from '../../../platform/roles.js';

/** Assessors record assessments: AMHP, AMHP Lead, EDT officer, EDT manager. */
export const ASSESSMENT_EDITORS: readonly Role[] = ROLE_GROUPS.assessors;
/**
 * Assessors and the managers who run the service read them (within need-to-know). Line managers
 * see hours, supervision and welfare, not clinical content; the Lead AMHP owns the register, not
 * the case work (docs/access.md).
 */
export const ASSESSMENT_READERS: readonly Role[] = [...ROLE_GROUPS.assessors, 'operational_manager'];
