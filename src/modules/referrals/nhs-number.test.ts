import { describe, expect, it } from 'vitest';
import { formatNhsNumber, nhsCheckDigit, normaliseNhsNumber, validateNhsNumber } from './nhs-number.js';

const isValid = (input: string) => validateNhsNumber(input).ok;

describe('NHS number', () => {
  it('accepts a number whose check digit is right, however it is typed', () => {
    expect(validateNhsNumber('9997654323')).toEqual({ ok: true, value: '9997654323' });
    expect(validateNhsNumber('999 765 4323')).toEqual({ ok: true, value: '9997654323' });
    expect(validateNhsNumber(' 999-765-4323 ')).toEqual({ ok: true, value: '9997654323' });
  });

  it('refuses the same number with the last digit one either side', () => {
    for (const wrong of ['9997654322', '9997654324']) {
      expect(validateNhsNumber(wrong)).toMatchObject({ ok: false, problem: 'check_digit' });
    }
  });

  it('refuses a transposition of two digits', () => {
    expect(isValid('9996754323')).toBe(false);
  });

  it('accepts check digit 0 (remainder 0) and refuses numbers whose check would be 10', () => {
    expect(nhsCheckDigit('999246813')).toBe(0);
    expect(isValid('9992468130')).toBe(true);
    expect(nhsCheckDigit('999123456')).toBeNull();
    for (let last = 0; last <= 9; last += 1) expect(isValid(`999123456${last}`)).toBe(false);
  });

  it('says why a number is wrong', () => {
    expect(validateNhsNumber('')).toMatchObject({ ok: false, problem: 'empty' });
    expect(validateNhsNumber('999765432')).toMatchObject({ ok: false, problem: 'wrong_length', message: 'An NHS number has 10 digits; this one has 9' });
    expect(validateNhsNumber('99976543231')).toMatchObject({ ok: false, problem: 'wrong_length' });
    expect(validateNhsNumber('99976S4323')).toMatchObject({ ok: false, problem: 'not_digits' });
    expect(validateNhsNumber('0000000000')).toMatchObject({ ok: false, problem: 'placeholder' });
    expect(validateNhsNumber('1111111111')).toMatchObject({ ok: false, problem: 'placeholder' });
  });

  it('normalises and formats 3-3-4', () => {
    expect(normaliseNhsNumber('999\u00a0765–4323')).toBe('9997654323');
    expect(formatNhsNumber('9997654323')).toBe('999 765 4323');
    expect(formatNhsNumber('12')).toBe('12');
  });
});
