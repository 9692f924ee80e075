/**
 * The escalation categories (issue 14, point 2: "configurable"). The guidance's §2.1 list is "by
 * no means exhaustive": administrators and the AMHP Lead add categories, rename them, retire
 * them (no longer offered for a new escalation; escalations already raised keep theirs) and
 * restore them. Pure: the repository hands in the rows.
 */
import { type Result, invalid, ok, wrongState } from '../../platform/result.js';

export interface EscalationCategory {
  id: string;
  key: string;
  label: string;
  sortOrder: number;
  retiredAt: Date | null;
  version: number;
}

export const LABEL_MAX = 120;

/** A label: required, one line, not too long, not another category's (case and spacing ignored). */
export function checkLabel(label: string, others: ReadonlyArray<Pick<EscalationCategory, 'label'>>): Result<string> {
  const tidy = label.replace(/\s+/g, ' ').trim();
  if (!tidy) return invalid('label', 'Enter the category’s name');
  if (tidy.length > LABEL_MAX) return invalid('label', `The category’s name must be ${LABEL_MAX} characters or fewer`);
  if (others.some((c) => c.label.toLowerCase() === tidy.toLowerCase())) return invalid('label', `There is already a category called “${tidy}”: choose another name (restore it if it is retired)`);
  return ok(tidy);
}

/** A stable key for a new category, from its first label: lower case words joined by `_`, unique. */
export function keyFor(label: string, taken: ReadonlySet<string>): string {
  const base =
    label
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .slice(0, 48) || 'category';
  let key = base;
  for (let n = 2; taken.has(key); n += 1) key = `${base}_${n}`;
  return key;
}

/** A new escalation may take only a category that exists and is not retired. */
export function checkRaisable(category: Pick<EscalationCategory, 'label' | 'retiredAt'> | undefined): Result<true> {
  if (!category) return invalid('category', 'Choose what the escalation is about');
  if (category.retiredAt) return invalid('category', `The category “${category.label}” has been retired: choose another`);
  return ok(true);
}

export function checkRetire(category: Pick<EscalationCategory, 'label' | 'retiredAt'>): Result<true> {
  return category.retiredAt ? wrongState('category_retired', `“${category.label}” is already retired`) : ok(true);
}

export function checkRestore(category: Pick<EscalationCategory, 'label' | 'retiredAt'>): Result<true> {
  return category.retiredAt ? ok(true) : wrongState('category_active', `“${category.label}” is in use, not retired`);
}

/** Every category's label by key (retired ones too: old escalations still show theirs). */
export function labelsByKey(categories: ReadonlyArray<Pick<EscalationCategory, 'key' | 'label'>>): Record<string, string> {
  return Object.fromEntries(categories.map((c) => [c.key, c.label]));
}
