import { RuleViolationError, ValidationError, type AppError } from '../errors.js';
import { fieldId, formErrorsView, type FormErrorsView } from './forms.js';

/**
 * The error summary for a refused form: each field error for bad input; each failure of a rule;
 * the message of a conflict or a state, pointing at the page's main content.
 */
export function refusalErrorsView(error: AppError): FormErrorsView {
  if (error instanceof ValidationError) return formErrorsView(error);
  if (error instanceof RuleViolationError && error.failures.length > 0) {
    return {
      errorList: error.failures.map((f) => ({ text: f.message, href: f.field ? `#${fieldId(f.field)}` : '#main-content' })),
      byField: Object.fromEntries(error.failures.filter((f) => f.field).map((f) => [f.field!, { text: f.message }])),
    };
  }
  return { errorList: [{ text: error.message, href: '#main-content' }], byField: {} };
}
