// Domain functions in this module never throw for a rule a user can break: they return a
// refusal that the service maps onto the platform's error types (validation → 400 and the
// form's error summary, conflict → 409 with the current state).

export type RefusalKind = 'validation' | 'conflict' | 'forbidden';

export interface Refusal {
  ok: false;
  kind: RefusalKind;
  /** Stable machine code, e.g. 'overlapping-shift'. */
  code: string;
  /** Sentence a user can act on. */
  message: string;
}

export interface Success<T> {
  ok: true;
  value: T;
  /** Things the user should see but that do not stop the change. */
  warnings: string[];
}

export type Outcome<T> = Success<T> | Refusal;

export function succeed<T>(value: T, warnings: string[] = []): Success<T> {
  return { ok: true, value, warnings };
}

export function refuse(kind: RefusalKind, code: string, message: string): Refusal {
  return { ok: false, kind, code, message };
}
