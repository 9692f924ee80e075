import type { AppModule, HomePanel } from '../../platform/http/module.js';
import { hasAnyRole } from '../../platform/roles.js';
import type { Services } from '../../services.js';
import { DUTY_ROLES } from './duty-access.js';
import { seedDutyDemo } from './duty-demo.js';
import { registerDutyRoutes } from './duty-routes.js';
import { formatLondonDateShort, formatLondonTime } from './duty-time.js';

export const dutyModule: AppModule<Services> = {
  name: 'duty',
  routes: registerDutyRoutes,
  navigation: [
    { text: 'Duty board', href: '/duty/board', roles: DUTY_ROLES.view, order: 20 },
    { text: 'Rota', href: '/duty/rota', roles: DUTY_ROLES.view, order: 21 },
    { text: 'Allocation sheet', href: '/duty/allocation-sheet', roles: DUTY_ROLES.view, order: 22 },
    { text: 'Handovers', href: '/duty/handovers', roles: DUTY_ROLES.view, order: 23 },
    { text: 'SITREP', href: '/duty/sitrep', roles: DUTY_ROLES.sitrep, order: 24 },
  ],
  adminLinks: [{ text: 'Service hours', href: '/admin/service-hours', hint: 'When the daytime AMHP service is open and EDT covers: every "who is responsible now" answer comes from here' }],
  homePanels: (services) => [
    async (ctx): Promise<HomePanel | null> => {
      if (!hasAnyRole(ctx.actor, ['amhp'])) return null;
      const duties = (await services.duty.rota.myDuties(ctx)).slice(0, 5);
      return {
        title: 'My next duties',
        count: duties.length,
        countLabel: duties.length === 1 ? 'duty ahead' : 'duties ahead',
        items: duties.map((d) => ({ text: `${formatLondonDateShort(d.date)} ${d.kind === 'edt' ? 'EDT' : 'daytime'} ${formatLondonTime(d.start)}–${formatLondonTime(d.end)}`, ...(d.status === 'unavailable' ? { hint: 'Marked unavailable (sick)' } : d.coversName ? { hint: `Covering for ${d.coversName}` } : {}) })),
        emptyText: 'You are not on the rota for any coming duties.',
        link: { href: '/duty/my-duties', text: 'All my duties' },
        order: 10,
      };
    },
    async (ctx): Promise<HomePanel | null> => {
      if (!hasAnyRole(ctx.actor, ['amhp_lead', 'edt_manager', 'operational_manager'])) return null;
      const open = (await services.duty.handovers.list(ctx, { openOnly: true })).filter((h) => h.status === 'sent');
      return {
        title: 'Handovers awaiting acceptance',
        count: open.length,
        countLabel: open.length === 1 ? 'handover' : 'handovers',
        items: open.slice(0, 5).map((h) => ({ text: `${h.fromLabel} to ${h.toLabel}, sent ${formatLondonTime(h.sentAt)}`, href: `/duty/handovers/${h.id}`, ...(h.timing.overdue ? { hint: 'Not accepted within 30 minutes of the service starting' } : {}) })),
        emptyText: 'No handovers are waiting.',
        link: { href: '/duty/handovers', text: 'All handovers' },
        alert: open.some((h) => h.timing.overdue),
        order: 11,
      };
    },
  ],
  jobs: (services) => [services.duty.handovers.overdueJob()],
  seedDemo: seedDutyDemo,
};
