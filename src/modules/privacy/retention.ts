// The retention schedule (docs/privacy.md): pure rules, no I/O.

import { addYearsAnniversary } from '../../platform/time/anniversary.js';
import type { IsoDate } from '../../platform/london-time.js';

export const RECORD_KINDS = ['referral', 'register_entry'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const KIND_LABELS: Record<RecordKind, string> = {
  referral: 'Referral and Mental Health Act assessment record',
  register_entry: 'AMHP register entry (approvals, training, supervision)',
};

/** The shortest period a schedule may set: the Code's and the register's minimums. */
export const MINIMUM_YEARS: Record<RecordKind, number> = { referral: 8, register_entry: 10 };
export const MAXIMUM_YEARS = 100;

/** Who decides an erasure of each kind: the Lead who answers for those records. */
export const ERASURE_DECIDERS: Record<RecordKind, 'amhp_lead' | 'lead_amhp'> = { referral: 'amhp_lead', register_entry: 'lead_amhp' };

export function yearsProblem(kind: RecordKind, years: number): string | null {
  if (!Number.isInteger(years)) return 'Enter a whole number of years';
  if (years < MINIMUM_YEARS[kind]) return `Keep these records at least ${MINIMUM_YEARS[kind]} years (see docs/privacy.md for the source)`;
  if (years > MAXIMUM_YEARS) return `Enter ${MAXIMUM_YEARS} years or fewer`;
  return null;
}

/** The day a record becomes due for review: `years` after its last activity (London dates). */
export function dueOn(lastActivity: IsoDate, years: number): IsoDate {
  return addYearsAnniversary(lastActivity, years);
}

/** The instant before which a referral's last activity makes it due today. */
export function referralCutoff(today: IsoDate, years: number): IsoDate {
  return addYearsAnniversary(today, -years);
}
