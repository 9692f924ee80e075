/**
 * What the standards templates are given besides the page's own data: the scales' labels, the
 * choices of the forms, and the tag colours for statuses. Shared by the module's route files.
 */
import { ValidationError, type AppError } from '../../platform/errors.js';
import { formErrorsView, type FormErrorsView } from '../../platform/http/forms.js';
import { ACTION_STATUS_LABELS, ACTION_STATUSES } from './action-plan.js';
import { CHANGE_CLASS_LABELS } from './comparison.js';
import { EVALUATION_STATUS_LABELS, EVALUATION_TRANSITIONS, PARTICIPANT_PERSPECTIVE_LABELS, PARTICIPANT_PERSPECTIVES, TASK_STATUS_LABELS } from './evaluation.js';
import { STANDARD_NUMBERS } from './standards-catalogue.js';
import {
  EFFECTIVENESS_LABELS,
  EFFECTIVENESS_LEVELS,
  EVIDENCE_KIND_LABELS,
  EVIDENCE_KINDS,
  EXTENT_MET_LABELS,
  EXTENTS_MET,
  RISK_LEVEL_LABELS,
  RISK_LEVELS,
  RISK_SUBJECT_LABELS,
  RISK_SUBJECTS,
} from './standards-scales.js';

export const options = {
  extents: EXTENTS_MET.map((v) => ({ value: v, text: EXTENT_MET_LABELS[v] })),
  effectiveness: EFFECTIVENESS_LEVELS.map((v) => ({ value: v, text: EFFECTIVENESS_LABELS[v] })),
  risks: RISK_LEVELS.map((v) => ({ value: v, text: RISK_LEVEL_LABELS[v] })),
  riskSubjects: RISK_SUBJECTS.map((v) => ({ value: v, text: RISK_SUBJECT_LABELS[v] })),
  evidenceKinds: EVIDENCE_KINDS.map((v) => ({ value: v, text: EVIDENCE_KIND_LABELS[v] })),
  perspectives: PARTICIPANT_PERSPECTIVES.map((v) => ({ value: v, text: PARTICIPANT_PERSPECTIVE_LABELS[v] })),
  actionStatuses: ACTION_STATUSES.map((v) => ({ value: v, text: ACTION_STATUS_LABELS[v] })),
  standards: STANDARD_NUMBERS.map((n) => ({ value: n, text: n })),
};

export const labels = {
  status: EVALUATION_STATUS_LABELS,
  task: TASK_STATUS_LABELS,
  extent: EXTENT_MET_LABELS,
  effectiveness: EFFECTIVENESS_LABELS,
  risk: RISK_LEVEL_LABELS,
  riskSubject: RISK_SUBJECT_LABELS,
  evidenceKind: EVIDENCE_KIND_LABELS,
  perspective: PARTICIPANT_PERSPECTIVE_LABELS,
  actionStatus: ACTION_STATUS_LABELS,
  change: CHANGE_CLASS_LABELS,
  events: Object.fromEntries(Object.entries(EVALUATION_TRANSITIONS).map(([k, v]) => [k, v.label])),
};

export const TASK_TAG: Record<string, string> = { completed: '', in_progress: 'govuk-tag--light-blue', not_started: 'govuk-tag--grey' };
export const STATUS_TAG: Record<string, string> = { preparing: 'govuk-tag--grey', in_meeting: 'govuk-tag--blue', circulating: 'govuk-tag--yellow', closed: 'govuk-tag--green' };

/** A refusal as the page's error summary: field errors for bad input, the message otherwise. */
export function refusalErrors(error: AppError, href = '#main-content'): FormErrorsView {
  if (error instanceof ValidationError) return formErrorsView(error);
  return { errorList: [{ text: error.message, href }], byField: {} };
}
