// Domain functions refuse bad input by returning these rather than throwing, so the service
// can map them once onto the platform's validation / conflict / forbidden errors.

/** Same shape as the platform's FieldError: a form field (or JSON path) and a sentence. */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * `invalid`: the input is wrong (400 / form errors). `conflict`: the record's state forbids it
 * (409). `forbidden`: this person may not do it (403).
 */
export type RefusalKind = 'invalid' | 'conflict' | 'forbidden';

export type Refusal = { ok: false; kind: RefusalKind; errors: FieldError[] };
export type Result<T> = { ok: true; value: T } | Refusal;

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function refuse(kind: RefusalKind, field: string, message: string): Refusal {
  return { ok: false, kind, errors: [{ field, message }] };
}

export function invalid(errors: FieldError[]): Refusal {
  return { ok: false, kind: 'invalid', errors };
}
