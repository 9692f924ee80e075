import { sql, type Kysely } from 'kysely';
import type { ReportsBDb } from '../part-b-tables.js';
import type { Denominator, DisparityFact, Dimension } from './disparity.js';
import type { ParsedDenominator } from './denominators-file.js';

type Db = Kysely<ReportsBDb>;

export interface LssaRow {
  id: string;
  name: string;
  shortName: string;
}

export async function lssas(db: Db): Promise<LssaRow[]> {
  return db.selectFrom('organisations').select(['id', 'name', 'shortName']).where('kind', '=', 'lssa').orderBy('name').execute();
}

/** Assessments with an outcome recorded in [from, to), counted in SQL by LSSA, group and detention. */
export async function disparityCounts(db: Db, from: Date, to: Date, lssaId: string | null): Promise<DisparityFact[]> {
  let q = db
    .selectFrom('partbAssessmentFacts')
    .select((eb) => [
      'lssaId',
      'ethnicity',
      'sex',
      'age',
      sql<boolean>`outcome in ('s2', 's3', 's4')`.as('detained'),
      eb.fn.countAll<string>().as('n'),
    ])
    .where('outcomeRecordedAt', '>=', from)
    .where('outcomeRecordedAt', '<', to)
    .where('outcome', 'is not', null)
    .groupBy(['lssaId', 'ethnicity', 'sex', 'age', sql`outcome in ('s2', 's3', 's4')`]);
  if (lssaId) q = q.where('lssaId', '=', lssaId);
  const rows = await q.execute();
  return rows.map((r) => ({ lssaId: r.lssaId, ethnicity: r.ethnicity, sex: r.sex, age: r.age, detained: r.detained, count: Number(r.n) }));
}

export async function denominators(db: Db, lssaId: string | null): Promise<Denominator[]> {
  let q = db.selectFrom('reportPopulationDenominators').select(['lssaId', 'dimension', 'groupCode', 'population']);
  if (lssaId) q = q.where('lssaId', '=', lssaId);
  const rows = await q.execute();
  return rows.map((r) => ({ lssaId: r.lssaId, dimension: r.dimension, group: r.groupCode, population: r.population }));
}

export interface DenominatorSummary {
  lssaId: string;
  lssaName: string;
  dimension: Dimension;
  groups: number;
  population: number;
  importedAt: Date;
}

export async function denominatorSummary(db: Db): Promise<DenominatorSummary[]> {
  const rows = await db
    .selectFrom('reportPopulationDenominators as d')
    .innerJoin('organisations as o', 'o.id', 'd.lssaId')
    .select((eb) => ['d.lssaId', 'o.name as lssaName', 'd.dimension', eb.fn.countAll<string>().as('groups'), eb.fn.sum<string>('d.population').as('population'), eb.fn.max('d.importedAt').as('importedAt')])
    .groupBy(['d.lssaId', 'o.name', 'd.dimension'])
    .orderBy('o.name')
    .orderBy('d.dimension')
    .execute();
  return rows.map((r) => ({ lssaId: r.lssaId, lssaName: r.lssaName, dimension: r.dimension, groups: Number(r.groups), population: Number(r.population), importedAt: r.importedAt }));
}

/** Replaces the populations of each LSSA and dimension the file gives (others are left as they are). */
export async function replaceDenominators(trx: Db, rows: readonly ParsedDenominator[], importedAt: Date, importedBy: string | null): Promise<void> {
  const pairs = [...new Set(rows.map((r) => `${r.lssaId}|${r.dimension}`))];
  for (const pair of pairs) {
    const [lssaId, dimension] = pair.split('|') as [string, Dimension];
    await trx.deleteFrom('reportPopulationDenominators').where('lssaId', '=', lssaId).where('dimension', '=', dimension).execute();
  }
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('reportPopulationDenominators')
      .values(rows.slice(i, i + 500).map((r) => ({ lssaId: r.lssaId, dimension: r.dimension, groupCode: r.group, population: r.population, importedAt, importedBy })))
      .execute();
  }
}
