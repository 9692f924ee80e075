import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError, ValidationError } from '../../../platform/errors.js';
import { requireRole } from '../../../platform/roles.js';
import { AGGREGATE_READERS, CONFIGURERS } from '../part-b-access.js';
import type { ReportsBDeps } from '../part-b-deps.js';
import type { Sheet } from '../returns/sheet.js';
import { readDenominators, type DenominatorProblem } from './denominators-file.js';
import { DIMENSIONS, DIMENSION_LABELS, DEFAULT_REFERENCE, disparityTable, formatRate, groupsOf, publishedRow, SUPPRESSED, type Dimension, type DisparityTable } from './disparity.js';
import { denominatorSummary, denominators, disparityCounts, lssas, replaceDenominators, type DenominatorSummary, type LssaRow } from './disparity-repository.js';
import { periodOf, type Period } from './period.js';
import { createHash } from 'node:crypto';

export interface DisparityQuery {
  from?: string | undefined;
  to?: string | undefined;
  lssa?: string | undefined;
  referenceEthnicity?: string | undefined;
  referenceSex?: string | undefined;
  referenceAge?: string | undefined;
}

export interface DisparityView {
  period: Period;
  lssa: LssaRow | null;
  lssas: LssaRow[];
  tables: Array<{ dimension: Dimension; label: string; reference: string; referenceLabel: string; rows: ReturnType<typeof publishedRow>[]; unassigned: DisparityTable['unassigned'] }>;
  populationLoaded: boolean;
  rule: string;
}

export const SUPPRESSION_RULE = `Counts from 1 to 7 are shown as ${SUPPRESSED}, and the rates and ratios computed from them are not shown, so that nobody can be recognised. Zero is shown as 0.`;

export interface DenominatorCheck {
  sha256: string;
  rows: number;
  byLssa: Array<{ lssa: string; dimension: string; groups: number; population: number }>;
  problems: DenominatorProblem[];
  canConfirm: boolean;
}

export class DisparityService {
  constructor(private readonly deps: Pick<ReportsBDeps, 'db' | 'clock' | 'audit'>) {}

  async view(ctx: ServiceContext, query: DisparityQuery, action = 'disparity_viewed'): Promise<DisparityView> {
    requireRole(ctx.actor, AGGREGATE_READERS, 'see the disparity report');
    const period = periodOf(this.deps.clock.now(), query.from, query.to);
    const all = await lssas(this.deps.db);
    const lssa = query.lssa ? (all.find((l) => l.id === query.lssa) ?? null) : null;
    if (query.lssa && !lssa) throw ValidationError.of('lssa', 'That LSSA is not set up in the service: choose one from the list');
    const references: Record<Dimension, string | undefined> = { ethnicity: query.referenceEthnicity, sex: query.referenceSex, age_band: query.referenceAge };
    for (const d of DIMENSIONS) {
      const r = references[d];
      if (r && !groupsOf(d).some((g) => g.code === r)) throw ValidationError.of(`reference_${d}`, `Choose a ${DIMENSION_LABELS[d].toLowerCase()} group from the list`);
    }
    const [facts, pops] = await Promise.all([disparityCounts(this.deps.db, period.start, period.end, lssa?.id ?? null), denominators(this.deps.db, lssa?.id ?? null)]);
    const tables = DIMENSIONS.map((dimension) => {
      const reference = references[dimension] ?? DEFAULT_REFERENCE[dimension];
      const t = disparityTable(facts, pops, dimension, reference);
      return { dimension, label: DIMENSION_LABELS[dimension], reference, referenceLabel: groupsOf(dimension).find((g) => g.code === reference)!.label, rows: t.rows.map(publishedRow), unassigned: t.unassigned };
    });
    await inTransaction(this.deps.db, (trx) => this.deps.audit.record(trx, ctx, { action, entityType: 'report', entityId: 'disparity', summary: { from: period.from, to: period.to, lssa: lssa?.id ?? 'all' } }));
    return { period, lssa, lssas: all, tables, populationLoaded: pops.length > 0, rule: SUPPRESSION_RULE };
  }

  async sheet(ctx: ServiceContext, query: DisparityQuery): Promise<{ sheet: Sheet; fileName: string }> {
    const v = await this.view(ctx, query, 'disparity_exported');
    const rows = v.tables.flatMap((t) =>
      t.rows.map((r) => [
        t.label,
        r.group,
        r.label,
        r.population,
        r.assessmentsShown,
        formatRate(r.assessmentRate),
        r.assessmentRatio ? Number(r.assessmentRatio.ratio.toFixed(3)) : null,
        r.assessmentRatio ? Number(r.assessmentRatio.lower.toFixed(3)) : null,
        r.assessmentRatio ? Number(r.assessmentRatio.upper.toFixed(3)) : null,
        r.detentionsShown,
        formatRate(r.detentionRate),
        r.detentionRatio ? Number(r.detentionRatio.ratio.toFixed(3)) : null,
        r.detentionRatio ? Number(r.detentionRatio.lower.toFixed(3)) : null,
        r.detentionRatio ? Number(r.detentionRatio.upper.toFixed(3)) : null,
        r.isReference ? 'reference' : (r.note ?? ''),
      ]),
    );
    return {
      fileName: `disparity-${v.period.from}-to-${v.period.to}${v.lssa ? `-${v.lssa.shortName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}` : ''}`,
      sheet: {
        name: 'Disparity',
        headers: ['dimension', 'group_code', 'group', 'population', 'assessments', 'assessments_per_100k', 'assessment_rate_ratio', 'assessment_ratio_ci_lower', 'assessment_ratio_ci_upper', 'detentions', 'detentions_per_100k', 'detention_rate_ratio', 'detention_ratio_ci_lower', 'detention_ratio_ci_upper', 'note'],
        rows,
      },
    };
  }

  async populations(ctx: ServiceContext): Promise<DenominatorSummary[]> {
    requireRole(ctx.actor, [...CONFIGURERS, ...AGGREGATE_READERS], 'see the population denominators');
    return denominatorSummary(this.deps.db);
  }

  /** The dry run: what the file would load, or every problem with its row and column. Nothing is written. */
  async check(ctx: ServiceContext, content: string): Promise<DenominatorCheck> {
    requireRole(ctx.actor, CONFIGURERS, 'import population denominators');
    const all = await lssas(this.deps.db);
    const { rows, problems } = readDenominators(content, all);
    const sums = new Map<string, { lssa: string; dimension: string; groups: number; population: number }>();
    for (const r of rows) {
      const key = `${r.lssaName}|${r.dimension}`;
      const s = sums.get(key) ?? { lssa: r.lssaName, dimension: DIMENSION_LABELS[r.dimension], groups: 0, population: 0 };
      sums.set(key, { ...s, groups: s.groups + 1, population: s.population + r.population });
    }
    await inTransaction(this.deps.db, (trx) => this.deps.audit.record(trx, ctx, { action: 'population_denominators_checked', entityType: 'population_denominators', summary: { rows: rows.length, problems: problems.length } }));
    return { sha256: sha256(content), rows: rows.length, byLssa: [...sums.values()], problems, canConfirm: problems.length === 0 && rows.length > 0 };
  }

  /** Loads the file checked before (the same bytes: its SHA-256 must match); all or nothing. */
  async confirm(ctx: ServiceContext, content: string, checkedSha256: string): Promise<DenominatorCheck> {
    requireRole(ctx.actor, CONFIGURERS, 'import population denominators');
    if (sha256(content) !== checkedSha256) throw ValidationError.of('sha256', 'This is not the file that was checked: check it again before importing');
    const all = await lssas(this.deps.db);
    const { rows, problems } = readDenominators(content, all);
    if (problems.length > 0) throw new ValidationError(problems.map((p) => ({ field: p.column ?? 'file', message: p.row ? `Row ${p.row}: ${p.message}` : p.message })));
    if (rows.length === 0) throw new NotFoundError('The file has no rows to import');
    const now = this.deps.clock.now();
    await inTransaction(this.deps.db, async (trx) => {
      await replaceDenominators(trx, rows, now, ctx.actor.personId);
      await this.deps.audit.record(trx, ctx, { action: 'population_denominators_imported', entityType: 'population_denominators', summary: { rows: rows.length, sha256: checkedSha256 } });
    });
    return { ...(await this.checkSummary(rows.length, checkedSha256)) };
  }

  private async checkSummary(rows: number, sha: string): Promise<DenominatorCheck> {
    const summary = await denominatorSummary(this.deps.db);
    return { sha256: sha, rows, byLssa: summary.map((s) => ({ lssa: s.lssaName, dimension: DIMENSION_LABELS[s.dimension], groups: s.groups, population: s.population })), problems: [], canConfirm: false };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
