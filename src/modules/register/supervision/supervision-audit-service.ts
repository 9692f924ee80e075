/** The quarterly supervision audit for the AMHP operational manager and EDT service manager. */
import type { ServiceContext } from '../../../platform/audit.js';
import { addDays, londonDate, type IsoDate } from '../../../platform/london-time.js';
import { requireRole } from '../../../platform/roles.js';
import { lastDayInForce } from '../approvals/approval.js';
import { ApprovalRepository } from '../approvals/approval-repository.js';
import { REGISTER_VIEWERS } from '../register-access.js';
import type { RegisterDeps } from '../register-ports.js';
import type { RegisterSettings } from '../register-settings-service.js';
import { SUPERVISION_ARRANGEMENTS, quarterlySupervisionAudit, reportingQuarterOf } from './supervision.js';
import { SupervisionRepository } from './supervision-repository.js';

export class SupervisionAuditService {
  private readonly repository = new SupervisionRepository();
  private readonly approvals = new ApprovalRepository();

  constructor(
    private readonly deps: RegisterDeps,
    private readonly settings: RegisterSettings,
  ) {}

  /**
   * Frequency against each AMHP's arrangement, and unsigned and disputed records, for the
   * quarter holding `dateInQuarter` (today's quarter when not given), as it stands today.
   */
  async audit(ctx: ServiceContext, dateInQuarter?: IsoDate) {
    requireRole(ctx.actor, REGISTER_VIEWERS, 'see the supervision audit');
    const result = await this.compute(dateInQuarter);
    await this.deps.audit.record(this.deps.db, ctx, { action: 'supervision_audit_viewed', entityType: 'register', summary: { quarter: result.quarter.label } });
    return result;
  }

  /**
   * The Lead AMHP's home panel: this quarter's AMHPs below their supervision rule, longest
   * without supervision first. Names and dates only, so no audit row for each home page.
   */
  async belowTheRuleNow(ctx: ServiceContext) {
    requireRole(ctx.actor, REGISTER_VIEWERS, 'see the supervision audit');
    const result = await this.compute();
    const below = result.rows
      .filter((r) => !r.compliant)
      .sort((a, b) => (b.weeksSinceLast ?? Number.MAX_SAFE_INTEGER) - (a.weeksSinceLast ?? Number.MAX_SAFE_INTEGER) || a.name.localeCompare(b.name));
    return { quarter: result.quarter, total: result.rows.length, below };
  }

  private async compute(dateInQuarter?: IsoDate) {
    const today = londonDate(this.deps.clock.now());
    const policy = await this.settings.supervisionPolicy();
    const quarter = reportingQuarterOf(dateInQuarter ?? today, policy.reportingYearStartMonth);
    const db = this.deps.db;
    const [entries, data, records, people] = await Promise.all([
      this.approvals.entries(db),
      this.approvals.approvalData(db),
      this.repository.records(db, { from: addDays(quarter.startDate, -400) }),
      this.deps.staff.peopleWithRole(['amhp'], { activeOnly: true }),
    ]);
    const approvalsOf = (personId: string) => data.approvals.filter((a) => a.personId === personId);
    const active = entries.filter(
      (e) => people.some((p) => p.id === e.personId) && approvalsOf(e.personId).some((a) => a.startDate <= quarter.endDate && lastDayInForce(a) >= quarter.startDate),
    );
    const audit = quarterlySupervisionAudit({
      quarter,
      asOf: today < quarter.endDate ? today : quarter.endDate,
      amhps: active.map((e) => ({
        amhpId: e.personId,
        arrangement: e.arrangement,
        records: records.filter((r) => r.superviseeId === e.personId),
        since: approvalsOf(e.personId).map((a) => a.startDate).sort()[0] ?? null,
      })),
      policy,
    });
    const previous = reportingQuarterOf(addDays(quarter.startDate, -1), policy.reportingYearStartMonth);
    const next = reportingQuarterOf(addDays(quarter.endDate, 1), policy.reportingYearStartMonth);
    return {
      ...audit,
      previousStart: previous.startDate,
      nextStart: next.startDate <= today ? next.startDate : null,
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
}
