/**
 * The AMHP register: who is approved to act, for which LSSA, until when; their training,
 * supervision and competencies; the trainee pipeline and funding. Built once by the composition
 * root with exactly what it uses. Other modules use `eligibility.mayAct` (rota, allocation) and
 * `register.approvalInForce` (the statutory checks on an application).
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { formatDate, londonDate, type IsoDate } from '../../platform/london-time.js';
import type { ModuleParts } from '../../platform/module.js';
import { hasAnyRole } from '../../platform/roles.js';
import type { SettingsService } from '../../platform/settings-service.js';
import { approvalRoutes } from './approvals/approval-routes.js';
import { ApprovalService } from './approvals/approval-service.js';
import { EligibilityService, type AnyHandle, type ApprovalInForce } from './approvals/eligibility-service.js';
import { RegisterListService } from './approvals/register-list-service.js';
import { competencyRoutes } from './competencies/competency-routes.js';
import { CompetencyService } from './competencies/competency-service.js';
import { overviewRoutes } from './overview/overview-routes.js';
import { PanelPackService } from './overview/panel-pack-service.js';
import { PersonService } from './overview/person-service.js';
import { SummaryService } from './overview/summary-service.js';
import { RegisterImportService } from './imports/register-import-service.js';
import { registerRetentionCandidates } from './approvals/retention.js';
import { seedRegisterDemo } from './register-demo.js';
import { registerPaths } from './register-paths.js';
import type { AssessmentCounter, RegisterDeps, StaffDirectory } from './register-ports.js';
import { settingsRoutes } from './register-settings-routes.js';
import { RegisterSettings } from './register-settings-service.js';
import type { RegisterDb } from './register-tables.js';
import { supervisionRoutes } from './supervision/supervision-routes.js';
import { SupervisionAuditService } from './supervision/supervision-audit-service.js';
import { SupervisionService } from './supervision/supervision-service.js';
import { fundingRoutes } from './trainees/funding-routes.js';
import { FundingService } from './trainees/funding-service.js';
import { traineeRoutes } from './trainees/trainee-routes.js';
import { TraineeService } from './trainees/trainee-service.js';
import { trainingRoutes } from './training/training-routes.js';
import { TrainingService } from './training/training-service.js';

export interface RegisterModuleDeps {
  /** The register's tables and staff's read model (`tablesFor<RegisterDb>(db)`). */
  db: Kysely<RegisterDb>;
  clock: Clock;
  audit: AuditLog;
  staff: StaffDirectory;
  settings: SettingsService;
  /** From the referrals module (a higher layer): the assessments an AMHP undertook, for the panel pack. */
  countAssessments: AssessmentCounter;
}

export function createRegisterModule(deps: RegisterModuleDeps) {
  const base: RegisterDeps = { db: deps.db, clock: deps.clock, audit: deps.audit, staff: deps.staff, settings: deps.settings };
  const settings = new RegisterSettings(deps.settings, deps.clock);
  const eligibility = new EligibilityService(base);
  const approvals = new ApprovalService(base);
  const list = new RegisterListService(base, settings, eligibility);
  const training = new TrainingService(base);
  const supervision = new SupervisionService(base);
  const supervisionAudit = new SupervisionAuditService(base, settings);
  const competencies = new CompetencyService(base);
  const trainees = new TraineeService(base);
  const funding = new FundingService(base);
  const people = new PersonService(base, settings, eligibility);
  const panelPack = new PanelPackService(base, people, deps.countAssessments);
  const summary = new SummaryService(base, list, training, trainees);
  const bulkImport = new RegisterImportService(base);
  const today = () => londonDate(deps.clock.now());

  /** The register's services, one per use case, for the app, tests and the modules above. */
  const register = {
    approvals,
    list,
    training,
    supervision,
    supervisionAudit,
    competencies,
    trainees,
    funding,
    people,
    panelPack,
    summary,
    settings,
    /** The set-up register import: check (dry run) and apply (in the caller's transaction). */
    bulkImport,
    today,
    /**
     * The approval in force for a person on a date, as the statutory checks read it, or null.
     * Pass your own handle or open transaction (any module's): the read joins it.
     */
    approvalInForce: (handle: AnyHandle, personId: string, date: IsoDate): Promise<ApprovalInForce | null> => eligibility.approvalInForce(handle, personId, date),
  };

  const parts: ModuleParts = {
    name: 'register',
    // ModuleParts types paths without parameters; templates call them with their parameters.
    paths: registerPaths as unknown as ModuleParts['paths'],
    routes: [
      ...approvalRoutes({ approvals, list, eligibility, settings, staff: deps.staff }),
      ...trainingRoutes({ training, approvals }),
      ...supervisionRoutes({ supervision, audit: supervisionAudit, approvals }),
      ...competencyRoutes({ competencies, approvals }),
      ...traineeRoutes({ trainees, staff: deps.staff, today }),
      ...fundingRoutes({ funding }),
      ...overviewRoutes({ people, panelPack, summary, today }),
      ...settingsRoutes({ settings }),
    ],
    navigation: [
      { text: 'AMHP register', href: registerPaths.index(), roles: ['lead_amhp', 'operational_manager', 'admin'], order: 40 },
      { text: 'AMHP register', href: registerPaths.summary(), roles: ['governance_viewer'], order: 40 },
      { text: 'My approval and training', href: registerPaths.me(), roles: ['amhp'], order: 41 },
    ],
    adminLinks: [{ text: 'AMHP register settings', href: registerPaths.settings(), hint: 'When re-approvals show as due, and how often each kind of AMHP must have supervision' }],
    homePanels: [
      async (ctx) => {
        if (!hasAnyRole(ctx.actor, ['lead_amhp', 'operational_manager'])) return null;
        const due = await list.dueSoon();
        return {
          title: 'Re-approvals due',
          count: due.length,
          countLabel: due.length === 1 ? 'AMHP due for re-approval' : 'AMHPs due for re-approval',
          items: due.slice(0, 5).map((r) => ({ text: r.name, href: registerPaths.person({ id: r.personId }), hint: r.reapprovalDueDate ? `approval ends ${formatDate(r.reapprovalDueDate)}` : '' })),
          emptyText: 'No re-approvals due in the warning period.',
          link: { href: registerPaths.index(), text: 'Open the AMHP register' },
          alert: due.some((r) => (r.reapprovalDaysLeft ?? 99) <= 30),
          order: 40,
        };
      },
      // The Lead AMHP sees who is behind with supervision (staff welfare guidance §5.5–5.7).
      async (ctx) => {
        if (!hasAnyRole(ctx.actor, ['lead_amhp'])) return null;
        const { quarter, total, below } = await supervisionAudit.belowTheRuleNow(ctx);
        return {
          title: 'Supervision',
          count: below.length,
          countLabel: `of ${total} AMHPs below their supervision rule (${quarter.label})`,
          items: below.slice(0, 5).map((r) => ({
            text: r.name,
            href: registerPaths.person({ id: r.amhpId }),
            hint: r.lastSupervision ? `last supervision ${formatDate(r.lastSupervision)}, ${r.weeksSinceLast} ${r.weeksSinceLast === 1 ? 'week' : 'weeks'} ago` : 'no supervision recorded',
          })),
          emptyText: 'Every AMHP meets their supervision rule this quarter.',
          link: { href: registerPaths.supervisionAudit(), text: 'Supervision audit' },
          alert: below.length > 0,
          order: 42,
        };
      },
      async (ctx) => {
        if (!hasAnyRole(ctx.actor, ['lead_amhp'])) return null;
        const risk = await training.atRisk();
        return {
          title: 'Training at risk',
          count: risk.length,
          countLabel: risk.length === 1 ? 'AMHP at risk of missing 18 hours' : 'AMHPs at risk of missing 18 hours',
          items: risk.slice(0, 5).map((r) => ({ text: r.name, href: registerPaths.person({ id: r.personId }), hint: `${r.hours} hours, ${r.daysLeft ?? 0} days left` })),
          emptyText: 'Everyone is on track with training.',
          link: { href: registerPaths.compliance(), text: 'Training compliance' },
          order: 41,
        };
      },
      async (ctx) => {
        if (!hasAnyRole(ctx.actor, ['amhp'])) return null;
        const mine = await training.myCompliance(ctx);
        if (!mine) return null; // not on the register
        const link = { href: registerPaths.me(), text: 'My approval and training' };
        if (!mine.approved) return { title: 'My training hours', emptyText: 'You have no approval in force.', link, order: 42 };
        return {
          title: 'My training hours',
          count: mine.hours,
          countLabel: `of 18 hours this approval year (${mine.daysLeft ?? 0} days left)`,
          items: [
            { text: `Legal update: ${mine.legalUpdate ? 'yes' : 'not yet'}` },
            { text: `Professional meetings: ${mine.professionalMeetings} of 4` },
            ...(mine.atRiskReason ? [{ text: `At risk: ${mine.atRiskReason}` }] : []),
          ],
          alert: mine.atRisk,
          link,
          order: 42,
        };
      },
    ],
    seedDemo: (ids) => seedRegisterDemo(base, ids),
  };

  /** The register's part of the retention schedule (the privacy module reviews it). */
  const retention = { candidates: (today: IsoDate, db: Kysely<RegisterDb> = deps.db) => registerRetentionCandidates(db, today) };
  return { parts, register, eligibility, retention };
}

export type RegisterModule = ReturnType<typeof createRegisterModule>;
export type Register = RegisterModule['register'];
