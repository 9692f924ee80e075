import { hasAnyRole } from '../../platform/roles.js';
import type { AppModule } from '../../platform/http/module.js';
import type { Services } from '../../services.js';
import { formatDate } from './register-time.js';
import { registerRegisterRoutes } from './register-routes.js';
import { seedRegisterDemo } from './register-demo.js';

export const registerModule: AppModule<Services> = {
  name: 'register',
  routes: registerRegisterRoutes,
  navigation: [
    { text: 'AMHP register', href: '/register', roles: ['lead_amhp', 'operational_manager', 'admin'], order: 40 },
    { text: 'AMHP register', href: '/register/summary', roles: ['governance_viewer'], order: 40 },
    { text: 'My approval and training', href: '/register/me', roles: ['amhp'], order: 41 },
  ],
  homePanels: (services) => [
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, ['lead_amhp', 'operational_manager'])) return null;
      const due = await services.register.dueSoonCount();
      return {
        title: 'Re-approvals due',
        count: due.length,
        countLabel: due.length === 1 ? 'AMHP due for re-approval' : 'AMHPs due for re-approval',
        items: due.slice(0, 5).map((r) => ({ text: r.name, href: `/register/people/${r.personId}`, hint: r.reapprovalDueDate ? `approval ends ${formatDate(r.reapprovalDueDate)}` : '' })),
        emptyText: 'No re-approvals due in the warning period.',
        link: { href: '/register', text: 'Open the AMHP register' },
        alert: due.some((r) => (r.reapprovalDaysLeft ?? 99) <= 30),
        order: 40,
      };
    },
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, ['lead_amhp'])) return null;
      const risk = await services.register.atRisk();
      return {
        title: 'Training at risk',
        count: risk.length,
        countLabel: risk.length === 1 ? 'AMHP at risk of missing 18 hours' : 'AMHPs at risk of missing 18 hours',
        items: risk.slice(0, 5).map((r) => ({ text: r.name, href: `/register/people/${r.personId}`, hint: `${r.hours} hours, ${r.daysLeft ?? 0} days left` })),
        emptyText: 'Everyone is on track with training.',
        link: { href: '/register/compliance', text: 'Training compliance' },
        order: 41,
      };
    },
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, ['amhp'])) return null;
      if (!(await services.register.isOnRegister(ctx.actor.personId))) return null;
      const mine = await services.register.myCompliance(ctx);
      if (!mine || !mine.approved) {
        return { title: 'My training hours', emptyText: 'You have no approval in force.', link: { href: '/register/me', text: 'My approval and training' }, order: 42 };
      }
      return {
        title: 'My training hours',
        count: mine.hours,
        countLabel: `of 18 hours this approval year (${mine.daysLeft ?? 0} days left)`,
        items: [
          { text: `Legal update: ${mine.legalUpdate ? 'yes' : 'not yet'}` },
          { text: `Professional meetings: ${mine.professionalMeetings} of 4` },
          ...(mine.atRiskReason ? [{ text: `At risk: ${mine.atRiskReason}` }] : []),
        ],
        alert: mine.atRisk,
        link: { href: '/register/me', text: 'My approval and training' },
        order: 42,
      };
    },
  ],
  seedDemo: seedRegisterDemo,
};
