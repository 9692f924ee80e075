import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { ModuleParts } from '../../platform/module.js';
import { PRIVACY_OFFICERS } from './privacy-access.js';
import { privacyPaths as paths } from './privacy-paths.js';
import { privacyRoutes } from './privacy-routes.js';
import { PrivacyService, type PrivacyDeps } from './privacy-service.js';
import type { PrivacyDb } from './privacy-tables.js';

export interface PrivacyModuleDeps {
  /** The module's own tables and staff's read model; the person-data walk reads the catalogue through it. */
  db: Kysely<PrivacyDb>;
  clock: Clock;
  audit: AuditLog;
  /** The referrals module's published privacy service (subject's referrals, restrictions, retention candidates). */
  referrals: PrivacyDeps['referrals'];
  /** The register's retention candidates (ten years after the latest approval ended). */
  register: PrivacyDeps['register'];
}

/**
 * UK GDPR (issue 13 point 5, docs/privacy.md): the top layer beside reports and set-up. It reads
 * other modules only through their published services and the schema catalogue; nothing imports it.
 */
export function createPrivacyModule(deps: PrivacyModuleDeps) {
  const privacy = new PrivacyService(deps);
  const parts: ModuleParts = {
    name: 'privacy',
    routes: privacyRoutes({ privacy }),
    paths: paths as unknown as ModuleParts['paths'],
    jobs: [{ name: 'privacy-retention-review', intervalSeconds: 3600, run: async (trx, now) => void (await privacy.runReview(trx, now)) }],
    navigation: [
      { text: 'Privacy', href: paths.subject(), roles: PRIVACY_OFFICERS, order: 70 },
      { text: 'Retention', href: paths.retention(), roles: ['lead_amhp'], order: 71 },
    ],
    adminLinks: [{ text: 'Retention schedule', href: paths.retention(), hint: 'How long each kind of record is kept; records due for review; erased records' }],
  };
  return { parts, privacy };
}
