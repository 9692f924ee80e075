import type { AppModule } from '../../platform/http/module.js';
import type { Services } from '../../services.js';
import { seedStandardsDemo } from './standards-demo.js';
import { registerStandardsRoutes } from './standards-routes.js';
import { STANDARDS_READERS } from './standards-service.js';
import { formatLongDate } from './standards-time.js';
import { EVALUATION_STATUS_LABELS } from './evaluation.js';

export const standardsModule: AppModule<Services> = {
  name: 'standards',
  routes: registerStandardsRoutes,
  navigation: [{ text: 'Service standards', href: '/standards', roles: STANDARDS_READERS, order: 80 }],
  adminLinks: [{ text: 'Service standards wording', href: '/standards/catalogues', hint: 'Load the official wording of the 28 National AMHP Service Standards from a CSV or JSON file' }],
  homePanels: (services) => [
    async (ctx) => {
      const summary = await services.standards.homeSummary(ctx);
      if (!summary || (summary.overdue === 0 && summary.inProgress.length === 0)) return null;
      return {
        title: 'Service standards',
        count: summary.overdue,
        countLabel: summary.overdue === 1 ? 'development-plan action overdue' : 'development-plan actions overdue',
        alert: summary.overdue > 0,
        items: summary.inProgress.map((e) => ({
          text: `${e.serviceName}, ${formatLongDate(e.evaluationDate)}`,
          href: `/standards/evaluations/${e.id}`,
          hint: `${EVALUATION_STATUS_LABELS[e.status]}: ${e.completed} of 28 standards completed`,
        })),
        link: { href: '/standards/plan', text: 'See the development plan' },
        order: 60,
      };
    },
  ],
  seedDemo: seedStandardsDemo,
};
