import { type AppError, RuleViolationError, ValidationError, type FieldError } from '../../platform/errors.js';
import { type FormErrorsView, formErrorsView } from '../../platform/http/forms.js';

/**
 * A refusal shown on a form: field errors beside their fields; a rule that names a field, there;
 * anything else (a state such as "already out", a conflict) at the top of the page as `form`.
 * `dateTimeFields` are GOV.UK date inputs with a time box first: their errors link to the box
 * the message is about.
 */
export function formErrors(error: AppError, dateTimeFields: readonly string[] = []): RefusedForm {
  const fieldErrors: FieldError[] =
    error instanceof ValidationError
      ? error.fieldErrors
      : error instanceof RuleViolationError && error.failures.length > 0
        ? error.failures.map((failure) => ({ field: failure.field ?? 'form', message: failure.message }))
        : [{ field: 'form', message: error.message }];
  const anchored = fieldErrors.map((e): FieldError => {
    if (!dateTimeFields.includes(e.field)) return e;
    const aboutTheDate = e.anchor === 'day' && !/time|clock/i.test(e.message);
    return { ...e, anchor: aboutTheDate ? 'day' : 'time' };
  });
  const view = formErrorsView(new ValidationError(anchored));
  return { ...view, errorList: view.errorList.map((item) => (item.href === '#form' ? { ...item, href: '#main-content' } : item)), status: error.status };
}

/** A form shown again after a refusal: its errors, and the HTTP status of the refusal (400, 409, 422). */
export interface RefusedForm extends FormErrorsView {
  status: number;
}

/** The status of a page showing a form: 200, or the refusal's status when it is shown again. */
export function statusOf(errors: FormErrorsView | undefined): number {
  if (!errors) return 200;
  return 'status' in errors && typeof errors.status === 'number' ? errors.status : 400;
}

/** People as select / radio options. */
export function personOptions(people: ReadonlyArray<{ id: string; name: string }>): Array<{ value: string; text: string }> {
  return people.map((p) => ({ value: p.id, text: p.name }));
}

/** Labels as options, in the order of the record. */
export function labelOptions<K extends string>(labels: Record<K, string>): Array<{ value: K; text: string }> {
  return (Object.entries(labels) as Array<[K, string]>).map(([value, text]) => ({ value, text }));
}
