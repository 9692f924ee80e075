/** Admin-editable register settings (services.settings), with their schemas and defaults. */
import { z } from 'zod';
import { DEFAULT_REAPPROVAL_WARNING_DAYS } from './approvals/approval.js';
import { DEFAULT_SUPERVISION_POLICY, SUPERVISION_TYPE_CODES, type SupervisionPolicy } from './supervision/supervision.js';

export const WARNING_DAYS_KEY = 'register.reapprovalWarningDays';
export const warningDaysSchema = z.number().int().min(1).max(365);

export const SUPERVISION_POLICY_KEY = 'register.supervisionPolicy';
const ruleSchema = z.object({
  countedTypes: z.array(z.enum(SUPERVISION_TYPE_CODES)).min(1),
  minPerReportingYear: z.number().int().min(0).max(52).nullable(),
  maxGapDays: z.number().int().min(1).max(366).nullable(),
});
export const supervisionPolicySchema: z.ZodType<SupervisionPolicy> = z.object({
  reportingYearStartMonth: z.number().int().min(1).max(12),
  rules: z.object({
    rota: ruleSchema,
    substantive_daytime: ruleSchema,
    edt: ruleSchema,
    supervisor_is_line_manager: ruleSchema,
  }),
});

export const DEFAULTS = {
  warningDays: DEFAULT_REAPPROVAL_WARNING_DAYS,
  supervisionPolicy: DEFAULT_SUPERVISION_POLICY,
};
