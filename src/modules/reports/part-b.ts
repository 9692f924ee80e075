import { afterCommit } from '../../db/database.js';
import type { RouteDeclaration } from '../../platform/http/route.js';
import type { DemoIds } from '../../platform/module.js';
import type { Job } from '../../platform/scheduler.js';
import { DisparityService } from './disparity/disparity-service.js';
import { disparityRoutes } from './disparity/disparity-routes.js';
import { seedReportsBDemo } from './disparity/denominators-demo.js';
import type { ReportsBDeps } from './part-b-deps.js';
import { reportsBPaths } from './part-b-paths.js';
import { ReturnsService } from './returns/returns-service.js';
import { returnsRoutes } from './returns/returns-routes.js';
import { SendingService } from './sending/sending-service.js';
import { sendingRoutes } from './sending/sending-routes.js';
import { WorkforceService } from './workforce/workforce-service.js';
import { workforceRoutes } from './workforce/workforce-routes.js';

export type { ReportsBDeps } from './part-b-deps.js';

/** The scheduler job's name (its advisory lock key). */
export const SEND_JOB = 'reports-send-scheduled';

/**
 * Reports part B (issue 15 points 3–6): disparity, workforce sufficiency, national and partner
 * returns, and the reports sent by themselves. The reports factory adds these to its parts.
 */
export function createReportsPartB(deps: ReportsBDeps) {
  const disparity = new DisparityService(deps);
  const workforce = new WorkforceService(deps);
  const returns = new ReturnsService(deps);
  const sending = new SendingService(deps);
  const routes: RouteDeclaration[] = [...disparityRoutes(disparity), ...workforceRoutes(workforce), ...returnsRoutes(returns), ...sendingRoutes(sending)];
  // The job's transaction only takes the lock; the sending runs once it has committed (see sendDue).
  const jobs: Job[] = [{ name: SEND_JOB, intervalSeconds: 300, run: async (_trx, now) => afterCommit(async () => void (await sending.sendDue(now))) }];
  const links = [
    { text: 'Disparity per 100,000', href: reportsBPaths.disparity(), hint: 'Assessments and detentions by ethnic group, sex and age band per 100,000 population, with rate ratios and confidence intervals; small numbers suppressed' },
    { text: 'Workforce sufficiency', href: reportsBPaths.workforce(), hint: 'Demand by hour against rota cover, assessments per AMHP, approved AMHPs projected three years ahead; the ASC-WDS fields' },
    { text: 'National and partner returns', href: reportsBPaths.returns(), hint: 'The assessment-level national dataset (pseudonymised) and the s136 return, as CSV or Excel' },
    { text: 'Reports sent by themselves', href: reportsBPaths.sending(), hint: 'The daily SITREP and the monthly summary by e-mail: who they go to, and what was sent to whom' },
  ];
  return { disparity, workforce, returns, sending, routes, jobs, links, paths: reportsBPaths, seedDemo: (ids: DemoIds) => seedReportsBDemo(deps, ids) };
}

export type ReportsPartB = ReturnType<typeof createReportsPartB>;
