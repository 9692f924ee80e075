/**
 * The one Result type for pure domain functions: they refuse by returning a value, never by
 * throwing, and the service turns a refusal into the platform error once, with `unwrap`.
 */
import {
  type AppError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  StateError,
  ValidationError,
  type FieldError,
  type RuleFinding,
} from './errors.js';

/**
 * - `invalid`: the input is wrong (400, form errors against fields)
 * - `rule`: a statutory or business rule refuses it (422, with rule ids)
 * - `state`: the record's state does not allow it now (409)
 * - `conflict`: someone else changed it (409 version_conflict)
 * - `forbidden`: this person may not do it (403)
 * - `not_found`: the record is not there (404)
 */
export type Refusal =
  | { kind: 'invalid'; fieldErrors: FieldError[]; message?: string }
  | { kind: 'rule'; code: string; message: string; failures: RuleFinding[]; warnings?: RuleFinding[] }
  | { kind: 'state'; code: string; message: string }
  | { kind: 'conflict'; message?: string; currentVersion?: number }
  | { kind: 'forbidden'; message: string }
  | { kind: 'not_found'; what: string };

export type Result<T> = { ok: true; value: T } | { ok: false; refusal: Refusal };
export type Refused = { ok: false; refusal: Refusal };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function refused(refusal: Refusal): Refused {
  return { ok: false, refusal };
}

/** Bad input against one field (or several). */
export function invalid(field: string, message: string): Refused;
export function invalid(fieldErrors: FieldError[]): Refused;
export function invalid(fieldOrErrors: string | FieldError[], message?: string): Refused {
  const fieldErrors = typeof fieldOrErrors === 'string' ? [{ field: fieldOrErrors, message: message ?? '' }] : fieldOrErrors;
  return refused({ kind: 'invalid', fieldErrors });
}

/** A business rule with a stable code; `field` points the form at the place to fix. */
export function ruleBroken(code: string, message: string, field?: string): Refused {
  return refused({ kind: 'rule', code, message, failures: [{ rule: code, severity: 'E', message, ...(field ? { field } : {}) }] });
}

export function wrongState(code: string, message: string): Refused {
  return refused({ kind: 'state', code, message });
}

export function notAllowed(message: string): Refused {
  return refused({ kind: 'forbidden', message });
}

/** The platform error a refusal becomes: mapped to HTTP, pages and JSON in one place (app.ts). */
export function refusalError(refusal: Refusal): AppError {
  switch (refusal.kind) {
    case 'invalid':
      return new ValidationError(refusal.fieldErrors, refusal.message);
    case 'rule':
      return new RuleViolationError(refusal.code, refusal.message, { failures: refusal.failures, warnings: refusal.warnings ?? [] });
    case 'state':
      return new StateError(refusal.message, refusal.code);
    case 'conflict':
      return new ConflictError(refusal.message, refusal.currentVersion === undefined ? {} : { currentVersion: refusal.currentVersion });
    case 'forbidden':
      return new ForbiddenError(refusal.message);
    case 'not_found':
      return new NotFoundError(refusal.what);
  }
}

/** The value, or the refusal thrown as its platform error. */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw refusalError(result.refusal);
}

/** All results' values, or the first refusal (field errors from several `invalid`s are merged). */
export function combine<T extends readonly Result<unknown>[]>(...results: T): Result<{ [K in keyof T]: T[K] extends Result<infer V> ? V : never }> {
  const fieldErrors: FieldError[] = [];
  for (const result of results) {
    if (result.ok) continue;
    if (result.refusal.kind !== 'invalid') return result;
    fieldErrors.push(...result.refusal.fieldErrors);
  }
  if (fieldErrors.length > 0) return invalid(fieldErrors);
  return ok(results.map((r) => (r as { value: unknown }).value) as never);
}
