import type { DutyRouteDeps } from './duty-views.js';
import { tablesFor } from '../../db/database.js';
import type { AuditLog } from '../../platform/audit.js';
import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import type { LiveEvents } from '../../platform/live-events.js';
import { formatTime, formatWeekdayDate } from '../../platform/london-time.js';
import type { HomePanelProvider, ModuleParts } from '../../platform/module.js';
import type { Notifications } from '../../platform/notifications.js';
import { hasAnyRole } from '../../platform/roles.js';
import type { Job } from '../../platform/scheduler.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import { DUTY_ROLES } from './duty-access.js';
import { seedDutyDemo } from './duty-demo.js';
import { dutyPaths } from './duty-paths.js';
import type { DutyStaff } from './duty-people.js';
import type { DutyAudit, DutyNotify } from './duty-platform-port.js';
import type { DutyReferralsPort } from './duty-referrals-port.js';
import { DutyRepository, type DutyDatabase, type DutyDb } from './duty-repository.js';
import { dutyRoutes } from './duty-routes.js';
import { DutyService } from './duty-service.js';
import { DUTY_TOPIC } from './rota-service.js';

export interface DutyModuleDeps {
  /** The connection seen through duty's own tables and the staff read model (`tablesFor` at the root). */
  db: DutyDb;
  clock: Clock;
  audit: Pick<AuditLog, 'record'>;
  notifications: Pick<Notifications, 'enqueue'>;
  settings: Pick<SettingsService, 'get' | 'put'>;
  calendar: Pick<CalendarService, 'calendar'>;
  staff: DutyStaff;
  eligibility: AmhpEligibility;
  liveEvents: LiveEvents;
  serviceName: string;
  /** The referrals module adapted to duty's port (referrals-adapter.ts). */
  referrals?: DutyReferralsPort;
  /** Panels from modules above (the escalations module's directory), passed down by the root. */
  panels?: DutyRouteDeps['panels'];
}

/**
 * The duty day: service hours, rota, allocation sheet, handovers, board and SITREP. Returns the
 * parts the app registers and the duty service (higher modules ask it who is responsible now).
 */
export function createDutyModule(deps: DutyModuleDeps): { parts: ModuleParts; duty: DutyService } {
  // Audit rows and e-mails are written in duty's transaction: the same connection, which the
  // platform services see through their own table types.
  const audit: DutyAudit = (trx, ctx, entry) => deps.audit.record(trx as unknown as Parameters<AuditLog['record']>[0], ctx, entry);
  const notify: DutyNotify = (trx, message) => deps.notifications.enqueue(trx as unknown as Parameters<Notifications['enqueue']>[0], message);
  const duty = new DutyService({ ...deps, audit, notify });
  // Another instance's duty change (or this one's): the board's shared read of the day is dropped.
  deps.liveEvents.subscribe(DUTY_TOPIC, () => {
    duty.board.invalidate();
    duty.handovers.invalidate();
  });
  const routeDeps = { duty, clock: deps.clock, liveEvents: deps.liveEvents, serviceName: deps.serviceName, panels: deps.panels };

  const myDuties: HomePanelProvider = async (ctx) => {
    if (!hasAnyRole(ctx.actor, DUTY_ROLES.myDuties)) return null;
    const duties = (await duty.rota.myDuties(ctx)).slice(0, 5);
    return {
      title: 'My next duties',
      count: duties.length,
      countLabel: duties.length === 1 ? 'duty ahead' : 'duties ahead',
      items: duties.map((d) => ({
        text: `${formatWeekdayDate(d.date, { year: false })} ${d.kind === 'edt' ? 'EDT' : 'daytime'} ${formatTime(d.start)}–${formatTime(d.end)}`,
        ...(d.status === 'unavailable' ? { hint: 'Marked unavailable (sick)' } : d.coversName ? { hint: `Covering for ${d.coversName}` } : {}),
      })),
      emptyText: 'You are not on the rota for any coming duties.',
      link: { href: dutyPaths.myDuties(), text: 'All my duties' },
      order: 10,
    };
  };

  const handoversWaiting: HomePanelProvider = async (ctx) => {
    if (!hasAnyRole(ctx.actor, ['amhp_lead', 'edt_manager', 'operational_manager'])) return null;
    const open = await duty.handovers.list(ctx, { openOnly: true });
    return {
      title: 'Handovers awaiting acceptance',
      count: open.length,
      countLabel: open.length === 1 ? 'handover' : 'handovers',
      items: open.slice(0, 5).map((h) => ({
        text: `${h.fromLabel} to ${h.toLabel}, sent ${formatTime(h.sentAt)}`,
        href: dutyPaths.handover({ id: h.id }),
        ...(h.timing.overdue ? { hint: 'Not accepted within 30 minutes of the service starting' } : {}),
      })),
      emptyText: 'No handovers are waiting.',
      link: { href: dutyPaths.handovers(), text: 'All handovers' },
      alert: open.some((h) => h.timing.overdue),
      order: 11,
    };
  };

  const coverToDecide: HomePanelProvider = async (ctx) => {
    if (!hasAnyRole(ctx.actor, DUTY_ROLES.sickness)) return null;
    const waiting = await duty.rota.coverToDecide(ctx);
    if (waiting.length === 0 && !hasAnyRole(ctx.actor, DUTY_ROLES.sicknessAny)) return null;
    return {
      title: 'Sickness: back-up to decide',
      count: waiting.length,
      countLabel: waiting.length === 1 ? 'duty' : 'duties',
      items: waiting.slice(0, 5).map((s) => ({
        text: `${s.personName}: ${formatWeekdayDate(s.date, { year: false })} ${s.kind === 'edt' ? 'EDT' : 'daytime'} ${formatTime(s.start)}–${formatTime(s.end)}`,
        href: dutyPaths.sickness({ id: s.id }),
        hint: `Reported by ${s.personName} ${formatTime(s.reportedAt)}`,
      })),
      emptyText: 'No sickness is waiting for a back-up decision.',
      alert: waiting.length > 0,
      order: 9,
    };
  };

  const overdueJob: Job = {
    name: 'duty-handover-acceptance-overdue',
    intervalSeconds: 60,
    run: (trx, now) => duty.handovers.flagOverdue(tablesFor<DutyDatabase>(trx), now),
  };

  const parts: ModuleParts = {
    name: 'duty',
    routes: dutyRoutes(routeDeps),
    // A PathTo with parameters does not widen to ModuleParts' PathTo<string> (its parameters are required).
    paths: dutyPaths as unknown as NonNullable<ModuleParts['paths']>,
    navigation: [
      { text: 'Duty board', href: dutyPaths.board(), roles: DUTY_ROLES.view, order: 20 },
      { text: 'Rota', href: dutyPaths.rota(), roles: DUTY_ROLES.view, order: 21 },
      { text: 'Allocation sheet', href: dutyPaths.sheetToday(), roles: DUTY_ROLES.view, order: 22 },
      { text: 'Handovers', href: dutyPaths.handovers(), roles: DUTY_ROLES.view, order: 23 },
      { text: 'SITREP', href: dutyPaths.sitrep(), roles: DUTY_ROLES.sitrep, order: 24 },
    ],
    adminLinks: [{ text: 'Service hours', href: dutyPaths.serviceHours(), hint: 'When the daytime AMHP service is open and EDT covers: every "who is responsible now" answer comes from here' }],
    homePanels: [coverToDecide, myDuties, handoversWaiting],
    jobs: [overdueJob],
    seedDemo: (ids) => seedDutyDemo({ db: deps.db, clock: deps.clock, audit, staff: deps.staff, eligibility: deps.eligibility, calendar: deps.calendar, duty, repository: new DutyRepository() }, ids),
  };
  return { parts, duty };
}
