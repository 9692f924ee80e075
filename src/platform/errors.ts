export interface FieldError {
  /** The form field / JSON path, e.g. `dateOfBirth` or `doctors.0.name`. */
  field: string;
  message: string;
}

/** The one error hierarchy: each maps once to a page, a form error summary or JSON. */
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

/** A business rule refused the change (HTTP 422), e.g. a failed statutory check. */
export class RuleViolationError extends AppError {
  readonly status = 422;
  constructor(
    readonly code: string,
    message: string,
    details?: unknown,
  ) {
    super(message, details);
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
  constructor(
    message = 'Someone else changed this record while you were editing it. Your changes have not been saved: check the current version and try again.',
    details?: unknown,
  ) {
    super(message, details);
  }
}

/** The state does not allow the action (already accepted, closed evaluation, …). */
export class StateError extends AppError {
  readonly status = 409;
  readonly code: string;
  constructor(message: string, code = 'invalid_state', details?: unknown) {
    super(message, details);
    this.code = code;
  }
}

/** Throws ConflictError unless exactly one row matched the expected version. */
export function assertVersionMatched(updatedRows: bigint | number | undefined, what = 'record'): void {
  if (Number(updatedRows ?? 0) !== 1) {
    throw new ConflictError(
      `Someone else changed this ${what} while you were editing it. Your changes have not been saved: check the current version and try again.`,
    );
  }
}
