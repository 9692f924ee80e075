/**
 * CSV exports of an evaluation's ratings and of the development plan. Rows are built here as
 * plain cells; `toCsv` (csv-text.ts) escapes them and guards against formula injection.
 */
import { toCsv } from './csv-text.js';
import type { CsvCell } from './csv-text.js';
import { findStandard, STANDARD_NUMBERS } from './standards-catalogue.js';
import type { StandardsCatalogue } from './standards-catalogue.js';
import { effectiveExtentMet, standardTaskStatus, TASK_STATUS_LABELS } from './evaluation.js';
import type { Evaluation, StandardRecord } from './evaluation.js';
import { ACTION_STATUS_LABELS, developmentPlan } from './action-plan.js';
import type { DevelopmentAction } from './action-plan.js';
import { overallRiskScore, PRIORITY_BAND_LABELS, priorityBand } from './priorities.js';
import {
  EFFECTIVENESS_LABELS,
  EVIDENCE_KIND_LABELS,
  EXTENT_MET_LABELS,
  isCompleteRiskRatings,
  RISK_LEVEL_LABELS,
} from './standards-scales.js';
import type { RiskLevel } from './standards-scales.js';

export const RATINGS_CSV_HEADER = [
  'Service',
  'Evaluation date',
  'Catalogue version',
  'Chapter',
  'Standard',
  'Title',
  'Extent met',
  'Parts of the service',
  'Evidence',
  'Effectiveness of evidence',
  'Risk to AMHPs',
  'Risk to the AMHP service',
  'Risk to the organisation',
  'Overall risk score',
  'Priority',
  'Agreed by group',
  'Status',
  'Map notes',
  'Evaluate notes',
  'Plan notes',
] as const;

const risk = (level: RiskLevel | null): string => (level === null ? '' : RISK_LEVEL_LABELS[level]);

export function ratingsCsvRows(
  evaluation: Evaluation,
  catalogue: StandardsCatalogue,
  records: readonly StandardRecord[],
): CsvCell[][] {
  const rows: CsvCell[][] = [[...RATINGS_CSV_HEADER]];
  for (const number of STANDARD_NUMBERS) {
    const standard = findStandard(catalogue, number);
    const record = records.find((r) => r.standardNumber === number);
    const extent = record === undefined ? null : effectiveExtentMet(record);
    const score =
      record !== undefined && extent !== null && isCompleteRiskRatings(record.risk)
        ? overallRiskScore(extent, record.risk)
        : null;
    rows.push([
      evaluation.serviceName,
      evaluation.evaluationDate,
      catalogue.versionLabel,
      standard.chapter,
      number,
      standard.title,
      extent === null ? '' : EXTENT_MET_LABELS[extent],
      (record?.partPositions ?? [])
        .map((p) => {
          const label =
            evaluation.serviceParts.find((s) => s.key === p.partKey)?.label ?? p.partKey;
          return `${label}: ${EXTENT_MET_LABELS[p.extentMet]}${p.note === '' ? '' : ` (${p.note})`}`;
        })
        .join('; '),
      (record?.evidence ?? [])
        .map(
          (e) =>
            `${EVIDENCE_KIND_LABELS[e.kind]}: ${e.description}${e.whereToFind === '' ? '' : ` [${e.whereToFind}]`}`,
        )
        .join('; '),
      record?.effectiveness == null ? '' : EFFECTIVENESS_LABELS[record.effectiveness],
      risk(record?.risk.amhps ?? null),
      risk(record?.risk.service ?? null),
      risk(record?.risk.organisation ?? null),
      score,
      score === null ? '' : PRIORITY_BAND_LABELS[priorityBand(score)],
      record?.agreedByGroup ?? false,
      TASK_STATUS_LABELS[standardTaskStatus(record)],
      record?.mapNotes ?? '',
      record?.evaluateNotes ?? '',
      record?.planNotes ?? '',
    ]);
  }
  return rows;
}

export const ACTIONS_CSV_HEADER = [
  'Evaluation',
  'Standard',
  'Standard title',
  'Action',
  'Owner',
  'Target date',
  'Status',
  'Overdue',
  'Days overdue',
  'Completed on',
  'Carried forward',
  'Needs review',
  'Latest progress note',
] as const;

/**
 * The current development plan (superseded carried-forward originals left out), in plan
 * order. `evaluationLabel` turns an evaluation id into something a reader recognises.
 */
export function actionsCsvRows(
  actions: readonly DevelopmentAction[],
  catalogue: StandardsCatalogue,
  now: Date,
  evaluationLabel: (evaluationId: string) => string = (id) => id,
): CsvCell[][] {
  const rows: CsvCell[][] = [[...ACTIONS_CSV_HEADER]];
  for (const row of developmentPlan(actions, now)) {
    const a = row.action;
    rows.push([
      evaluationLabel(a.evaluationId),
      a.standardNumber,
      findStandard(catalogue, a.standardNumber).title,
      a.description,
      a.owner,
      a.targetDate,
      ACTION_STATUS_LABELS[a.status],
      row.overdue,
      row.daysOverdue,
      a.completedOn ?? '',
      a.carriedForwardFrom !== null,
      a.needsReview,
      a.progressNotes.at(-1)?.text ?? '',
    ]);
  }
  return rows;
}

export function ratingsCsv(
  evaluation: Evaluation,
  catalogue: StandardsCatalogue,
  records: readonly StandardRecord[],
): string {
  return toCsv(ratingsCsvRows(evaluation, catalogue, records));
}

export function actionsCsv(
  actions: readonly DevelopmentAction[],
  catalogue: StandardsCatalogue,
  now: Date,
  evaluationLabel?: (evaluationId: string) => string,
): string {
  return toCsv(actionsCsvRows(actions, catalogue, now, evaluationLabel));
}
