import type { DutyTables } from './tables/duty-tables.js';
import type { PlatformTables } from './tables/platform-tables.js';
import type { SafetyTables } from './tables/safety-tables.js';
import type { RegisterTables } from './tables/register-tables.js';
import type { ReferralsTables } from './tables/referrals-tables.js';
import type { AssessmentsTables } from './tables/assessments-tables.js';
import type { StandardsTables } from './tables/standards-tables.js';

/**
 * Every table, camelCase (the CamelCasePlugin maps to snake_case SQL). Each module keeps its
 * table types in `tables/<module>-tables.ts` and adds them here.
 */
export interface Database extends PlatformTables, RegisterTables, ReferralsTables, AssessmentsTables, DutyTables, StandardsTables, SafetyTables {}
