/** A rule broken by some input: a stable code for programs and a sentence for people. */
export interface RuleError {
  code: string;
  message: string;
  field?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; errors: RuleError[] };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(errors: RuleError[]): Result<T> {
  return { ok: false, errors };
}

export function ruleError(code: string, message: string, field?: string): RuleError {
  return field === undefined ? { code, message } : { code, message, field };
}
