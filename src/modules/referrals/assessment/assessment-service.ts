// The Mental Health Act assessment record, built up section by section over hours and checked
// against every statutory rule that applies. One service per use case behind this facade:
// reading (assessment-view-service.ts), sections, doctors, the outcome and the AMHP report.

import type { ServiceContext } from '../../../platform/audit.js';
import type { IsoDate } from '../../../platform/london-time.js';
import type { Kysely } from 'kysely';
import { AssessmentDoctorsService, type AppContactEntry, type AppDoctorEntry } from './assessment-doctors-service.js';
import type { AssessmentDb } from './assessments-tables.js';
import { AssessmentEditing, type AssessmentDeps } from './assessment-editing.js';
import type { LegalFormCommand } from './assessment-form-schemas.js';
import { AssessmentOutcomeService } from './assessment-outcome-service.js';
import type { ApprovalInForce } from './assessment-port.js';
import type { DoctorRow } from './assessment-repository.js';
import { AssessmentReportService } from './assessment-report-service.js';
import type {
  AddendumCommand,
  ContactCommand,
  DoctorCommand,
  DoctorUpdateCommand,
  InterviewCommand,
  LegalContextCommand,
  NearestRelativeCommand,
  OutcomeCommand,
  PlanCommand,
  ReportCommand,
  ResourceCommand,
  ResourceKind,
  VersionCommand,
} from './assessment-schemas.js';
import { AssessmentSectionsService } from './assessment-sections-service.js';
import { AssessmentViewService, type AssessmentView } from './assessment-view-service.js';
import type { ApplicationType } from './domain/assessment-outcomes.js';

export class AssessmentService {
  private readonly view: AssessmentViewService;
  private readonly sections: AssessmentSectionsService;
  private readonly doctors: AssessmentDoctorsService;
  private readonly outcomes: AssessmentOutcomeService;
  private readonly report: AssessmentReportService;

  constructor(deps: AssessmentDeps & { approvalInForce: ApprovalInForce }) {
    const editing = new AssessmentEditing(deps);
    this.view = new AssessmentViewService(deps);
    this.sections = new AssessmentSectionsService(editing);
    this.doctors = new AssessmentDoctorsService(editing);
    this.outcomes = new AssessmentOutcomeService(editing, this.view);
    this.report = new AssessmentReportService(editing);
  }

  // Reading
  /** The register's approval panel pack: an AMHP's assessments in a period, by outcome. */
  countForAmhp(personId: string, from: IsoDate, to: IsoDate): Promise<{ total: number; byKind: Array<{ kind: string; count: number }> }> {
    return this.view.countForAmhp(personId, from, to);
  }
  getRecord(ctx: ServiceContext, referralId: string, options: { checkAs?: ApplicationType | undefined; audit?: boolean } = {}): Promise<AssessmentView> {
    return this.view.getRecord(ctx, referralId, options);
  }
  /**
   * The record with its statutory checks, for the statutory forms module above (which authorises
   * its readers, doctors included, and records its own audit rows): no role check, no audit here.
   */
  recordForForms(ctx: ServiceContext, referralId: string, checkAs?: ApplicationType): Promise<AssessmentView> {
    return this.view.recordForForms(ctx, referralId, checkAs);
  }
  getDoctor(ctx: ServiceContext, referralId: string, doctorId: string): Promise<DoctorRow> {
    return this.view.getDoctor(ctx, referralId, doctorId);
  }
  reportData(ctx: ServiceContext, referralId: string, document: 'report' | 's13_letter'): Promise<AssessmentView> {
    return this.view.reportData(ctx, referralId, document);
  }
  amhps(): Promise<Array<{ id: string; name: string }>> {
    return this.view.amhps();
  }

  // Sections (each returns the record's new version)
  savePlan(ctx: ServiceContext, referralId: string, cmd: PlanCommand): Promise<number> {
    return this.sections.savePlan(ctx, referralId, cmd);
  }
  saveInterview(ctx: ServiceContext, referralId: string, cmd: InterviewCommand): Promise<number> {
    return this.sections.saveInterview(ctx, referralId, cmd);
  }
  saveNearestRelative(ctx: ServiceContext, referralId: string, cmd: NearestRelativeCommand): Promise<number> {
    return this.sections.saveNearestRelative(ctx, referralId, cmd);
  }
  saveResource(ctx: ServiceContext, referralId: string, kind: ResourceKind, cmd: ResourceCommand): Promise<number> {
    return this.sections.saveResource(ctx, referralId, kind, cmd);
  }
  saveLegalContext(ctx: ServiceContext, referralId: string, cmd: LegalContextCommand): Promise<number> {
    return this.sections.saveLegalContext(ctx, referralId, cmd);
  }
  saveLegalForm(ctx: ServiceContext, referralId: string, cmd: LegalFormCommand): Promise<number> {
    return this.sections.saveLegalForm(ctx, referralId, cmd);
  }

  // Doctors and the contact log
  addDoctor(ctx: ServiceContext, referralId: string, cmd: DoctorCommand): Promise<string> {
    return this.doctors.addDoctor(ctx, referralId, cmd);
  }
  updateDoctor(ctx: ServiceContext, referralId: string, doctorId: string, cmd: DoctorUpdateCommand): Promise<number> {
    return this.doctors.updateDoctor(ctx, referralId, doctorId, cmd);
  }
  removeDoctor(ctx: ServiceContext, referralId: string, doctorId: string, cmd: VersionCommand): Promise<void> {
    return this.doctors.removeDoctor(ctx, referralId, doctorId, cmd);
  }
  addContact(ctx: ServiceContext, referralId: string, cmd: ContactCommand): Promise<string> {
    return this.doctors.addContact(ctx, referralId, cmd);
  }
  /** Published for the doctors module (it authorises the actor): a contact-log line the app writes. */
  logContactFromApp(handle: Kysely<AssessmentDb>, ctx: ServiceContext, referralId: string, entry: AppContactEntry): Promise<string> {
    return this.doctors.logContactFromApp(handle, ctx, referralId, entry);
  }
  /** Published for the doctors module: the doctor who accepted an invitation, on the record. */
  addDoctorFromApp(handle: Kysely<AssessmentDb>, ctx: ServiceContext, referralId: string, doctor: AppDoctorEntry): Promise<string> {
    return this.doctors.addDoctorFromApp(handle, ctx, referralId, doctor);
  }

  // Outcome and report
  recordOutcome(ctx: ServiceContext, referralId: string, cmd: OutcomeCommand): Promise<number> {
    return this.outcomes.recordOutcome(ctx, referralId, cmd);
  }
  saveReport(ctx: ServiceContext, referralId: string, cmd: ReportCommand): Promise<number> {
    return this.report.saveReport(ctx, referralId, cmd);
  }
  finaliseReport(ctx: ServiceContext, referralId: string, cmd: VersionCommand): Promise<number> {
    return this.report.finaliseReport(ctx, referralId, cmd);
  }
  addAddendum(ctx: ServiceContext, referralId: string, cmd: AddendumCommand): Promise<void> {
    return this.report.addAddendum(ctx, referralId, cmd);
  }
}
