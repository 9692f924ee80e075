// The referrals module: intake (intake/) and the assessment record (assessment/), built from
// exactly what they use. It publishes, for the modules above it:
// - `referrals`: the ReferralService (record, lifecycle, timeline; see referral-service.ts);
// - `dutyReads`: the duty reads (referral-duty-reads.ts), row shape kept stable for duty;
// - `lookupReference(text)`: a referral by id or reference, for other modules' forms (safety).

import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { HomePanelProvider, ModuleParts, PagePanels } from '../../platform/module.js';
import { hasAnyRole } from '../../platform/roles.js';
import { ReferralImportService } from './intake/referral-import-service.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import { REFERRAL_COORDINATORS, REFERRAL_READERS } from './intake/referral-access.js';
import { referralActionPages } from './intake/referral-action-routes.js';
import { referralApi, referralCaseApi } from './intake/referral-api-routes.js';
import { seedReferralsDemo } from './intake/referral-demo.js';
import { referralIntakePages, referralRecordPages } from './intake/referral-page-routes.js';
import { referralReasonApi, referralReasonPages } from './intake/referral-reason-routes.js';
import { createAssessmentFeature, type AssessmentFeatureDeps } from './assessment/assessment-feature.js';
import type { ApprovalInForce } from './assessment/assessment-port.js';
import { assessmentAudit, assessmentReferralPort } from './assessment-port-adapter.js';
import { doctorLinks } from './doctor-links.js';
import { ReferralDutyReads } from './referral-duty-reads.js';
import { ReferralPrivacyService } from './intake/referral-privacy.js';
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from './referral-lifecycle.js';
import { ReferralService, type ReferralsStaffPort } from './referral-service.js';
import { referralPaths } from './referrals-paths.js';
import type { ReferralsModuleTables } from './referrals-tables.js';

export type { ReferralService } from './referral-service.js';
export type { ReferralPrivacyService, SubjectReferral, RestrictionRecord, RetentionCandidate } from './intake/referral-privacy.js';
export { RESTRICTION_MANAGERS } from './intake/referral-restriction-rules.js';
export type { ReferralDutyReads, ReferralDutyRow } from './referral-duty-reads.js';
export type { DoctorLinks, ReferralForDoctorFinder, AssessmentForDoctorClaim } from './doctor-links.js';

export interface ReferralsModuleDeps {
  /** The module's own tables and staff's read model (the root gives it with `tablesFor`). */
  db: Kysely<ReferralsModuleTables>;
  clock: Clock;
  audit: AuditLog;
  /** Councils, AMHPs and names (StaffService has these). */
  staff: ReferralsStaffPort;
  /** The register's rule: may this AMHP act for this council on this date. */
  eligibility: AmhpEligibility;
  /** The register's approval in force for an AMHP on a date (the statutory checks read it). */
  approvalInForce: ApprovalInForce;
  /** Printed on the feedback letter, the AMHP report and the s13(4) letter. */
  serviceName?: string | undefined;
  /** A slot: the section 12 doctor finder for a referral, linked from the assessment record (the doctors module, above, fills it). */
  doctorFinderHref?: ((referralId: string) => string) | undefined;
  /** A slot: the statutory forms (application, recommendations, the hospital's bundle) of a referral's assessment, linked from the record (the statutory forms module, above, fills it). */
  statutoryFormsHref?: ((referralId: string) => string) | undefined;
  /** Panels modules above supply for the referral page (the root passes them down, late-bound). */
  referralPanels?: PagePanels | undefined;
}

export function createReferralsModule(deps: ReferralsModuleDeps) {
  const referrals = new ReferralService(deps);
  const dutyReads = new ReferralDutyReads(deps.db);
  /** The set-up import of open referrals (check and apply in the caller's transaction). */
  const openReferralsImport = new ReferralImportService(deps);
  const assessment = createAssessmentFeature({
    db: deps.db as unknown as AssessmentFeatureDeps['db'],
    clock: deps.clock,
    audit: assessmentAudit(deps.audit),
    referrals: assessmentReferralPort(referrals, deps.db as never),
    approvalInForce: deps.approvalInForce,
    serviceName: deps.serviceName ?? 'AMHP Hub',
    doctorFinderHref: deps.doctorFinderHref,
    statutoryFormsHref: deps.statutoryFormsHref,
  });
  const routeDeps = { referrals, staff: deps.staff, clock: deps.clock, panels: deps.referralPanels };
  const parts: ModuleParts = {
    name: 'referrals',
    routes: [...referralReasonPages(routeDeps), ...referralReasonApi(routeDeps), ...referralIntakePages(routeDeps), ...referralRecordPages(routeDeps), ...referralActionPages(routeDeps), ...referralApi(routeDeps), ...referralCaseApi(routeDeps), ...assessment.routes],
    paths: { ...referralPaths, ...assessment.paths } as unknown as ModuleParts['paths'],
    navigation: [{ text: 'Referrals', href: referralPaths.list(), roles: REFERRAL_READERS, order: 20 }],
    homePanels: [...homePanels(referrals), ...assessment.homePanels],
    seedDemo: async (ids) => {
      await seedReferralsDemo(deps, ids);
      await assessment.seedDemo();
    },
  };
  /** UK GDPR: the subject's referrals, restriction of processing, retention candidates (the privacy module, above). */
  const privacy = new ReferralPrivacyService({ db: deps.db, clock: deps.clock, audit: deps.audit });
  return { parts, referrals, privacy, assessments: assessment.assessments, doctorLinks: doctorLinks(deps.db, assessment.assessments), dutyReads, openReferralsImport, lookupReference: (text: string) => referrals.lookupReference(text) };
}

export type ReferralsModule = ReturnType<typeof createReferralsModule>;

function homePanels(referrals: ReferralService): HomePanelProvider[] {
  const openReferrals: HomePanelProvider = async (ctx) => {
    if (!hasAnyRole(ctx.actor, REFERRAL_COORDINATORS)) return null;
    const counts = await referrals.openCounts();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const waiting = (counts.received ?? 0) + (counts.decided ?? 0);
    return {
      title: 'Open referrals',
      count: total,
      countLabel: total === 1 ? 'open referral' : 'open referrals',
      items: Object.entries(counts).map(([status, n]) => ({ text: `${REFERRAL_STATUS_LABELS[status as ReferralStatus] ?? status}: ${n}`, href: referralPaths.list(undefined, { status }) })),
      alert: (counts.received ?? 0) > 0,
      link: { href: referralPaths.list(), text: waiting > 0 ? 'Review and allocate referrals' : 'See all referrals' },
      order: 10,
    };
  };
  const allocatedToMe: HomePanelProvider = async (ctx) => {
    if (!hasAnyRole(ctx.actor, ['amhp', 'edt_officer'])) return null;
    const mine = await referrals.allocatedTo(ctx.actor.personId);
    return {
      title: 'Allocated to me',
      count: mine.length,
      countLabel: mine.length === 1 ? 'referral' : 'referrals',
      items: mine.map((r) => ({ text: `${r.reference}: ${r.givenName} ${r.familyName}`, href: referralPaths.show({ id: r.id }), hint: REFERRAL_STATUS_LABELS[r.status] })),
      emptyText: 'No referrals are allocated to you.',
      order: 11,
    };
  };
  return [openReferrals, allocatedToMe];
}
