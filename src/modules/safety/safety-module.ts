import type { AppModule } from '../../platform/http/module.js';
import { hasAnyRole } from '../../platform/roles.js';
import type { Services } from '../../services.js';
import { seedSafetyDemo } from './safety-demo.js';
import { registerSafetyRoutes } from './safety-routes.js';
import { ALERT_READERS, HOURS_APPROVERS, WATCHERS } from './safety-service.js';
import { isOverdue } from './visit.js';

export const safetyModule: AppModule<Services> = {
  name: 'safety',
  routes: registerSafetyRoutes,
  navigation: [
    { text: 'Safety', href: '/safety', roles: ['amhp', ...ALERT_READERS], order: 40 },
    { text: 'Whereabouts', href: '/safety/board', roles: ALERT_READERS, order: 41 },
  ],
  adminLinks: [{ text: 'Escalation ladders', href: '/admin/safety', hint: 'Grace period, escalation interval and the on-call ladder with contact numbers, per team' }],
  homePanels: (services) => [
    // AMHPs: "Going out" is the first tap; the form is the second.
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, ['amhp'])) return null;
      const visit = await services.safety.myOpenVisit(ctx);
      if (visit) {
        return {
          title: 'You are out',
          items: [{ text: visit.place, hint: `expected to finish ${visit.expectedFinishAt.toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' })}` }],
          link: { href: `/safety/visits/${visit.id}`, text: 'Check in' },
          alert: visit.status === 'out' && visit.expectedFinishAt < services.clock.now(),
          order: 1,
        };
      }
      return { title: 'Going out?', emptyText: 'Record where you are going before you leave.', link: { href: '/safety/visits/new', text: 'Going out' }, order: 1 };
    },
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, WATCHERS)) return null;
      const board = await services.safety.board(ctx);
      const attention = board.rows.filter((r) => r.alert !== null);
      return {
        title: 'Whereabouts',
        count: board.rows.length,
        countLabel: board.rows.length === 1 ? 'AMHP out now' : 'AMHPs out now',
        items: attention.slice(0, 5).map((r) => ({
          text: r.visit.amhpName,
          href: `/safety/visits/${r.visit.id}`,
          hint: r.alert === 'overdue' ? 'overdue' : r.alert === 'help_requested' ? 'needs help now' : 'silent alarm',
        })),
        link: { href: '/safety/board', text: 'Open the whereabouts board' },
        alert: attention.length > 0 || board.alerts.length > 0 || board.rows.some((r) => isOverdue(r.visit, board.now)),
        order: 2,
      };
    },
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, HOURS_APPROVERS)) return null;
      const claims = await services.safety.claimsToDecide(ctx);
      if (claims.length === 0) return null;
      return { title: 'Additional hours to decide', count: claims.length, countLabel: claims.length === 1 ? 'claim waiting' : 'claims waiting', link: { href: '/safety/hours/decide', text: 'Decide additional hours' }, order: 20 };
    },
  ],
  urgentBanners: (services) => [(ctx) => services.safety.bannerFor(ctx)],
  jobs: (services) => [
    { name: 'safety-escalation', intervalSeconds: 15, run: async (trx, now) => void (await services.safety.runEscalation(trx, now)) },
    { name: 'safety-long-shifts', intervalSeconds: 60, run: async (trx, now) => void (await services.safety.runLongShifts(trx, now)) },
  ],
  seedDemo: seedSafetyDemo,
};
