/**
 * The one set of field schemas, for the JSON API and for HTML forms alike. Each documents itself
 * (the OpenAPI document is generated from these schemas) and refuses with a sentence a person can
 * act on. Forms send strings, where an empty string means "not given"; the API sends JSON types.
 *
 * Every string field refuses NUL characters and is bounded, so no input reaches the database
 * that PostgreSQL would reject with a server error.
 */
import { z } from 'zod';
import type { IsoDate } from '../time/calendar.js';
import {
  DATE_DESCRIPTION,
  INSTANT_DESCRIPTION,
  parseDateInput,
  parseDateTimeInput,
  parseInstant,
  parseIsoDate,
  type DateInputParts,
} from '../time/parse.js';

/** The largest integer PostgreSQL's `integer` holds. */
export const INT32_MAX = 2_147_483_647;

function capitalise(text: string): string {
  return `${text[0]?.toUpperCase() ?? ''}${text.slice(1)}`;
}

// Messages for the cases no schema below words itself (a missing field, a wrong JSON type).
z.config({
  customError: (issue) => {
    if (issue.code === 'invalid_type') {
      if (issue.input === undefined) return 'This field is required';
      if (issue.input === null) return 'This field cannot be empty (null)';
      return `Expected ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}`;
    }
    if (issue.code === 'unrecognized_keys') return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    if (issue.code === 'invalid_value' && 'values' in issue) return `Choose one of: ${issue.values.map(String).join(', ')}`;
    return undefined;
  },
});

/**
 * For "blank, or X" unions: when nothing matches, say what X needs (its own message, e.g.
 * "February 2026 has 28 days") rather than zod's "Invalid input".
 */
const saysWhatTheLastAlternativeNeeds = {
  error: (issue: { code?: string; errors?: ReadonlyArray<ReadonlyArray<{ message: string }>> }) => (issue.code === 'invalid_union' ? issue.errors?.at(-1)?.[0]?.message : undefined),
};

const noNul = (value: string) => !value.includes('\u0000');

const NUL_MESSAGE = 'Must not contain control characters';

/** A required string: trimmed, at least one character, at most `max`. */
export function text(label: string, max = 500) {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `Enter ${label}` : `${capitalise(label)} must be text`) })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
    .refine(noNul, NUL_MESSAGE);
}

/** An optional string: missing, null or blank is `undefined`. */
export function optionalText(max = 2000, label = 'This') {
  return z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (typeof value === 'string' ? value.trim() : undefined))
    .pipe(
      z
        .string()
        .max(max, `${capitalise(label)} must be ${max} characters or fewer`)
        .refine(noNul, NUL_MESSAGE)
        .optional(),
    )
    .transform((value) => (value ? value : undefined))
    .meta({ type: 'string', maxLength: max });
}

/** One value from a closed list (codes), with the message people see if none was chosen. */
/**
 * A field the API must send, or send as null for "none": how a body says which half of an
 * either/or it gives (a topic, or null because cases are listed). Null becomes `undefined`.
 */
export function orNull<T extends z.ZodType>(schema: T, label: string) {
  return z
    .union([schema, z.null()], { error: (issue) => (issue.input === undefined ? `Enter ${label}, or null` : `${capitalise(label)} is not valid: give a value or null`) })
    .transform((value) => (value === null ? undefined : (value as z.output<T>)));
}

export function textOrNull(label: string, max = 500) {
  return orNull(text(label, max), label);
}

export function choice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z.enum(values, { error: () => message });
}

export function optionalChoice<const T extends readonly [string, ...string[]]>(values: T, message: string) {
  return z
    .union([z.literal(''), z.null(), z.enum(values, { error: () => message })], saysWhatTheLastAlternativeNeeds)
    .optional()
    .transform((value) => (value ? value : undefined));
}

/** A record id. A malformed id is a 400 naming the field, never a database error. */
export function uuid(message = 'Not a valid id') {
  return z.uuid({ error: () => message });
}

export function optionalUuid(message = 'Not a valid id') {
  return z
    .union([z.literal(''), z.null(), z.uuid({ error: () => message })], saysWhatTheLastAlternativeNeeds)
    .optional()
    .transform((value) => (value ? value : undefined));
}

/** A route's `:id` parameter. */
export const idParams = z.object({ id: uuid() });

/** A whole number within PostgreSQL's integer range; forms send it as a string. */
export function int(label: string, min = 0, max = INT32_MAX) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value === '' ? undefined : value),
    z
      .number({ error: (issue) => (issue.input === undefined ? `Enter ${label}` : `${capitalise(label)} must be a whole number`) })
      .int(`${capitalise(label)} must be a whole number`)
      .min(min, `${capitalise(label)} must be ${min} or more`)
      .max(max, `${capitalise(label)} must be ${max} or less`),
  );
}

/** A decimal number (hours, miles) within bounds; forms send it as a string. */
export function decimal(label: string, min: number, max: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value === '' ? undefined : value),
    z
      .number({ error: (issue) => (issue.input === undefined ? `Enter ${label}` : `${capitalise(label)} must be a number`) })
      .refine(Number.isFinite, `${capitalise(label)} must be a number`)
      .min(min, `${capitalise(label)} must be ${min} or more`)
      .max(max, `${capitalise(label)} must be ${max} or less`),
  );
}

/** The record version the caller last read: sent back with every change (optimistic locking). */
export const version = int('the version you last read', 1);

/** An instant by the one time rule (platform/time/parse.ts). */
export function instant(label = 'the date and time') {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `Enter ${label}` : `${capitalise(label)} must be a date and time as text`) })
    .max(40, `${capitalise(label)} is too long to be a date and time`)
    .meta({ format: 'date-time', description: INSTANT_DESCRIPTION })
    .transform((value, ctx): Date => {
      const parsed = parseInstant(value);
      if (parsed.ok) return parsed.instant;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    });
}

/** Missing, null or blank is "not given" (a union would hide the instant's own message behind "Invalid input"). */
const blankToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

export function optionalInstant(label = 'the date and time') {
  return z.preprocess(blankToUndefined, instant(label).optional()).meta({ type: 'string', format: 'date-time', description: INSTANT_DESCRIPTION });
}

/** A calendar date, YYYY-MM-DD, that exists. */
export function date(label = 'the date') {
  return z
    .string({ error: (issue) => (issue.input === undefined ? `Enter ${label}` : `${capitalise(label)} must be a date as text`) })
    .max(20, `${capitalise(label)} is too long to be a date`)
    .meta({ format: 'date', description: DATE_DESCRIPTION })
    .transform((value, ctx): IsoDate => {
      const parsed = parseIsoDate(value);
      if (parsed.ok) return parsed.date;
      ctx.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    });
}

export function optionalDate(label = 'the date') {
  return z.preprocess(blankToUndefined, date(label).optional()).meta({ type: 'string', format: 'date', description: DATE_DESCRIPTION });
}

/** A calendar month, YYYY-MM. */
export function month(label = 'the month') {
  return z
    .string({ error: () => `Enter ${label} as YYYY-MM, for example 2026-04` })
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, `Enter ${label} as YYYY-MM, for example 2026-04`);
}

// ── HTML forms ──────────────────────────────────────────────────────────────────────────────

/** Checkboxes arrive as a string for one tick and an array for several. */
export function checkboxList<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (value === undefined || value === '' || value === null ? [] : Array.isArray(value) ? value : [value]), z.array(item).max(200));
}

/** A single checkbox or yes/no: ticked is true, anything else false. JSON booleans pass through. */
const FLAG_WORDS: Readonly<Record<string, boolean>> = { true: true, yes: true, on: true, false: false, no: false };
/**
 * A yes/no: JSON true/false, or what a form sends (a ticked box's 'on', 'yes'/'no' radios; an
 * unticked box sends nothing, which is false). Anything else (1, 'maybe') is refused, never read
 * as false: a statutory check may depend on it.
 */
export const flag = z
  .preprocess(
    (value) => (value === undefined || value === null || value === '' ? false : typeof value === 'string' && Object.hasOwn(FLAG_WORDS, value) ? FLAG_WORDS[value] : value),
    z.boolean({ error: 'Must be true or false' }),
  )
  .meta({ type: 'boolean' });

/**
 * A GOV.UK date input (`<name>-day`, `<name>-month`, `<name>-year`), grouped by the route
 * wrapper into `{ day, month, year }` under `<name>`. The API may send 'YYYY-MM-DD' instead.
 */
export function dateInput(label = 'the date') {
  return z.union([z.string(), z.object({ day: z.unknown(), month: z.unknown(), year: z.unknown() })], { error: () => `Enter ${label}` }).transform((value, ctx): IsoDate => {
    const parsed = typeof value === 'string' ? parseIsoDate(value) : parseDateInput(value as DateInputParts, label);
    if (parsed.ok) return parsed.date;
    ctx.addIssue({ code: 'custom', message: parsed.message, params: { anchor: 'day' } });
    return z.NEVER;
  });
}

/**
 * A GOV.UK date input plus a 24-hour time box (`<name>-time`), read as London wall-clock time
 * by the same rule as the API. The API may send an instant string instead.
 */
export function dateTimeInput(label = 'the date and time') {
  return z
    .union([z.string(), z.object({ day: z.unknown(), month: z.unknown(), year: z.unknown(), time: z.unknown() })], { error: () => `Enter ${label}` })
    .transform((value, ctx): Date => {
      const parsed = typeof value === 'string' ? parseInstant(value) : parseDateTimeInput(value as DateInputParts & { time?: unknown }, label);
      if (parsed.ok) return parsed.instant;
      ctx.addIssue({ code: 'custom', message: parsed.message, params: { anchor: 'day' } });
      return z.NEVER;
    })
    .meta({ type: 'string', format: 'date-time', description: INSTANT_DESCRIPTION });
}

/** Optional date-and-time input: all boxes blank is `undefined`. */
export function optionalDateTimeInput(label = 'the date and time') {
  const blank = (value: unknown) =>
    value === undefined ||
    value === null ||
    value === '' ||
    (typeof value === 'object' && Object.values(value as Record<string, unknown>).every((part) => part === undefined || String(part).trim() === ''));
  return z.preprocess((value) => (blank(value) ? undefined : value), dateTimeInput(label).optional());
}

const PART = /^(.+)-(day|month|year|time)$/;

/**
 * Groups GOV.UK date-input fields (`receivedAt-day`, `receivedAt-month`, `receivedAt-year`,
 * `receivedAt-time`) into `receivedAt: { day, month, year, time }`, leaving other fields alone.
 */
export function groupDateInputs(body: Record<string, unknown>): Record<string, unknown> {
  const grouped: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const match = PART.exec(key);
    if (!match) {
      if (!(key in grouped)) grouped[key] = value;
      continue;
    }
    const [, name, part] = match as unknown as [string, string, string];
    const existing = grouped[name];
    const parts = typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? (existing as Record<string, unknown>) : {};
    grouped[name] = { ...parts, [part]: value };
  }
  return grouped;
}

/** The values of an instant for a GOV.UK date input plus time box, in London time. */
export { dateInputValues, dateTimeInputValues } from '../time/format-inputs.js';
