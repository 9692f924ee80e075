// Checks on the person's details at intake that do not depend on the database.

import { ageOn, isIsoDate, londonDate, type IsoDate } from '../../../platform/london-time.js';

export type DateOfBirthResult = { ok: true; value: IsoDate } | { ok: false; message: string };

export const OLDEST_PLAUSIBLE_AGE = 125;

/** A real calendar date, not after today in England, and not implausibly long ago. */
export function validateDateOfBirth(input: string, now: Date): DateOfBirthResult {
  const value = input.trim();
  if (!isIsoDate(value)) return { ok: false, message: 'Date of birth must be a real date, like 1987-03-27' };
  const today = londonDate(now);
  if (value > today) return { ok: false, message: 'Date of birth must be today or in the past' };
  if (ageOn(value, today) > OLDEST_PLAUSIBLE_AGE) {
    return { ok: false, message: `Date of birth makes the person over ${OLDEST_PLAUSIBLE_AGE}: check the year` };
  }
  return { ok: true, value };
}
