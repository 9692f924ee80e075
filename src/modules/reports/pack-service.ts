import type { Kysely } from 'kysely';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { londonDate } from '../../platform/london-time.js';
import { invalid, unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import { type Pack, buildPack, packCsv } from './pack.js';
import { filterOptions, packFacts } from './pack-repository.js';
import { renderPackPdf } from './pack-pdf.js';
import { type PeriodKind, type ServiceFilter, checkPeriod, lastWholeMonth, periodSet } from './report-period.js';
import { REPORT_READERS } from './reports-access.js';
import type { ReportsDb } from './reports-tables.js';

export interface PackQuery {
  period?: PeriodKind | undefined;
  month?: string | undefined;
  service?: ServiceFilter | undefined;
  lssa?: string | undefined;
  team?: string | undefined;
}

export interface PackServiceDeps {
  db: Kysely<ReportsDb>;
  clock: Clock;
  audit: AuditLog;
}

/** The monthly performance pack (issue 15 point 1): aggregates only, every view and export audited. */
export class PackService {
  constructor(private readonly deps: PackServiceDeps) {}

  today(): string {
    return londonDate(this.deps.clock.now());
  }

  /** The LSSAs and teams to filter by. */
  options() {
    return filterOptions(this.deps.db);
  }

  /** The pack for the period asked for (refused: a future month, an unknown LSSA or team). */
  async pack(ctx: ServiceContext, query: PackQuery, action: 'viewed' | 'exported_csv' | 'exported_pdf' | 'prepared_for_email' = 'viewed'): Promise<Pack> {
    requireRole(ctx.actor, REPORT_READERS, action === 'viewed' ? 'see the performance pack' : 'export the performance pack');
    const today = this.today();
    const kind = query.period ?? 'month';
    const period = unwrap(checkPeriod(kind, query.month ?? lastWholeMonth(today), today));
    const { lssas, teams } = await this.options();
    const lssa = query.lssa ? lssas.find((l) => l.id === query.lssa) : null;
    if (query.lssa && !lssa) unwrap(invalid('lssa', 'There is no LSSA with that id: choose one from the list'));
    const team = query.team ? teams.find((t) => t.id === query.team) : null;
    if (query.team && !team) unwrap(invalid('team', 'There is no team with that id: choose one from the list'));
    const service = query.service ?? 'both';
    const periods = periodSet(period);
    const facts = await packFacts(this.deps.db, periods, { service, lssaId: lssa?.id ?? null, teamId: team?.id ?? null });
    await this.deps.audit.record(this.deps.db, ctx, { action: `performance_pack_${action}`, entityType: 'report', summary: { period: kind, month: period.month, service, lssa: lssa?.id ?? null, team: team?.id ?? null } });
    return buildPack(periods, facts, { service, lssaName: lssa?.name ?? null, teamName: team?.name ?? null });
  }

  async csv(ctx: ServiceContext, query: PackQuery) {
    return packCsv(await this.pack(ctx, query, 'exported_csv'));
  }

  async pdf(ctx: ServiceContext, query: PackQuery) {
    const pack = await this.pack(ctx, query, 'exported_pdf');
    const csv = packCsv(pack);
    return { fileName: csv.fileName.replace(/\.csv$/, '.pdf'), body: await renderPackPdf(pack, this.deps.clock.now()) };
  }

  /**
   * The month's pack for the e-mail sent on the first working day (issue 15 point 6): both
   * services, every LSSA, as PDF and CSV, built once for all the recipients (audited as
   * `performance_pack_prepared_for_email`, by the person the sends act for; what went to whom is
   * the sending's own `report_sent`).
   */
  async forSending(ctx: ServiceContext, month: string): Promise<{ pack: Pack; pdf: { fileName: string; body: Buffer }; csv: { fileName: string; body: string } }> {
    const pack = await this.pack(ctx, { period: 'month', month, service: 'both' }, 'prepared_for_email');
    const csv = packCsv(pack);
    return { pack, csv, pdf: { fileName: csv.fileName.replace(/\.csv$/, '.pdf'), body: await renderPackPdf(pack, this.deps.clock.now()) } };
  }
}
