/**
 * An evaluation of the 28 standards, as the toolkit runs it: prepared beforehand, worked
 * through in a 2–3 hour meeting (Map, Evaluate, Plan, Rate for each standard), circulated to
 * people who were not there, then closed by the chair. Closed evaluations are read-only.
 *
 * Lifecycle (decided here, see `EVALUATION_TRANSITIONS`):
 *   preparing ──start_meeting──▶ in_meeting ──circulate──▶ circulating ──close──▶ closed
 *                                     └────────────────close─────────────────────────┘
 * Circulation is advised, not required, by the toolkit, so the chair may close straight from
 * the meeting. Closing needs all 28 standards completed (agreed by the group), because the
 * summary, heat map and later comparisons are meaningless with gaps.
 */
import { STANDARD_NUMBERS, chapterOf, CHAPTER_NUMBERS } from './standards-catalogue.js';
import type { ChapterNumber, StandardNumber } from './standards-catalogue.js';
import { EXTENT_MET_LABELS, isCompleteRiskRatings } from './standards-scales.js';
import type { Effectiveness, EvidenceKind, ExtentMet, RiskRatings } from './standards-scales.js';
import type { FieldError } from '../../platform/errors.js';
import { formatDate, londonDate } from '../../platform/london-time.js';
import { notAllowed, ok, refused, wrongState, type Result } from '../../platform/result.js';

export const EVALUATION_STATUSES = ['preparing', 'in_meeting', 'circulating', 'closed'] as const;
export type EvaluationStatus = (typeof EVALUATION_STATUSES)[number];

export const EVALUATION_STATUS_LABELS: Record<EvaluationStatus, string> = {
  preparing: 'Preparing',
  in_meeting: 'In the meeting',
  circulating: 'Circulating for comments',
  closed: 'Closed',
};

/** The parts of the service the toolkit asks to be represented at the meeting. */
export const PARTICIPANT_PERSPECTIVES = [
  'daytime',
  'out_of_hours',
  'management',
  'council',
  'other',
] as const;
export type ParticipantPerspective = (typeof PARTICIPANT_PERSPECTIVES)[number];

export const PARTICIPANT_PERSPECTIVE_LABELS: Record<ParticipantPerspective, string> = {
  daytime: 'Daytime AMHPs',
  out_of_hours: 'Out-of-hours (EDT) AMHPs',
  management: 'AMHP managers and leads',
  council: 'Senior council representative',
  other: 'Other',
};

export interface PersonRef {
  personId: string;
  name: string;
}

export interface Participant extends PersonRef {
  represents: ParticipantPerspective[];
  attending: boolean;
}

/** A part of the service whose position on a standard may differ, e.g. daytime vs EDT. */
export interface ServicePart {
  key: string;
  label: string;
}

export const DEFAULT_SERVICE_PARTS: readonly ServicePart[] = [
  { key: 'daytime', label: 'Daytime AMHP service' },
  { key: 'edt', label: 'Emergency Duty Team (out of hours)' },
];

export interface StatusChange {
  from: EvaluationStatus | null;
  to: EvaluationStatus;
  at: Date;
  byPersonId: string;
}

export interface Evaluation {
  id: string;
  serviceId: string;
  serviceName: string;
  /** The day of the meeting; plan actions may not be due before it. */
  evaluationDate: string;
  chair: PersonRef;
  noteTaker: PersonRef | null;
  participants: Participant[];
  serviceParts: ServicePart[];
  /** The catalogue version the group evaluated against, so the report shows that text. */
  catalogueVersion: string;
  /** Set when this is a repeat started from an earlier evaluation. */
  baselineEvaluationId: string | null;
  status: EvaluationStatus;
  history: StatusChange[];
}

export interface NewEvaluation {
  id: string;
  serviceId: string;
  serviceName: string;
  evaluationDate: string;
  chair: PersonRef;
  noteTaker?: PersonRef | null;
  participants?: Participant[];
  serviceParts?: ServicePart[];
  catalogueVersion: string;
  baselineEvaluationId?: string | null;
  createdBy: string;
}

export function createEvaluation(input: NewEvaluation, at: Date): Result<Evaluation> {
  const problems: FieldError[] = [];
  const parts = input.serviceParts ?? [...DEFAULT_SERVICE_PARTS];
  const keys = new Set<string>();
  parts.forEach((part, i) => {
    if (keys.has(part.key)) {
      problems.push({
        field: `serviceParts.${i}`,
        message: `The part of the service "${part.label}" is listed twice`,
      });
    }
    keys.add(part.key);
  });
  const people = new Set<string>();
  (input.participants ?? []).forEach((p, i) => {
    if (people.has(p.personId)) {
      problems.push({
        field: `participants.${i}`,
        message: `${p.name} is listed as a participant twice`,
      });
    }
    people.add(p.personId);
  });
  if (problems.length > 0) {
    return refused({ kind: 'invalid', message: 'The evaluation details have problems', fieldErrors: problems });
  }
  return ok({
    id: input.id,
    serviceId: input.serviceId,
    serviceName: input.serviceName,
    evaluationDate: input.evaluationDate,
    chair: input.chair,
    noteTaker: input.noteTaker ?? null,
    participants: input.participants ?? [],
    serviceParts: parts,
    catalogueVersion: input.catalogueVersion,
    baselineEvaluationId: input.baselineEvaluationId ?? null,
    status: 'preparing',
    history: [{ from: null, to: 'preparing', at, byPersonId: input.createdBy }],
  });
}

// ---------------------------------------------------------------------------------------------
// Lifecycle
// ---------------------------------------------------------------------------------------------

export type EvaluationEvent = 'start_meeting' | 'circulate' | 'close';

interface TransitionRule {
  from: readonly EvaluationStatus[];
  to: EvaluationStatus;
  /** Who may do it: the chair only, or the chair or note-taker (who drives the screen). */
  by: 'chair' | 'chair_or_note_taker';
  label: string;
}

export const EVALUATION_TRANSITIONS: Record<EvaluationEvent, TransitionRule> = {
  start_meeting: {
    from: ['preparing'],
    to: 'in_meeting',
    by: 'chair_or_note_taker',
    label: 'Start the meeting',
  },
  circulate: {
    from: ['in_meeting'],
    to: 'circulating',
    by: 'chair',
    label: 'Circulate for comments',
  },
  close: {
    from: ['in_meeting', 'circulating'],
    to: 'closed',
    by: 'chair',
    label: 'Close the evaluation',
  },
};

function mayAct(evaluation: Evaluation, rule: TransitionRule, personId: string): boolean {
  if (evaluation.chair.personId === personId) return true;
  return rule.by === 'chair_or_note_taker' && evaluation.noteTaker?.personId === personId;
}

/** Events this person can trigger now (for showing buttons). Closing may still fail on completeness. */
export function availableEvents(evaluation: Evaluation, personId: string): EvaluationEvent[] {
  return (Object.keys(EVALUATION_TRANSITIONS) as EvaluationEvent[]).filter((event) => {
    const rule = EVALUATION_TRANSITIONS[event];
    return rule.from.includes(evaluation.status) && mayAct(evaluation, rule, personId);
  });
}

export interface TransitionContext {
  personId: string;
  at: Date;
  /** Needed to close: the records of all standards. */
  records?: readonly StandardRecord[];
}

export function transitionEvaluation(
  evaluation: Evaluation,
  event: EvaluationEvent,
  context: TransitionContext,
): Result<Evaluation> {
  const rule = EVALUATION_TRANSITIONS[event];
  if (evaluation.status === 'closed') return closedError(evaluation);
  if (!rule.from.includes(evaluation.status)) {
    return wrongState(
      'invalid_transition',
      `You cannot ${rule.label.toLowerCase()} while the evaluation is ${EVALUATION_STATUS_LABELS[evaluation.status].toLowerCase()}`,
    );
  }
  if (!mayAct(evaluation, rule, context.personId)) {
    return notAllowed(
      rule.by === 'chair'
        ? `Only the chair (${evaluation.chair.name}) can ${rule.label.toLowerCase()}`
        : `Only the chair or the note-taker can ${rule.label.toLowerCase()}`,
    );
  }
  if (event === 'close') {
    const unfinished = STANDARD_NUMBERS.filter((number) => {
      const record = context.records?.find((r) => r.standardNumber === number);
      return record === undefined || standardTaskStatus(record) !== 'completed';
    });
    if (unfinished.length > 0) {
      return refused({
        kind: 'rule',
        code: 'incomplete_standards',
        message: `${unfinished.length} of the 28 standards are not completed yet, so the evaluation cannot be closed`,
        failures: unfinished.map((number) => ({
          rule: 'incomplete_standards',
          severity: 'E' as const,
          message: `Standard ${number} is not completed`,
          field: `standard-${number}`,
        })),
      });
    }
  }
  return ok({
    ...evaluation,
    status: rule.to,
    history: [
      ...evaluation.history,
      { from: evaluation.status, to: rule.to, at: context.at, byPersonId: context.personId },
    ],
  });
}

/**
 * What may change in each status. `plan_actions` means adding or rewording the actions of the
 * Plan step; the progress of development-plan actions (status, notes) continues after closure
 * and is governed by action-plan.ts, not by this table.
 */
export type EvaluationChange =
  'details' | 'participants' | 'early_thoughts' | 'standard_records' | 'plan_actions' | 'comments';

export const ALLOWED_CHANGES: Record<EvaluationStatus, readonly EvaluationChange[]> = {
  preparing: ['details', 'participants', 'early_thoughts', 'standard_records', 'plan_actions'],
  in_meeting: ['details', 'participants', 'standard_records', 'plan_actions'],
  // The chair may still adjust the record in the light of comments before closing.
  circulating: ['standard_records', 'plan_actions', 'comments'],
  closed: [],
};

const CHANGE_DESCRIPTIONS: Record<EvaluationChange, string> = {
  details: 'change the evaluation details',
  participants: 'change the participants',
  early_thoughts: 'add early thoughts (they are gathered before the meeting starts)',
  standard_records: 'change the record of a standard',
  plan_actions: 'change the planned actions',
  comments: 'add comments (comments are collected while the evaluation is circulating)',
};

function closedError(evaluation: Evaluation) {
  const closed = [...evaluation.history].reverse().find((h) => h.to === 'closed');
  const when = closed === undefined ? '' : ` on ${formatDate(londonDate(closed.at))}`;
  return wrongState('evaluation_closed', `This evaluation was closed${when} and is read-only`);
}

export function canChange(evaluation: Evaluation, change: EvaluationChange): boolean {
  return ALLOWED_CHANGES[evaluation.status].includes(change);
}

export function checkCanChange(evaluation: Evaluation, change: EvaluationChange): Result<true> {
  if (evaluation.status === 'closed') return closedError(evaluation);
  if (canChange(evaluation, change)) return ok(true);
  return wrongState(
    'not_allowed_now',
    `You cannot ${CHANGE_DESCRIPTIONS[change]} while the evaluation is ${EVALUATION_STATUS_LABELS[evaluation.status].toLowerCase()}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Per-standard record: Map, Evaluate, Plan, Rate
// ---------------------------------------------------------------------------------------------

export interface EvidenceItem {
  id: string;
  kind: EvidenceKind;
  description: string;
  /** Where to find it: document name, intranet link, team. */
  whereToFind: string;
  /** The evaluation this was carried forward from; it must be reviewed in the repeat. */
  carriedForwardFrom: string | null;
  needsReview: boolean;
}

export interface PartPosition {
  partKey: string;
  extentMet: ExtentMet;
  note: string;
}

export interface StandardRecord {
  evaluationId: string;
  standardNumber: StandardNumber;
  /** Map: the group's view of the extent met; derived from part positions when those differ. */
  extentMet: ExtentMet | null;
  partPositions: PartPosition[];
  evidence: EvidenceItem[];
  mapNotes: string;
  /** Evaluate: how effective the evidence is at meeting the standard. */
  effectiveness: Effectiveness | null;
  evaluateNotes: string;
  /** Plan: discussion; the actions themselves are development-plan actions (action-plan.ts). */
  planNotes: string;
  /** Rate: risk if the standard is not met, to AMHPs, the service and the organisation. */
  risk: RiskRatings;
  agreedByGroup: boolean;
  /** Optimistic concurrency: bumped on every save; an edit must quote the version it started from. */
  version: number;
  updatedAt: Date | null;
  updatedByPersonId: string | null;
}

export function emptyStandardRecord(
  evaluationId: string,
  standardNumber: StandardNumber,
): StandardRecord {
  return {
    evaluationId,
    standardNumber,
    extentMet: null,
    partPositions: [],
    evidence: [],
    mapNotes: '',
    effectiveness: null,
    evaluateNotes: '',
    planNotes: '',
    risk: { amhps: null, service: null, organisation: null },
    agreedByGroup: false,
    version: 0,
    updatedAt: null,
    updatedByPersonId: null,
  };
}

export function emptyStandardRecords(evaluationId: string): StandardRecord[] {
  return STANDARD_NUMBERS.map((number) => emptyStandardRecord(evaluationId, number));
}

/**
 * The overall extent implied by the parts' positions: met only if every part meets it, not
 * met only if no part meets it at all, otherwise partly met (e.g. met by EDT, not by daytime).
 */
export function extentFromParts(positions: readonly PartPosition[]): ExtentMet | null {
  if (positions.length === 0) return null;
  if (positions.every((p) => p.extentMet === 'met')) return 'met';
  if (positions.every((p) => p.extentMet === 'not_met')) return 'not_met';
  return 'partly_met';
}

export function effectiveExtentMet(record: StandardRecord): ExtentMet | null {
  return record.extentMet ?? extentFromParts(record.partPositions);
}

export function partsDiffer(record: StandardRecord): boolean {
  return new Set(record.partPositions.map((p) => p.extentMet)).size > 1;
}

export type StandardRecordChanges = Partial<
  Pick<
    StandardRecord,
    | 'extentMet'
    | 'partPositions'
    | 'evidence'
    | 'mapNotes'
    | 'effectiveness'
    | 'evaluateNotes'
    | 'planNotes'
    | 'risk'
    | 'agreedByGroup'
  >
>;

/** Changing any of these after agreement means the group has not agreed the new judgement. */
const JUDGEMENT_FIELDS = ['extentMet', 'partPositions', 'effectiveness', 'risk'] as const;

export interface RecordSave {
  /** The `version` the editor loaded; a different current version means someone else saved first. */
  expectedVersion: number;
  personId: string;
  at: Date;
}

/** Steps still missing before the group can agree the standard. */
export function missingSteps(record: StandardRecord): ('map' | 'evaluate' | 'rate')[] {
  const missing: ('map' | 'evaluate' | 'rate')[] = [];
  if (effectiveExtentMet(record) === null) missing.push('map');
  if (record.effectiveness === null) missing.push('evaluate');
  if (!isCompleteRiskRatings(record.risk)) missing.push('rate');
  return missing;
}

export function updateStandardRecord(
  evaluation: Evaluation,
  record: StandardRecord,
  changes: StandardRecordChanges,
  save: RecordSave,
): Result<StandardRecord> {
  const allowed = checkCanChange(evaluation, 'standard_records');
  if (!allowed.ok) return allowed;
  if (save.expectedVersion !== record.version) {
    return refused({
      kind: 'conflict',
      message: `Someone else saved standard ${record.standardNumber} while you were editing it. Their version is shown below: check it, then make your changes again.`,
      currentVersion: record.version,
    });
  }
  const judgementChanged = JUDGEMENT_FIELDS.some(
    (field) => field in changes && JSON.stringify(changes[field]) !== JSON.stringify(record[field]),
  );
  const next: StandardRecord = {
    ...record,
    ...changes,
    agreedByGroup: changes.agreedByGroup ?? (judgementChanged ? false : record.agreedByGroup),
    version: record.version + 1,
    updatedAt: save.at,
    updatedByPersonId: save.personId,
  };

  const problems: FieldError[] = [];
  const partKeys = new Set(evaluation.serviceParts.map((p) => p.key));
  const seenParts = new Set<string>();
  next.partPositions.forEach((position, i) => {
    if (!partKeys.has(position.partKey)) {
      problems.push({
        field: `partPositions.${i}.partKey`,
        message: `"${position.partKey}" is not a part of this service`,
      });
    } else if (seenParts.has(position.partKey)) {
      problems.push({
        field: `partPositions.${i}.partKey`,
        message: 'Record each part of the service once',
      });
    }
    seenParts.add(position.partKey);
  });
  const fromParts = extentFromParts(next.partPositions);
  if (next.extentMet !== null && fromParts !== null && next.extentMet !== fromParts) {
    problems.push({
      field: 'extentMet',
      message: `The parts of the service are recorded as ${describeParts(evaluation, next.partPositions)}, so overall the standard is ${EXTENT_MET_LABELS[fromParts].toLowerCase()}, not ${EXTENT_MET_LABELS[next.extentMet].toLowerCase()}`,
    });
  }
  const evidenceIds = new Set<string>();
  next.evidence.forEach((item, i) => {
    if (evidenceIds.has(item.id))
      problems.push({ field: `evidence.${i}`, message: 'This evidence is listed twice' });
    evidenceIds.add(item.id);
  });
  if (next.agreedByGroup) {
    const missing = missingSteps(next);
    if (missing.length > 0) {
      problems.push({
        field: 'agreedByGroup',
        message: `Record ${listInWords(missing.map((m) => MISSING_STEP_TEXT[m]))} before marking the standard as agreed by the group`,
      });
    }
  }
  if (problems.length > 0) {
    return refused({ kind: 'invalid', message: `Standard ${record.standardNumber} could not be saved`, fieldErrors: problems });
  }
  return ok(next);
}

function listInWords(items: readonly string[]): string {
  return items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

const MISSING_STEP_TEXT = {
  map: 'the extent met',
  evaluate: 'how effective the evidence is',
  rate: 'all three risk ratings',
} as const;

function describeParts(evaluation: Evaluation, positions: readonly PartPosition[]): string {
  return positions
    .map((p) => {
      const label = evaluation.serviceParts.find((s) => s.key === p.partKey)?.label ?? p.partKey;
      return `${EXTENT_MET_LABELS[p.extentMet].toLowerCase()} by ${label}`;
    })
    .join(' and ');
}

// ---------------------------------------------------------------------------------------------
// Task list and progress
// ---------------------------------------------------------------------------------------------

export type TaskStatus = 'not_started' | 'in_progress' | 'completed';

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
};

/**
 * Completed means agreed by the group with Map, Evaluate and Rate recorded. The Plan step is
 * not required: a group may judge a standard met with nothing further to do.
 */
export function standardTaskStatus(record: StandardRecord | undefined): TaskStatus {
  if (record === undefined) return 'not_started';
  if (record.agreedByGroup && missingSteps(record).length === 0) return 'completed';
  const touched =
    record.extentMet !== null ||
    record.partPositions.length > 0 ||
    record.evidence.length > 0 ||
    record.mapNotes.trim() !== '' ||
    record.effectiveness !== null ||
    record.evaluateNotes.trim() !== '' ||
    record.planNotes.trim() !== '' ||
    record.risk.amhps !== null ||
    record.risk.service !== null ||
    record.risk.organisation !== null;
  return touched ? 'in_progress' : 'not_started';
}

export interface ChapterProgress {
  chapter: ChapterNumber;
  total: number;
  completed: number;
}

export interface EvaluationProgress {
  total: number;
  completed: number;
  inProgress: number;
  notStarted: number;
  /** Whole percent of standards completed, rounded down so 27 of 28 never shows 100%. */
  percentComplete: number;
  standards: { number: StandardNumber; status: TaskStatus }[];
  chapters: ChapterProgress[];
}

export function evaluationProgress(records: readonly StandardRecord[]): EvaluationProgress {
  const standards = STANDARD_NUMBERS.map((number) => ({
    number,
    status: standardTaskStatus(records.find((r) => r.standardNumber === number)),
  }));
  const count = (status: TaskStatus): number => standards.filter((s) => s.status === status).length;
  const completed = count('completed');
  return {
    total: STANDARD_NUMBERS.length,
    completed,
    inProgress: count('in_progress'),
    notStarted: count('not_started'),
    percentComplete: Math.floor((completed * 100) / STANDARD_NUMBERS.length),
    standards,
    chapters: CHAPTER_NUMBERS.map((chapter) => {
      const inChapter = standards.filter((s) => chapterOf(s.number) === chapter);
      return {
        chapter,
        total: inChapter.length,
        completed: inChapter.filter((s) => s.status === 'completed').length,
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Early thoughts (before the meeting) and comments (during circulation)
// ---------------------------------------------------------------------------------------------

export interface EarlyThought {
  id: string;
  evaluationId: string;
  standardNumber: StandardNumber | null;
  author: PersonRef;
  text: string;
  /** When the thought carries views gathered from people who cannot attend: whose. */
  gatheredFrom: string | null;
  createdAt: Date;
}

export interface CirculationComment {
  id: string;
  evaluationId: string;
  standardNumber: StandardNumber | null;
  author: PersonRef;
  text: string;
  createdAt: Date;
}

export function addEarlyThought(
  evaluation: Evaluation,
  input: Omit<EarlyThought, 'evaluationId'>,
): Result<EarlyThought> {
  const allowed = checkCanChange(evaluation, 'early_thoughts');
  if (!allowed.ok) return allowed;
  if (input.text.trim() === '') {
    return refused({ kind: 'invalid', message: 'Enter your thoughts', fieldErrors: [{ field: 'text', message: 'Enter your thoughts' }] });
  }
  return ok({ ...input, text: input.text.trim(), evaluationId: evaluation.id });
}

export function addCirculationComment(
  evaluation: Evaluation,
  input: Omit<CirculationComment, 'evaluationId'>,
): Result<CirculationComment> {
  const allowed = checkCanChange(evaluation, 'comments');
  if (!allowed.ok) return allowed;
  if (input.text.trim() === '') {
    return refused({ kind: 'invalid', message: 'Enter a comment', fieldErrors: [{ field: 'text', message: 'Enter a comment' }] });
  }
  return ok({ ...input, text: input.text.trim(), evaluationId: evaluation.id });
}
