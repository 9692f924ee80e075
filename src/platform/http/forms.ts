import { type z } from 'zod';
import { type ValidationError, type FieldError } from '../errors.js';

export function fieldErrorsFromZod(error: z.ZodError): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || 'form';
    if (seen.has(field)) continue;
    seen.add(field);
    const anchor = issue.code === 'custom' ? (issue.params as { anchor?: unknown } | undefined)?.anchor : undefined;
    errors.push({ field, message: issue.message, ...(typeof anchor === 'string' ? { anchor } : {}) });
  }
  return errors;
}

export function fieldId(field: string): string {
  return field.replace(/\./g, '-');
}

export interface FormErrorsView {
  /** For govukErrorSummary's errorList. */
  errorList: Array<{ text: string; href: string }>;
  /** For each component's errorMessage: `errors.fieldName`. */
  byField: Record<string, { text: string }>;
}

export function formErrorsView(error: ValidationError): FormErrorsView {
  return {
    errorList: error.fieldErrors.map((e) => ({ text: e.message, href: `#${fieldId(e.field)}${e.anchor ? `-${e.anchor}` : ''}` })),
    byField: Object.fromEntries(error.fieldErrors.map((e) => [e.field, { text: e.message }])),
  };
}
