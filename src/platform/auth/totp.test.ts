import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, newRecoveryCodes, otpauthUri, totpAt, totpStep } from './totp.js';

// RFC 6238 Appendix B: the SHA-1 secret is the ASCII "12345678901234567890"; 8-digit codes there,
// whose last six digits are the six-digit codes.
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890'));

describe('TOTP (RFC 6238)', () => {
  it('gives the RFC test vectors', () => {
    expect(totpAt(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpAt(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpAt(RFC_SECRET, new Date(1_234_567_890_000))).toBe('005924');
    expect(totpAt(RFC_SECRET, new Date(2_000_000_000_000))).toBe('279037');
    expect(hotp(Buffer.from('12345678901234567890'), 0)).toBe('755224'); // RFC 4226 Appendix D
  });

  it('round-trips base32', () => {
    const bytes = Buffer.from([0, 1, 2, 250, 251, 252, 7, 8, 9, 10, 11]);
    expect(base32Decode(base32Encode(bytes)).equals(bytes)).toBe(true);
  });

  it('accepts one step either side of now, not two, and never a step already used', () => {
    const now = new Date('2026-03-10T09:00:15Z');
    const step = totpStep(now);
    const at = (offset: number) => new Date((step + offset) * 30_000);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, at(0)), now, null)).toBe(step);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, at(-1)), now, null)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, at(1)), now, null)).toBe(step + 1);
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, at(-2)), now, null)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, at(2)), now, null)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, at(0)), now, step)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, totpAt(RFC_SECRET, at(-1)), now, step - 1)).toBeUndefined();
    expect(matchTotp(RFC_SECRET, 'abcdef', now, null)).toBeUndefined();
  });

  it('changes code exactly at the 30-second boundary', () => {
    const before = new Date('2026-03-10T09:00:29.999Z');
    const after = new Date('2026-03-10T09:00:30.000Z');
    expect(totpStep(after) - totpStep(before)).toBe(1);
  });

  it('writes the otpauth URI authenticator apps read, and distinct recovery codes', () => {
    const uri = otpauthUri('JBSWY3DPEHPK3PXP', 'AMHP Hub', 'amhp@example.org');
    expect(uri).toBe('otpauth://totp/AMHP%20Hub:amhp%40example.org?secret=JBSWY3DPEHPK3PXP&issuer=AMHP+Hub&algorithm=SHA1&digits=6&period=30');
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(codes.every((code) => /^[a-z2-9]{5}-[a-z2-9]{5}$/.test(code))).toBe(true);
  });
});
