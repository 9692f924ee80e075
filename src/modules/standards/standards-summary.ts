/**
 * The summary report's content, built once from an evaluation and used by the page, the PDF
 * and the exports: one-page overview (heat map by chapter with extent met and risk), the
 * priorities (highest risk first), the development plan, and the full record per standard.
 */
import { developmentPlan, type DevelopmentAction, type PlanRow } from './action-plan.js';
import {
  effectiveExtentMet,
  EVALUATION_STATUS_LABELS,
  partsDiffer,
  PARTICIPANT_PERSPECTIVE_LABELS,
  standardTaskStatus,
  TASK_STATUS_LABELS,
  type CirculationComment,
  type Evaluation,
  type StandardRecord,
} from './evaluation.js';
import { countByCategory, renderExtentBarChartSvg, renderHeatMapSvg, type HeatMapCategory } from './heat-map-svg.js';
import { PRIORITY_BAND_LABELS, rankPriorities, type RankedStandard } from './priorities.js';
import { CHAPTER_NUMBERS, findChapter, findStandard, standardsInChapter, type CatalogueChapter, type CatalogueStandard, type StandardsCatalogue } from './standards-catalogue.js';
import {
  EFFECTIVENESS_LABELS,
  EVIDENCE_KIND_LABELS,
  EXTENT_MET_LABELS,
  RISK_LEVEL_LABELS,
  RISK_SUBJECT_LABELS,
  RISK_SUBJECTS,
} from './standards-scales.js';
import { formatDate } from '../../platform/london-time.js';

export interface SummaryStandard {
  standard: CatalogueStandard;
  extentLabel: string;
  effectivenessLabel: string;
  risks: Array<{ label: string; value: string }>;
  parts: Array<{ label: string; extentLabel: string; note: string }>;
  partsDiffer: boolean;
  evidence: Array<{ kind: string; description: string; whereToFind: string; needsReview: boolean }>;
  mapNotes: string;
  evaluateNotes: string;
  planNotes: string;
  agreed: boolean;
  statusLabel: string;
  actions: DevelopmentAction[];
  comments: CirculationComment[];
}

export interface SummaryPriority extends RankedStandard {
  title: string;
  bandLabel: string;
  extentLabel: string;
  riskLabels: Record<'amhps' | 'service' | 'organisation', string>;
}

export interface EvaluationSummary {
  evaluation: Evaluation;
  statusLabel: string;
  dateLabel: string;
  catalogue: StandardsCatalogue;
  heading: string;
  heatMapSvg: string;
  barChartSvg: string;
  counts: Record<HeatMapCategory, number>;
  priorities: SummaryPriority[];
  unrated: string[];
  plan: Array<PlanRow & { standardTitle: string }>;
  chapters: Array<{ chapter: CatalogueChapter; standards: SummaryStandard[] }>;
  participants: Array<{ name: string; represents: string; attending: boolean }>;
  generalComments: CirculationComment[];
}

export function buildSummary(input: {
  evaluation: Evaluation;
  catalogue: StandardsCatalogue;
  records: readonly StandardRecord[];
  actions: readonly DevelopmentAction[];
  comments?: readonly CirculationComment[];
  now: Date;
}): EvaluationSummary {
  const { evaluation, catalogue, records, actions, now } = input;
  const comments = input.comments ?? [];
  const heading = `${evaluation.serviceName}, ${formatDate(evaluation.evaluationDate)}`;
  const partLabel = (key: string) => evaluation.serviceParts.find((p) => p.key === key)?.label ?? key;
  const priorities = rankPriorities(records);
  return {
    evaluation,
    statusLabel: EVALUATION_STATUS_LABELS[evaluation.status],
    dateLabel: formatDate(evaluation.evaluationDate),
    catalogue,
    heading,
    heatMapSvg: renderHeatMapSvg({ catalogue, records, heading, idPrefix: `heat-map-${evaluation.id.slice(0, 8)}` }),
    barChartSvg: renderExtentBarChartSvg({ counts: countByCategory(records, catalogue), heading: 'Standards by extent met', idPrefix: `extent-chart-${evaluation.id.slice(0, 8)}` }),
    counts: countByCategory(records, catalogue),
    priorities: priorities.ranked.map((p) => ({
      ...p,
      title: findStandard(catalogue, p.standardNumber).title,
      bandLabel: PRIORITY_BAND_LABELS[p.band],
      extentLabel: EXTENT_MET_LABELS[p.extentMet],
      riskLabels: { amhps: RISK_LEVEL_LABELS[p.risk.amhps], service: RISK_LEVEL_LABELS[p.risk.service], organisation: RISK_LEVEL_LABELS[p.risk.organisation] },
    })),
    unrated: priorities.unrated,
    plan: developmentPlan(actions, now).map((row) => ({ ...row, standardTitle: findStandard(catalogue, row.action.standardNumber).title })),
    chapters: CHAPTER_NUMBERS.map((number) => ({
      chapter: findChapter(catalogue, number),
      standards: standardsInChapter(catalogue, number).map((standard): SummaryStandard => {
        const record = records.find((r) => r.standardNumber === standard.number);
        const extent = record ? effectiveExtentMet(record) : null;
        return {
          standard,
          extentLabel: extent ? EXTENT_MET_LABELS[extent] : 'Not assessed',
          effectivenessLabel: record?.effectiveness ? EFFECTIVENESS_LABELS[record.effectiveness] : 'Not recorded',
          risks: RISK_SUBJECTS.map((s) => ({ label: RISK_SUBJECT_LABELS[s], value: record?.risk[s] ? RISK_LEVEL_LABELS[record.risk[s]] : 'Not rated' })),
          parts: (record?.partPositions ?? []).map((p) => ({ label: partLabel(p.partKey), extentLabel: EXTENT_MET_LABELS[p.extentMet], note: p.note })),
          partsDiffer: record ? partsDiffer(record) : false,
          evidence: (record?.evidence ?? []).map((e) => ({ kind: EVIDENCE_KIND_LABELS[e.kind], description: e.description, whereToFind: e.whereToFind, needsReview: e.needsReview })),
          mapNotes: record?.mapNotes ?? '',
          evaluateNotes: record?.evaluateNotes ?? '',
          planNotes: record?.planNotes ?? '',
          agreed: record?.agreedByGroup ?? false,
          statusLabel: TASK_STATUS_LABELS[standardTaskStatus(record)],
          actions: actions.filter((a) => a.standardNumber === standard.number && a.evaluationId === evaluation.id),
          comments: comments.filter((c) => c.standardNumber === standard.number),
        };
      }),
    })),
    participants: evaluation.participants.map((p) => ({
      name: p.name,
      represents: p.represents.map((r) => PARTICIPANT_PERSPECTIVE_LABELS[r]).join(', '),
      attending: p.attending,
    })),
    generalComments: comments.filter((c) => c.standardNumber === null),
  };
}
