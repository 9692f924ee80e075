import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { ModuleParts } from '../../platform/module.js';
import type { Notifications } from '../../platform/notifications.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { Kysely } from 'kysely';
import type { ChecklistLinks } from './setup-checklist.js';
import { setupPaths } from './setup-paths.js';
import { setupRoutes } from './setup-routes.js';
import { SetupService, type SetupPorts } from './setup-service.js';
import { ExportService } from './export-service.js';
import { importRoutes } from './imports/imports-routes.js';
import { ImportsService, type ReferralsImportPort, type RegisterImportPort, type RotaImportPort, type StaffImportPort } from './imports/imports-service.js';
import type { SetupTables } from './setup-tables.js';
import { tablesFor } from '../../db/database.js';

export interface SetupModuleDependencies {
  db: Kysely<object>;
  clock: Clock;
  audit: Pick<AuditLog, 'record'>;
  settings: Pick<SettingsService, 'get' | 'put'>;
  notifications: Pick<Notifications, 'enqueue' | 'deliversEmail'>;
  /** How the checklist reads what other modules own (staff, duty, safety, the platform). */
  ports: SetupPorts;
  /** The staff module's side of the staff import. */
  staffImport: StaffImportPort;
  /** The register module's side of the register import (people come from staff, councils from set-up). */
  /** The duty module's side of the rota import (people from staff). */
  rotaImport: RotaImportPort;
  /** The referrals module's side of the open-referrals import. */
  referralsImport: Omit<ReferralsImportPort, 'councils'>;
  registerImport: Omit<RegisterImportPort, 'directory'> & { people(ctx: ServiceContext): Promise<ReadonlyArray<{ id: string; email: string; roles: readonly string[] }>> };
  /** Where each item is done: other modules' pages (organisations, service hours, ladders …). */
  links: Omit<ChecklistLinks, 'profile' | 'councils' | 'mailTest'>;
}

/**
 * Going live (issue 19): the administrator's set-up checklist. Built last: it only reads the
 * other modules, through the ports the composition root gives it. The first administrator is
 * made by `npm run create-admin` (src/cli/create-admin.ts, ./first-administrator.ts).
 */
export function createSetupModule(deps: SetupModuleDependencies) {
  const setup = new SetupService({
    db: deps.db,
    clock: deps.clock,
    audit: deps.audit,
    settings: deps.settings,
    notifications: deps.notifications,
    ports: deps.ports,
    links: { ...deps.links, profile: setupPaths.profile(), councils: setupPaths.councils(), mailTest: `${setupPaths.checklist()}#mail-test` },
  });
  const exports = new ExportService({ db: deps.db, clock: deps.clock, audit: deps.audit });
  const { people, ...registerImport } = deps.registerImport;
  const register: RegisterImportPort = { ...registerImport, directory: async (ctx) => ({ people: await people(ctx), councils: await setup.councils() }) };
  const imports = new ImportsService({ db: tablesFor<SetupTables>(deps.db), clock: deps.clock, staff: deps.staffImport, register, referrals: { ...deps.referralsImport, councils: () => setup.councils() }, rota: deps.rotaImport });
  const parts: ModuleParts = {
    name: 'setup',
    routes: [...setupRoutes({ setup, exports }), ...importRoutes({ imports })],
    paths: setupPaths as unknown as NonNullable<ModuleParts['paths']>,
    adminLinks: [
      { text: 'Set-up checklist', href: setupPaths.checklist(), hint: 'What is done and what is still to do before the service goes live' },
      { text: 'Import from spreadsheets', href: setupPaths.imports(), hint: 'Staff (people, roles, teams, line managers) the AMHP register, the rota and open referrals from CSV or Excel, checked row by row before anything is written' },
      { text: 'Export the service’s data', href: setupPaths.exportPage(), hint: 'Every table as JSON and CSV in one zip, with a manifest: a way back out' },
    ],
  };
  return { parts, setup, exports, imports };
}
