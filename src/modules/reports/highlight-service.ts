import type { Kysely } from 'kysely';
import { inTransaction } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { formatDate, londonDate } from '../../platform/london-time.js';
import { unwrap } from '../../platform/result.js';
import { hasAnyRole, requireRole } from '../../platform/roles.js';
import { type HighlightStatus, type HighlightView, canApprove, canEdit, checkNarratives, highlightThemes } from './highlight.js';
import { type HighlightRow, approveHighlight, ensureHighlight, listHighlights, saveNarratives } from './highlight-repository.js';
import { renderHighlightPdf } from './highlight-pdf.js';
import { buildPack } from './pack.js';
import { packFacts } from './pack-repository.js';
import { type PeriodSet, checkPeriod, lastWholeMonth, monthLabel, monthsBefore, periodSet } from './report-period.js';
import { HIGHLIGHT_APPROVERS, HIGHLIGHT_WRITERS, REPORT_READERS } from './reports-access.js';
import type { ReportsDb } from './reports-tables.js';

export interface HighlightServiceDeps {
  db: Kysely<ReportsDb>;
  clock: Clock;
  audit: AuditLog;
}

/**
 * The monthly Highlight Report (issue 15 point 2): the pack's figures for the §6.12 themes and the
 * Lead's narratives; drafted, approved, then locked. Every view, change, approval and download is
 * audited.
 */
export class HighlightService {
  constructor(private readonly deps: HighlightServiceDeps) {}

  today(): string {
    return londonDate(this.deps.clock.now());
  }

  defaultMonth(): string {
    return lastWholeMonth(this.today());
  }

  /** Refuses a month in the future (400). */
  checkMonth(month: string): void {
    this.periods(month);
  }

  /** The months offered (last month first, twelve back) and the reports started, with their state. */
  async list(ctx: ServiceContext) {
    requireRole(ctx.actor, REPORT_READERS, 'see the Highlight Reports');
    const started = await listHighlights(this.deps.db);
    await inTransaction(this.deps.db, (trx) => this.deps.audit.record(trx, ctx, { action: 'highlight_reports_listed', entityType: 'report', entityId: 'highlight' }));
    const byMonth = new Map(started.map((r) => [r.month, r]));
    const months = [...new Set([...monthsBefore(this.defaultMonth(), 12), ...started.map((r) => r.month)])].sort().reverse();
    return months.map((m) => ({ month: m, label: monthLabel(m), status: (byMonth.get(m)?.status ?? null) as HighlightStatus | null }));
  }

  /** The report for a month: refused for a month in the future. */
  async view(ctx: ServiceContext, month: string, action: 'viewed' | 'downloaded_pdf' = 'viewed'): Promise<HighlightView> {
    requireRole(ctx.actor, REPORT_READERS, action === 'viewed' ? 'see the Highlight Report' : 'download the Highlight Report');
    const periods = this.periods(month);
    const row = await inTransaction(this.deps.db, async (trx) => {
      const found = await ensureHighlight(trx, month, this.deps.clock.now());
      await this.deps.audit.record(trx, ctx, { action: `highlight_report_${action}`, entityType: 'report_highlight', entityId: found.id, summary: { month, status: found.status, version: found.version } });
      return found;
    });
    return this.build(ctx, periods, row);
  }

  /** The Lead's narratives, saved over the version read; refused once approved (locked). */
  async saveNarratives(ctx: ServiceContext, month: string, input: { version: number; narratives: Record<string, string | undefined> }): Promise<HighlightView> {
    requireRole(ctx.actor, HIGHLIGHT_WRITERS, 'write the Highlight Report');
    const periods = this.periods(month);
    const narratives = unwrap(checkNarratives(input.narratives));
    const saved = await inTransaction(this.deps.db, async (trx) => {
      const row = await ensureHighlight(trx, month, this.deps.clock.now());
      unwrap(canEdit(row.status, monthLabel(month), row.approvedByName, row.approvedAt ? formatDate(row.approvedAt) : null));
      const version = await saveNarratives(trx, row.id, input.version, narratives, ctx.actor.personId, this.deps.clock.now());
      await this.deps.audit.record(trx, ctx, { action: 'highlight_report_narratives_saved', entityType: 'report_highlight', entityId: row.id, summary: { month, version, themes: Object.keys(narratives).filter((k) => narratives[k] !== (row.narratives[k] ?? '')) } });
      return { ...row, narratives, version, editedByName: ctx.actor.name, editedAt: this.deps.clock.now() };
    });
    return this.build(ctx, periods, saved);
  }

  /** Approve the draft: every theme needs a narrative; from then on it is locked. */
  async approve(ctx: ServiceContext, month: string, input: { version: number }): Promise<HighlightView> {
    requireRole(ctx.actor, HIGHLIGHT_APPROVERS, 'approve the Highlight Report');
    const periods = this.periods(month);
    const approved = await inTransaction(this.deps.db, async (trx) => {
      const row = await ensureHighlight(trx, month, this.deps.clock.now());
      unwrap(canApprove(row.status, row.narratives, monthLabel(month), row.approvedByName, row.approvedAt ? formatDate(row.approvedAt) : null));
      const now = this.deps.clock.now();
      const version = await approveHighlight(trx, row.id, input.version, ctx.actor.personId, now);
      await this.deps.audit.record(trx, ctx, { action: 'highlight_report_approved', entityType: 'report_highlight', entityId: row.id, summary: { month, version } });
      return { ...row, status: 'approved' as const, version, approvedByName: ctx.actor.name, approvedAt: now };
    });
    return this.build(ctx, periods, approved);
  }

  async pdf(ctx: ServiceContext, month: string): Promise<{ fileName: string; body: Buffer }> {
    const view = await this.view(ctx, month, 'downloaded_pdf');
    return { fileName: `highlight-report-${month}${view.locked ? '' : '-draft'}.pdf`, body: await renderHighlightPdf(view, this.deps.clock.now()) };
  }

  private periods(month: string): PeriodSet {
    return periodSet(unwrap(checkPeriod('month', month, this.today())));
  }

  /** The figures come from the performance pack's own queries and shaping (service: both). */
  private async build(ctx: ServiceContext, periods: PeriodSet, row: HighlightRow): Promise<HighlightView> {
    const facts = await packFacts(this.deps.db, periods, { service: 'both', lssaId: null, teamId: null });
    const pack = buildPack(periods, facts, { service: 'both', lssaName: null, teamName: null });
    const locked = row.status === 'approved';
    return {
      month: row.month,
      label: periods.current.label,
      periods,
      status: row.status,
      locked,
      version: row.version,
      themes: highlightThemes(pack, row.narratives),
      editedByName: row.editedByName,
      editedAt: row.editedAt,
      approvedByName: row.approvedByName,
      approvedAt: row.approvedAt,
      canEdit: !locked && hasAnyRole(ctx.actor, HIGHLIGHT_WRITERS),
      canApprove: !locked && hasAnyRole(ctx.actor, HIGHLIGHT_APPROVERS),
    };
  }
}
