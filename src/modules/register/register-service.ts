import { z } from 'zod';
import { inTransaction, type Db, type DbOrTx } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { assertVersionMatched, ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import { hasAnyRole, requireRole, type Role } from '../../platform/roles.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { AmhpEligibility, Eligibility as StaffEligibility } from '../staff/amhp-eligibility.js';
import type { StaffService } from '../staff/staff-service.js';
import {
  APPROVAL_END_REASONS,
  APPROVAL_STATUS_LABELS,
  PROFESSION_CODES,
  approvalHistory,
  approvalOn,
  approvalStatusOn,
  eligibleToAct,
  lastDayInForce,
  professionLabel,
  reapprovalDue,
  registerEntryKeepUntil,
  validateApproval,
  validateAuthorisation,
  validateEarlyEnd,
  validateSuspension,
  type Approval,
  type ApprovalEndReason,
  type Eligibility,
} from './approval.js';
import { KEY_COMPETENCES, reviewCompetencies, validateCompetencyRecord } from './competencies.js';
import { adminFeeShares, courseCostShares, leaverRepayment } from './funding.js';
import { buildPanelPackPdf, type PanelPackData } from './panel-pack-pdf.js';
import { DEFAULTS, SUPERVISION_POLICY_KEY, WARNING_DAYS_KEY, supervisionPolicySchema, warningDaysSchema } from './register-policy.js';
import { RegisterRepository, type PersonRecords, type RegisterEntry } from './register-repository.js';
import type { RuleError } from './register-result.js';
import {
  approvalSchema,
  authorisationSchema,
  competencyRecordSchema,
  earlyEndSchema,
  leaverRepaymentSchema,
  nominationSchema,
  poundsField,
  professionalEventSchema,
  shadowingDaySchema,
  supervisionContractSchema,
  supervisionDisputeSchema,
  supervisionRecordSchema,
  suspensionSchema,
  trainingRecordSchema,
  dateField,
} from './register-schemas.js';
import { addDays, formatDate, londonDate, type IsoDate } from './register-time.js';
import {
  SUPERVISION_ARRANGEMENT_CODES,
  SUPERVISION_ARRANGEMENTS,
  SUPERVISION_TYPES,
  changeSupervisor,
  contractReview,
  disputeSupervisionRecord,
  quarterlySupervisionAudit,
  reportingQuarterOf,
  resolveSupervisionDispute,
  signSupervisionRecord,
  supervisionCompliance,
  supervisionRecordState,
  validateContract,
  validateSupervisionRecord,
  type SupervisionPolicy,
} from './supervision.js';
import {
  approveNomination,
  checklistItems,
  cohortLabel,
  logShadowingDay,
  nominationDeadline,
  recordCourseOutcome,
  recordFirstApproval,
  startCourse,
  traineeStage,
  traineesPerYear,
  TRAINEE_STAGE_LABELS,
  checkNominationDeadline,
  type Trainee,
} from './trainee-pipeline.js';
import { trainingByApprovalYear, trainingCompliance, validateTrainingRecord, type TrainingCompliance } from './training.js';

/** Counts the assessments a person undertook between two dates; supplied by the referrals module. */
export type AssessmentCounter = (personId: string, from: IsoDate, to: IsoDate) => Promise<{ total: number; byKind: Array<{ kind: string; count: number }> }>;

/** Own the register: add and approve, suspend, authorise. */
export const REGISTER_EDITORS: readonly Role[] = ['lead_amhp', 'admin'];
/** See the whole register, compliance and audits. */
export const REGISTER_VIEWERS: readonly Role[] = ['lead_amhp', 'admin', 'operational_manager', 'edt_manager', 'amhp_lead'];
/** Record supervision for anyone. */
const SUPERVISION_RECORDERS: readonly Role[] = ['lead_amhp', 'admin', 'operational_manager', 'edt_manager'];
/** The workforce side (nominations, funding). */
export const PIPELINE_USERS: readonly Role[] = ['lead_amhp', 'admin', 'operational_manager'];
export const SUMMARY_READERS: readonly Role[] = [...REGISTER_VIEWERS, 'governance_viewer'];

const personIdSchema = z.string().uuid('Choose the person');

const entrySchema = z.object({
  personId: z.string({ error: 'Choose the person' }).uuid('Choose the person'),
  profession: z.enum(PROFESSION_CODES, { error: 'Choose the AMHP’s profession' }),
  registrationNumber: z.string({ error: 'Enter the professional registration number' }).trim().min(1, 'Enter the professional registration number').max(50, 'Registration number must be 50 characters or fewer'),
  arrangement: z.enum(SUPERVISION_ARRANGEMENT_CODES, { error: 'Choose how the AMHP works (this sets how often supervision is due)' }),
});

function ruleErrorsToValidation(errors: RuleError[]): ValidationError {
  return new ValidationError(errors.map((e) => ({ field: e.field ?? 'form', message: e.message })));
}

export interface RegisterRow {
  personId: string;
  name: string;
  email: string;
  active: boolean;
  profession: string;
  registrationNumber: string;
  employer: string;
  approvingLssa: string;
  approvalStart: IsoDate | null;
  approvalEnd: IsoDate | null;
  status: string;
  statusLabel: string;
  statusDescription: string;
  authorisedFor: string[];
  reapprovalState: string;
  reapprovalDueDate: IsoDate | null;
  reapprovalDaysLeft: number | null;
  keepUntil: IsoDate | null;
  eligibleToday: boolean;
  eligibilityReason: string | null;
}

export interface ComplianceRow {
  personId: string;
  name: string;
  approved: boolean;
  yearNumber: number | null;
  yearStart: IsoDate | null;
  yearEnd: IsoDate | null;
  hours: number;
  bookedHours: number;
  legalUpdate: boolean;
  professionalMeetings: number;
  awayDays: number;
  trainingMet: boolean;
  daysLeft: number | null;
  atRisk: boolean;
  atRiskReason: string | null;
}

export class RegisterService {
  private readonly repository = new RegisterRepository();
  private assessmentCounter: AssessmentCounter | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly staff: StaffService,
    private readonly settings: SettingsService,
  ) {}

  /** Composition: the referrals module (a higher layer) supplies how to count assessments. */
  setAssessmentCounter(counter: AssessmentCounter | null): void {
    this.assessmentCounter = counter;
  }

  today(): IsoDate {
    return londonDate(this.clock.now());
  }

  async warningDays(): Promise<number> {
    return (await this.settings.get(WARNING_DAYS_KEY, warningDaysSchema, DEFAULTS.warningDays)).value;
  }

  async supervisionPolicy(): Promise<SupervisionPolicy> {
    return (await this.settings.get(SUPERVISION_POLICY_KEY, supervisionPolicySchema, DEFAULTS.supervisionPolicy)).value;
  }

  async putSettings(ctx: ServiceContext, raw: unknown): Promise<void> {
    const input = parseInput(z.object({ reapprovalWarningDays: warningDaysSchema.optional(), supervisionPolicy: supervisionPolicySchema.optional() }), raw);
    if (input.reapprovalWarningDays !== undefined) {
      const current = await this.settings.get(WARNING_DAYS_KEY, warningDaysSchema, DEFAULTS.warningDays);
      await this.settings.put(ctx, WARNING_DAYS_KEY, warningDaysSchema, input.reapprovalWarningDays, current.version);
    }
    if (input.supervisionPolicy !== undefined) {
      const current = await this.settings.get(SUPERVISION_POLICY_KEY, supervisionPolicySchema, DEFAULTS.supervisionPolicy);
      await this.settings.put(ctx, SUPERVISION_POLICY_KEY, supervisionPolicySchema, input.supervisionPolicy, current.version);
    }
  }

  private async lssaNames(): Promise<Record<string, string>> {
    return Object.fromEntries((await this.staff.organisations()).map((o) => [o.id, o.name]));
  }

  // ------------------------------------------------------------------ eligibility

  /** The one rule rota planning and allocation use (services.eligibility). */
  eligibility(): AmhpEligibility {
    return { mayAct: (personId, lssaId, date) => this.mayAct(personId, lssaId, date) };
  }

  async mayAct(personId: string, lssaId: string | null, date: string): Promise<StaffEligibility & { code?: string }> {
    const person = await this.staff.findPerson(personId);
    if (!person) return { eligible: false, reason: 'This person is not on the system', code: 'unknown_person' };
    if (!person.active) return { eligible: false, reason: `${person.name}'s account is deactivated`, code: 'inactive' };
    const data = await this.repository.allApprovalData(this.db, [personId]);
    const approvals = data.approvals.map((a) => a.approval);
    const lssa = lssaId ?? approvalOn(approvals, date)?.approvingLssaId ?? '';
    const result: Eligibility = eligibleToAct({
      approvals,
      suspensions: data.suspensions.map((s) => s.suspension),
      authorisations: data.authorisations.map((a) => a.authorisation),
      lssaId: lssa,
      date,
      lssaNames: await this.lssaNames(),
    });
    if (result.eligible) return { eligible: true };
    return { eligible: false, reason: `${person.name}: ${result.reason}`, code: result.code };
  }

  // ------------------------------------------------------------------ register

  private canSeePerson(ctx: ServiceContext, personId: string): boolean {
    return ctx.actor.personId === personId || hasAnyRole(ctx.actor, REGISTER_VIEWERS);
  }

  async registerRows(ctx: ServiceContext, options: { audit?: boolean } = {}): Promise<RegisterRow[]> {
    requireRole(ctx.actor, REGISTER_VIEWERS, 'see the AMHP register');
    const rows = await this.buildRegisterRows();
    if (options.audit !== false) {
      await inTransaction(this.db, (trx) => this.audit.record(trx, ctx, { action: 'register_listed', entityType: 'register', summary: { rows: rows.length } }));
    }
    return rows;
  }

  private async buildRegisterRows(): Promise<RegisterRow[]> {
    const today = this.today();
    const [entries, data, people, names, warningDays] = await Promise.all([
      this.repository.entries(this.db),
      this.repository.allApprovalData(this.db),
      this.staff.peopleWithRole(['amhp'], { activeOnly: false }),
      this.lssaNames(),
      this.warningDays(),
    ]);
    const peopleById = new Map(people.map((p) => [p.id, p]));
    const rows: RegisterRow[] = [];
    for (const entry of entries) {
      const person = peopleById.get(entry.personId) ?? (await this.staff.findPerson(entry.personId));
      if (!person) continue;
      const approvals = data.approvals.filter((a) => a.personId === entry.personId).map((a) => a.approval);
      const suspensions = data.suspensions.filter((s) => s.personId === entry.personId).map((s) => s.suspension);
      const authorisations = data.authorisations.filter((a) => a.personId === entry.personId).map((a) => a.authorisation);
      const status = approvalStatusOn({ approvals, suspensions, date: today });
      const due = reapprovalDue(approvals, today, { warningDays });
      const current = status.approval;
      const eligibility = current ? eligibleToAct({ approvals, suspensions, authorisations, lssaId: current.approvingLssaId, date: today, lssaNames: names }) : null;
      rows.push({
        personId: entry.personId,
        name: person.name,
        email: person.email,
        active: person.active,
        profession: professionLabel(entry.profession),
        registrationNumber: entry.registrationNumber,
        employer: person.organisationName,
        approvingLssa: current ? (names[current.approvingLssaId] ?? '') : '',
        approvalStart: current?.startDate ?? null,
        approvalEnd: current ? lastDayInForce(current) : null,
        status: status.status,
        statusLabel: APPROVAL_STATUS_LABELS[status.status],
        statusDescription: status.description,
        authorisedFor: current
          ? [...new Set(authorisations.filter((a) => a.approvalId === current.id && a.startDate <= today && a.endDate >= today).map((a) => names[a.lssaId] ?? a.lssaId))]
          : [],
        reapprovalState: due.state,
        reapprovalDueDate: due.dueDate,
        reapprovalDaysLeft: due.daysLeft,
        keepUntil: registerEntryKeepUntil(approvals),
        eligibleToday: eligibility?.eligible === true && person.active,
        eligibilityReason: eligibility && !eligibility.eligible ? eligibility.reason : !person.active ? 'Account deactivated' : eligibility ? null : status.description,
      });
    }
    return rows.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Re-approvals due within the warning period, or overdue, soonest first. */
  async reapprovalsDue(ctx: ServiceContext): Promise<RegisterRow[]> {
    requireRole(ctx.actor, REGISTER_VIEWERS, 'see re-approvals due');
    const rows = await this.buildRegisterRows();
    return rows
      .filter((r) => r.active && (r.reapprovalState === 'due_soon' || (r.reapprovalState === 'overdue' && (r.reapprovalDaysLeft ?? 0) > -90)))
      .sort((a, b) => (a.reapprovalDaysLeft ?? 0) - (b.reapprovalDaysLeft ?? 0));
  }

  /** Governance viewers: counts only, no individual records. */
  async summary(ctx: ServiceContext) {
    requireRole(ctx.actor, SUMMARY_READERS, 'see the register summary');
    const rows = await this.buildRegisterRows();
    const compliance = await this.buildCompliance();
    const byStatus = (['approved', 'suspended', 'approval_ended', 'lapsed', 'not_approved'] as const).map((s) => ({
      status: s,
      label: APPROVAL_STATUS_LABELS[s],
      count: rows.filter((r) => r.status === s).length,
    }));
    const approved = compliance.filter((c) => c.approved);
    return {
      total: rows.length,
      byStatus,
      reapprovalsDue: rows.filter((r) => r.reapprovalState === 'due_soon').length,
      trainingMet: approved.filter((c) => c.trainingMet).length,
      trainingAtRisk: approved.filter((c) => c.atRisk).length,
      approvedCount: approved.length,
      traineesThisYear: traineesPerYear({ trainees: await this.repository.trainees(this.db), lssaIds: (await this.staff.lssas()).map((l) => l.id), year: Number(this.today().slice(0, 4)) }),
    };
  }

  async candidates(ctx: ServiceContext) {
    requireRole(ctx.actor, REGISTER_EDITORS, 'add AMHPs to the register');
    const [people, entries] = await Promise.all([this.staff.peopleWithRole(['amhp']), this.repository.entries(this.db)]);
    const on = new Set(entries.map((e) => e.personId));
    return people.filter((p) => !on.has(p.id));
  }

  async addToRegister(ctx: ServiceContext, raw: unknown): Promise<string> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'add AMHPs to the register');
    const input = parseInput(entrySchema, raw);
    const person = await this.staff.findPerson(input.personId);
    if (!person) throw ValidationError.of('personId', 'Choose a person from the list');
    if (!person.roles.includes('amhp')) throw ValidationError.of('personId', `${person.name} does not hold the AMHP role: an administrator must add it first`);
    return inTransaction(this.db, async (trx) => {
      if (await this.repository.entry(trx, input.personId)) throw ValidationError.of('personId', `${person.name} is already on the register`);
      await this.repository.insertEntry(trx, input);
      await this.audit.record(trx, ctx, { action: 'register_entry_added', entityType: 'register_entry', entityId: input.personId, summary: { profession: input.profession, arrangement: input.arrangement } });
      return input.personId;
    });
  }

  async updateEntry(ctx: ServiceContext, personId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'change register details');
    const input = parseInput(entrySchema.omit({ personId: true }).extend({ version: z.coerce.number().int().min(1) }), raw);
    await inTransaction(this.db, async (trx) => {
      const { version, ...rest } = input;
      assertVersionMatched(await this.repository.updateEntry(trx, personId, rest, version, this.clock.now()), 'register entry');
      await this.audit.record(trx, ctx, { action: 'register_entry_updated', entityType: 'register_entry', entityId: personId, summary: { fields: ['profession', 'registrationNumber', 'arrangement'] } });
    });
  }

  private async recordsOrThrow(db: Db | Parameters<RegisterRepository['personRecords']>[0], personId: string): Promise<PersonRecords> {
    const records = await this.repository.personRecords(db, personId);
    if (!records) throw new NotFoundError('The register entry');
    return records;
  }

  /** Everything about one AMHP, for their register page (audited as a view). */
  async personView(ctx: ServiceContext, personIdRaw: string) {
    const personId = parseInput(personIdSchema, personIdRaw);
    if (!this.canSeePerson(ctx, personId)) throw new ForbiddenError('You do not have permission to see this register entry');
    const person = await this.staff.findPerson(personId);
    if (!person) throw new NotFoundError('The person');
    const records = await this.repository.personRecords(this.db, personId);
    await inTransaction(this.db, (trx) => this.audit.record(trx, ctx, { action: 'register_entry_viewed', entityType: 'register_entry', entityId: personId }));
    if (!records) return { person, onRegister: false as const };
    return { person, onRegister: true as const, ...(await this.describe(person.id, records)) };
  }

  private async describe(personId: string, r: PersonRecords) {
    const today = this.today();
    const [names, warningDays, policy, lssas, everyone] = await Promise.all([
      this.lssaNames(),
      this.warningDays(),
      this.supervisionPolicy(),
      this.staff.lssas(),
      this.staff.peopleWithRole(['amhp', 'lead_amhp', 'amhp_lead', 'operational_manager', 'edt_manager', 'line_manager'], { activeOnly: false }),
    ]);
    const nameOf = (id: string) => everyone.find((p) => p.id === id)?.name ?? 'Someone';
    const status = approvalStatusOn({ approvals: r.approvals, suspensions: r.suspensions, date: today });
    const current = approvalOn(r.approvals, today);
    const eligibilityByLssa = lssas.map((l) => {
      const e = eligibleToAct({ approvals: r.approvals, suspensions: r.suspensions, authorisations: r.authorisations, lssaId: l.id, date: today, lssaNames: names });
      return { lssaId: l.id, lssaName: l.name, eligible: e.eligible, reason: e.eligible ? (e.authorisation ? 'Authorised' : 'Approving LSSA') : e.reason };
    });
    const history = approvalHistory(r.approvals).map((h) => ({
      ...h,
      lssaName: names[h.approval.approvingLssaId] ?? '',
      notes: r.approvalNotes[h.approval.id] ?? null,
      endReasonLabel: h.approval.earlyEnd ? (APPROVAL_END_REASONS.find((x) => x.code === h.approval.earlyEnd?.reason)?.label ?? '') : null,
      authorisations: r.authorisations.filter((a) => a.approvalId === h.approval.id).map((a) => ({ ...a, lssaName: names[a.lssaId] ?? '' })),
      suspensions: r.suspensions.filter((s) => s.approvalId === h.approval.id),
    }));
    const latest = r.approvals[r.approvals.length - 1] ?? null;
    const trainingYears = latest ? trainingByApprovalYear({ approval: current ?? latest, records: r.training, events: r.events, date: today }) : [];
    const compliance = trainingCompliance({ approval: current, records: r.training, events: r.events, date: today });
    const quarter = reportingQuarterOf(today, policy.reportingYearStartMonth);
    const supervision = supervisionCompliance({
      records: r.supervision,
      arrangement: r.entry.arrangement,
      period: quarter,
      asOf: today,
      since: r.approvals[0]?.startDate ?? null,
      policy,
    });
    const firstStart = r.approvals[0]?.startDate ?? today;
    const competencyReview = reviewCompetencies({ records: r.competencies, practiceStart: firstStart, date: today });
    return {
      entry: r.entry,
      professionLabel: professionLabel(r.entry.profession),
      arrangementLabel: SUPERVISION_ARRANGEMENTS.find((a) => a.code === r.entry.arrangement)?.label ?? r.entry.arrangement,
      status,
      statusLabel: APPROVAL_STATUS_LABELS[status.status],
      current,
      currentLssaName: current ? (names[current.approvingLssaId] ?? '') : null,
      openSuspension: current ? (r.suspensions.find((s) => s.approvalId === current.id && s.startDate <= today && (s.endDate === null || s.endDate >= today)) ?? null) : null,
      eligibilityByLssa,
      history,
      reapproval: reapprovalDue(r.approvals, today, { warningDays }),
      keepUntil: registerEntryKeepUntil(r.approvals),
      training: [...r.training].reverse(),
      events: [...r.events].reverse(),
      trainingYears,
      compliance,
      contracts: r.contracts.map((c) => ({ ...c, supervisorName: nameOf(c.supervisorId), review: contractReview(c, today) })),
      supervisionRecords: [...r.supervision].reverse().map((s) => ({
        ...s,
        supervisorName: nameOf(s.supervisorId),
        typeLabel: SUPERVISION_TYPES.find((t) => t.code === s.type)?.label ?? s.type,
        state: supervisionRecordState(s),
        signedBy: s.signatures.map((x) => nameOf(x.personId)),
      })),
      supervision,
      quarter,
      competencies: [...r.competencies].reverse(),
      competencyReview,
      competenceHeadings: KEY_COMPETENCES,
      approvals: r.approvals,
      personId,
    };
  }

  // ------------------------------------------------------------------ approvals

  async addApproval(ctx: ServiceContext, personId: string, raw: unknown): Promise<string> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'approve AMHPs');
    const input = parseInput(approvalSchema, raw);
    const lssas = await this.staff.lssas();
    if (!lssas.some((l) => l.id === input.approvingLssaId)) throw ValidationError.of('approvingLssaId', 'Choose the LSSA giving the approval');
    return inTransaction(this.db, async (trx) => {
      const records = await this.recordsOrThrow(trx, personId);
      const checked = validateApproval({ startDate: input.startDate, endDate: input.endDate ?? null }, records.approvals);
      if (!checked.ok) throw ruleErrorsToValidation(checked.errors);
      const id = await this.repository.insertApproval(trx, { personId, approvingLssaId: input.approvingLssaId, ...checked.value, notes: input.notes ?? null, createdBy: ctx.actor.personId });
      await this.audit.record(trx, ctx, {
        action: records.approvals.length > 0 ? 'amhp_reapproved' : 'amhp_approved',
        entityType: 'register_entry',
        entityId: personId,
        summary: { approvalId: id, startDate: checked.value.startDate, endDate: checked.value.endDate },
      });
      return id;
    });
  }

  async endApproval(ctx: ServiceContext, personId: string, approvalId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'end approvals');
    const input = parseInput(earlyEndSchema, raw);
    await inTransaction(this.db, async (trx) => {
      const records = await this.recordsOrThrow(trx, personId);
      const approval = records.approvals.find((a) => a.id === approvalId);
      if (!approval) throw new NotFoundError('The approval');
      if (approval.earlyEnd) throw ValidationError.of('endedOn', `This approval already ended on ${formatDate(approval.earlyEnd.endedOn)}`);
      const checked = validateEarlyEnd(approval, { endedOn: input.endedOn, reason: input.reason, ...(input.note ? { note: input.note } : {}) });
      if (!checked.ok) throw ruleErrorsToValidation(checked.errors);
      await this.repository.endApproval(trx, approvalId, { endedOn: input.endedOn, endReason: input.reason, endNote: input.note ?? null });
      // Authorisations and suspensions cannot outlast the approval.
      for (const a of records.authorisations.filter((x) => x.approvalId === approvalId && x.endDate > input.endedOn)) {
        await trx.updateTable('registerAuthorisations').set({ endDate: input.endedOn < a.startDate ? a.startDate : input.endedOn }).where('id', '=', a.id).execute();
      }
      for (const s of records.suspensions.filter((x) => x.approvalId === approvalId && (x.endDate === null || x.endDate > input.endedOn))) {
        await this.repository.endSuspension(trx, s.id, input.endedOn < s.startDate ? s.startDate : input.endedOn);
      }
      await this.audit.record(trx, ctx, { action: 'approval_ended', entityType: 'register_entry', entityId: personId, summary: { approvalId, endedOn: input.endedOn, reason: input.reason } });
    });
  }

  async addAuthorisation(ctx: ServiceContext, personId: string, raw: unknown): Promise<string> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'record authorisations');
    const input = parseInput(authorisationSchema, raw);
    const lssas = await this.staff.lssas();
    if (!lssas.some((l) => l.id === input.lssaId)) throw ValidationError.of('lssaId', 'Choose an LSSA from the list');
    return inTransaction(this.db, async (trx) => {
      const records = await this.recordsOrThrow(trx, personId);
      const approval = records.approvals.find((a) => a.id === input.approvalId);
      if (!approval) throw ValidationError.of('approvalId', 'Choose one of this AMHP’s approvals');
      const checked = validateAuthorisation(approval, { lssaId: input.lssaId, startDate: input.startDate, endDate: input.endDate ?? null }, records.authorisations);
      if (!checked.ok) throw ruleErrorsToValidation(checked.errors);
      const id = await this.repository.insertAuthorisation(trx, { ...checked.value, personId, createdBy: ctx.actor.personId });
      await this.audit.record(trx, ctx, { action: 'authorisation_added', entityType: 'register_entry', entityId: personId, summary: { approvalId: approval.id, lssaId: input.lssaId, startDate: checked.value.startDate, endDate: checked.value.endDate } });
      return id;
    });
  }

  async suspend(ctx: ServiceContext, personId: string, raw: unknown): Promise<string> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'suspend AMHPs');
    const input = parseInput(suspensionSchema, raw);
    return inTransaction(this.db, async (trx) => {
      const records = await this.recordsOrThrow(trx, personId);
      const approval = records.approvals.find((a) => a.id === input.approvalId);
      if (!approval) throw ValidationError.of('approvalId', 'Choose one of this AMHP’s approvals');
      const checked = validateSuspension(approval, { approvalId: approval.id, startDate: input.startDate, endDate: input.endDate ?? null, reason: input.reason }, records.suspensions);
      if (!checked.ok) throw ruleErrorsToValidation(checked.errors);
      const id = await this.repository.insertSuspension(trx, { ...checked.value, personId, createdBy: ctx.actor.personId });
      await this.audit.record(trx, ctx, { action: 'amhp_suspended', entityType: 'register_entry', entityId: personId, summary: { approvalId: approval.id, startDate: input.startDate, endDate: input.endDate ?? null } });
      return id;
    });
  }

  async liftSuspension(ctx: ServiceContext, personId: string, suspensionId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'lift suspensions');
    const { endDate } = parseInput(z.object({ endDate: dateField('the last day of the suspension') }), raw);
    await inTransaction(this.db, async (trx) => {
      const records = await this.recordsOrThrow(trx, personId);
      const suspension = records.suspensions.find((s) => s.id === suspensionId);
      if (!suspension) throw new NotFoundError('The suspension');
      if (endDate < suspension.startDate) throw ValidationError.of('endDate', `The suspension cannot end before it started on ${formatDate(suspension.startDate)}`);
      await this.repository.endSuspension(trx, suspensionId, endDate);
      await this.audit.record(trx, ctx, { action: 'suspension_lifted', entityType: 'register_entry', entityId: personId, summary: { suspensionId, endDate } });
    });
  }

  // ------------------------------------------------------------------ training

  private assertSelfOr(ctx: ServiceContext, personId: string, roles: readonly Role[], action: string): void {
    if (ctx.actor.personId !== personId) requireRole(ctx.actor, roles, action);
  }

  async addTraining(ctx: ServiceContext, personId: string, raw: unknown): Promise<string> {
    this.assertSelfOr(ctx, personId, REGISTER_EDITORS, 'record training for someone else');
    const input = parseInput(trainingRecordSchema, raw);
    return inTransaction(this.db, async (trx) => {
      const records = await this.recordsOrThrow(trx, personId);
      const checked = validateTrainingRecord(input, records.training);
      if (!checked.ok) throw ruleErrorsToValidation(checked.errors);
      const id = await this.repository.insertTraining(trx, { ...input, personId, enteredBy: ctx.actor.personId });
      await this.audit.record(trx, ctx, { action: 'training_recorded', entityType: 'register_entry', entityId: personId, summary: { date: input.date, hours: input.hours, legalUpdate: input.legalUpdate } });
      return id;
    });
  }

  async addEvent(ctx: ServiceContext, personId: string, raw: unknown): Promise<string> {
    this.assertSelfOr(ctx, personId, REGISTER_EDITORS, 'record meetings for someone else');
    const input = parseInput(professionalEventSchema, raw);
    return inTransaction(this.db, async (trx) => {
      await this.recordsOrThrow(trx, personId);
      const id = await this.repository.insertEvent(trx, { personId, ...input, enteredBy: ctx.actor.personId });
      await this.audit.record(trx, ctx, { action: 'professional_event_recorded', entityType: 'register_entry', entityId: personId, summary: { kind: input.kind, date: input.date } });
      return id;
    });
  }

  private async buildCompliance(): Promise<ComplianceRow[]> {
    const today = this.today();
    const [entries, data, training, events, people] = await Promise.all([
      this.repository.entries(this.db),
      this.repository.allApprovalData(this.db),
      this.repository.allTraining(this.db),
      this.repository.allEvents(this.db),
      this.staff.peopleWithRole(['amhp'], { activeOnly: false }),
    ]);
    const rows: ComplianceRow[] = [];
    for (const entry of entries) {
      const person = people.find((p) => p.id === entry.personId);
      if (!person || !person.active) continue;
      const approvals = data.approvals.filter((a) => a.personId === entry.personId).map((a) => a.approval);
      const c: TrainingCompliance = trainingCompliance({
        approval: approvalOn(approvals, today),
        records: training.filter((t) => t.personId === entry.personId).map((t) => t.record),
        events: events.filter((e) => e.personId === entry.personId).map((e) => e.event),
        date: today,
      });
      rows.push(
        c.approved
          ? {
              personId: entry.personId,
              name: person.name,
              approved: true,
              yearNumber: c.year.number,
              yearStart: c.year.startDate,
              yearEnd: c.year.endDate,
              hours: c.hours,
              bookedHours: c.bookedHours,
              legalUpdate: c.legalUpdate,
              professionalMeetings: c.professionalMeetings,
              awayDays: c.awayDays,
              trainingMet: c.trainingMet,
              daysLeft: c.daysLeft,
              atRisk: c.atRisk,
              atRiskReason: c.atRiskReason,
            }
          : { personId: entry.personId, name: person.name, approved: false, yearNumber: null, yearStart: null, yearEnd: null, hours: 0, bookedHours: 0, legalUpdate: false, professionalMeetings: 0, awayDays: 0, trainingMet: false, daysLeft: null, atRisk: false, atRiskReason: null },
      );
    }
    return rows.sort((a, b) => Number(b.atRisk) - Number(a.atRisk) || a.name.localeCompare(b.name));
  }

  /** Training compliance for everyone on the register, at-risk first. */
  async compliance(ctx: ServiceContext): Promise<ComplianceRow[]> {
    requireRole(ctx.actor, REGISTER_VIEWERS, 'see training compliance');
    const rows = await this.buildCompliance();
    await inTransaction(this.db, (trx) => this.audit.record(trx, ctx, { action: 'training_compliance_viewed', entityType: 'register', summary: { rows: rows.length } }));
    return rows;
  }

  async myCompliance(ctx: ServiceContext): Promise<ComplianceRow | null> {
    return (await this.buildCompliance()).find((r) => r.personId === ctx.actor.personId) ?? null;
  }

  // ------------------------------------------------------------------ supervision

  async addContract(ctx: ServiceContext, personId: string, raw: unknown): Promise<string> {
    requireRole(ctx.actor, SUPERVISION_RECORDERS, 'set up supervision contracts');
    const input = parseInput(supervisionContractSchema, { ...(raw as Record<string, unknown>), superviseeId: personId });
    return inTransaction(this.db, async (trx) => {
      const records = await this.recordsOrThrow(trx, personId);
      const open = records.contracts.find((c) => c.endDate === null || c.endDate >= input.startDate);
      let id: string;
      if (open) {
        // A change of supervisor ends the current contract and starts a new one.
        const changed = changeSupervisor(open, input.supervisorId, input.startDate);
        if (!changed.ok) throw ruleErrorsToValidation(changed.errors);
        await this.repository.updateContract(trx, changed.value.ended);
        id = await this.repository.insertContract(trx, { ...changed.value.next, arrangement: input.arrangement });
      } else {
        const checked = validateContract({ ...input, endDate: null }, records.contracts);
        if (!checked.ok) throw ruleErrorsToValidation(checked.errors);
        id = await this.repository.insertContract(trx, checked.value);
      }
      await trx.updateTable('registerEntries').set((eb) => ({ arrangement: input.arrangement, version: eb('version', '+', 1) })).where('personId', '=', personId).execute();
      await this.audit.record(trx, ctx, { action: 'supervision_contract_started', entityType: 'register_entry', entityId: personId, summary: { contractId: id, arrangement: input.arrangement, startDate: input.startDate } });
      return id;
    });
  }

  async reviewContract(ctx: ServiceContext, personId: string, contractId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, SUPERVISION_RECORDERS, 'review supervision contracts');
    const { reviewedOn } = parseInput(z.object({ reviewedOn: dateField('the date of the review') }), raw);
    await inTransaction(this.db, async (trx) => {
      const records = await this.recordsOrThrow(trx, personId);
      const contract = records.contracts.find((c) => c.id === contractId);
      if (!contract) throw new NotFoundError('The contract');
      if (reviewedOn < contract.startDate) throw ValidationError.of('reviewedOn', 'The review cannot be before the contract started');
      await this.repository.updateContract(trx, { ...contract, reviewDates: [...contract.reviewDates, reviewedOn] });
      await this.audit.record(trx, ctx, { action: 'supervision_contract_reviewed', entityType: 'register_entry', entityId: personId, summary: { contractId, reviewedOn } });
    });
  }

  async addSupervision(ctx: ServiceContext, personId: string, raw: unknown): Promise<string> {
    const body = { ...(raw as Record<string, unknown>), superviseeId: personId };
    const input = parseInput(supervisionRecordSchema, body);
    const isParty = ctx.actor.personId === input.supervisorId || ctx.actor.personId === personId;
    if (!isParty) requireRole(ctx.actor, SUPERVISION_RECORDERS, 'record supervision for others');
    const supervisor = await this.staff.findPerson(input.supervisorId);
    if (!supervisor) throw ValidationError.of('supervisorId', 'Choose the supervisor from the list');
    const checked = validateSupervisionRecord({ ...input, topic: input.topic ?? null }, this.today());
    if (!checked.ok) throw ruleErrorsToValidation(checked.errors);
    return inTransaction(this.db, async (trx) => {
      await this.recordsOrThrow(trx, personId);
      const id = await this.repository.insertSupervision(trx, { ...checked.value, signatures: [], dispute: null }, ctx.actor.personId);
      await this.audit.record(trx, ctx, { action: 'supervision_recorded', entityType: 'supervision_record', entityId: id, summary: { superviseeId: personId, type: input.type, date: input.date } });
      return id;
    });
  }

  /** The signer is the signed-in person; only the two parties may sign. */
  async signSupervision(ctx: ServiceContext, recordId: string): Promise<void> {
    await inTransaction(this.db, async (trx) => {
      const record = await this.repository.supervisionRecord(trx, recordId);
      if (!record) throw new NotFoundError('The supervision record');
      const signed = signSupervisionRecord(record, ctx.actor.personId, this.clock.now());
      if (!signed.ok) throw new RuleViolationError(signed.errors[0]?.code ?? 'refused', signed.errors.map((e) => e.message).join('. '));
      assertVersionMatched(await this.repository.saveSupervisionState(trx, signed.value, record.version), 'supervision record');
      await this.audit.record(trx, ctx, { action: 'supervision_signed', entityType: 'supervision_record', entityId: recordId, summary: { state: supervisionRecordState(signed.value) } });
    });
  }

  async disputeSupervision(ctx: ServiceContext, recordId: string, raw: unknown): Promise<void> {
    const { note } = parseInput(supervisionDisputeSchema, raw);
    await inTransaction(this.db, async (trx) => {
      const record = await this.repository.supervisionRecord(trx, recordId);
      if (!record) throw new NotFoundError('The supervision record');
      const disputed = disputeSupervisionRecord(record, ctx.actor.personId, this.clock.now(), note);
      if (!disputed.ok) throw new RuleViolationError(disputed.errors[0]?.code ?? 'refused', disputed.errors.map((e) => e.message).join('. '));
      assertVersionMatched(await this.repository.saveSupervisionState(trx, disputed.value, record.version), 'supervision record');
      await this.audit.record(trx, ctx, { action: 'supervision_disputed', entityType: 'supervision_record', entityId: recordId });
    });
  }

  async resolveDispute(ctx: ServiceContext, recordId: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, SUPERVISION_RECORDERS, 'record the outcome of mediation');
    const { resolution } = parseInput(z.object({ resolution: z.string({ error: 'Record the outcome of mediation' }).trim().min(1, 'Record the outcome of mediation').max(2000) }), raw);
    await inTransaction(this.db, async (trx) => {
      const record = await this.repository.supervisionRecord(trx, recordId);
      if (!record) throw new NotFoundError('The supervision record');
      const resolved = resolveSupervisionDispute(record, this.clock.now(), resolution);
      if (!resolved.ok) throw new RuleViolationError(resolved.errors[0]?.code ?? 'refused', resolved.errors.map((e) => e.message).join('. '));
      assertVersionMatched(await this.repository.saveSupervisionState(trx, resolved.value, record.version), 'supervision record');
      await this.audit.record(trx, ctx, { action: 'supervision_dispute_resolved', entityType: 'supervision_record', entityId: recordId });
    });
  }

  async supervisionRecordOwner(recordId: string): Promise<string | null> {
    return (await this.repository.supervisionRecord(this.db, recordId))?.superviseeId ?? null;
  }

  /** The quarterly audit: frequency against the arrangement's rule and unsigned/disputed records. */
  async supervisionAudit(ctx: ServiceContext, dateInQuarter?: string) {
    requireRole(ctx.actor, REGISTER_VIEWERS, 'see the supervision audit');
    const date = dateInQuarter && /^\d{4}-\d{2}-\d{2}$/.test(dateInQuarter) ? dateInQuarter : this.today();
    const policy = await this.supervisionPolicy();
    const quarter = reportingQuarterOf(date, policy.reportingYearStartMonth);
    const [entries, data, records, people] = await Promise.all([
      this.repository.entries(this.db),
      this.repository.allApprovalData(this.db),
      this.repository.allSupervision(this.db, addDays(quarter.startDate, -400)),
      this.staff.peopleWithRole(['amhp'], { activeOnly: true }),
    ]);
    const active = entries.filter((e) => {
      const approvals = data.approvals.filter((a) => a.personId === e.personId).map((a) => a.approval);
      return people.some((p) => p.id === e.personId) && approvals.some((a) => a.startDate <= quarter.endDate && lastDayInForce(a) >= quarter.startDate);
    });
    const audit = quarterlySupervisionAudit({
      quarter,
      asOf: this.today() < quarter.endDate ? this.today() : quarter.endDate,
      amhps: active.map((e) => ({
        amhpId: e.personId,
        arrangement: e.arrangement,
        records: records.filter((r) => r.superviseeId === e.personId),
        since: data.approvals.filter((a) => a.personId === e.personId).map((a) => a.approval.startDate).sort()[0] ?? null,
      })),
      policy,
    });
    await inTransaction(this.db, (trx) => this.audit.record(trx, ctx, { action: 'supervision_audit_viewed', entityType: 'register', summary: { quarter: quarter.label } }));
    const previous = reportingQuarterOf(addDays(quarter.startDate, -1), policy.reportingYearStartMonth);
    const next = reportingQuarterOf(addDays(quarter.endDate, 1), policy.reportingYearStartMonth);
    return {
      ...audit,
      previousStart: previous.startDate,
      nextStart: next.startDate <= this.today() ? next.startDate : null,
      rows: audit.rows
        .map((r) => ({
          ...r,
          name: people.find((p) => p.id === r.amhpId)?.name ?? '',
          arrangementLabel: SUPERVISION_ARRANGEMENTS.find((a) => a.code === r.arrangement)?.label ?? r.arrangement,
        }))
        .sort((a, b) => Number(a.compliant) - Number(b.compliant) || a.name.localeCompare(b.name)),
      policy,
    };
  }

  async supervisors(): Promise<Array<{ value: string; text: string }>> {
    const people = await this.staff.peopleWithRole(['amhp', 'lead_amhp', 'amhp_lead', 'operational_manager', 'edt_manager', 'line_manager']);
    return people.map((p) => ({ value: p.id, text: `${p.name}${p.jobTitle ? ` (${p.jobTitle})` : ''}` }));
  }

  // ------------------------------------------------------------------ competencies

  async addCompetencyRecord(ctx: ServiceContext, personId: string, raw: unknown): Promise<string> {
    this.assertSelfOr(ctx, personId, SUPERVISION_RECORDERS, 'record competencies for someone else');
    const input = parseInput(competencyRecordSchema, raw);
    const checked = validateCompetencyRecord({ amhpId: personId, ...input });
    if (!checked.ok) throw ruleErrorsToValidation(checked.errors);
    if (input.recordedOn > this.today()) throw ValidationError.of('recordedOn', 'The record date must be today or in the past');
    return inTransaction(this.db, async (trx) => {
      await this.recordsOrThrow(trx, personId);
      const id = await this.repository.insertCompetencyRecord(trx, { personId, recordedOn: input.recordedOn, entries: input.entries, enteredBy: ctx.actor.personId });
      await this.audit.record(trx, ctx, { action: 'competency_record_added', entityType: 'register_entry', entityId: personId, summary: { met: input.entries.filter((e) => e.status === 'met').map((e) => e.competence) } });
      return id;
    });
  }

  // ------------------------------------------------------------------ panel pack

  async panelPackData(ctx: ServiceContext, personId: string): Promise<PanelPackData> {
    requireRole(ctx.actor, REGISTER_EDITORS, 'prepare approval panel packs');
    const view = await this.personView(ctx, personId);
    if (!view.onRegister) throw new NotFoundError('The register entry');
    const today = this.today();
    const first = view.approvals[0];
    let assessments: PanelPackData['assessments'] = null;
    if (this.assessmentCounter && first) {
      const from = view.current?.startDate ?? first.startDate;
      assessments = { from, to: today, ...(await this.assessmentCounter(personId, from, today)) };
    }
    return {
      generatedOn: today,
      name: view.person.name,
      employer: view.person.organisationName,
      profession: view.professionLabel,
      registrationNumber: view.entry.registrationNumber,
      status: view.status.description,
      reapproval: view.reapproval.dueDate ? `Current approval ends ${formatDate(view.reapproval.dueDate)}` : 'No current approval to renew',
      history: view.history.map((h) => ({
        kind: h.kind === 'first_approval' ? 'First approval' : 'Re-approval',
        lssa: h.lssaName,
        start: h.approval.startDate,
        end: h.lastDayInForce,
        ended: h.endReasonLabel,
        authorisations: h.authorisations.map((a) => `${a.lssaName} (${formatDate(a.startDate)} to ${formatDate(a.endDate)})`),
        suspensions: h.suspensions.map((s) => `${formatDate(s.startDate)}${s.endDate ? ` to ${formatDate(s.endDate)}` : ' (open)'}: ${s.reason}`),
      })),
      trainingYears: view.trainingYears.map((y) => ({
        number: y.year.number,
        start: y.year.startDate,
        end: y.year.endDate,
        hours: y.hours,
        legalUpdate: y.legalUpdate,
        meetings: y.professionalMeetings,
        awayDays: y.awayDays,
        met: y.trainingMet,
        inProgress: y.daysLeft > 0,
      })),
      supervision: view.supervisionRecords.map((s) => ({ date: s.date, type: s.typeLabel, supervisor: s.supervisorName, state: s.state })),
      supervisionSummary: view.supervision.problems.length === 0 ? `Meets the frequency rule for the arrangement "${view.arrangementLabel}" this quarter` : view.supervision.problems.join('; '),
      competencies: KEY_COMPETENCES.map((k) => {
        const standing = view.competencyReview.standings.find((s) => s.competence === k.number);
        const latest = view.competencies.find(() => true)?.entries.find((e) => e.competence === k.number);
        return {
          number: k.number,
          heading: k.current,
          proposed: k.proposed,
          status: standing?.latestStatus === 'met' ? 'Met' : standing?.latestStatus === 'not_yet_met' ? 'Not yet met' : 'Not recorded',
          evidence: latest?.evidence ?? '',
        };
      }),
      competencyPrompt: view.competencyReview.developmentPlanPrompt,
      assessments,
    };
  }

  async panelPack(ctx: ServiceContext, personId: string): Promise<{ pdf: Buffer; filename: string }> {
    const data = await this.panelPackData(ctx, personId);
    await inTransaction(this.db, (trx) => this.audit.record(trx, ctx, { action: 'panel_pack_generated', entityType: 'register_entry', entityId: personId }));
    const pdf = await buildPanelPackPdf(data);
    const slug = data.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return { pdf, filename: `panel-pack-${slug}-${data.generatedOn}.pdf` };
  }

  // ------------------------------------------------------------------ pipeline and funding

  async trainees(ctx: ServiceContext) {
    requireRole(ctx.actor, PIPELINE_USERS, 'see the trainee pipeline');
    const [trainees, names] = await Promise.all([this.repository.trainees(this.db), this.lssaNames()]);
    return trainees.map((t) => this.describeTrainee(t, names));
  }

  private describeTrainee(t: Trainee & { version: number }, names: Record<string, string>) {
    const stage = traineeStage(t);
    return {
      ...t,
      stage,
      stageLabel: TRAINEE_STAGE_LABELS[stage],
      cohortLabel: cohortLabel(t.nomination.cohort),
      deadline: nominationDeadline(t.nomination.cohort),
      lssaName: names[t.nomination.lssaId] ?? '',
      checklistItems: checklistItems(t.checklist, t.nomination.employerType),
    };
  }

  async trainee(ctx: ServiceContext, id: string) {
    requireRole(ctx.actor, PIPELINE_USERS, 'see the trainee pipeline');
    const t = await this.repository.trainee(this.db, parseInput(personIdSchema, id));
    if (!t) throw new NotFoundError('The nomination');
    await inTransaction(this.db, (trx) => this.audit.record(trx, ctx, { action: 'nomination_viewed', entityType: 'trainee', entityId: t.id }));
    return this.describeTrainee(t, await this.lssaNames());
  }

  async nominate(ctx: ServiceContext, raw: unknown): Promise<string> {
    requireRole(ctx.actor, PIPELINE_USERS, 'record nominations');
    const input = parseInput(nominationSchema, raw);
    const nominatedOn = this.today();
    const deadline = checkNominationDeadline(input.cohort, nominatedOn);
    if (!deadline.ok) throw ruleErrorsToValidation(deadline.errors);
    if (!(await this.staff.lssas()).some((l) => l.id === input.lssaId)) throw ValidationError.of('lssaId', 'Choose the local authority from the list');
    return inTransaction(this.db, async (trx) => {
      const id = await this.repository.insertTrainee(trx, {
        nomination: input,
        nominatedOn,
        checklist: { nominationForm: true, learningAgreementSigned: false, managerSupport: false, shadowingAvailability: false, socialWorkLeadSupport: false },
        nominationApprovedOn: null,
        shadowingDays: [],
        courseStartedOn: null,
        outcome: null,
        firstApprovalStart: null,
      });
      await this.audit.record(trx, ctx, { action: 'nomination_recorded', entityType: 'trainee', entityId: id, summary: { cohort: cohortLabel(input.cohort), lssaId: input.lssaId } });
      return id;
    });
  }

  /** One step of the pipeline: checklist, approve, shadowing, start, outcome, first approval. */
  async traineeAction(ctx: ServiceContext, id: string, action: string, raw: unknown): Promise<void> {
    requireRole(ctx.actor, PIPELINE_USERS, 'update the trainee pipeline');
    const body = (raw ?? {}) as Record<string, unknown>;
    await inTransaction(this.db, async (trx) => {
      const t = await this.repository.trainee(trx, parseInput(personIdSchema, id));
      if (!t) throw new NotFoundError('The nomination');
      const on = () => parseInput(z.object({ on: dateField('the date') }), body).on;
      let next;
      switch (action) {
        case 'checklist': {
          const ticked = Array.isArray(body.items) ? body.items : body.items === undefined ? [] : [body.items];
          next = { ok: true as const, value: { ...t, checklist: Object.fromEntries(Object.keys(t.checklist).map((k) => [k, ticked.includes(k)])) as unknown as Trainee['checklist'] } };
          break;
        }
        case 'approve':
          next = approveNomination(t, on());
          break;
        case 'shadowing': {
          const day = parseInput(shadowingDaySchema, body);
          next = logShadowingDay(t, { date: day.date, note: day.note });
          break;
        }
        case 'start':
          next = startCourse(t, on());
          break;
        case 'outcome': {
          const { result } = parseInput(z.object({ result: z.enum(['passed', 'not_passed', 'withdrawn'], { error: 'Choose the course outcome' }) }), body);
          next = recordCourseOutcome(t, { result, on: on() });
          break;
        }
        case 'first-approval':
          next = recordFirstApproval(t, on());
          break;
        default:
          throw new NotFoundError('The action');
      }
      if (!next.ok) throw ruleErrorsToValidation(next.errors);
      assertVersionMatched(await this.repository.saveTrainee(trx, next.value, t.version, this.clock.now()), 'nomination');
      await this.audit.record(trx, ctx, { action: `trainee_${action.replace('-', '_')}`, entityType: 'trainee', entityId: t.id, summary: { stage: traineeStage(next.value) } });
    });
  }

  async traineesPerYear(ctx: ServiceContext, year: number) {
    requireRole(ctx.actor, SUMMARY_READERS, 'see trainees per year');
    const [trainees, lssas] = await Promise.all([this.repository.trainees(this.db), this.staff.lssas()]);
    const view = traineesPerYear({ trainees, lssaIds: lssas.map((l) => l.id), year });
    return { ...view, byLssa: view.byLssa.map((b) => ({ ...b, lssaName: lssas.find((l) => l.id === b.lssaId)?.name ?? '' })) };
  }

  /** Funding calculators: course cost and admin fee split, and a leaver's repayment. */
  async funding(ctx: ServiceContext, raw: Record<string, unknown>) {
    requireRole(ctx.actor, PIPELINE_USERS, 'use the funding calculators');
    const lssas = await this.staff.lssas();
    const ids = lssas.map((l) => l.id);
    const nameOf = (id: string) => lssas.find((l) => l.id === id)?.name ?? '';
    const out: {
      split?: { coursePence: number; candidates: number; course: Array<{ lssa: string; pence: number }>; adminTotal: number; admin: Array<{ lssa: string; pence: number }> };
      repayment?: ReturnType<typeof leaverRepayment> extends infer R ? (R extends { ok: true; value: infer V } ? V & { fundingPence: number; shares: Array<{ lssa: string; pence: number }> } : never) : never;
    } = {};
    if (raw.form === 'split') {
      const input = parseInput(z.object({ course: poundsField('the course cost'), candidates: z.coerce.number({ error: 'Enter the number of candidates' }).int('Enter a whole number of candidates').min(0).max(100) }), raw);
      const course = courseCostShares(input.course, ids);
      const admin = adminFeeShares({ candidates: input.candidates, lssaIds: ids });
      if (!course.ok) throw ruleErrorsToValidation(course.errors);
      if (!admin.ok) throw ruleErrorsToValidation(admin.errors);
      out.split = {
        coursePence: input.course,
        candidates: input.candidates,
        course: course.value.map((s) => ({ lssa: nameOf(s.lssaId), pence: s.pence })),
        adminTotal: admin.value.totalPence,
        admin: admin.value.shares.map((s) => ({ lssa: nameOf(s.lssaId), pence: s.pence })),
      };
    }
    if (raw.form === 'repayment') {
      const input = parseInput(leaverRepaymentSchema, raw);
      if (input.qualifiedOn && input.lastDayOfEmployment < input.qualifiedOn && input.reason === 'left_employment') {
        // Allowed: leaving before qualifying means everything is repaid; nothing to correct.
      }
      const result = leaverRepayment({ fundingPence: input.fundingPence, qualifiedOn: input.qualifiedOn ?? null, lastDayOfEmployment: input.lastDayOfEmployment, reason: input.reason });
      if (!result.ok) throw ruleErrorsToValidation(result.errors);
      const shares = courseCostShares(result.value.amountPence, ids);
      out.repayment = { ...result.value, fundingPence: input.fundingPence, shares: shares.ok ? shares.value.map((s) => ({ lssa: nameOf(s.lssaId), pence: s.pence })) : [] };
    }
    return out;
  }

  // ------------------------------------------------------------------ home panels

  async dueSoonCount(): Promise<RegisterRow[]> {
    return (await this.buildRegisterRows()).filter((r) => r.active && r.reapprovalState === 'due_soon');
  }

  async atRisk(): Promise<ComplianceRow[]> {
    return (await this.buildCompliance()).filter((r) => r.atRisk);
  }

  async isOnRegister(personId: string): Promise<boolean> {
    return (await this.repository.entry(this.db, personId)) !== undefined;
  }

  async entryFor(personId: string): Promise<RegisterEntry | undefined> {
    return this.repository.entry(this.db, personId);
  }

  /**
   * The approval in force for a person on a date, as the statutory checks read it (start, last
   * day — an early end counts — and suspensions). Takes the caller's handle so it can be read
   * inside the caller's transaction.
   */
  async approvalInForce(db: DbOrTx, personId: string, date: IsoDate): Promise<{ startsOn: IsoDate; endsOn: IsoDate; suspensions: Array<{ from: IsoDate; to: IsoDate | null }> } | null> {
    const records = await this.repository.personRecords(db, personId);
    if (!records) return null;
    const approval = records.approvals.find((a) => a.startDate <= date && (a.earlyEnd?.endedOn ?? a.endDate) >= date);
    if (!approval) return null;
    return {
      startsOn: approval.startDate,
      endsOn: approval.earlyEnd?.endedOn ?? approval.endDate,
      suspensions: records.suspensions.filter((s) => s.approvalId === approval.id).map((s) => ({ from: s.startDate, to: s.endDate })),
    };
  }
}

export type { Approval, ApprovalEndReason };
