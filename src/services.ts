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
import { RegisterService } from './modules/register/register-service.js';
import { StaffService } from './modules/staff/staff-service.js';
import { StandardsService } from './modules/standards/standards-service.js';
import { DutyService } from './modules/duty/duty-service.js';
import { referralsPort } from './modules/duty/referrals-adapter.js';
import { ReferralDutyReads } from './modules/referrals/referral-duty-reads.js';
import { createSafetyModule } from './modules/safety/safety-module.js';
import type { SafetyDb } from './modules/safety/safety-tables.js';
import { ReferralRepository } from './modules/referrals/referral-repository.js';
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
  // The AMHP register's rule (approval in force, not suspended, authorised for the LSSA).
  const register = new RegisterService(db, clock, audit, staff, settings);
  const eligibility: AmhpEligibility = register.eligibility();

  const referrals = new ReferralService(db, clock, audit, staff, eligibility);
  const assessments = new AssessmentService(db, clock, audit, referrals, (handle, personId, date) => register.approvalInForce(handle, personId, date));
  // The register (a lower layer) counts assessments for the approval panel pack through this.
  register.setAssessmentCounter((personId, from, to) => assessments.countForAmhp(personId, from, to));
  // merge: replace with the referrals module's published lookupReference (referrals worktree).
  const lookupReference = async (text: string): Promise<{ id: string; reference: string } | null> => {
    const value = text.trim();
    const row = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
      ? await new ReferralDutyReads(db).get(value)
      : (await new ReferralRepository().search(db, { kind: 'reference', reference: value.toUpperCase() }, 1))[0];
    return row ? { id: row.id, reference: row.reference } : null;
  };
  const { parts: safetyParts, safety } = createSafetyModule({ db: tablesFor<SafetyDb>(db), clock, audit, notifications, liveEvents, lookupReference });

  const duty = new DutyService({ db, clock, audit, settings, calendar, staff, eligibility, liveEvents, notifications, serviceName: config.serviceName, referrals: referralsPort(referrals, new ReferralDutyReads(db)) });

  const standards = new StandardsService(db, clock, audit, staff);

  // Modules built with createXModule, lower layers first; their parts are registered by the app.
  const modules: ModuleParts[] = [safetyParts];

  return { config, database, db, clock, audit, auth, calendar, settings, notifications, liveEvents, scheduler, staff, register, eligibility, referrals, assessments, safety, duty, standards, modules };
}

export type Services = ReturnType<typeof createServices>;
