// NHS numbers: 10 digits, the last a modulus-11 check digit over the first nine
// (weights 10 down to 2). People type them with spaces or dashes ("943 476 5919",
// "943-476-5919"), so we normalise before checking and store the bare digits.

export type NhsNumberProblem = 'empty' | 'wrong_length' | 'not_digits' | 'placeholder' | 'check_digit';

export type NhsNumberResult =
  | { ok: true; value: string }
  | { ok: false; problem: NhsNumberProblem; message: string };

/** Removes spaces (including non-breaking), dashes and dots that people type as separators. */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s\u00a0\-–.]/g, '');
}

/** The check digit the first nine digits require, or null when no valid digit exists (remainder 10). */
export function nhsCheckDigit(firstNine: string): number | null {
  if (!/^\d{9}$/.test(firstNine)) throw new RangeError('Expected exactly nine digits');
  let total = 0;
  for (let i = 0; i < 9; i += 1) total += Number(firstNine[i]) * (10 - i);
  const check = 11 - (total % 11);
  if (check === 11) return 0;
  if (check === 10) return null;
  return check;
}

export function validateNhsNumber(input: string): NhsNumberResult {
  const value = normaliseNhsNumber(input);
  if (value.length === 0) {
    return { ok: false, problem: 'empty', message: 'Enter the NHS number, or leave it blank if it is not known' };
  }
  if (!/^\d+$/.test(value)) {
    return { ok: false, problem: 'not_digits', message: 'An NHS number contains only digits, like 999 765 4323' };
  }
  if (value.length !== 10) {
    return {
      ok: false,
      problem: 'wrong_length',
      message: `An NHS number has 10 digits; this one has ${value.length}`,
    };
  }
  // Ten identical digits pass some checksums (0000000000, 1111111111) but are placeholders
  // typed when the number is unknown; treat them as missing, not as a person's number.
  if (/^(\d)\1{9}$/.test(value)) {
    return {
      ok: false,
      problem: 'placeholder',
      message: 'This looks like a placeholder, not a real NHS number. Leave it blank if it is not known',
    };
  }
  const expected = nhsCheckDigit(value.slice(0, 9));
  if (expected === null || expected !== Number(value[9])) {
    return {
      ok: false,
      problem: 'check_digit',
      message: 'This NHS number is not valid: a digit is probably mistyped. Check it against a letter or the GP record',
    };
  }
  return { ok: true, value };
}

/** '999 765 4323': the 3-3-4 grouping the NHS uses on letters and screens. */
export function formatNhsNumber(digits: string): string {
  const value = normaliseNhsNumber(digits);
  if (!/^\d{10}$/.test(value)) return digits;
  return `${value.slice(0, 3)} ${value.slice(3, 6)} ${value.slice(6)}`;
}
