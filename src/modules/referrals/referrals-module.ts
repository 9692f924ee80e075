import type { AppModule, HomePanelProvider } from '../../platform/http/module.js';
import { hasAnyRole } from '../../platform/roles.js';
import type { Services } from '../../services.js';
import { seedReferralsDemo } from './referral-demo-seed.js';
import { REFERRAL_STATUS_LABELS } from './referral-lifecycle.js';
import { registerReferralRoutes } from './referral-routes.js';
import { registerAssessmentRoutes } from './assessment-routes.js';
import { seedAssessmentsDemo } from './assessment-demo-seed.js';
import { REFERRAL_READERS } from './referral-service.js';

function homePanels(services: Services): HomePanelProvider[] {
  const openReferrals: HomePanelProvider = async (ctx) => {
    if (!hasAnyRole(ctx.actor, ['amhp_lead', 'business_support', 'edt_manager', 'operational_manager'])) return null;
    const counts = await services.referrals.openCounts();
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const waiting = (counts.received ?? 0) + (counts.decided ?? 0);
    return {
      title: 'Open referrals',
      count: total,
      countLabel: total === 1 ? 'open referral' : 'open referrals',
      items: Object.entries(counts).map(([status, n]) => ({ text: `${REFERRAL_STATUS_LABELS[status as keyof typeof REFERRAL_STATUS_LABELS] ?? status}: ${n}`, href: `/referrals?status=${status}` })),
      alert: (counts.received ?? 0) > 0,
      link: { href: '/referrals', text: waiting > 0 ? 'Review and allocate referrals' : 'See all referrals' },
      order: 10,
    };
  };
  const allocatedToMe: HomePanelProvider = async (ctx) => {
    if (!hasAnyRole(ctx.actor, ['amhp', 'edt_officer'])) return null;
    const mine = await services.referrals.allocatedTo(ctx.actor.personId);
    return {
      title: 'Allocated to me',
      count: mine.length,
      countLabel: mine.length === 1 ? 'referral' : 'referrals',
      items: mine.map((r) => ({ text: `${r.reference}: ${r.givenName} ${r.familyName}`, href: `/referrals/${r.id}`, hint: REFERRAL_STATUS_LABELS[r.status] })),
      emptyText: 'No referrals are allocated to you.',
      order: 11,
    };
  };
  return [openReferrals, allocatedToMe];
}

export const referralsModule: AppModule<Services> = {
  name: 'referrals',
  routes: (app, services) => {
    registerReferralRoutes(app, services);
    registerAssessmentRoutes(app, services);
  },
  navigation: [{ text: 'Referrals', href: '/referrals', roles: REFERRAL_READERS, order: 20 }],
  homePanels,
  seedDemo: async (services, ids) => {
    await seedReferralsDemo(services, ids);
    await seedAssessmentsDemo(services, ids);
  },
};
