import type { AppConfig } from './config.js';
import { tablesFor, type DatabaseHandle } from './db/database.js';
import { AuditLog } from './platform/audit.js';
import { AuthService } from './platform/auth/auth-service.js';
import { CredentialsService } from './platform/auth/credentials-service.js';
import { MfaService } from './platform/auth/mfa-service.js';
import { PasswordResetService } from './platform/auth/password-reset-service.js';
import { CalendarService } from './platform/calendar-service.js';
import type { Clock } from './platform/clock.js';
import { LiveEvents } from './platform/live-events.js';
import { Notifications, type MailTransport } from './platform/notifications.js';
import { Scheduler } from './platform/scheduler.js';
import { SettingsService } from './platform/settings-service.js';
import type { PlatformTables } from './platform/platform-tables.js';
import type { AmhpEligibility } from './modules/staff/amhp-eligibility.js';
import { createRegisterModule } from './modules/register/register-module.js';
import type { RegisterDb } from './modules/register/register-tables.js';
import { createStaffModule } from './modules/staff/staff-module.js';
import type { StaffTables } from './modules/staff/staff-tables.js';
import { createStandardsModule } from './modules/standards/standards-module.js';
import { createDutyModule } from './modules/duty/duty-module.js';
import type { DutyDatabase } from './modules/duty/duty-repository.js';
import { referralsPort } from './modules/duty/referrals-adapter.js';
import { createSafetyModule } from './modules/safety/safety-module.js';
import type { SafetyDb } from './modules/safety/safety-tables.js';
import { createReferralsModule } from './modules/referrals/referrals-module.js';
import type { ReferralsModuleTables } from './modules/referrals/referrals-tables.js';
import type { ModuleParts } from './platform/module.js';
import { adminPaths } from './platform/shell/shell-paths.js';
import { createEscalationsModule } from './modules/escalations/escalations-module.js';
import type { EscalationsDb } from './modules/escalations/escalations-tables.js';
import { createDoctorsModule } from './modules/doctors/doctors-module.js';
import type { DoctorsDb } from './modules/doctors/doctors-tables.js';
import { doctorsPaths } from './modules/doctors/doctors-paths.js';
import { createStatutoryFormsModule } from './modules/statutory-forms/statutory-forms-module.js';
import type { StatutoryFormsDb } from './modules/statutory-forms/statutory-forms-tables.js';
import { statutoryFormsPaths } from './modules/statutory-forms/statutory-forms-paths.js';
import { createSetupModule } from './modules/setup/setup-module.js';
import { createPrivacyModule } from './modules/privacy/privacy-module.js';
import type { PrivacyDb } from './modules/privacy/privacy-tables.js';
import { createReportsModule } from './modules/reports/reports-module.js';
import type { ReportsDb } from './modules/reports/reports-tables.js';
import { createReportsPartB } from './modules/reports/part-b.js';
import type { ReportsBDb } from './modules/reports/part-b-tables.js';
import { escalationsPaths } from './modules/escalations/escalations-paths.js';
import { staffPaths } from './modules/staff/staff-paths.js';
import { dutyPaths } from './modules/duty/duty-paths.js';
import { safetyPaths } from './modules/safety/safety-paths.js';

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
  // The platform sees only its own tables; it reads people through staff's directory.
  const platformDb = tablesFor<PlatformTables>(db);
  const audit = new AuditLog(platformDb, clock);
  const credentials = new CredentialsService(platformDb, clock, config.passwordHashCost);
  const calendar = new CalendarService(platformDb, audit);
  const settings = new SettingsService(platformDb, audit, clock);
  const notifications = new Notifications(platformDb, clock, deps.mailTransport, config.mailFrom);
  const liveEvents = new LiveEvents();
  const scheduler = new Scheduler(db, clock);
  const staffModule = createStaffModule({ db: tablesFor<StaffTables>(db), clock, audit, credentials });
  const { staff, directory } = staffModule;
  const mfa = new MfaService({ db: platformDb, clock, audit, settings, people: directory, config });
  const passwordReset = new PasswordResetService({ db: platformDb, clock, audit, people: directory, credentials, notifications, config });
  const auth = new AuthService({ db: platformDb, clock, audit, config, people: directory, credentials, mfa });
  // The AMHP register's rule (approval in force, not suspended, authorised for the LSSA).
  // The panel pack counts assessments through the referrals module, built below (late-bound arrow).
  // Pages of lower modules show panels the escalations module supplies (late-bound, built below).
  const panels = () => escalationsModule.panels;
  const registerModule = createRegisterModule({ db: tablesFor<RegisterDb>(db), clock, audit, staff, settings, countAssessments: (...a) => assessments.countForAmhp(...a) });
  const { register } = registerModule;
  const eligibility: AmhpEligibility = registerModule.eligibility;

  const referralsModule = createReferralsModule({
    db: tablesFor<ReferralsModuleTables>(db),
    clock,
    audit,
    staff,
    eligibility,
    approvalInForce: (personId, date) => register.approvalInForce(db, personId, date),
    serviceName: config.serviceName,
    doctorFinderHref: (referralId) => doctorsPaths.finder({ referralId }),
    statutoryFormsHref: (referralId) => statutoryFormsPaths.forms({ id: referralId }),
    referralPanels: (ctx, id) => panels().referral(ctx, id),
  });
  const { referrals, assessments } = referralsModule;
  // Section 12 doctors stand just above referrals: the finder and claims reach the assessment
  // through the referrals' published doctorLinks; the assessment page links to the finder through
  // the doctorFinderHref slot filled above.
  const doctorsModule = createDoctorsModule({ db: tablesFor<DoctorsDb>(db), clock, audit, notifications, settings, referrals: referralsModule.doctorLinks, serviceName: config.serviceName, statutoryFormsHref: (referralId) => statutoryFormsPaths.forms({ id: referralId }) });
  // The statutory forms stand above referrals: the assessment record (with its statutory checks)
  // through the referrals module's published read; the doctor's GMC number from the directory.
  const statutoryFormsModule = createStatutoryFormsModule({
    db: tablesFor<StatutoryFormsDb>(db),
    clock,
    audit,
    notifications,
    assessment: (ctx, referralId, checkAs) => assessments.recordForForms(ctx, referralId, checkAs),
    // A signed-in doctor is matched to the assessment's doctors by the GMC number in the directory.
    gmcNumberOf: (personId) => doctorsModule.doctors.gmcNumberOfPerson(personId),
    assessmentsWithDoctor: (gmcNumber) => referralsModule.doctorLinks.assessmentsWithDoctor(gmcNumber),
    organisationName: async (id) => (id ? ((await staff.organisations()).find((o) => o.id === id)?.name ?? null) : null),
    serviceName: config.serviceName,
  });
  const { parts: safetyParts, safety, ladders } = createSafetyModule({ db: tablesFor<SafetyDb>(db), clock, audit, notifications, liveEvents, lookupReference: referralsModule.lookupReference, settings, visitPanels: (ctx, id) => panels().visit(ctx, id) });

  // Modules built with createXModule, lower layers first; their parts are registered by the app.

  const dutyModule = createDutyModule({
    db: tablesFor<DutyDatabase>(db),
    clock,
    audit,
    notifications,
    settings,
    calendar,
    staff,
    eligibility,
    liveEvents,
    serviceName: config.serviceName,
    panels: { board: (ctx) => panels().board(ctx), handover: (ctx, id) => panels().handover(ctx, id) },
    referrals: referralsPort(referralsModule.dutyReads, {
      allocate: (ctx, referralId, c) => referrals.allocate(ctx, referralId, { amhpId: c.amhpId, version: c.version, ...(c.overrideReason ? { overrideReason: c.overrideReason } : {}) }),
      addTimelineEvent: (trx, ctx, referralId, kind, summary, data) => referrals.addTimelineEvent(trx, ctx, referralId, kind, summary, data),
    }),
  });
  const duty = dutyModule.duty;

  // Escalations stand above referrals, duty and safety: they use the referrals' reference lookup.
  const escalationsModule = createEscalationsModule({
    db: tablesFor<EscalationsDb>(db),
    clock,
    audit,
    notifications,
    calendar,
    liveEvents,
    lookupReference: referralsModule.lookupReference,
    addTimelineEvent: (trx, ctx, referralId, kind, summary, data) => referrals.addTimelineEvent(trx as never, ctx, referralId, kind, summary, data),
    links: {
      handover: async (ctx, id) => {
        const h = await duty.handovers.get(ctx, id, { audit: false });
        return `Handover ${h.fromLabel} to ${h.toLabel}`;
      },
      visit: async (ctx, id) => ((await safety.visits.isOwnVisit(ctx, id)) ? 'Your visit' : (await safety.whereabouts.visitRecord(ctx, id)) ? 'A visit' : null),
    },
  });
  const escalations = escalationsModule.escalations;

  const standardsModule = createStandardsModule({ db: tablesFor(db), clock, audit, staff });
  const standards = standardsModule.standards;

  // Reports stand on top of every module: they read only the report-facts views each publishes.
  // Reports part B (disparity, workforce, returns, sending): the SITREP through duty's published service.
  const reportsPartB = createReportsPartB({
    db: tablesFor<ReportsBDb>(db),
    clock,
    audit,
    settings,
    notifications,
    calendar,
    actorFor: (personId) => auth.loadActor(personId),
    sitrepText: (actor, day) => duty.sitrep.text({ actor, requestId: 'job:reports-send' }, day),
    // Bound late: the reports module (its pack service) is built just below, before any send runs.
    monthlyPack: (actor, month) => reportsModule.pack.forSending({ actor, requestId: 'job:reports-send' }, month),
    serviceName: config.serviceName,
  });
  const reportsModule = createReportsModule({ db: tablesFor<ReportsDb>(db), clock, audit, partB: reportsPartB });

  // UK GDPR (docs/privacy.md): subject access, restriction and retention; on top, through the
  // referrals' and register's published services and the schema catalogue. Nothing depends on it.
  const privacyModule = createPrivacyModule({ db: tablesFor<PrivacyDb>(db), clock, audit, referrals: referralsModule.privacy, register: registerModule.retention });

  // Going live: the set-up checklist reads every module above through ports; nothing depends on it.
  const setupModule = createSetupModule({
    db: tablesFor<object>(db),
    clock,
    audit,
    settings,
    notifications,
    ports: {
      organisations: () => staff.organisations(),
      teams: () => staff.teams(),
      serviceHoursSaved: async () => (await duty.hours.current()).version > 0,
      bankHolidays: () => calendar.list(),
      ladders: (ctx) => ladders.ladders(ctx),
      recentMail: () => notifications.recent(directory, 200),
      partners: async () => (await escalationsModule.directory.partners()).map((p) => ({ name: p.name, contacts: p.contacts.length })),
    },
    staffImport: {
      snapshot: async (ctx) => ({ people: await staff.listPeople(ctx, { status: 'all' }), organisations: await staff.organisations(), teams: await staff.teams() }),
      importPeople: (ctx, changes, file) => staff.importPeople(ctx, changes, file),
    },
    rotaImport: {
      people: (ctx) => staff.listPeople(ctx, { status: 'all' }),
      check: (ctx, rows) => duty.rota.checkImport(ctx, rows),
      apply: (ctx, rows, file) => duty.rota.applyImport(ctx, rows, file),
    },
    referralsImport: {
      existing: (ctx, rows, handle) => referralsModule.openReferralsImport.existing(ctx, rows, handle),
      apply: (trx, ctx, rows, file) => referralsModule.openReferralsImport.apply(trx, ctx, rows, file),
    },
    registerImport: {
      people: (ctx) => staff.listPeople(ctx, { status: 'all' }),
      check: (ctx, input, handle) => register.bulkImport.check(ctx, input, handle),
      apply: (trx, ctx, input, file) => register.bulkImport.apply(trx, ctx, input, file),
    },
    links: { organisations: staffPaths.organisations(), teams: staffPaths.teams(), serviceHours: dutyPaths.serviceHours(), bankHolidays: adminPaths.bankHolidays(), ladders: safetyPaths.adminLadders(), partnerDirectory: escalationsPaths.directory() },
  });
  const setup = setupModule.setup;

  // Every module's parts, lower layers first (DESIGN.md). The app registers them in this order,
  // and the demo seeds them in this order: duty last, so its demo day builds on the others'.
  const modules: readonly ModuleParts[] = [staffModule.parts, registerModule.parts, referralsModule.parts, doctorsModule.parts, statutoryFormsModule.parts, standardsModule.parts, safetyParts, dutyModule.parts, escalationsModule.parts, reportsModule.parts, privacyModule.parts, setupModule.parts];

  return { config, database, db, clock, audit, auth, mfa, passwordReset, credentials, directory, calendar, settings, notifications, liveEvents, scheduler, staff, register, eligibility, referrals, assessments, safety, duty, escalations, partnerDirectory: escalationsModule.directory, doctors: doctorsModule.doctors, standards, setup, statutoryForms: statutoryFormsModule.forms, reportsPartB, privacy: privacyModule.privacy, modules };
}

export type Services = ReturnType<typeof createServices>;
