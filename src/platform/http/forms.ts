import { z } from 'zod';
import { ValidationError, type FieldError } from '../errors.js';

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

/** Parses request input; bad input becomes a ValidationError the page or API shows clearly. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new ValidationError(fieldErrorsFromZod(result.error));
  return result.data;
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

// Small reusable pieces for form schemas: HTML forms send strings, empty means "not given".
export const formText = (label: string, max = 500) =>
  z.string({ error: `Enter ${label}` }).trim().min(1, `Enter ${label}`).max(max, `${label[0]?.toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`);

export const optionalText = (max = 2000) =>
  z
    .string()
    .trim()
    .max(max, `Must be ${max} characters or fewer`)
    .optional()
    .transform((value) => (value ? value : undefined));

/** Checkboxes arrive as a string for one tick and an array for several. */
export const checkboxList = <T extends z.ZodType>(item: T) =>
  z.preprocess((value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]), z.array(item));

export const formBoolean = z.preprocess((value) => value === true || value === 'true' || value === 'yes' || value === 'on', z.boolean());

/** A route's `:id` parameter: a malformed id is a 400 with a clear message, never a 500. */
export const idParams = z.object({ id: z.string().uuid('Not a valid id') });

/** A copy of the posted form fields, safe to add to or re-show. */
export function formBody(request: { body?: unknown }): Record<string, unknown> {
  return { ...((request.body as Record<string, unknown> | undefined) ?? {}) };
}
