/** Reading a domain function's refusal in a test, without an `if` around the assertion. */
import type { RuleFinding } from '../../src/platform/errors.js';
import type { Refusal, Result } from '../../src/platform/result.js';

/** The refusal of a result that must have been refused (fails the test otherwise). */
export function refusalOf(result: Result<unknown>): Refusal {
  if (result.ok) throw new Error(`Expected a refusal, got ${JSON.stringify(result.value)}`);
  return result.refusal;
}

/** The broken rules of a result that must have been refused by a rule. */
export function rulesOf(result: Result<unknown>): RuleFinding[] {
  const refusal = refusalOf(result);
  if (refusal.kind !== 'rule') throw new Error(`Expected a rule refusal, got ${JSON.stringify(refusal)}`);
  return refusal.failures;
}

/** The message a schema gives against each field, as a form's error summary would list them. */
export function fieldErrorsOf(schema: { safeParse(input: unknown): { success: boolean; error?: { issues: Array<{ path: PropertyKey[]; message: string }> } } }, input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  const out: Record<string, string> = {};
  for (const issue of result.error?.issues ?? []) out[issue.path.map(String).join('.') || '_'] ??= issue.message;
  return out;
}
