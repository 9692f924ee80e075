import type { Kysely } from 'kysely';
import { tablesFor } from '../../db/database.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { LiveEvents } from '../../platform/live-events.js';
import { formatTime } from '../../platform/london-time.js';
import type { HomePanelProvider, ModuleParts, PagePanels } from '../../platform/module.js';
import { DELIVER_NOTIFICATIONS_JOB, type Notifications } from '../../platform/notifications.js';
import type { SettingsService } from '../../platform/settings-service.js';
import { hasAnyRole } from '../../platform/roles.js';
import { debriefApiRoutes, debriefPageRoutes } from './debriefs/debriefs-routes.js';
import { DebriefsService } from './debriefs/debriefs-service.js';
import { AdditionalHoursService } from './hours/additional-hours-service.js';
import { hoursApiRoutes } from './hours/hours-api-routes.js';
import { hoursPageRoutes } from './hours/hours-routes.js';
import { hoursSettingsRoutes } from './hours/hours-settings-routes.js';
import { HoursSettings } from './hours/hours-settings.js';
import { WorkingDaysService } from './hours/working-days-service.js';
import { AlertsService } from './ladders/alerts-service.js';
import { EscalationService } from './ladders/escalation-service.js';
import { ladderApiRoutes, ladderPageRoutes } from './ladders/ladders-routes.js';
import { LaddersService } from './ladders/ladders-service.js';
import { ALERT_READERS, HOURS_APPROVERS, LIVE_TOPIC, WATCHERS } from './safety-access.js';
import { seedSafetyDemo } from './safety-demo.js';
import { hubRoutes } from './safety-hub.js';
import { safetyPaths as paths } from './safety-paths.js';
import { type LookupReference, safetyAudit, safetyOutbox } from './safety-ports.js';
import type { SafetyDb } from './safety-tables.js';
import { CheckinCodesService } from './visits/checkin-codes-service.js';
import { isOverdue } from './visits/visit.js';
import { visitApiRoutes } from './visits/visits-api-routes.js';
import { visitPageRoutes } from './visits/visits-routes.js';
import { VisitsService } from './visits/visits-service.js';
import { WhereaboutsService } from './visits/whereabouts-service.js';

export interface SafetyModuleDeps {
  /** The safety tables and the staff read model, nothing else. */
  db: Kysely<SafetyDb>;
  clock: Clock;
  audit: AuditLog;
  notifications: Notifications;
  liveEvents: LiveEvents;
  /** Published by the referrals module: a referral id or reference to the referral. */
  lookupReference: LookupReference;
  /** The platform's administrator settings (who decides additional hours). */
  settings: SettingsService;
  /** Panels from modules above for a visit page (the escalations module), passed down by the root. */
  visitPanels?: PagePanels | undefined;
}

/** The safety module's services, by feature. */
export type SafetyServices = ReturnType<typeof createSafetyModule>['safety'];

/**
 * Safety: whereabouts and check-ins (visits/), escalation ladders and the overdue escalation job
 * (ladders/), the working day, long shifts and additional hours (hours/), and debriefs
 * (debriefs/). Nothing outside the module calls it; its services are returned for tests.
 */
export function createSafetyModule(deps: SafetyModuleDeps) {
  const publish = () => deps.liveEvents.publish(LIVE_TOPIC);
  const base = { db: deps.db, clock: deps.clock, audit: safetyAudit(deps.audit), publish };
  const outbox = safetyOutbox(deps.notifications);

  const ladders = new LaddersService(base);
  const escalation = new EscalationService({ ladders, outbox, publish });
  const alerts = new AlertsService({ ...base, escalation });
  // The banner's shared read is dropped whenever the safety data changes (after commit, every instance).
  deps.liveEvents.subscribe(LIVE_TOPIC, () => alerts.invalidate());
  const codes = new CheckinCodesService(base);
  const visits = new VisitsService({ ...base, escalation, codes, lookupReference: deps.lookupReference });
  const whereabouts = new WhereaboutsService({ ...base, escalation });
  const workingDays = new WorkingDaysService({ ...base, outbox });
  const hoursSettings = new HoursSettings(deps.settings);
  const hours = new AdditionalHoursService({ ...base, lookupReference: deps.lookupReference, settings: hoursSettings });
  const debriefs = new DebriefsService({ ...base, lookupReference: deps.lookupReference });
  const safety = { visits, codes, whereabouts, ladders, escalation, alerts, workingDays, hours, debriefs };

  const pages = { visits, whereabouts, codes, workingDays, hours, clock: deps.clock, visitPanels: deps.visitPanels };
  const homePanels: HomePanelProvider[] = [
    // AMHPs: "Going out" is the first tap; the form is the second.
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, ['amhp'])) return null;
      const visit = await visits.myOpenVisit(ctx);
      if (!visit) return { title: 'Going out?', emptyText: 'Record where you are going before you leave.', link: { href: paths.newVisit(), text: 'Going out' }, order: 1 };
      return {
        title: 'You are out',
        items: [{ text: visit.place, hint: `expected to finish ${formatTime(visit.expectedFinishAt)}` }],
        link: { href: paths.visit({ id: visit.id }), text: 'Check in' },
        alert: visit.status === 'out' && visit.expectedFinishAt < deps.clock.now(),
        order: 1,
      };
    },
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, WATCHERS)) return null;
      const board = await whereabouts.board(ctx);
      const attention = board.rows.filter((r) => r.alert !== null);
      return {
        title: 'Whereabouts',
        count: board.rows.length,
        countLabel: board.rows.length === 1 ? 'AMHP out now' : 'AMHPs out now',
        items: attention.slice(0, 5).map((r) => ({
          text: r.visit.amhpName,
          href: paths.visit({ id: r.visit.id }),
          hint: r.alert === 'overdue' ? 'overdue' : r.alert === 'help_requested' ? 'needs help now' : 'silent alarm',
        })),
        link: { href: paths.board(), text: 'Open the whereabouts board' },
        alert: attention.length > 0 || board.alerts.length > 0 || board.rows.some((r) => isOverdue(r.visit, board.now)),
        order: 2,
      };
    },
    async (ctx) => {
      if (!hasAnyRole(ctx.actor, HOURS_APPROVERS)) return null;
      const claims = await hours.claimsToDecide(ctx);
      if (claims.length === 0) return null;
      return { title: 'Additional hours to decide', count: claims.length, countLabel: claims.length === 1 ? 'claim waiting' : 'claims waiting', link: { href: paths.hoursToDecide(), text: 'Decide additional hours' }, order: 20 };
    },
  ];

  const parts: ModuleParts = {
    name: 'safety',
    routes: [
      ...hubRoutes(pages),
      ...visitPageRoutes({ ...pages, liveEvents: deps.liveEvents }),
      ...visitApiRoutes(pages),
      ...ladderPageRoutes({ ladders, alerts }),
      ...ladderApiRoutes({ ladders, alerts }),
      ...hoursPageRoutes(pages),
      ...hoursApiRoutes(pages),
      ...hoursSettingsRoutes({ settings: hoursSettings }),
      ...debriefPageRoutes({ debriefs, clock: deps.clock }),
      ...debriefApiRoutes({ debriefs, clock: deps.clock }),
    ],
    // PathTo<'/x/:id'> does not fit the index type PathTo<string> (its parameters are required):
    // templates call them with the parameters, so the record is widened here.
    paths: paths as unknown as ModuleParts['paths'],
    navigation: [
      { text: 'Safety', href: paths.hub(), roles: ['amhp', ...ALERT_READERS], order: 40 },
      { text: 'Whereabouts', href: paths.board(), roles: ALERT_READERS, order: 41 },
    ],
    adminLinks: [
      { text: 'Escalation ladders', href: paths.adminLadders(), hint: 'Grace period, escalation interval and the on-call ladder with contact numbers, per team' },
      { text: 'Who decides additional hours', href: paths.adminHoursDeciders(), hint: 'The AMHP’s line manager only (the guidance), or an operational manager too' },
    ],
    homePanels,
    urgentBanners: [(ctx) => alerts.bannerFor(ctx)],
    jobs: [
      {
        name: 'safety-escalation',
        intervalSeconds: 15,
        run: (trx, now) => escalation.runEscalation(tablesFor<SafetyDb>(trx), now),
        // Timed: each overdue alert and ladder step fires at its instant, re-armed by every visit
        // and acknowledgement change; the e-mails go at once after the alert commits.
        nextDue: (db, now) => escalation.nextDue(tablesFor<SafetyDb>(db), now),
        rearmOn: [LIVE_TOPIC],
        then: DELIVER_NOTIFICATIONS_JOB,
      },
      { name: 'safety-long-shifts', intervalSeconds: 60, run: async (trx, now) => void (await workingDays.runLongShifts(tablesFor<SafetyDb>(trx), now)) },
    ],
    seedDemo: (ids) => seedSafetyDemo({ db: deps.db, clock: deps.clock }, ids),
  };
  return { parts, safety, ladders };
}
