/** The register as a list: everyone on it with status, approval, authorisations and re-approval. */
import type { ServiceContext } from '../../../platform/audit.js';
import { londonDate, type IsoDate } from '../../../platform/london-time.js';
import { requireRole } from '../../../platform/roles.js';
import { REGISTER_VIEWERS } from '../register-access.js';
import type { RegisterDeps } from '../register-ports.js';
import type { RegisterSettings } from '../register-settings-service.js';
import {
  APPROVAL_STATUS_LABELS,
  approvalStatusOn,
  eligibleToAct,
  lastDayInForce,
  professionLabel,
  reapprovalDue,
  registerEntryKeepUntil,
  type ApprovalStatus,
  type ReapprovalState,
} from './approval.js';
import { ApprovalRepository } from './approval-repository.js';
import type { EligibilityService } from './eligibility-service.js';

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
  status: ApprovalStatus | 'not_approved';
  statusLabel: string;
  statusDescription: string;
  authorisedFor: string[];
  reapprovalState: ReapprovalState;
  reapprovalDueDate: IsoDate | null;
  reapprovalDaysLeft: number | null;
  keepUntil: IsoDate | null;
  eligibleToday: boolean;
  eligibilityReason: string | null;
}

export class RegisterListService {
  private readonly repository = new ApprovalRepository();

  constructor(
    private readonly deps: RegisterDeps,
    private readonly settings: RegisterSettings,
    private readonly eligibility: EligibilityService,
  ) {}

  /** Everyone on the register, by name (audited as a listing). */
  async rows(ctx: ServiceContext, options: { audit?: boolean } = {}): Promise<RegisterRow[]> {
    requireRole(ctx.actor, REGISTER_VIEWERS, 'see the AMHP register');
    const rows = await this.build();
    if (options.audit !== false) await this.deps.audit.record(this.deps.db, ctx, { action: 'register_listed', entityType: 'register', summary: { rows: rows.length } });
    return rows;
  }

  /** Re-approvals due within the warning period, or overdue by less than 90 days, soonest first. */
  async reapprovalsDue(ctx: ServiceContext): Promise<RegisterRow[]> {
    requireRole(ctx.actor, REGISTER_VIEWERS, 'see re-approvals due');
    return (await this.build())
      .filter((r) => r.active && (r.reapprovalState === 'due_soon' || (r.reapprovalState === 'overdue' && (r.reapprovalDaysLeft ?? 0) > -90)))
      .sort((a, b) => (a.reapprovalDaysLeft ?? 0) - (b.reapprovalDaysLeft ?? 0));
  }

  /** For the home panel: active AMHPs in their warning period. */
  async dueSoon(): Promise<RegisterRow[]> {
    return (await this.build()).filter((r) => r.active && r.reapprovalState === 'due_soon');
  }

  async build(): Promise<RegisterRow[]> {
    const today = londonDate(this.deps.clock.now());
    const [entries, data, people, names, warningDays] = await Promise.all([
      this.repository.entries(this.deps.db),
      this.repository.approvalData(this.deps.db),
      this.deps.staff.peopleWithRole(['amhp'], { activeOnly: false }),
      this.eligibility.lssaNames(),
      this.settings.warningDays(),
    ]);
    const peopleById = new Map(people.map((p) => [p.id, p]));
    const rows: RegisterRow[] = [];
    for (const entry of entries) {
      const person = peopleById.get(entry.personId) ?? (await this.deps.staff.findPerson(entry.personId));
      if (!person) continue;
      const approvals = data.approvals.filter((a) => a.personId === entry.personId);
      const suspensions = data.suspensions.filter((s) => s.personId === entry.personId);
      const authorisations = data.authorisations.filter((a) => a.personId === entry.personId);
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
        authorisedFor: current ? [...new Set(authorisations.filter((a) => a.approvalId === current.id && a.startDate <= today && a.endDate >= today).map((a) => names[a.lssaId] ?? a.lssaId))] : [],
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
}
