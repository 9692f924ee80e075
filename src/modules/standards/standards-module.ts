/**
 * The National AMHP Service Standards toolkit as a module: built from exactly what it uses (its
 * own tables and staff's read model, the clock, the audit trail, and staff for people and
 * councils), returning its parts for the app and its services.
 */
import { formatDate } from '../../platform/london-time.js';
import type { HomePanelProvider, ModuleParts } from '../../platform/module.js';
import { catalogueRoutes } from './catalogue-routes.js';
import { comparisonRoutes } from './comparison-routes.js';
import { EVALUATION_STATUS_LABELS } from './evaluation.js';
import { evaluationApiRoutes, evaluationPageRoutes, setupPageRoutes } from './evaluation-routes.js';
import { planApiRoutes, planPageRoutes } from './plan-routes.js';
import { recordApiRoutes, recordPageRoutes } from './record-routes.js';
import { STANDARDS_READERS } from './standards-access.js';
import { seedStandardsDemo } from './standards-demo.js';
import { standardsPaths } from './standards-paths.js';
import { StandardsService, type StandardsDependencies } from './standards-service.js';
import { summaryRoutes } from './summary-routes.js';

export type StandardsModuleDependencies = StandardsDependencies;

/** Overdue development-plan actions and evaluations under way, on the home page. */
function homePanel(standards: StandardsService): HomePanelProvider {
  return async (ctx) => {
    const summary = await standards.evaluations.homeSummary(ctx);
    if (!summary || (summary.overdue === 0 && summary.inProgress.length === 0)) return null;
    return {
      title: 'Service standards',
      count: summary.overdue,
      countLabel: summary.overdue === 1 ? 'development-plan action overdue' : 'development-plan actions overdue',
      alert: summary.overdue > 0,
      items: summary.inProgress.map((e) => ({
        text: `${e.serviceName}, ${formatDate(e.evaluationDate)}`,
        href: standardsPaths.evaluation({ id: e.id }),
        hint: `${EVALUATION_STATUS_LABELS[e.status]}: ${e.completed} of 28 standards completed`,
      })),
      link: { href: standardsPaths.plan(), text: 'See the development plan' },
      order: 60,
    };
  };
}

export function createStandardsModule(deps: StandardsModuleDependencies): { parts: ModuleParts; standards: StandardsService } {
  const standards = new StandardsService(deps);
  const parts: ModuleParts = {
    name: 'standards',
    routes: [
      ...evaluationPageRoutes(standards),
      ...setupPageRoutes(standards),
      ...evaluationApiRoutes(standards),
      ...recordPageRoutes(standards),
      ...recordApiRoutes(standards),
      ...summaryRoutes(standards),
      ...planPageRoutes(standards),
      ...planApiRoutes(standards),
      ...comparisonRoutes(standards),
      ...catalogueRoutes(standards),
    ],
    paths: standardsPaths,
    navigation: [{ text: 'Service standards', href: standardsPaths.home(), roles: STANDARDS_READERS, order: 80 }],
    adminLinks: [{ text: 'Service standards wording', href: standardsPaths.catalogues(), hint: 'Load the official wording of the 28 National AMHP Service Standards from a CSV or JSON file' }],
    homePanels: [homePanel(standards)],
    seedDemo: (ids) => seedStandardsDemo({ standards, staff: deps.staff, clock: deps.clock }, ids),
  };
  return { parts, standards };
}
