import type { PagePanels } from '../../platform/module.js';
import { type AppError, RuleViolationError, ValidationError } from '../../platform/errors.js';
import { fieldId, formErrorsView, type FormErrorsView } from '../../platform/http/forms.js';
import type { Clock } from '../../platform/clock.js';
import type { LiveEvents } from '../../platform/live-events.js';
import type { DutyService } from './duty-service.js';

/** What the duty route declarations use. */
export interface DutyRouteDeps {
  duty: DutyService;
  clock: Clock;
  liveEvents: LiveEvents;
  serviceName: string;
  /** Panels from modules above, passed down by the root: for the board (by date) and a handover (by id). */
  panels?: { board?: PagePanels | undefined; handover?: PagePanels | undefined } | undefined;
}

/**
 * A refused form shown again: field errors against their boxes, a rule's finding against the
 * box it points at, anything else (a conflict, a closed handover) in the error summary.
 */
export function pageErrors(error: AppError): FormErrorsView {
  if (error instanceof ValidationError) return formErrorsView(error);
  if (error instanceof RuleViolationError && error.failures.length > 0) {
    return {
      errorList: error.failures.map((f) => ({ text: f.message, href: f.field ? `#${fieldId(f.field)}` : '#main-content' })),
      byField: Object.fromEntries(error.failures.filter((f) => f.field).map((f) => [f.field as string, { text: f.message }])),
    };
  }
  return { errorList: [{ text: error.message, href: '#main-content' }], byField: {} };
}

/** A flash body for warnings that did not stop the change. */
export function warningsBody(warnings: readonly string[], otherwise?: string): { body?: string } {
  if (warnings.length > 0) return { body: warnings.join(' ') };
  return otherwise ? { body: otherwise } : {};
}
