// A personal duress code: entered when finishing a visit, it looks exactly like a normal safe
// check-in on the AMHP's screen but raises a silent alarm (see visit.ts `finishVisit`).
//
// Rules: 4 to 8 digits; not one digit repeated (0000), not a run up or down (1234, 9876, also
// wrapping: 7890), not a short block repeated (1212, 123123). Those are the codes someone
// could guess, or type by accident, and a false silent alarm wastes the ladder's time.
//
// Storage and comparison (service layer, not here): store only an argon2id hash, exactly as
// for passwords. Verify with `DuressCodeVerifier`, which must
//  - normalise the candidate with `normaliseDuressCode` first;
//  - always run one hash verification on every safe check-in by an AMHP who has a code set,
//    even when the code field was left empty (verify against the stored hash anyway and
//    discard the result), so the response time does not reveal whether a code was entered;
//  - never compare plaintext with `===`; argon2's verify is the constant-time comparison.
// The check-in response must be byte-for-byte the same whether or not the code matched.

import type { FieldError } from '../../../platform/errors.js';

export const DURESS_CODE_MIN_LENGTH = 4;
export const DURESS_CODE_MAX_LENGTH = 8;

/** Resolves true when `candidate` is the person's duress code. See the rules above. */
export type DuressCodeVerifier = (personId: string, candidate: string) => Promise<boolean>;

export const DURESS_CODE_MESSAGES = {
  required: 'Enter a duress code',
  digitsOnly: 'The duress code must be numbers only',
  length: 'The duress code must be 4 to 8 digits',
  sameDigit: 'The duress code cannot be one number repeated, like 0000',
  sequence: 'The duress code cannot be a run of numbers, like 1234 or 9876',
  repeatedBlock: 'The duress code cannot be a short pattern repeated, like 1212',
  confirmationMismatch: 'The two codes do not match',
} as const;

/** People type spaces and dashes to group digits: "12 34" is "1234". */
export function normaliseDuressCode(input: string): string {
  return input.replace(/[\s-]/g, '');
}

function isRun(digits: number[], step: 1 | -1): boolean {
  return digits.every((d, i) => i === 0 || d === (digits[i - 1]! + step + 10) % 10);
}

function isRepeatedBlock(code: string): boolean {
  for (let size = 1; size <= code.length / 2; size += 1) {
    if (code.length % size === 0 && code.slice(0, size).repeat(code.length / size) === code) return true;
  }
  return false;
}

/** The first problem with a proposed code, or null when it is acceptable. */
export function duressCodeProblem(input: string): string | null {
  const code = normaliseDuressCode(input);
  if (!code) return DURESS_CODE_MESSAGES.required;
  if (!/^\d+$/.test(code)) return DURESS_CODE_MESSAGES.digitsOnly;
  if (code.length < DURESS_CODE_MIN_LENGTH || code.length > DURESS_CODE_MAX_LENGTH) return DURESS_CODE_MESSAGES.length;
  if (/^(\d)\1+$/.test(code)) return DURESS_CODE_MESSAGES.sameDigit;
  const digits = [...code].map(Number);
  if (isRun(digits, 1) || isRun(digits, -1)) return DURESS_CODE_MESSAGES.sequence;
  if (isRepeatedBlock(code)) return DURESS_CODE_MESSAGES.repeatedBlock;
  return null;
}

export function validateNewDuressCode(code: string, confirmation: string): FieldError[] {
  const problem = duressCodeProblem(code);
  if (problem) return [{ field: 'code', message: problem }];
  if (normaliseDuressCode(code) !== normaliseDuressCode(confirmation)) {
    return [{ field: 'confirmation', message: DURESS_CODE_MESSAGES.confirmationMismatch }];
  }
  return [];
}
