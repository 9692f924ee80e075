/**
 * Domain outcomes as values rather than exceptions, so services can map each `code` to the
 * platform's error types (validation → 400/form errors, conflict → 409, and so on) in one place.
 */

export type StandardsErrorCode =
  | 'validation'
  | 'evaluation_closed'
  | 'not_allowed_now'
  | 'invalid_transition'
  | 'not_chair'
  | 'incomplete_standards'
  | 'edit_conflict'
  | 'different_services'
  | 'same_evaluation'
  | 'invalid_status_change';

export interface FieldProblem {
  /** Where the problem is: a field path ("standards[3].number") and, for CSV, a line number. */
  field: string;
  line?: number;
  message: string;
}

export interface StandardsError {
  code: StandardsErrorCode;
  message: string;
  problems?: FieldProblem[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: StandardsError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(
  code: StandardsErrorCode,
  message: string,
  problems?: FieldProblem[],
): Result<T> {
  return problems === undefined
    ? { ok: false, error: { code, message } }
    : { ok: false, error: { code, message, problems } };
}
