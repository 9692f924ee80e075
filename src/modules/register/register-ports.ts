/**
 * What the register takes from outside, and what every register service is given. The
 * composition root (src/services.ts) passes these into createRegisterModule; nothing here
 * reaches for the root.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { IsoDate } from '../../platform/london-time.js';
import type { Role } from '../../platform/roles.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { RegisterDb } from './register-tables.js';

/** A person as the staff directory gives them (staff's PersonSummary has these and more). */
export interface StaffPerson {
  id: string;
  name: string;
  email: string;
  jobTitle: string;
  active: boolean;
  employingOrganisationId: string;
  organisationName: string;
  roles: readonly string[];
}

export interface Organisation {
  id: string;
  name: string;
}

/** The staff module's service, as far as the register uses it. */
export interface StaffDirectory {
  findPerson(id: string): Promise<StaffPerson | undefined>;
  peopleWithRole(roles: readonly Role[], options?: { activeOnly?: boolean }): Promise<StaffPerson[]>;
  organisations(): Promise<Organisation[]>;
  /** The active local authorities (LSSAs) the service acts for. */
  lssas(): Promise<Organisation[]>;
}

/**
 * How many Mental Health Act assessments a person undertook between two London dates, by kind.
 * The referrals module (a higher layer) answers it; the root passes the function in.
 */
export type AssessmentCounter = (personId: string, from: IsoDate, to: IsoDate) => Promise<{ total: number; byKind: Array<{ kind: string; count: number }> }>;

/** What every register service is built with. */
export interface RegisterDeps {
  db: Kysely<RegisterDb>;
  clock: Clock;
  audit: AuditLog;
  staff: StaffDirectory;
  settings: SettingsService;
}
