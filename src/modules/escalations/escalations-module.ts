import type { Kysely } from 'kysely';
import { tablesFor } from '../../db/database.js';
import type { AuditLog } from '../../platform/audit.js';
import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import type { LiveEvents } from '../../platform/live-events.js';
import type { HomePanelProvider, ModuleParts } from '../../platform/module.js';
import { DELIVER_NOTIFICATIONS_JOB, type Notifications } from '../../platform/notifications.js';
import { defineRoute } from '../../platform/http/route.js';
import { hasAnyRole } from '../../platform/roles.js';
import { CategoriesService } from './categories-service.js';
import { categoryRoutes } from './categories-routes.js';
import { DirectoryService } from './directory-service.js';
import { ACCESS, OVERSIGHT } from './escalations-access.js';
import { seedEscalationsDemo } from './escalations-demo.js';
import { escalationsPaths as paths } from './escalations-paths.js';
import { type LinkChecks, type LookupReference, type ReferralTimeline, escalationsPlatform } from './escalations-ports.js';
import { escalationPanels } from './escalations-panels.js';
import { HospitalWaitsService } from './hospital-waits-service.js';
import { hospitalWaitApiRoutes, hospitalWaitRoutes } from './hospital-waits-routes.js';
import { directoryApiRoutes, directoryPageRoutes, escalationApiRoutes, escalationPageRoutes, renderEscalation } from './escalations-routes.js';
import { riskDiscussionRoutes } from './risk-discussions-routes.js';
import { RiskDiscussionsService } from './risk-discussions-service.js';
import { EscalationsService, isPartner } from './escalations-service.js';
import { PoliceRequestsService } from './police-requests-service.js';
import { policeThemesApiRoutes, policeThemesPageRoutes } from './police-themes-routes.js';
import { ThemesService } from './themes-service.js';
import type { EscalationsDb } from './escalations-tables.js';

export interface EscalationsModuleDeps {
  /** The escalations tables and the staff read model, nothing else. */
  db: Kysely<EscalationsDb>;
  clock: Clock;
  audit: AuditLog;
  notifications: Notifications;
  calendar: CalendarService;
  liveEvents: LiveEvents;
  /** Published by the referrals module: a referral id or reference to the referral. */
  lookupReference: LookupReference;
  /** Published by the referrals module: a line on a referral's timeline, in the caller's transaction. */
  addTimelineEvent: ReferralTimeline;
  /** Published by duty and safety: a handover's or visit's label, for linking an escalation to it. */
  links?: LinkChecks | undefined;
}

/** The live-events topic escalation lists listen on. */
export const ESCALATIONS_TOPIC = 'escalations';

/**
 * Multi-agency escalations (issue 14): the partner directory, escalations with their clock and
 * ladder, the on-call ladder live. Above referrals, duty and safety: it uses their published
 * services; they never import it.
 */
export function createEscalationsModule(deps: EscalationsModuleDeps) {
  const platform = escalationsPlatform(deps.audit, deps.notifications);
  const publish = () => deps.liveEvents.publish(ESCALATIONS_TOPIC);
  const directory = new DirectoryService({ db: deps.db, clock: deps.clock, platform });
  const categories = new CategoriesService({ db: deps.db, clock: deps.clock, platform });
  const escalations = new EscalationsService({ db: deps.db, clock: deps.clock, platform, calendar: deps.calendar, lookupReference: deps.lookupReference, links: deps.links, publish });
  const police = new PoliceRequestsService({ db: deps.db, clock: deps.clock, platform, calendar: deps.calendar, lookupReference: deps.lookupReference }, escalations);
  const themes = new ThemesService({ db: deps.db, clock: deps.clock, platform });
  const discussions = new RiskDiscussionsService({ db: deps.db, clock: deps.clock, platform, lookupReference: deps.lookupReference }, escalations);
  const waits = new HospitalWaitsService({ db: deps.db, clock: deps.clock, platform, lookupReference: deps.lookupReference, publish, addTimelineEvent: deps.addTimelineEvent });
  const panels = escalationPanels({ directory, waits, calendar: deps.calendar, clock: deps.clock, lookupReference: deps.lookupReference });
  const routeDeps = { escalations, directory, categories, police, themes, waits };
  const discussionRoutes = riskDiscussionRoutes({ discussions, renderEscalation: (ctx, reply, id, errors, values) => renderEscalation(routeDeps, ctx, reply, id, 'escalation', errors, values) });

  const homePanels: HomePanelProvider[] = [
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, OVERSIGHT)) return null;
      const list = await escalations.list(ctx);
      const open = list.escalations.filter((e) => e.escalation.status !== 'resolved');
      const missed = open.filter((e) => e.clock.acknowledgement.state === 'missed' || e.clock.response.state === 'missed');
      return {
        title: 'Escalations',
        count: open.length,
        countLabel: open.length === 1 ? 'open escalation' : 'open escalations',
        items: missed.slice(0, 5).map((e) => ({ text: `${e.escalation.receiverName}: deadline missed`, href: paths.escalation({ id: e.escalation.id }) })),
        link: { href: paths.escalations(), text: 'Open escalations' },
        alert: missed.length > 0,
        order: 30,
      };
    },
    // A person at a partner agency: their organisation's escalations, and raising a concern.
    async (ctx) => {
      if (!isPartner(ctx.actor)) return null;
      const list = await escalations.list(ctx);
      const open = list.escalations.filter((e) => e.escalation.status !== 'resolved');
      return {
        title: 'Your organisation’s escalations',
        count: open.length,
        countLabel: open.length === 1 ? 'open escalation' : 'open escalations',
        link: { href: paths.newEscalation(), text: 'Raise a concern with the AMHP service' },
        items: open.slice(0, 5).map((e) => ({ text: e.escalation.receiverName, href: paths.escalation({ id: e.escalation.id }) })),
        order: 1,
      };
    },
  ];

  const parts: ModuleParts = {
    name: 'escalations',
    routes: [...escalationPageRoutes(routeDeps), ...escalationApiRoutes(routeDeps), ...directoryPageRoutes(routeDeps), ...directoryApiRoutes(routeDeps), ...policeThemesPageRoutes(routeDeps), ...policeThemesApiRoutes(routeDeps), ...discussionRoutes, ...hospitalWaitRoutes(waits), ...hospitalWaitApiRoutes(waits), ...categoryRoutes(categories),
      defineRoute({
        method: 'GET',
        path: paths.events.pattern,
        access: ACCESS.everyone,
        summary: 'Tells an open escalations list to refresh when an escalation changes (Server-Sent Events)',
        success: { contentType: 'text/event-stream' },
        handler: async ({ request, reply }) => {
          deps.liveEvents.stream(request, reply, [ESCALATIONS_TOPIC]);
          return reply;
        },
      }),
    ],
    paths: paths as unknown as ModuleParts['paths'],
    navigation: [{ text: 'Escalations', href: paths.escalations(), roles: ACCESS.everyone.roles, order: 50 }],
    adminLinks: [
      { text: 'Partner directory', href: paths.directory(), hint: 'Partner organisations’ escalation routes: in- and out-of-hours contacts, the order to try them, complaint routes' },
      { text: 'Escalation categories', href: paths.categories(), hint: 'What an escalation can be about: add, rename, retire and restore categories' },
    ],
    homePanels,
    jobs: [
      { name: 'escalation-reminders', intervalSeconds: 60, run: async (trx, now) => void (await escalations.runReminders(tablesFor<EscalationsDb>(trx), now)) },
      {
        name: 'hospital-wait-timers',
        intervalSeconds: 60,
        run: (trx, now) => waits.runTimers(tablesFor<EscalationsDb>(trx), now),
        // Timed: each step's notice goes at its instant (re-armed when a wait starts or ends), its e-mail at once.
        nextDue: (db) => waits.nextDue(tablesFor<EscalationsDb>(db)),
        rearmOn: [ESCALATIONS_TOPIC],
        then: DELIVER_NOTIFICATIONS_JOB,
      },
    ],
    seedDemo: (ids) => seedEscalationsDemo({ directory, escalations, waits, clock: deps.clock, lookupReference: deps.lookupReference }, ids),
  };
  return { parts, escalations, directory, categories, police, themes, discussions, waits, panels };
}
