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
const policyShape = z.object({
  reportingYearStartMonth: z.number().int().min(1).max(12),
  rules: z.object({
    rota: ruleSchema,
    substantive_daytime: ruleSchema,
    edt: ruleSchema,
    supervisor_is_line_manager: ruleSchema,
  }),
});

/**
 * The arrangement codes are snake_case keys inside a JSON column, and the database plugin reads
 * JSON keys back in camelCase (`substantiveDaytime`): put them back before checking, or a saved
 * policy would never be read (it fell back to the default until this was found).
 */
function snakeArrangementKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || !('rules' in value)) return value;
  const rules = (value as { rules: unknown }).rules;
  if (rules === null || typeof rules !== 'object') return value;
  const snake = Object.fromEntries(Object.entries(rules).map(([key, rule]) => [key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), rule]));
  return { ...value, rules: snake };
}

export const supervisionPolicySchema: z.ZodType<SupervisionPolicy> = z.preprocess(snakeArrangementKeys, policyShape);

export const DEFAULTS = {
  warningDays: DEFAULT_REAPPROVAL_WARNING_DAYS,
  supervisionPolicy: DEFAULT_SUPERVISION_POLICY,
};
