import type { PlatformTables } from '../platform/platform-tables.js';
import type { StaffTables } from '../modules/staff/staff-tables.js';
import type { RegisterTables } from '../modules/register/register-tables.js';
import type { ReferralsTables } from '../modules/referrals/referrals-tables.js';
import type { AssessmentsTables } from '../modules/referrals/assessment/assessments-tables.js';
import type { DutyTables } from '../modules/duty/duty-tables.js';
import type { SafetyTables } from '../modules/safety/safety-tables.js';
import type { StandardsTables } from '../modules/standards/standards-tables.js';

/**
 * TRANSITION ONLY: every table in one type. Being retired: each module's repository is typed
 * with its own tables plus the read models of lower modules (see db/database.ts `tablesFor`),
 * so that a join into another module's table does not compile. Delete this when nothing uses it.
 */
export interface Database extends PlatformTables, StaffTables, RegisterTables, ReferralsTables, AssessmentsTables, DutyTables, StandardsTables, SafetyTables {}
