import type { AppConfig } from './config.js';
import { tablesFor, type DatabaseHandle } from './db/database.js';
import { AuditLog } from './platform/audit.js';
import { AuthService } from './platform/auth/auth-service.js';
import { CalendarService } from './platform/calendar-service.js';
import type { Clock } from './platform/clock.js';
import { LiveEvents } from './platform/live-events.js';
import { Notifications, type MailTransport } from './platform/notifications.js';
import { Scheduler } from './platform/scheduler.js';
import { SettingsService } from './platform/settings-service.js';
import type { AmhpEligibility } from './modules/staff/amhp-eligibility.js';
import { createRegisterModule } from './modules/register/register-module.js';
import type { RegisterDb } from './modules/register/register-tables.js';
import { StaffService } from './modules/staff/staff-service.js';
import { StandardsService } from './modules/standards/standards-service.js';
import { DutyService } from './modules/duty/duty-service.js';
import { referralsPort } from './modules/duty/referrals-adapter.js';
import { ReferralDutyReads } from './modules/referrals/referral-duty-reads.js';
import { SafetyService } from './modules/safety/safety-service.js';
import { referralLookup } from './modules/safety/safety-repository.js';
import { ReferralService } from './modules/referrals/referral-service.js';
import { AssessmentService } from './modules/referrals/assessment-service.js';
import type { ModuleParts } from './platform/module.js';

export interface ServiceDependencies {
  config: AppConfig;
  database: DatabaseHandle;
  clock: Clock;
  mailTransport?: MailTransport;
}

/**
 * The composition root: every service is built here, once, in layer order (DESIGN.md), and
 * handed to routes, jobs and tests. Add a module's service below the ones it depends on.
 */
export function createServices(deps: ServiceDependencies) {
  const { config, database, clock } = deps;
  const db = database.db;
  const audit = new AuditLog(db, clock);
  const auth = new AuthService(db, clock, audit, config);
  const calendar = new CalendarService(db, audit);
  const settings = new SettingsService(db, audit);
  const notifications = new Notifications(db, clock, deps.mailTransport, config.mailFrom);
  const liveEvents = new LiveEvents();
  const scheduler = new Scheduler(db, clock);
  const staff = new StaffService(db, clock, audit, auth);
  // The AMHP register's rule (approval in force, not suspended, authorised for the LSSA). The panel
  // pack counts assessments through the referrals module, built below (late-bound arrow).
  const registerModule = createRegisterModule({ db: tablesFor<RegisterDb>(db), clock, audit, staff, settings, countAssessments: (...a) => assessments.countForAmhp(...a) });
  const { register } = registerModule;
  const eligibility: AmhpEligibility = registerModule.eligibility;

  const referrals = new ReferralService(db, clock, audit, staff, eligibility);
  const assessments = new AssessmentService(db, clock, audit, referrals, (handle, personId, date) => register.approvalInForce(handle, personId, date));
  const safety = new SafetyService(db, clock, audit, settings, notifications, liveEvents, referralLookup(db));

  const duty = new DutyService({ db, clock, audit, settings, calendar, staff, eligibility, liveEvents, notifications, serviceName: config.serviceName, referrals: referralsPort(referrals, new ReferralDutyReads(db)) });

  const standards = new StandardsService(db, clock, audit, staff);

  // Modules built with createXModule, lower layers first; their parts are registered by the app.
  const modules: ModuleParts[] = [registerModule.parts];

  return { config, database, db, clock, audit, auth, calendar, settings, notifications, liveEvents, scheduler, staff, register, eligibility, referrals, assessments, safety, duty, standards, modules };
}

export type Services = ReturnType<typeof createServices>;
