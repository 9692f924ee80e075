import type { AuditLog } from '../../platform/audit.js';
import type { CredentialsService } from '../../platform/auth/credentials-service.js';
import type { Clock } from '../../platform/clock.js';
import type { ModuleParts } from '../../platform/module.js';
import { staffApiRoutes } from './staff-api-routes.js';
import { StaffDirectory } from './staff-directory.js';
import { staffPageRoutes } from './staff-page-routes.js';
import { staffPaths } from './staff-paths.js';
import type { StaffDb } from './staff-repository.js';
import { StaffService } from './staff-service.js';

export interface StaffModuleDependencies {
  /** The staff module's own tables (organisations, teams, people, roles). */
  db: StaffDb;
  clock: Clock;
  audit: Pick<AuditLog, 'record' | 'search'>;
  /** The platform's accounts: passwords, ending sessions, last sign-in. */
  credentials: Pick<CredentialsService, 'preparePassword' | 'storePassword' | 'storeOneTimeCode' | 'resetPassword' | 'endAllAccess' | 'lastSignedIn'>;
}

/**
 * The lowest module: organisations, teams, people and roles. It gives the higher modules `staff`
 * (the service) and the platform `directory` (how auth, the audit log and the outbox read people).
 */
export function createStaffModule(deps: StaffModuleDependencies) {
  const staff = new StaffService({ db: deps.db, clock: deps.clock, audit: deps.audit, credentials: deps.credentials });
  const directory = new StaffDirectory(deps.db);
  const parts: ModuleParts = {
    name: 'staff',
    routes: [...staffPageRoutes({ staff, audit: deps.audit, people: directory, credentials: deps.credentials }), ...staffApiRoutes({ staff })],
    paths: staffPaths,
    adminLinks: [
      { text: 'People and roles', href: staffPaths.people(), hint: 'Add, edit and deactivate accounts; set roles and line managers' },
      { text: 'Organisations and teams', href: staffPaths.organisations(), hint: 'The councils (LSSAs), the NHS trust and the teams' },
    ],
  };
  return { parts, staff, directory };
}

export type StaffModule = ReturnType<typeof createStaffModule>;
