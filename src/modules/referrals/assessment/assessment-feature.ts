// The assessment half of the referrals module, built from exactly what it uses: its own tables
// (plus people to read), the clock, the audit trail, the referral port (implemented by the intake
// half) and the register's approval in force. The referrals module factory spreads the result
// into its ModuleParts.

import type { Kysely } from 'kysely';
import type { Clock } from '../../../platform/clock.js';
import type { RouteDeclaration } from '../../../platform/http/route.js';
import type { HomePanelProvider } from '../../../platform/module.js';
import { assessmentApiRoutes } from './assessment-api-routes.js';
import { seedAssessmentsDemo } from './assessment-demo.js';
import { assessmentPaths } from './assessment-paths.js';
import type { ApprovalInForce, AssessmentAudit, AssessmentReferralPort } from './assessment-port.js';
import { assessmentPageRoutes } from './assessment-routes.js';
import { ruleCatalogueRoutes } from './rule-catalogue-routes.js';
import { AssessmentService } from './assessment-service.js';
import type { AssessmentDb } from './assessments-tables.js';

export interface AssessmentFeatureDeps {
  db: Kysely<AssessmentDb>;
  clock: Clock;
  audit: AssessmentAudit;
  referrals: AssessmentReferralPort;
  approvalInForce: ApprovalInForce;
  /** Printed on the AMHP report and the s13(4) letter. */
  serviceName: string;
  /** The slot for the section 12 doctor finder's link (filled by the composition root). */
  doctorFinderHref?: ((referralId: string) => string) | undefined;
  /** The slot for the statutory forms' link (filled by the composition root). */
  statutoryFormsHref?: ((referralId: string) => string) | undefined;
}

export interface AssessmentFeature {
  assessments: AssessmentService;
  routes: readonly RouteDeclaration[];
  paths: typeof assessmentPaths;
  homePanels: readonly HomePanelProvider[];
  /** The demo's assessment records, for the demo referrals already seeded. */
  seedDemo(): Promise<void>;
}

export function createAssessmentFeature(deps: AssessmentFeatureDeps): AssessmentFeature {
  const assessments = new AssessmentService(deps);
  const routeDeps = { assessments, serviceName: deps.serviceName, now: () => deps.clock.now(), doctorFinderHref: deps.doctorFinderHref, statutoryFormsHref: deps.statutoryFormsHref };
  return {
    assessments,
    routes: [...assessmentPageRoutes(routeDeps), ...assessmentApiRoutes(routeDeps), ...ruleCatalogueRoutes()],
    paths: assessmentPaths,
    homePanels: [],
    seedDemo: () => seedAssessmentsDemo(deps),
  };
}
