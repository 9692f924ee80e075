import { describe, it, expect } from 'vitest';
import { DURESS_CODE_MESSAGES, duressCodeProblem, normaliseDuressCode, validateNewDuressCode } from './duress-code.js';

describe('duress code rules', () => {
  it.each(['2580', '4071', '93715', '120694', '8316042', '73019482'])('accepts %s', (code) => {
    expect(duressCodeProblem(code)).toBeNull();
  });

  it('must be 4 to 8 digits', () => {
    expect(duressCodeProblem('')).toBe(DURESS_CODE_MESSAGES.required);
    expect(duressCodeProblem('283')).toBe(DURESS_CODE_MESSAGES.length);
    expect(duressCodeProblem('283915740')).toBe(DURESS_CODE_MESSAGES.length);
    expect(duressCodeProblem('12a4')).toBe(DURESS_CODE_MESSAGES.digitsOnly);
  });

  it.each(['0000', '7777777'])('refuses one digit repeated: %s', (code) => {
    expect(duressCodeProblem(code)).toBe(DURESS_CODE_MESSAGES.sameDigit);
  });

  it.each(['1234', '0123', '9876', '43210', '7890', '8901', '2109', '12345678'])('refuses a run: %s', (code) => {
    expect(duressCodeProblem(code)).toBe(DURESS_CODE_MESSAGES.sequence);
  });

  it.each(['1212', '123123', '12341234', '4545', '907907'])('refuses a repeated block: %s', (code) => {
    expect(duressCodeProblem(code)).toBe(DURESS_CODE_MESSAGES.repeatedBlock);
  });

  it('ignores spaces and dashes people type to group digits', () => {
    expect(normaliseDuressCode(' 25-80 ')).toBe('2580');
    expect(duressCodeProblem('25 80')).toBeNull();
  });

  it('setting a code needs the confirmation to match', () => {
    expect(validateNewDuressCode('2580', '2580')).toEqual([]);
    expect(validateNewDuressCode('2580', '25 80')).toEqual([]);
    expect(validateNewDuressCode('2580', '2581')).toEqual([
      { field: 'confirmation', message: DURESS_CODE_MESSAGES.confirmationMismatch },
    ]);
    expect(validateNewDuressCode('1111', '1111')).toEqual([{ field: 'code', message: DURESS_CODE_MESSAGES.sameDigit }]);
  });
});
