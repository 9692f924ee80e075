import type { DutyReportFacts } from '../duty/duty-report-facts.js';
import type { EscalationsReportFacts } from '../escalations/escalations-report-facts.js';
import type { ReferralsReportFacts } from '../referrals/referrals-report-facts.js';
import type { RegisterReportFacts } from '../register/register-report-facts.js';
import type { SafetyReportFacts } from '../safety/safety-report-facts.js';
import type { StaffReadModel } from '../staff/staff-tables.js';

/**
 * The reports module's own tables (none yet beyond the Highlight Reports, added with them).
 * Every other module is seen only through the report-facts views it publishes (migration
 * 1600-report-views.sql) and the staff read model: a query into another module's table does not
 * compile.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ReportsTables {}

/** What the reports repositories are typed against: own tables plus the published read models. */
export type ReportsReadModels = ReferralsReportFacts & DutyReportFacts & SafetyReportFacts & RegisterReportFacts & EscalationsReportFacts & StaffReadModel;
export type ReportsDb = ReportsTables & ReportsReadModels;
