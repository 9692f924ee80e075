import { describe, expect, it } from 'vitest';
import { validateDateOfBirth } from './person-details.js';

describe('date of birth', () => {
  const now = new Date('2026-07-14T23:30:00Z'); // 00:30 BST on 15 July
  it('accepts today in England and refuses tomorrow', () => {
    expect(validateDateOfBirth('2026-07-15', now)).toEqual({ ok: true, value: '2026-07-15' });
    expect(validateDateOfBirth('2026-07-16', now)).toEqual({ ok: false, message: 'Date of birth must be today or in the past' });
  });
  it('refuses dates that do not exist', () => {
    expect(validateDateOfBirth('1990-02-30', now).ok).toBe(false);
    expect(validateDateOfBirth('15/07/1990', now).ok).toBe(false);
  });
  it('refuses implausibly old dates (over 125)', () => {
    expect(validateDateOfBirth('1901-07-15', now).ok).toBe(true);
    expect(validateDateOfBirth('1900-07-14', now).ok).toBe(false);
  });
});
