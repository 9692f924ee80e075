import type { AppConfig } from './config.js';
import type { DatabaseHandle } from './db/database.js';
import { AuditLog } from './platform/audit.js';
import { AuthService } from './platform/auth/auth-service.js';
import { CalendarService } from './platform/calendar-service.js';
import type { Clock } from './platform/clock.js';
import { LiveEvents } from './platform/live-events.js';
import { Notifications, type MailTransport } from './platform/notifications.js';
import { Scheduler } from './platform/scheduler.js';
import { SettingsService } from './platform/settings-service.js';
import type { AmhpEligibility } from './modules/staff/amhp-eligibility.js';
import { RegisterService } from './modules/register/register-service.js';
import { StaffService } from './modules/staff/staff-service.js';
import { StandardsService } from './modules/standards/standards-service.js';
import { DutyService } from './modules/duty/duty-service.js';
import { referralsPort } from './modules/duty/referrals-adapter.js';
import { ReferralDutyReads } from './modules/referrals/referral-duty-reads.js';
import { SafetyService } from './modules/safety/safety-service.js';
import { referralLookup } from './modules/safety/safety-repository.js';
import { ReferralService } from './modules/referrals/referral-service.js';
import { createAssessmentFeature } from './modules/referrals/assessment/assessment-feature.js';
import type { AssessmentDb } from './modules/referrals/assessment/assessments-tables.js';
import { assessmentAudit, assessmentReferralPort } from './modules/referrals/assessment-port-adapter.js';
import { createReferralsModule } from './modules/referrals/referrals-module.js';
import { tablesFor } from './db/database.js';
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
  // The AMHP register's rule (approval in force, not suspended, authorised for the LSSA).
  const register = new RegisterService(db, clock, audit, staff, settings);
  const eligibility: AmhpEligibility = register.eligibility();

  const referrals = new ReferralService(db, clock, audit, staff, eligibility);
  const assessment = createAssessmentFeature({
    db: tablesFor<AssessmentDb>(db),
    clock,
    audit: assessmentAudit(audit),
    referrals: assessmentReferralPort(referrals, db),
    approvalInForce: (personId, date) => register.approvalInForce(db, personId, date),
    serviceName: config.serviceName,
  });
  const assessments = assessment.assessments;
  // The register (a lower layer) counts assessments for the approval panel pack through this.
  register.setAssessmentCounter((personId, from, to) => assessments.countForAmhp(personId, from, to));
  const safety = new SafetyService(db, clock, audit, settings, notifications, liveEvents, referralLookup(db));

  const duty = new DutyService({ db, clock, audit, settings, calendar, staff, eligibility, liveEvents, notifications, serviceName: config.serviceName, referrals: referralsPort(referrals, new ReferralDutyReads(db)) });

  const standards = new StandardsService(db, clock, audit, staff);

  // Modules built with createXModule, lower layers first; their parts are registered by the app.
  const modules: ModuleParts[] = [];

  const services = { config, database, db, clock, audit, auth, calendar, settings, notifications, liveEvents, scheduler, staff, register, eligibility, referrals, assessments, safety, duty, standards, modules };
  modules.push(createReferralsModule({ referrals, assessment, services: () => services }).parts);
  return services;
}

export type Services = ReturnType<typeof createServices>;
