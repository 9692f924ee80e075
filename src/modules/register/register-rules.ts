/**
 * The register's business rules refuse with the platform's one Result type: each broken rule is
 * a finding with a stable code (`overlapping_approval`, `day_over_24`, …) and, where it can, the
 * form field to fix. Several can be broken at once, so the error summary lists them all.
 */
import type { RuleFinding } from '../../platform/errors.js';
import { refused, type Refused } from '../../platform/result.js';

/** One broken rule: a stable code for programs, a sentence for people, the field to fix. */
export function finding(rule: string, message: string, field?: string): RuleFinding {
  return { rule, severity: 'E', message, ...(field === undefined ? {} : { field }) };
}

/** A refusal listing every broken rule (HTTP 422 with `details.failures[]`). */
export function broken(findings: readonly RuleFinding[]): Refused {
  const first = findings[0];
  return refused({
    kind: 'rule',
    code: first?.rule ?? 'rule_broken',
    message: findings.map((f) => f.message).join('. '),
    failures: [...findings],
  });
}
