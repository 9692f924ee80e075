/**
 * What the standards routes parse: each route's declared schema is exactly what it documents and
 * hands its handler. The API takes JSON; the pages take form posts (strings, GOV.UK date inputs,
 * `evidence.0.kind`-style names); both produce the same typed command for the services.
 * Messages follow the GOV.UK error-message style.
 */
import { z } from 'zod';
import { checkboxList, choice, date, dateInput, flag, INT32_MAX, optionalText, optionalUuid, orNull, textOrNull, uuid } from '../../platform/http/fields.js';
import type { IsoDate } from '../../platform/london-time.js';
import { ACTION_STATUSES } from './action-plan.js';
import { EVALUATION_TRANSITIONS, PARTICIPANT_PERSPECTIVES, type EvaluationEvent } from './evaluation.js';
import { isStandardNumber, STANDARD_NUMBERS, type StandardNumber } from './standards-catalogue.js';
import { EFFECTIVENESS_LEVELS, EVIDENCE_KINDS, EXTENTS_MET, RISK_LEVELS } from './standards-scales.js';

/**
 * A command as services take it: the parsed value, where a key that may be `undefined` may also
 * be left out (so code and tests can write `{ owner, targetDate }` without `ownerPersonId`).
 */
type KeysAllowingUndefined<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
export type Command<T> = Omit<T, KeysAllowingUndefined<T>> & Partial<Pick<T, KeysAllowingUndefined<T>>>;

/** A form's empty choice means "not answered yet". */
const emptyToNull = (value: unknown): unknown => (value === '' ? null : value);

/** A string with its own message when missing or not text; trimmed and bounded. */
function words(missing: string, max: number, tooLong: string) {
  return z.string({ error: missing }).trim().max(max, tooLong);
}

function wholeNumber(message: string, min: number) {
  return z.preprocess(
    (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : value),
    z.number({ error: message }).int(message).min(min, message).max(INT32_MAX, message),
  );
}

/** A GOV.UK date input that may be left blank (all three boxes empty). */
function optionalDateInput(label: string) {
  const blank = (value: unknown) =>
    value === undefined ||
    value === null ||
    value === '' ||
    (typeof value === 'object' && Object.values(value as Record<string, unknown>).every((part) => part === undefined || String(part).trim() === ''));
  return z.preprocess((value) => (blank(value) ? undefined : value), dateInput(label).optional());
}

export const standardNumber = z
  .string({ error: 'Choose a standard' })
  .refine(isStandardNumber, { error: 'Choose one of the 28 standards' })
  .transform((value) => value as StandardNumber)
  .meta({ type: 'string', enum: [...STANDARD_NUMBERS], description: 'A standard’s number, for example 1.1' });

/** A standard, or none (`null`, or an empty choice on a form): a general thought or comment. */
const optionalStandardNumber = z
  .preprocess(emptyToNull, standardNumber.nullable())
  .optional()
  .transform((value) => value ?? null);

// ── params and queries ───────────────────────────────────────────────────────────────────────

export const evaluationParams = z.object({ id: uuid() });
export const standardParams = z.object({ id: uuid(), number: standardNumber });
export const participantParams = z.object({ id: uuid(), personId: uuid() });

export const newEvaluationQuery = z.object({ baseline: optionalUuid() });
export const planQuery = z.object({
  service: optionalUuid().describe('Only this service (council organisation id)'),
  open: z.enum(['yes', 'no'], { error: 'Choose yes or no' }).optional().describe('yes: open actions only'),
});
export const comparisonQuery = z
  .object({ baseline: uuid('Choose the earlier evaluation'), repeat: uuid('Choose the later evaluation') })
  .refine((v) => v.baseline !== v.repeat, { path: ['repeat'], error: 'Choose two different evaluations' });
/** The comparison page: nothing chosen yet is just the form. */
export const comparisonPageQuery = z.object({ baseline: optionalUuid('Choose the earlier evaluation'), repeat: optionalUuid('Choose the later evaluation') });

// ── setting up an evaluation ─────────────────────────────────────────────────────────────────

const perspectives = z.array(choice(PARTICIPANT_PERSPECTIVES, 'Choose which part of the service they represent')).max(PARTICIPANT_PERSPECTIVES.length);
const atLeastOnePerspective = (list: readonly unknown[]) => list.length > 0;

export const participantBody = z.object({
  personId: uuid('Choose a person'),
  represents: perspectives.refine(atLeastOnePerspective, 'Choose which part of the service they represent'),
  attending: z.boolean({ error: 'Say whether they are attending (true or false)' }),
});
export type ParticipantCommand = Command<z.output<typeof participantBody>>;

export const participantForm = z.object({
  personId: uuid('Choose a person'),
  represents: checkboxList(choice(PARTICIPANT_PERSPECTIVES, 'Choose which part of the service they represent')).refine(
    atLeastOnePerspective,
    'Choose which part of the service they represent',
  ),
  attending: flag,
});

export const servicePart = z.object({
  key: z
    .string({ error: 'Give the part a key' })
    .trim()
    .regex(/^[a-z0-9-_]{1,40}$/, { error: 'Part key must be lower-case letters, numbers or dashes' }),
  label: words('Name the part of the service', 100, 'Name must be 100 characters or fewer').min(1, 'Name the part of the service'),
});

export interface NewEvaluationCommand {
  serviceId: string;
  evaluationDate: IsoDate;
  chairPersonId: string;
  noteTakerPersonId?: string | undefined;
  participants: ParticipantCommand[];
  serviceParts?: Array<{ key: string; label: string }> | undefined;
  baselineEvaluationId?: string | undefined;
}

const uniquePeople = (participants: readonly { personId: string }[]) => new Set(participants.map((p) => p.personId)).size === participants.length;

export const newEvaluationBody = z
  .object({
    serviceId: uuid('Choose the service'),
    evaluationDate: date('the date of the evaluation meeting'),
    chairPersonId: uuid('Choose the chair'),
    noteTakerPersonId: optionalUuid('Choose the note-taker'),
    participants: z.array(participantBody).max(100).optional().default([]),
    serviceParts: z.array(servicePart).min(1, 'Name at least one part of the service').max(10, 'Name at most 10 parts of the service').optional(),
    baselineEvaluationId: optionalUuid('Choose the earlier evaluation').describe('Give a closed evaluation of the same service to start a repeat from it'),
  })
  .refine((v) => uniquePeople(v.participants), { path: ['participants'], error: 'Each person can be listed only once' });

/** A key for a part of the service, from its label ("Emergency Duty Team" → "emergency-duty-team"). */
function partKey(label: string, index: number): string {
  return (
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || `part-${index + 1}`
  );
}

/** The set-up form: the parts of the service are typed one per line. */
export const newEvaluationForm = z
  .object({
    serviceId: uuid('Choose the service'),
    evaluationDate: dateInput('the date of the evaluation meeting'),
    chairPersonId: uuid('Choose the chair'),
    noteTakerPersonId: optionalUuid('Choose the note-taker'),
    baselineEvaluationId: optionalUuid('Choose the earlier evaluation'),
    serviceParts: words('Name at least one part of the service', 1000, 'The parts of the service must be 1000 characters or fewer'),
  })
  .transform((form, ctx): NewEvaluationCommand => {
    const labels = form.serviceParts
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    if (labels.length === 0) ctx.addIssue({ code: 'custom', path: ['serviceParts'], message: 'Name at least one part of the service' });
    if (labels.some((label) => label.length > 100)) ctx.addIssue({ code: 'custom', path: ['serviceParts'], message: 'Each part’s name must be 100 characters or fewer' });
    return {
      serviceId: form.serviceId,
      evaluationDate: form.evaluationDate,
      chairPersonId: form.chairPersonId,
      noteTakerPersonId: form.noteTakerPersonId,
      baselineEvaluationId: form.baselineEvaluationId,
      participants: [],
      serviceParts: labels.map((label, i) => ({ key: partKey(label, i), label })),
    };
  });

// ── before, in and after the meeting ─────────────────────────────────────────────────────────

export const earlyThoughtBody = z.object({
  standardNumber: optionalStandardNumber,
  text: words('Enter your thoughts', 5000, 'Thoughts must be 5000 characters or fewer').min(1, 'Enter your thoughts'),
  gatheredFrom: optionalText(500, 'Whose views these are')
    .optional()
    .transform((value) => value ?? null),
});
export type EarlyThoughtCommand = Command<z.output<typeof earlyThoughtBody>>;

export const commentBody = z.object({
  standardNumber: optionalStandardNumber,
  text: words('Enter a comment', 5000, 'Comment must be 5000 characters or fewer').min(1, 'Enter a comment'),
});
export type CommentCommand = Command<z.output<typeof commentBody>>;

const EVENTS = Object.keys(EVALUATION_TRANSITIONS) as [EvaluationEvent, ...EvaluationEvent[]];
export const transitionBody = z.object({
  event: choice(EVENTS, 'Choose start_meeting, circulate or close'),
  version: wholeNumber('The version must be the whole number you last read', 1).optional().describe('The evaluation version you last read: refused with 409 if it has moved on'),
});
export type TransitionCommand = Command<z.output<typeof transitionBody>>;

// ── a standard's record: Map, Evaluate, Plan, Rate ───────────────────────────────────────────

const nullableChoice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(emptyToNull, z.enum(values, { error: message }).nullable()).optional();

const riskLevel = (who: string) =>
  z
    .preprocess(emptyToNull, z.enum(RISK_LEVELS, { error: `Risk to ${who} must be low, medium or high` }).nullable())
    .optional()
    .transform((value) => value ?? null);

const notes = words('Notes must be text', 10_000, 'Notes must be 10,000 characters or fewer').optional();

export const evidenceItem = z.object({
  id: uuid('Not a valid evidence id').optional().describe('Give the id of evidence already recorded to keep it; leave it out for new evidence'),
  kind: choice(EVIDENCE_KINDS, 'Choose policy, protocol, practice example or other'),
  description: words('Describe the evidence', 2000, 'Evidence description must be 2000 characters or fewer').min(1, 'Describe the evidence'),
  whereToFind: words('Where to find it must be text', 500, 'Where to find it must be 500 characters or fewer').optional(),
  reviewed: z.boolean().optional().describe('Carried-forward evidence: true when the group has confirmed it is still current'),
});

export const partPosition = z.object({
  partKey: words('Choose a part of the service', 40, 'Choose a part of the service').min(1, 'Choose a part of the service'),
  extentMet: choice(EXTENTS_MET, 'Choose met, partly met or not met'),
  note: words('Note must be text', 2000, 'Note must be 2000 characters or fewer').optional(),
});

/** One save of a standard's record: every step is optional so the note-taker can save as they go. */
export const recordBody = z.object({
  expectedVersion: wholeNumber('The form is out of date: reload the page', 0).describe('The record version you last read (0 before the first save)'),
  extentMet: nullableChoice(EXTENTS_MET, 'Choose met, partly met or not met').describe('null: work it out from the parts of the service'),
  partPositions: z.array(partPosition).max(20).optional(),
  evidence: z.array(evidenceItem).max(100).optional(),
  mapNotes: notes,
  effectiveness: nullableChoice(EFFECTIVENESS_LEVELS, 'Choose effective, partly effective or not effective'),
  evaluateNotes: notes,
  planNotes: notes,
  risk: z.object({ amhps: riskLevel('AMHPs'), service: riskLevel('the AMHP service'), organisation: riskLevel('the organisation') }).optional(),
  agreedByGroup: z.boolean({ error: 'Agreed by the group must be true or false' }).optional(),
});
export type RecordCommand = Command<Omit<z.output<typeof recordBody>, 'evidence' | 'partPositions' | 'risk'>> & {
  evidence?: Array<Command<z.output<typeof evidenceItem>>> | undefined;
  partPositions?: Array<Command<z.output<typeof partPosition>>> | undefined;
  risk?: Command<NonNullable<z.output<typeof recordBody>['risk']>> | undefined;
};

export const RECORD_STEPS = ['map', 'evaluate', 'plan', 'rate', 'agree'] as const;
export type RecordStep = (typeof RECORD_STEPS)[number];

/** Form keys like `evidence.0.kind` become nested objects and arrays. */
export function unflatten(body: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const parts = key.split('.');
    let node: Record<string, unknown> = out;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const nextIsIndex = /^\d+$/.test(parts[i + 1] ?? '');
      const existing = node[part];
      node[part] = typeof existing === 'object' && existing !== null ? existing : nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return out;
}

type Row = Record<string, unknown>;
const rows = (value: unknown): Row[] => (Array.isArray(value) ? (value as unknown[]).filter((r): r is Row => typeof r === 'object' && r !== null) : []);

/**
 * The standard page's post as the record body: parts left at "same as overall" are not recorded,
 * evidence ticked "remove" (or a blank new row) is dropped, unticked boxes are false.
 */
export function recordInputFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const raw = unflatten(body);
  const parts = rows(raw.partPositions).filter((p) => p.extentMet !== '' && p.extentMet !== undefined);
  const evidence = rows(raw.evidence).filter((e) => e.remove !== 'yes' && !(String(e.id ?? '') === '' && String(e.description ?? '').trim() === ''));
  return {
    expectedVersion: raw.expectedVersion,
    extentMet: raw.extentMet ?? '',
    partPositions: parts.map((p) => ({ partKey: p.partKey, extentMet: p.extentMet, note: p.note ?? '' })),
    evidence: evidence.map((e) => ({ ...(e.id ? { id: e.id } : {}), kind: e.kind, description: e.description ?? '', whereToFind: e.whereToFind ?? '', reviewed: e.reviewed === 'yes' })),
    mapNotes: raw.mapNotes ?? '',
    effectiveness: raw.effectiveness ?? '',
    evaluateNotes: raw.evaluateNotes ?? '',
    planNotes: raw.planNotes ?? '',
    risk: typeof raw.risk === 'object' && raw.risk !== null ? raw.risk : {},
    agreedByGroup: raw.agreedByGroup === 'yes',
    step: raw.step,
  };
}

/** The standard page's form: the same record, plus which step's button was pressed. */
export const recordForm = z.preprocess(
  (value) => (typeof value === 'object' && value !== null ? recordInputFromForm(value as Record<string, unknown>) : value),
  recordBody.extend({ step: z.enum(RECORD_STEPS).optional().default('map') }),
);

// ── the development plan ─────────────────────────────────────────────────────────────────────

/** Owner and description are checked with the target date by the domain, so all three are reported at once. */
const actionFields = {
  description: words('Describe the action', 2000, 'Action description must be 2000 characters or fewer'),
  owner: words('Enter who owns this action', 200, 'Owner must be 200 characters or fewer'),
  ownerPersonId: optionalUuid('Choose the owner from the list, or leave it blank').describe('The owner, if they use AMHP Hub: lets them update the action'),
};

export const actionBody = z.object({ standardNumber, ...actionFields, targetDate: date('the target date').describe('On or after the evaluation date') });
export type NewActionCommand = Command<z.output<typeof actionBody>>;

/** The Plan step's form (the standard comes from the page's address). */
export const actionForm = z.object({ ...actionFields, targetDate: dateInput('the target date') });

const expectedActionVersion = wholeNumber('The version must be the whole number you last read', 1);

export const actionStatusBody = z.object({
  status: choice(ACTION_STATUSES, 'Choose not started, in progress, done or dropped'),
  note: words('Note must be text', 2000, 'Note must be 2000 characters or fewer').optional().describe('Needed to drop the action'),
  version: expectedActionVersion.optional().describe('The action version you last read: refused with 409 if it has moved on'),
});
export type ActionStatusCommand = Command<z.output<typeof actionStatusBody>>;

export const progressNoteBody = z.object({
  note: words('Enter a progress note', 2000, 'Progress note must be 2000 characters or fewer').min(1, 'Enter a progress note'),
  version: expectedActionVersion.optional().describe('The action version you last read: refused with 409 if it has moved on'),
});
export type ProgressNoteCommand = Command<z.output<typeof progressNoteBody>>;

const reviseFields = {
  reason: words('Say why the action is changing', 2000, 'The reason must be 2000 characters or fewer'),
  version: expectedActionVersion.describe('The action version you last read'),
};
// The API names both halves of the change (null for "unchanged"); the page leaves either blank.
export const reviseActionBody = z.object({
  ...reviseFields,
  owner: textOrNull('the new owner', 200).describe('The new owner; null to keep the owner (then give a new target date)'),
  targetDate: orNull(date('the new target date'), 'the new target date').describe('The new target date, YYYY-MM-DD; null to keep it (then give a new owner)'),
});
export const reviseActionForm = z.object({ ...reviseFields, owner: optionalText(200, 'The new owner'), targetDate: optionalDateInput('the new target date') });
export type ReviseActionCommand = Command<z.output<typeof reviseActionBody>>;

// ── catalogue versions ───────────────────────────────────────────────────────────────────────

export const catalogueImportBody = z.object({
  format: choice(['json', 'csv'], 'Choose JSON or CSV'),
  versionLabel: optionalText(100, 'The version label').describe('Needed for CSV; a JSON file may carry its own'),
  content: words('Paste the contents of the file', 500_000, 'The file is too large').min(1, 'Paste the contents of the file'),
});
export type CatalogueImportCommand = Command<z.output<typeof catalogueImportBody>>;
