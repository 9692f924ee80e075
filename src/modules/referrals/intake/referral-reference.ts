// Human-readable referral references, e.g. REF-2026-000123: the year the referral arrived
// (in England) and a sequence that restarts each year. Six digits cover any county's year;
// a larger sequence simply gets more digits rather than failing.

import { londonParts } from '../../../platform/london-time.js';

export interface ReferralReferenceParts {
  readonly year: number;
  readonly sequence: number;
}

export function formatReferralReference(year: number, sequence: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`Year must have four digits: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`Sequence must be a whole number from 1: ${sequence}`);
  return `REF-${year}-${String(sequence).padStart(6, '0')}`;
}

/** Accepts what people type: lower case, spaces around, missing "REF-" prefix, fewer digits. */
export function parseReferralReference(input: string): ReferralReferenceParts | null {
  let text = input.trim().toUpperCase().replace(/\s+/g, '');
  if (!text.startsWith('REF-')) text = `REF-${text}`;
  const loose = /^REF-(\d{4})-(\d{1,})$/.exec(text);
  if (!loose) return null;
  const year = Number(loose[1]);
  const sequence = Number(loose[2]);
  if (sequence < 1 || !Number.isSafeInteger(sequence)) return null;
  return { year, sequence };
}

/** The reference year for a referral that arrived at this instant (the year in England). */
export function referenceYearFor(receivedAt: Date): number {
  return londonParts(receivedAt).year;
}
