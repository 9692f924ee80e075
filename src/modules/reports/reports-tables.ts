import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Instant } from '../../db/column-types.js';
import type { DutyReportFacts } from '../duty/duty-report-facts.js';
import type { EscalationsReportFacts } from '../escalations/escalations-report-facts.js';
import type { ReferralsReportFacts } from '../referrals/referrals-report-facts.js';
import type { RegisterReportFacts } from '../register/register-report-facts.js';
import type { SafetyReportFacts } from '../safety/safety-report-facts.js';
import type { StaffReadModel } from '../staff/staff-tables.js';

type NullableInstant = ColumnType<Date | null, Date | null | undefined, Date | null>;

/** A month's Highlight Report (migration 1610): the Lead's narratives and the report's state. */
export interface ReportHighlightsTable {
  id: Generated<string>;
  /** YYYY-MM, London calendar month. */
  month: string;
  /** Theme id → narrative. */
  narratives: JSONColumnType<Record<string, string>, string, string>;
  status: Generated<'draft' | 'approved'>;
  createdAt: Instant;
  editedBy: string | null;
  editedAt: NullableInstant;
  approvedBy: string | null;
  approvedAt: NullableInstant;
  version: Generated<number>;
}

/**
 * The reports module's own tables: the Highlight Reports.
 * Every other module is seen only through the report-facts views it publishes (migration
 * 1600-report-views.sql) and the staff read model: a query into another module's table does not
 * compile.
 */
export interface ReportsTables {
  reportHighlights: ReportHighlightsTable;
}

/** What the reports repositories are typed against: own tables plus the published read models. */
export type ReportsReadModels = ReferralsReportFacts & DutyReportFacts & SafetyReportFacts & RegisterReportFacts & EscalationsReportFacts & StaffReadModel;
export type ReportsDb = ReportsTables & ReportsReadModels;
