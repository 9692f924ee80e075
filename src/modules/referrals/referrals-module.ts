import type { HomePanelProvider, ModuleParts } from '../../platform/module.js';
import { hasAnyRole } from '../../platform/roles.js';
import type { Services } from '../../services.js';
import type { AssessmentFeature } from './assessment/assessment-feature.js';
import { seedReferralsDemo } from './referral-demo-seed.js';
import { REFERRAL_STATUS_LABELS } from './referral-lifecycle.js';
import { registerReferralRoutes } from './referral-routes.js';
import { REFERRAL_READERS, type ReferralService } from './referral-service.js';

function homePanels(referrals: ReferralService): HomePanelProvider[] {
  const openReferrals: HomePanelProvider = async (ctx) => {
    if (!hasAnyRole(ctx.actor, ['amhp_lead', 'business_support', 'edt_manager', 'operational_manager'])) return null;
    const counts = await referrals.openCounts();
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
    const mine = await referrals.allocatedTo(ctx.actor.personId);
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

/**
 * TRANSITION (assessment worktree): the referrals module's parts with the assessment feature
 * declared (routes, paths, home panels, demo) and the intake half still registered the old way.
 * The intake half's own module factory replaces this; it spreads the assessment feature the same way.
 */
export function createReferralsModule(deps: { referrals: ReferralService; assessment: AssessmentFeature; services: () => Services }): { parts: ModuleParts } {
  return {
    parts: {
      name: 'referrals',
      routes: deps.assessment.routes,
      registerLegacyRoutes: (app) => registerReferralRoutes(app, app.services),
      // PathTo<string> (platform/module.ts) does not admit paths with parameters yet: widened here.
      paths: deps.assessment.paths as unknown as ModuleParts['paths'],
      navigation: [{ text: 'Referrals', href: '/referrals', roles: REFERRAL_READERS, order: 20 }],
      homePanels: [...homePanels(deps.referrals), ...deps.assessment.homePanels],
      seedDemo: async (ids) => {
        await seedReferralsDemo(deps.services(), ids);
        await deps.assessment.seedDemo();
      },
    },
  };
}
