/**
 * One AMHP's register page: everything the register holds about them, as it stands today —
 * approvals and eligibility, training by approval year, supervision, competencies. It reads
 * across every feature, which is why it lives here and not in one of them.
 */
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError } from '../../../platform/errors.js';
import { londonDate } from '../../../platform/london-time.js';
import {
  APPROVAL_END_REASONS,
  APPROVAL_STATUS_LABELS,
  approvalHistory,
  approvalOn,
  approvalStatusOn,
  professionLabel,
  reapprovalDue,
  registerEntryKeepUntil,
} from '../approvals/approval.js';
import type { EligibilityService } from '../approvals/eligibility-service.js';
import { KEY_COMPETENCES, reviewCompetencies } from '../competencies/competencies.js';
import { REGISTER_EDITORS, REGISTER_VIEWERS, requireMaySee } from '../register-access.js';
import { SupervisionRepository } from '../supervision/supervision-repository.js';
import { PersonPageRepository, type PersonPageRead } from './person-page-repository.js';
import { registerAccessLines, type RegisterAccessLine } from './register-access-log.js';
import { hasAnyRole, requireRole } from '../../../platform/roles.js';
import type { RegisterDeps, StaffPerson } from '../register-ports.js';
import type { RegisterSettings } from '../register-settings-service.js';
import { SUPERVISION_ARRANGEMENTS, SUPERVISION_TYPES, contractReview, reportingQuarterOf, supervisionCompliance, supervisionRecordState } from '../supervision/supervision.js';
import { trainingByApprovalYear, trainingCompliance } from '../training/training.js';

/** People whose names appear on the page as supervisors and signers. */
const NAMED_ROLES = ['amhp', 'lead_amhp', 'amhp_lead', 'operational_manager', 'edt_manager', 'line_manager'] as const;

export type PersonOverview = Awaited<ReturnType<PersonService['describe']>>;
export type PersonView = { person: StaffPerson; onRegister: false } | ({ person: StaffPerson; onRegister: true } & PersonOverview);

export class PersonService {
  private readonly page = new PersonPageRepository();
  private readonly supervision = new SupervisionRepository();

  constructor(
    private readonly deps: RegisterDeps,
    private readonly settings: RegisterSettings,
    private readonly eligibility: EligibilityService,
  ) {}

  /** Yourself, anyone for register viewers, or your supervisees; audited as a view unless told not to. */
  async view(ctx: ServiceContext, personId: string, options: { audit?: boolean } = {}): Promise<PersonView> {
    const supervises = async () => personId !== ctx.actor.personId && !hasAnyRole(ctx.actor, REGISTER_VIEWERS) && (await this.supervisees(ctx)).some((p) => p.id === personId);
    requireMaySee(ctx.actor, personId, await supervises());
    const person = await this.deps.staff.findPerson(personId);
    if (!person) throw new NotFoundError('The person');
    // The entry and every record kind in one statement (PersonPageRepository).
    const read = await this.page.read(this.deps.db, personId, NAMED_ROLES);
    if (options.audit !== false) await this.deps.audit.record(this.deps.db, ctx, { action: 'register_entry_viewed', entityType: 'register_entry', entityId: personId });
    if (!read.entry) return { person, onRegister: false };
    return { person, onRegister: true, ...(await this.describe(personId, read)) };
  }

  /** The people the signed-in person supervises under a contract in force today, by name. */
  async supervisees(ctx: ServiceContext): Promise<Array<{ id: string; name: string }>> {
    const ids = await this.supervision.superviseesOn(this.deps.db, ctx.actor.personId, londonDate(this.deps.clock.now()));
    const people = await Promise.all(ids.map((id) => this.deps.staff.findPerson(id)));
    return people.filter((p): p is StaffPerson => p !== undefined).map((p) => ({ id: p.id, name: p.name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Who has seen this AMHP's register entry or staff record (opened, changed, met in a list), for
   * the AMHP themselves and the register's keepers. Looking is audited too.
   */
  async accessLog(ctx: ServiceContext, personId: string): Promise<{ person: StaffPerson; lines: RegisterAccessLine[] }> {
    if (ctx.actor.personId !== personId) requireRole(ctx.actor, REGISTER_EDITORS, 'see who has seen this register entry');
    const person = await this.deps.staff.findPerson(personId);
    if (!person) throw new NotFoundError('The person');
    await this.deps.audit.record(this.deps.db, ctx, { action: 'register_access_log_viewed', entityType: 'register_entry', entityId: personId });
    const [asEntry, asPerson] = await Promise.all([this.deps.audit.entriesTouching('register_entry', personId), this.deps.audit.entriesTouching('person', personId)]);
    const entries = [...asEntry, ...asPerson].sort((a, b) => b.id - a.id).slice(0, 500);
    const actorIds = [...new Set(entries.map((entry) => entry.actorId).filter((id): id is string => id !== null))];
    const actors = await Promise.all(actorIds.map((id) => this.deps.staff.findPerson(id)));
    const names = new Map(actors.filter((actor): actor is StaffPerson => actor !== undefined).map((actor) => [actor.id, actor.name]));
    return { person, lines: registerAccessLines(entries, personId, names) };
  }

  /** `read`: the page's records when already read (else read here, in one statement). */
  async describe(personId: string, read?: PersonPageRead) {
    const today = londonDate(this.deps.clock.now());
    const { entry, data, training, events, contracts, supervisionRecords, competencies, names: people } = read ?? (await this.page.read(this.deps.db, personId, NAMED_ROLES));
    if (!entry) throw new NotFoundError('The register entry');
    const [names, warningDays, policy] = await Promise.all([this.eligibility.lssaNames(), this.settings.warningDays(), this.settings.supervisionPolicy()]);
    const { approvals, suspensions, authorisations } = data;
    // Supervisors and signers who hold one of NAMED_ROLES (active or not); anyone else is "Someone".
    const nameOf = (id: string) => people.get(id) ?? 'Someone';
    const status = approvalStatusOn({ approvals, suspensions, date: today });
    const current = approvalOn(approvals, today);
    const latest = approvals[approvals.length - 1] ?? null;
    const quarter = reportingQuarterOf(today, policy.reportingYearStartMonth);
    return {
      personId,
      entry,
      approvals,
      professionLabel: professionLabel(entry.profession),
      arrangementLabel: SUPERVISION_ARRANGEMENTS.find((a) => a.code === entry.arrangement)?.label ?? entry.arrangement,
      status,
      statusLabel: APPROVAL_STATUS_LABELS[status.status],
      current,
      currentLssaName: current ? (names[current.approvingLssaId] ?? '') : null,
      openSuspension: current ? (suspensions.find((s) => s.approvalId === current.id && s.startDate <= today && (s.endDate === null || s.endDate >= today)) ?? null) : null,
      eligibilityByLssa: await this.eligibility.byLssa(data, today),
      history: approvalHistory(approvals).map((h) => ({
        ...h,
        lssaName: names[h.approval.approvingLssaId] ?? '',
        notes: approvals.find((a) => a.id === h.approval.id)?.notes ?? null,
        endReasonLabel: h.approval.earlyEnd ? (APPROVAL_END_REASONS.find((x) => x.code === h.approval.earlyEnd?.reason)?.label ?? '') : null,
        authorisations: authorisations.filter((a) => a.approvalId === h.approval.id).map((a) => ({ ...a, lssaName: names[a.lssaId] ?? '' })),
        suspensions: suspensions.filter((s) => s.approvalId === h.approval.id),
      })),
      reapproval: reapprovalDue(approvals, today, { warningDays }),
      keepUntil: registerEntryKeepUntil(approvals),
      training: [...training].reverse(),
      events: [...events].reverse(),
      trainingYears: latest ? trainingByApprovalYear({ approval: current ?? latest, records: training, events, date: today }) : [],
      compliance: trainingCompliance({ approval: current, records: training, events, date: today }),
      contracts: contracts.map((c) => ({ ...c, supervisorName: nameOf(c.supervisorId), review: contractReview(c, today) })),
      supervisionRecords: [...supervisionRecords].reverse().map((s) => ({
        ...s,
        supervisorName: nameOf(s.supervisorId),
        typeLabel: SUPERVISION_TYPES.find((t) => t.code === s.type)?.label ?? s.type,
        state: supervisionRecordState(s),
        signedBy: s.signatures.map((x) => nameOf(x.personId)),
      })),
      supervision: supervisionCompliance({ records: supervisionRecords, arrangement: entry.arrangement, period: quarter, asOf: today, since: approvals[0]?.startDate ?? null, policy }),
      quarter,
      competencies: [...competencies].reverse(),
      competencyReview: reviewCompetencies({ records: competencies, practiceStart: approvals[0]?.startDate ?? today, date: today }),
      competenceHeadings: KEY_COMPETENCES,
    };
  }
}
