// Section 12 doctors (issue 16): the directory with the doctors' own availability, the finder on
// a referral with invitations the doctor answers in the app, and doctors' claims with payment
// batches. Above referrals: it reads and writes the assessment only through the functions the
// composition root hands it (doctors-ports.ts); no lower module imports it.

import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { HomePanelProvider, ModuleParts } from '../../platform/module.js';
import type { Notifications } from '../../platform/notifications.js';
import type { SettingsService } from '../../platform/settings-service.js';
import { hasAnyRole } from '../../platform/roles.js';
import { CLAIMS_OFFICERS, CLAIMS_READERS, DIRECTORY_EDITORS, DIRECTORY_READERS, DOCTORS } from './doctors-access.js';
import { doctorsApiRoutes } from './doctors-api-routes.js';
import { seedDoctorsDemo } from './doctors-demo.js';
import { doctorsPageRoutes } from './doctors-page-routes.js';
import { doctorsPaths as paths } from './doctors-paths.js';
import { doctorsPlatform, type ReferralLinks } from './doctors-ports.js';
import { DoctorsService } from './doctors-service.js';
import type { DoctorsDb } from './doctors-tables.js';

export interface DoctorsModuleDeps {
  /** The doctors tables and the staff read model, nothing else. */
  db: Kysely<DoctorsDb>;
  clock: Clock;
  audit: AuditLog;
  notifications: Notifications;
  settings: SettingsService;
  /** Published by the referrals module (its `doctorLinks`). */
  referrals: ReferralLinks;
  serviceName?: string | undefined;
  /** A slot: the statutory forms of a referral's assessment, where an accepted doctor signs their recommendation (the statutory forms module, above, fills it). */
  statutoryFormsHref?: ((referralId: string) => string) | undefined;
}

export function createDoctorsModule(deps: DoctorsModuleDeps) {
  const doctors = new DoctorsService({ db: deps.db, clock: deps.clock, platform: doctorsPlatform(deps.audit, deps.notifications), settings: deps.settings, referrals: deps.referrals, serviceName: deps.serviceName ?? 'AMHP Hub' });

  const homePanels: HomePanelProvider[] = [
    // The doctor's own panel: open invitations first.
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, DOCTORS)) return null;
      const invitations = await doctors.myInvitations(ctx).catch(() => []);
      const open = invitations.filter((i) => i.status === 'invited');
      return {
        title: 'Your invitations',
        count: open.length,
        countLabel: open.length === 1 ? 'invitation waiting for your answer' : 'invitations waiting for your answer',
        items: open.slice(0, 5).map((i) => ({ text: i.referralReference, href: paths.myInvitation({ id: i.id }) })),
        link: { href: paths.me(), text: 'Your availability, invitations and claims' },
        alert: open.length > 0,
        order: 1,
      };
    },
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, CLAIMS_OFFICERS)) return null;
      const waiting = await doctors.claims(ctx, 'submitted');
      return { title: 'Section 12 claims', count: waiting.length, countLabel: waiting.length === 1 ? 'claim to decide' : 'claims to decide', link: { href: paths.claims(), text: 'Claims and payment batches' }, order: 1 };
    },
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, DIRECTORY_EDITORS)) return null;
      const flagged = await doctors.approvalsToRenew(ctx);
      if (flagged.length === 0) return null;
      return {
        title: 'Section 12 approvals',
        count: flagged.length,
        countLabel: flagged.length === 1 ? 'approval expiring or lapsed' : 'approvals expiring or lapsed',
        items: flagged.slice(0, 5).map((d) => ({ text: `${d.name}: ${d.approval.state === 'lapsed' ? 'lapsed' : `ends ${d.s12ApprovedUntil}`}`, href: paths.doctor({ id: d.id }) })),
        link: { href: paths.directory(), text: 'Section 12 doctor directory' },
        alert: flagged.some((d) => d.approval.state === 'lapsed'),
        order: 40,
      };
    },
  ];

  const parts: ModuleParts = {
    name: 'doctors',
    routes: [...doctorsPageRoutes(doctors, { statutoryFormsHref: deps.statutoryFormsHref }), ...doctorsApiRoutes(doctors)],
    paths: paths as unknown as ModuleParts['paths'],
    navigation: [
      { text: 'Section 12 doctors', href: paths.directory(), roles: DIRECTORY_READERS, order: 45 },
      { text: 'My section 12 profile', href: paths.me(), roles: DOCTORS, order: 10 },
      { text: 'Claims', href: paths.claims(), roles: CLAIMS_READERS.filter((r) => r === 'claims_officer'), order: 10 },
    ],
    adminLinks: [{ text: 'Section 12 claims and fees', href: paths.claims(), hint: 'Doctors’ claims, payment batches, the fees, mileage rate and payment cycle' }],
    homePanels,
    seedDemo: (ids) => seedDoctorsDemo({ doctors, db: deps.db, clock: deps.clock }, ids),
  };
  return { parts, doctors };
}
