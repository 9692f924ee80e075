import { inTransaction } from '../../../db/database.js';
import type { DemoIds } from '../../../platform/module.js';
import type { ReportsBDeps } from '../part-b-deps.js';
import { AGE_BANDS, ETHNIC_GROUPS, SEX_GROUPS } from './disparity.js';
import { lssas as lssaRows, replaceDenominators } from './disparity-repository.js';
import type { ParsedDenominator } from './denominators-file.js';

/** Invented shares of an LSSA's population (not census figures): roughly the shape of an English county. */
const ETHNIC_SHARE: Record<string, number> = { A: 0.72, B: 0.01, C: 0.06, D: 0.01, E: 0.005, F: 0.008, G: 0.007, H: 0.03, J: 0.03, K: 0.01, L: 0.015, M: 0.012, N: 0.025, P: 0.006, R: 0.005, S: 0.017 };
const AGE_SHARE: Record<string, number> = { '0-17': 0.21, '18-24': 0.08, '25-34': 0.13, '35-44': 0.13, '45-54': 0.13, '55-64': 0.13, '65-74': 0.1, '75+': 0.09 };

/** The demo's invented population denominators for each demo LSSA (not census figures). */
export async function seedReportsBDemo(deps: Pick<ReportsBDeps, 'db' | 'clock'>, ids: DemoIds): Promise<void> {
  const lssas = await lssaRows(deps.db);
  void ids;
  const rows: ParsedDenominator[] = [];
  lssas.forEach((l, i) => {
    const total = 280_000 + i * 95_000;
    const push = (dimension: ParsedDenominator['dimension'], group: string, share: number) => rows.push({ row: rows.length + 2, lssaId: l.id, lssaName: l.name, dimension, group, population: Math.round(total * share) });
    for (const g of ETHNIC_GROUPS) push('ethnicity', g.code, ETHNIC_SHARE[g.code] ?? 0.01);
    for (const g of SEX_GROUPS) push('sex', g.code, g.code === 'female' ? 0.508 : 0.492);
    for (const g of AGE_BANDS) push('age_band', g.code, AGE_SHARE[g.code] ?? 0.1);
  });
  if (rows.length > 0) await inTransaction(deps.db, (trx) => replaceDenominators(trx, rows, deps.clock.now(), null));
}
