import type { Kysely } from 'kysely';
import { tablesFor, type AnyHandle } from '../../src/db/database.js';
import type { DoctorsTables } from '../../src/modules/doctors/doctors-tables.js';
import type { DutyTables } from '../../src/modules/duty/duty-tables.js';
import type { EscalationsTables } from '../../src/modules/escalations/escalations-tables.js';
import type { AssessmentsTables } from '../../src/modules/referrals/assessment/assessments-tables.js';
import type { ReferralsTables } from '../../src/modules/referrals/referrals-tables.js';
import type { RegisterTables } from '../../src/modules/register/register-tables.js';
import type { SafetyTables } from '../../src/modules/safety/safety-tables.js';
import type { StaffTables } from '../../src/modules/staff/staff-tables.js';
import type { StatutoryFormsTables } from '../../src/modules/statutory-forms/statutory-forms-tables.js';
import type { StandardsTables } from '../../src/modules/standards/standards-tables.js';
import type { PlatformTables } from '../../src/platform/platform-tables.js';
import type { ReportsBTables } from '../../src/modules/reports/part-b-tables.js';
import type { ReportsTables } from '../../src/modules/reports/reports-tables.js';
import type { PrivacyTables } from '../../src/modules/privacy/privacy-tables.js';

/**
 * Every table, for tests only: a test looks at what a use case left behind (the outbox, the audit
 * log) wherever it is. Production code never sees this type; each module queries its own tables.
 */
export interface AllTables
  extends PlatformTables, StaffTables, RegisterTables, ReferralsTables, AssessmentsTables, DutyTables, StandardsTables, SafetyTables, EscalationsTables, DoctorsTables, StatutoryFormsTables, ReportsBTables, ReportsTables, PrivacyTables {
  schemaMigrations: { name: string; appliedAt: Date };
}

export function allTables(db: AnyHandle): Kysely<AllTables> {
  return tablesFor<AllTables>(db);
}
