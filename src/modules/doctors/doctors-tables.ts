import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { Instant, IsoDate } from '../../db/column-types.js';
import type { StaffReadModel } from '../staff/staff-tables.js';

// The section 12 doctors module (issue 16) owns the doctor directory, its version history and
// the doctors' own availability. It reads people through staff's read model; referrals and
// assessments only through the functions the composition root hands it.

type Json<T extends object> = JSONColumnType<T, string, string>;
type NullableInstant = ColumnType<Date | null, Date | null | undefined, Date | null>;

export interface S12DoctorsTable {
  id: Generated<string>;
  personId: string | null;
  name: string;
  gmcNumber: string;
  s12ApprovedFrom: IsoDate | null;
  s12ApprovedUntil: IsoDate | null;
  approvedClinician: boolean;
  specialisms: Json<string[]>;
  languages: Json<string[]>;
  areas: Json<string[]>;
  phone: string;
  email: string;
  base: string;
  notes: string;
  active: Generated<boolean>;
  version: Generated<number>;
  updatedAt: Instant;
  updatedBy: string | null;
}

export interface S12DoctorVersionsTable {
  doctorId: string;
  version: number;
  savedAt: Instant;
  savedBy: string | null;
  snapshot: Json<Record<string, unknown>>;
}

export interface S12AvailabilityTable {
  id: Generated<string>;
  doctorId: string;
  kind: 'weekly' | 'one_off' | 'now';
  weekday: number | null;
  startMinute: number | null;
  endMinute: number | null;
  startsAt: NullableInstant;
  endsAt: NullableInstant;
  createdAt: Instant;
}

export interface DoctorsTables {
  s12Doctors: S12DoctorsTable;
  s12DoctorVersions: S12DoctorVersionsTable;
  s12Availability: S12AvailabilityTable;
}

/** What the doctors module's repositories see: its own tables and staff's read model. */
export type DoctorsDb = DoctorsTables & StaffReadModel;
