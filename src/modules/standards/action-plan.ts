/**
 * The service development plan: actions that come out of the Plan step of each standard,
 * followed up long after the meeting. An action is traceable to its evaluation and standard.
 *
 * Rules decided here:
 * - Adding or rewording an action belongs to the evaluation's record, so it is locked once the
 *   evaluation is closed. Progress (status, notes), a new owner or a new target date are the
 *   life of the plan and continue after closure; owner and date changes leave a progress note.
 * - Every action needs an owner and a target date on or after the evaluation date.
 * - Overdue: still open (not started or in progress) and the target date is before today
 *   (Europe/London). An action due today is not overdue.
 * - Repeat evaluations: open actions and all evidence are carried forward, flagged for review.
 *   The carried copy belongs to the repeat evaluation and points back to the original; the
 *   original is then "superseded" and drops out of the current plan, so nothing is listed twice.
 *   Ratings are not carried: the repeat must judge afresh, and the comparison shows the change.
 */
import { compareStandardNumbers } from './standards-catalogue.js';
import type { StandardNumber } from './standards-catalogue.js';
import { checkCanChange, emptyStandardRecord } from './evaluation.js';
import type { Evaluation, EvidenceItem, StandardRecord } from './evaluation.js';
import type { FieldError } from '../../platform/errors.js';
import { compareIsoDates, daysBetween, formatDate, isIsoDate, londonDate } from '../../platform/london-time.js';
import { ok, refused, ruleBroken, wrongState, type Result } from '../../platform/result.js';

export const ACTION_STATUSES = ['not_started', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  done: 'Done',
  dropped: 'Dropped',
};

export const ACTION_STATUS_CHANGES: Record<ActionStatus, readonly ActionStatus[]> = {
  not_started: ['in_progress', 'done', 'dropped'],
  in_progress: ['done', 'dropped'],
  // Reopening is allowed: a "done" action sometimes turns out not to have worked.
  done: ['in_progress'],
  dropped: ['in_progress'],
};

export interface ProgressNote {
  id: string;
  text: string;
  at: Date;
  byPersonId: string;
  byName: string;
}

export interface DevelopmentAction {
  id: string;
  evaluationId: string;
  serviceId: string;
  standardNumber: StandardNumber;
  description: string;
  /** Who is accountable: a named person or a post ("AMHP service manager"). */
  owner: string;
  ownerPersonId: string | null;
  targetDate: string;
  status: ActionStatus;
  progressNotes: ProgressNote[];
  createdAt: Date;
  completedOn: string | null;
  carriedForwardFrom: string | null;
  needsReview: boolean;
}

export interface NewActionInput {
  id: string;
  standardNumber: StandardNumber;
  description: string;
  owner: string;
  ownerPersonId?: string | null;
  targetDate: string;
}

function commitmentProblems(
  values: { description?: string; owner?: string; targetDate?: string },
  evaluationDate: string,
): FieldError[] {
  const problems: FieldError[] = [];
  if (values.description !== undefined && values.description.trim() === '') {
    problems.push({ field: 'description', message: 'Describe the action' });
  }
  if (values.owner !== undefined && values.owner.trim() === '') {
    problems.push({ field: 'owner', message: 'Enter who owns this action' });
  }
  if (values.targetDate !== undefined) {
    if (!isIsoDate(values.targetDate)) {
      problems.push({ field: 'targetDate', message: 'Target date must be a real date', anchor: 'day' });
    } else if (compareIsoDates(values.targetDate, evaluationDate) < 0) {
      problems.push({
        field: 'targetDate',
        message: `Target date must be on or after the evaluation date (${formatDate(evaluationDate)})`,
        anchor: 'day',
      });
    }
  }
  return problems;
}

export function createPlannedAction(
  evaluation: Evaluation,
  input: NewActionInput,
  at: Date,
): Result<DevelopmentAction> {
  const allowed = checkCanChange(evaluation, 'plan_actions');
  if (!allowed.ok) return allowed;
  const problems = commitmentProblems(input, evaluation.evaluationDate);
  if (problems.length > 0) return refused({ kind: 'invalid', message: 'The action could not be added', fieldErrors: problems });
  return ok({
    id: input.id,
    evaluationId: evaluation.id,
    serviceId: evaluation.serviceId,
    standardNumber: input.standardNumber,
    description: input.description.trim(),
    owner: input.owner.trim(),
    ownerPersonId: input.ownerPersonId ?? null,
    targetDate: input.targetDate,
    status: 'not_started',
    progressNotes: [],
    createdAt: at,
    completedOn: null,
    carriedForwardFrom: null,
    needsReview: false,
  });
}

export interface NoteContext {
  noteId: string;
  at: Date;
  personId: string;
  name: string;
}

function noteFrom(context: NoteContext, text: string): ProgressNote {
  return {
    id: context.noteId,
    text,
    at: context.at,
    byPersonId: context.personId,
    byName: context.name,
  };
}

export function addProgressNote(
  action: DevelopmentAction,
  text: string,
  context: NoteContext,
): Result<DevelopmentAction> {
  if (text.trim() === '') {
    return refused({ kind: 'invalid', message: 'Enter a progress note', fieldErrors: [{ field: 'note', message: 'Enter a progress note' }] });
  }
  return ok({
    ...action,
    progressNotes: [...action.progressNotes, noteFrom(context, text.trim())],
  });
}

export function changeActionStatus(
  action: DevelopmentAction,
  to: ActionStatus,
  context: NoteContext & { note?: string },
): Result<DevelopmentAction> {
  if (!ACTION_STATUS_CHANGES[action.status].includes(to)) {
    return wrongState(
      'invalid_status_change',
      `An action that is ${ACTION_STATUS_LABELS[action.status].toLowerCase()} cannot be marked ${ACTION_STATUS_LABELS[to].toLowerCase()}`,
    );
  }
  const note = context.note?.trim() ?? '';
  if (to === 'dropped' && note === '') {
    return refused({ kind: 'invalid', message: 'Say why the action is being dropped', fieldErrors: [{ field: 'note', message: 'Say why the action is being dropped' }] });
  }
  const text = `Status changed from ${ACTION_STATUS_LABELS[action.status].toLowerCase()} to ${ACTION_STATUS_LABELS[to].toLowerCase()}${note === '' ? '' : `: ${note}`}`;
  return ok({
    ...action,
    status: to,
    completedOn: to === 'done' ? londonDate(context.at) : null,
    progressNotes: [...action.progressNotes, noteFrom(context, text)],
  });
}

/**
 * A new owner or target date after the meeting (people move on, plans slip). The reason is
 * required and kept as a progress note, so the plan shows why the commitment changed.
 */
export function reviseActionCommitment(
  action: DevelopmentAction,
  evaluationDate: string,
  changes: { owner?: string; ownerPersonId?: string | null; targetDate?: string },
  context: NoteContext & { reason: string },
): Result<DevelopmentAction> {
  const problems = commitmentProblems(changes, evaluationDate);
  if (context.reason.trim() === '')
    problems.push({ field: 'reason', message: 'Say why the action is changing' });
  if (problems.length > 0) return refused({ kind: 'invalid', message: 'The action could not be changed', fieldErrors: problems });
  const parts: string[] = [];
  if (changes.owner !== undefined && changes.owner.trim() !== action.owner) {
    parts.push(`owner changed from ${action.owner} to ${changes.owner.trim()}`);
  }
  if (changes.targetDate !== undefined && changes.targetDate !== action.targetDate) {
    parts.push(
      `target date changed from ${formatDate(action.targetDate)} to ${formatDate(changes.targetDate)}`,
    );
  }
  if (parts.length === 0) return ok(action);
  const summary = parts.join('; ');
  return ok({
    ...action,
    owner: changes.owner?.trim() ?? action.owner,
    ownerPersonId:
      changes.ownerPersonId === undefined ? action.ownerPersonId : changes.ownerPersonId,
    targetDate: changes.targetDate ?? action.targetDate,
    needsReview: false,
    progressNotes: [
      ...action.progressNotes,
      noteFrom(
        context,
        `${summary.charAt(0).toUpperCase()}${summary.slice(1)}: ${context.reason.trim()}`,
      ),
    ],
  });
}

export function isOpenAction(action: DevelopmentAction): boolean {
  return action.status === 'not_started' || action.status === 'in_progress';
}

export function daysOverdue(action: DevelopmentAction, now: Date): number {
  if (!isOpenAction(action)) return 0;
  return Math.max(0, daysBetween(action.targetDate, londonDate(now)));
}

export function isOverdue(action: DevelopmentAction, now: Date): boolean {
  return daysOverdue(action, now) > 0;
}

/** Ids of actions that were carried forward into a later evaluation. */
export function supersededActionIds(actions: readonly DevelopmentAction[]): Set<string> {
  return new Set(
    actions.flatMap((a) => (a.carriedForwardFrom === null ? [] : [a.carriedForwardFrom])),
  );
}

export interface PlanRow {
  action: DevelopmentAction;
  overdue: boolean;
  daysOverdue: number;
}

/**
 * The current development plan across evaluations: superseded copies left out, overdue
 * actions first (most overdue first), then open actions by target date, then closed ones.
 */
export function developmentPlan(
  actions: readonly DevelopmentAction[],
  now: Date,
  options: { includeClosed?: boolean } = {},
): PlanRow[] {
  const superseded = supersededActionIds(actions);
  const rows = actions
    .filter((a) => !superseded.has(a.id))
    .filter((a) => options.includeClosed !== false || isOpenAction(a))
    .map((action) => ({
      action,
      overdue: isOverdue(action, now),
      daysOverdue: daysOverdue(action, now),
    }));
  const group = (row: PlanRow): number => (row.overdue ? 0 : isOpenAction(row.action) ? 1 : 2);
  return rows.sort(
    (a, b) =>
      group(a) - group(b) ||
      b.daysOverdue - a.daysOverdue ||
      compareIsoDates(a.action.targetDate, b.action.targetDate) ||
      compareStandardNumbers(a.action.standardNumber, b.action.standardNumber) ||
      a.action.id.localeCompare(b.action.id),
  );
}

export interface PlanSummary {
  total: number;
  byStatus: Record<ActionStatus, number>;
  overdue: number;
  needsReview: number;
}

export function summarisePlan(actions: readonly DevelopmentAction[], now: Date): PlanSummary {
  const current = developmentPlan(actions, now);
  const byStatus: Record<ActionStatus, number> = {
    not_started: 0,
    in_progress: 0,
    done: 0,
    dropped: 0,
  };
  for (const row of current) byStatus[row.action.status]++;
  return {
    total: current.length,
    byStatus,
    overdue: current.filter((r) => r.overdue).length,
    needsReview: current.filter((r) => r.action.needsReview).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Carry forward into a repeat evaluation
// ---------------------------------------------------------------------------------------------

export interface CarryForwardInput {
  baseline: Evaluation;
  baselineRecords: readonly StandardRecord[];
  baselineActions: readonly DevelopmentAction[];
  /** The newly created repeat evaluation (status preparing). */
  repeat: Evaluation;
  newId: () => string;
  at: Date;
}

export interface CarriedForward {
  records: StandardRecord[];
  actions: DevelopmentAction[];
}

export function carryForward(input: CarryForwardInput): Result<CarriedForward> {
  const { baseline, repeat } = input;
  if (baseline.serviceId !== repeat.serviceId) {
    return ruleBroken('different_services', 'A repeat evaluation can only be started from an earlier evaluation of the same service', 'baselineEvaluationId');
  }
  if (baseline.status !== 'closed') {
    return wrongState('not_allowed_now', 'Close the earlier evaluation before starting a repeat from it');
  }
  if (compareIsoDates(repeat.evaluationDate, baseline.evaluationDate) <= 0) {
    return refused({
      kind: 'invalid',
      message: 'The repeat evaluation must be dated after the earlier one',
      fieldErrors: [{ field: 'evaluationDate', message: `Choose a date after ${formatDate(baseline.evaluationDate)}`, anchor: 'day' }],
    });
  }
  const records = input.baselineRecords.map((previous) => ({
    ...emptyStandardRecord(repeat.id, previous.standardNumber),
    evidence: previous.evidence.map((item): EvidenceItem => ({
      ...item,
      id: input.newId(),
      carriedForwardFrom: baseline.id,
      needsReview: true,
    })),
  }));
  const alreadyCarried = supersededActionIds(input.baselineActions);
  const actions = input.baselineActions
    .filter((a) => a.evaluationId === baseline.id && isOpenAction(a) && !alreadyCarried.has(a.id))
    .map((a): DevelopmentAction => ({
      ...a,
      id: input.newId(),
      evaluationId: repeat.id,
      carriedForwardFrom: a.id,
      needsReview: true,
      progressNotes: [
        ...a.progressNotes,
        {
          id: input.newId(),
          text: `Carried forward from the evaluation of ${formatDate(baseline.evaluationDate)} for review`,
          at: input.at,
          byPersonId: 'system',
          byName: 'AMHP Hub',
        },
      ],
    }));
  return ok({ records, actions });
}
