/**
 * The one error hierarchy. Every refusal the product makes is one of these, and each maps once
 * (in app.ts) to a GOV.UK page, a form error summary, or the JSON body `{ code, message, details }`:
 *
 * - 400 `validation_failed`   details.fieldErrors[]: { field, message }
 * - 422 (a rule's code)       details.failures[] and details.warnings[]: { rule, severity, message }
 * - 409 `version_conflict`    details.currentVersion: the version to re-read and retry from
 * - 409 (a state's code)      the record's state does not allow it (already accepted, closed …)
 * - 404, 403, 401             not found, not allowed, not signed in
 */

export interface FieldError {
  /** The form field / JSON path, e.g. `dateOfBirth` or `doctors.0.name`. */
  field: string;
  message: string;
  /** For a GOV.UK date input, the box the error summary links to (`day` → `#field-day`). */
  anchor?: string;
}

/** One statutory or business rule judged: `E` blocks, `W` needs a recorded reason to go ahead. */
export interface RuleFinding {
  rule: string;
  severity: 'E' | 'W';
  message: string;
  /** Where the finding points on the form, if anywhere. */
  field?: string;
}

export abstract class AppError extends Error {
  abstract readonly status: number;
  abstract readonly code: string;
  readonly details: unknown;
  constructor(message: string, details?: unknown) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

export class ValidationError extends AppError {
  readonly status = 400;
  readonly code = 'validation_failed';
  constructor(
    readonly fieldErrors: FieldError[],
    message = 'There is a problem with the information you gave',
  ) {
    super(message, { fieldErrors });
  }
  static of(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}

/**
 * A rule refused the change (HTTP 422): a failed statutory check, a warning that needs a reason,
 * a business rule. `failures` block; `warnings` are listed so the caller can give reasons.
 */
export class RuleViolationError extends AppError {
  readonly status = 422;
  readonly failures: RuleFinding[];
  readonly warnings: RuleFinding[];
  constructor(
    readonly code: string,
    message: string,
    findings: { failures?: RuleFinding[]; warnings?: RuleFinding[]; [more: string]: unknown } = {},
  ) {
    const failures = findings.failures ?? [];
    const warnings = findings.warnings ?? [];
    super(message, { ...findings, failures, warnings });
    this.failures = failures;
    this.warnings = warnings;
  }
  /** A single business rule (not a statutory one): its code doubles as the rule name. */
  static single(code: string, message: string, field?: string): RuleViolationError {
    return new RuleViolationError(code, message, { failures: [{ rule: code, severity: 'E', message, ...(field ? { field } : {}) }] });
  }
}

export class NotFoundError extends AppError {
  readonly status = 404;
  readonly code = 'not_found';
  constructor(what = 'The page or record') {
    super(`${what} could not be found`);
  }
}

export class ForbiddenError extends AppError {
  readonly status = 403;
  readonly code = 'forbidden';
  constructor(message = 'You do not have permission to do this') {
    super(message);
  }
}

/**
 * Need-to-know (docs/access.md): the record opens once the person records why they need it.
 * `details.action` is where the reason is posted (a page shows that form; the API names it).
 */
export class ReasonRequiredError extends AppError {
  readonly status = 403;
  readonly code = 'reason_required';
  constructor(
    message: string,
    readonly reasonFor: { action: string; apiAction: string; kind: 'break_glass' | 'take_over'; returnTo: string },
  ) {
    super(message, { action: reasonFor.apiAction, kind: reasonFor.kind });
  }
}

export class UnauthenticatedError extends AppError {
  readonly status = 401;
  readonly code = 'unauthenticated';
  constructor(message = 'Sign in to continue') {
    super(message);
  }
}

/** Someone else changed the record since it was read: nothing was saved. */
export class ConflictError extends AppError {
  readonly status = 409;
  readonly code = 'version_conflict';
  readonly currentVersion: number | undefined;
  constructor(
    message = 'Someone else changed this record while you were editing it. Your changes have not been saved: check the current version and try again.',
    details: { currentVersion?: number; [more: string]: unknown } = {},
  ) {
    super(message, details);
    this.currentVersion = details.currentVersion;
  }
}

/** The state does not allow the action (already accepted, closed evaluation, …). */
export class StateError extends AppError {
  readonly status = 409;
  readonly code: string;
  constructor(message: string, code = 'invalid_state', details?: unknown) {
    super(message, details ?? {});
    this.code = code;
  }
}

/** The database is unreachable or failing: the request can be retried later (HTTP 503). */
export class UnavailableError extends AppError {
  readonly status = 503;
  readonly code = 'service_unavailable';
  constructor(message = 'AMHP Hub cannot reach its database just now. Nothing was saved: try again in a minute.') {
    super(message);
  }
}

/** Throws ConflictError unless exactly one row matched the expected version. */
export function assertVersionMatched(updatedRows: bigint | number | undefined, what = 'record', currentVersion?: number): void {
  if (Number(updatedRows ?? 0) !== 1) {
    throw new ConflictError(
      `Someone else changed this ${what} while you were editing it. Your changes have not been saved: check the current version and try again.`,
      currentVersion === undefined ? {} : { currentVersion },
    );
  }
}

/** The SQLSTATE the database's restriction guard raises (migration 1980-privacy.sql). */
export const RESTRICTED_RECORD_SQLSTATE = 'AHR01';

/**
 * A change refused by the database because the record is restricted (UK GDPR Art. 18,
 * docs/privacy.md), as the refusal people read; null for any other error.
 */
export function restrictedRecordError(error: unknown): StateError | null {
  if (error instanceof AppError || typeof error !== 'object' || error === null) return null;
  if ((error as { code?: unknown }).code !== RESTRICTED_RECORD_SQLSTATE) return null;
  return new StateError('This record is restricted (UK GDPR restriction of processing): it is read-only until the AMHP Lead lifts the restriction.', 'record_restricted');
}
