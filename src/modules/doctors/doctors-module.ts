// Section 12 doctors (issue 16): the directory with the doctors' own availability, the finder on
// a referral with invitations the doctor answers in the app, and doctors' claims with payment
// batches. Above referrals: it reads and writes the assessment only through the functions the
// composition root hands it (doctors-ports.ts); no lower module imports it.

import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { ModuleParts } from '../../platform/module.js';
import type { Notifications } from '../../platform/notifications.js';
import type { SettingsService } from '../../platform/settings-service.js';
import { doctorsPaths as paths } from './doctors-paths.js';
import type { DoctorsDb } from './doctors-tables.js';

export interface DoctorsModuleDeps {
  /** The doctors tables and the staff read model, nothing else. */
  db: Kysely<DoctorsDb>;
  clock: Clock;
  audit: AuditLog;
  notifications: Notifications;
  settings: SettingsService;
}

export function createDoctorsModule(deps: DoctorsModuleDeps) {
  void deps;
  const parts: ModuleParts = {
    name: 'doctors',
    routes: [],
    paths: paths as unknown as ModuleParts['paths'],
  };
  return { parts };
}
