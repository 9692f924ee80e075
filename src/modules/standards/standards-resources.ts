/**
 * The standards API's resources as they are sent, described once for the OpenAPI document, and
 * the functions that make them from what the services return. Writes return the resource as it
 * now is, with its `version` where it has one (send it back with the next change).
 */
import { z } from 'zod';
import { ACTION_STATUSES, type PlanRow } from './action-plan.js';
import { CHANGE_CLASS_LABELS, type EvaluationComparison } from './comparison.js';
import { EVALUATION_STATUSES, EVALUATION_TRANSITIONS, PARTICIPANT_PERSPECTIVES, type Evaluation } from './evaluation.js';
import type { EvaluationListItem, EvaluationView } from './evaluation-service.js';
import { findStandard, STANDARD_NUMBERS, type StandardsCatalogue } from './standards-catalogue.js';
import type { CatalogueRow, StoredAction, StoredEvaluation } from './standards-repository.js';
import { EFFECTIVENESS_LEVELS, EVIDENCE_KINDS, EXTENTS_MET, RISK_LEVELS } from './standards-scales.js';
import type { EvaluationSummary } from './standards-summary.js';

const instant = z.date();
const isoDate = z.string().meta({ format: 'date' });
const standardNumber = z.enum(STANDARD_NUMBERS);
const personRef = z.object({ personId: z.string(), name: z.string() });
const EVENTS = Object.keys(EVALUATION_TRANSITIONS) as [keyof typeof EVALUATION_TRANSITIONS, ...Array<keyof typeof EVALUATION_TRANSITIONS>];

export const evaluationResource = z.object({
  id: z.string(),
  serviceId: z.string().describe('The council (organisation) whose AMHP service is evaluated'),
  serviceName: z.string(),
  evaluationDate: isoDate,
  status: z.enum(EVALUATION_STATUSES),
  catalogueVersion: z.string().describe('The version of the standards’ wording the evaluation was made against'),
  baselineEvaluationId: z.string().nullable(),
  chair: personRef,
  noteTaker: personRef.nullable(),
  participants: z.array(personRef.extend({ represents: z.array(z.enum(PARTICIPANT_PERSPECTIVES)), attending: z.boolean() })),
  serviceParts: z.array(z.object({ key: z.string(), label: z.string() })),
  history: z.array(z.object({ from: z.enum(EVALUATION_STATUSES).nullable(), to: z.enum(EVALUATION_STATUSES), at: instant, byPersonId: z.string() })),
  version: z.number().int(),
  createdAt: instant,
  closedAt: instant.nullable(),
});

export const recordResource = z.object({
  id: z.string(),
  evaluationId: z.string(),
  standardNumber,
  extentMet: z.enum(EXTENTS_MET).nullable(),
  partPositions: z.array(z.object({ partKey: z.string(), extentMet: z.enum(EXTENTS_MET), note: z.string() })),
  evidence: z.array(
    z.object({ id: z.string(), kind: z.enum(EVIDENCE_KINDS), description: z.string(), whereToFind: z.string(), carriedForwardFrom: z.string().nullable(), needsReview: z.boolean() }),
  ),
  mapNotes: z.string(),
  effectiveness: z.enum(EFFECTIVENESS_LEVELS).nullable(),
  evaluateNotes: z.string(),
  planNotes: z.string(),
  risk: z.object({ amhps: z.enum(RISK_LEVELS).nullable(), service: z.enum(RISK_LEVELS).nullable(), organisation: z.enum(RISK_LEVELS).nullable() }),
  agreedByGroup: z.boolean(),
  version: z.number().int().describe('0 until the first save'),
  updatedAt: instant.nullable(),
  updatedByPersonId: z.string().nullable(),
});

export const actionResource = z.object({
  id: z.string(),
  evaluationId: z.string(),
  serviceId: z.string(),
  standardNumber,
  description: z.string(),
  owner: z.string(),
  ownerPersonId: z.string().nullable(),
  targetDate: isoDate,
  status: z.enum(ACTION_STATUSES),
  progressNotes: z.array(z.object({ id: z.string(), text: z.string(), at: instant, byPersonId: z.string(), byName: z.string() })),
  createdAt: instant,
  completedOn: isoDate.nullable(),
  carriedForwardFrom: z.string().nullable().describe('The action in the earlier evaluation this was carried forward from'),
  needsReview: z.boolean(),
  version: z.number().int(),
});

export const commentResource = z.object({
  id: z.string(),
  evaluationId: z.string(),
  standardNumber: standardNumber.nullable(),
  author: personRef,
  text: z.string(),
  createdAt: instant,
});
export const earlyThoughtResource = commentResource.extend({ gatheredFrom: z.string().nullable() });

export const evaluationListResource = z.array(evaluationResource.extend({ completed: z.number().int(), openActions: z.number().int() }));

export const evaluationDetailResource = evaluationResource.extend({
  progress: z.object({ completed: z.number().int(), total: z.number().int() }),
  records: z.array(recordResource),
  actions: z.array(actionResource),
  earlyThoughts: z.array(earlyThoughtResource),
  comments: z.array(commentResource).describe('Circulation comments: for the chair, note-taker and managers, and for everyone once closed'),
  can: z.object({ edit: z.boolean(), addThoughts: z.boolean(), comment: z.boolean(), seeComments: z.boolean(), events: z.array(z.enum(EVENTS)) }).describe('What the caller may do now'),
});

export const catalogueResource = z.object({
  id: z.string(),
  versionLabel: z.string(),
  wording: z.enum(['paraphrase', 'official']),
  isCurrent: z.boolean().describe('Used for new evaluations'),
  createdAt: instant,
});
export const catalogueDetailResource = catalogueResource.extend({
  chapters: z.array(z.object({ number: z.number().int(), title: z.string(), purpose: z.string(), evidenceExamples: z.array(z.string()) })),
  standards: z.array(z.object({ number: standardNumber, chapter: z.number().int(), title: z.string(), summary: z.string() })),
});

export const planResource = z.object({
  summary: z.object({ total: z.number().int(), byStatus: z.record(z.enum(ACTION_STATUSES), z.number().int()), overdue: z.number().int(), needsReview: z.number().int() }),
  actions: z.array(actionResource.extend({ overdue: z.boolean(), daysOverdue: z.number().int(), serviceName: z.string(), evaluationDate: isoDate })),
});

const change = <T extends z.ZodType>(value: T) => z.object({ before: value.nullable(), after: value.nullable(), direction: z.enum(['better', 'worse', 'same', 'not_comparable']) });
const CHANGE_CLASSES = Object.keys(CHANGE_CLASS_LABELS) as [keyof typeof CHANGE_CLASS_LABELS, ...Array<keyof typeof CHANGE_CLASS_LABELS>];
const evaluationRef = z.object({ id: z.string(), serviceId: z.string(), serviceName: z.string(), evaluationDate: isoDate, catalogueVersion: z.string() });

export const comparisonResource = z.object({
  earlier: evaluationRef,
  later: evaluationRef,
  catalogueVersionsDiffer: z.boolean(),
  standards: z.array(
    z.object({
      standardNumber,
      title: z.string().describe('In the later evaluation’s wording'),
      extentMet: change(z.enum(EXTENTS_MET)),
      risk: z.object({ amhps: change(z.enum(RISK_LEVELS)), service: change(z.enum(RISK_LEVELS)), organisation: change(z.enum(RISK_LEVELS)) }),
      classification: z.enum(CHANGE_CLASSES),
    }),
  ),
  totals: z.record(z.enum(CHANGE_CLASSES), z.number().int()),
});

export const summaryResource = z.object({
  evaluation: evaluationResource.omit({ history: true }),
  heading: z.string(),
  counts: z.record(z.string(), z.number().int()).describe('Standards by extent met (and not assessed)'),
  priorities: z.array(
    z.object({
      rank: z.number().int(),
      standardNumber,
      title: z.string(),
      band: z.string(),
      bandLabel: z.string(),
      score: z.number(),
      extentLabel: z.string(),
      riskLabels: z.object({ amhps: z.string(), service: z.string(), organisation: z.string() }),
    }),
  ),
  unrated: z.array(z.string()).describe('Standards not yet rated, left out of the priorities'),
  plan: planResource.shape.actions,
});

// ── from the services' values ────────────────────────────────────────────────────────────────

export function toEvaluationResource(stored: StoredEvaluation): z.output<typeof evaluationResource> {
  return { ...stored.evaluation, version: stored.version, createdAt: stored.createdAt, closedAt: stored.closedAt };
}

export function toEvaluationList(items: readonly EvaluationListItem[]): z.output<typeof evaluationListResource> {
  return items.map((item) => ({ ...toEvaluationResource(item.stored), completed: item.progress.completed, openActions: item.openActions }));
}

export function toEvaluationDetail(view: EvaluationView): z.output<typeof evaluationDetailResource> {
  return {
    ...toEvaluationResource(view.stored),
    progress: { completed: view.progress.completed, total: view.progress.total },
    records: view.records,
    actions: view.actions,
    earlyThoughts: view.earlyThoughts,
    comments: view.can.seeComments ? view.comments : [],
    can: view.can,
  };
}

export function toCatalogueResource(row: CatalogueRow): z.output<typeof catalogueResource> {
  return { id: row.id, versionLabel: row.versionLabel, wording: row.wording, isCurrent: row.isCurrent, createdAt: row.createdAt };
}

export function toCatalogueDetail(row: CatalogueRow): z.output<typeof catalogueDetailResource> {
  const { catalogue } = row;
  return {
    ...toCatalogueResource(row),
    chapters: catalogue.chapters.map((c) => ({ number: c.number, title: c.title, purpose: c.purpose, evidenceExamples: c.evidenceExamples })),
    standards: catalogue.standards.map((s) => ({ number: s.number, chapter: s.chapter, title: s.title, summary: s.summary })),
  };
}

export function toPlanActions(rows: ReadonlyArray<PlanRow & { action: StoredAction; evaluation: Evaluation }>): z.output<typeof planResource>['actions'] {
  return rows.map((r) => ({ ...r.action, overdue: r.overdue, daysOverdue: r.daysOverdue, serviceName: r.evaluation.serviceName, evaluationDate: r.evaluation.evaluationDate }));
}

const evaluationRefOf = (e: EvaluationComparison['earlier']) => ({ id: e.id, serviceId: e.serviceId, serviceName: e.serviceName, evaluationDate: e.evaluationDate, catalogueVersion: e.catalogueVersion });

export function toComparisonResource(comparison: EvaluationComparison & { catalogue: StandardsCatalogue }): z.output<typeof comparisonResource> {
  return {
    earlier: evaluationRefOf(comparison.earlier),
    later: evaluationRefOf(comparison.later),
    catalogueVersionsDiffer: comparison.catalogueVersionsDiffer,
    standards: comparison.standards.map((s) => ({ ...s, title: findStandard(comparison.catalogue, s.standardNumber).title })),
    totals: comparison.totals,
  };
}

export function toSummaryResource(view: EvaluationView, summary: EvaluationSummary): z.output<typeof summaryResource> {
  const { history: _history, ...evaluation } = toEvaluationResource(view.stored);
  return {
    evaluation,
    heading: summary.heading,
    counts: summary.counts,
    priorities: summary.priorities.map((p) => ({
      rank: p.rank,
      standardNumber: p.standardNumber,
      title: p.title,
      band: p.band,
      bandLabel: p.bandLabel,
      score: p.score,
      extentLabel: p.extentLabel,
      riskLabels: p.riskLabels,
    })),
    unrated: summary.unrated,
    plan: summary.plan.flatMap((row) => {
      const action = view.actions.find((a) => a.id === row.action.id);
      return action ? [{ ...action, overdue: row.overdue, daysOverdue: row.daysOverdue, serviceName: view.evaluation.serviceName, evaluationDate: view.evaluation.evaluationDate }] : [];
    }),
  };
}
