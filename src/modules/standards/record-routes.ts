/**
 * Working on one standard: its page with the four steps (Map, Evaluate, Plan, Rate) and the
 * group's agreement, the version-conflict page that shows both editors' values, and the Plan
 * step's actions; pages and API.
 */
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import type { StandardRecord } from './evaluation.js';
import type { EvaluationView } from './evaluation-service.js';
import { STANDARDS_CONTRIBUTORS, STANDARDS_READERS } from './standards-access.js';
import { chapterOf, findChapter, findStandard, STANDARD_NUMBERS, type StandardNumber } from './standards-catalogue.js';
import { standardsPaths as paths } from './standards-paths.js';
import { actionResource, recordResource } from './standards-resources.js';
import { EFFECTIVENESS_LABELS, EXTENT_MET_LABELS, RISK_LEVEL_LABELS, RISK_SUBJECT_LABELS, RISK_SUBJECTS } from './standards-scales.js';
import { actionBody, actionForm, recordBody, recordForm, standardParams, unflatten, type RecordStep } from './standards-schemas.js';
import type { StandardsService } from './standards-service.js';
import { labels, options, refusalErrors, STATUS_TAG } from './standards-views.js';

const READERS = { roles: STANDARDS_READERS };
const CONTRIBUTORS = { roles: STANDARDS_CONTRIBUTORS };
const TAGS = ['standards'];

/** The standard's form as shown: from the record, or as the editor typed it. */
interface RecordForm {
  expectedVersion: number;
  extentMet: string;
  parts: Array<{ key: string; label: string; extentMet: string; note: string }>;
  evidence: Array<{ id: string; kind: string; description: string; whereToFind: string; needsReview: boolean; carried: boolean }>;
  mapNotes: string;
  effectiveness: string;
  evaluateNotes: string;
  planNotes: string;
  risk: Record<string, string>;
  agreedByGroup: boolean;
}

function formFromRecord(view: EvaluationView, record: StandardRecord): RecordForm {
  return {
    expectedVersion: record.version,
    extentMet: record.extentMet ?? '',
    parts: view.evaluation.serviceParts.map((part) => {
      const position = record.partPositions.find((p) => p.partKey === part.key);
      return { key: part.key, label: part.label, extentMet: position?.extentMet ?? '', note: position?.note ?? '' };
    }),
    evidence: record.evidence.map((e) => ({ id: e.id, kind: e.kind, description: e.description, whereToFind: e.whereToFind, needsReview: e.needsReview, carried: e.carriedForwardFrom !== null })),
    mapNotes: record.mapNotes,
    effectiveness: record.effectiveness ?? '',
    evaluateNotes: record.evaluateNotes,
    planNotes: record.planNotes,
    risk: { amhps: record.risk.amhps ?? '', service: record.risk.service ?? '', organisation: record.risk.organisation ?? '' },
    agreedByGroup: record.agreedByGroup,
  };
}

function formFromPost(view: EvaluationView, record: StandardRecord, body: Record<string, unknown>, expectedVersion: number): RecordForm {
  const raw = unflatten(body);
  const list = (value: unknown) => (Array.isArray(value) ? (value as Array<Record<string, string> | undefined>).filter((x): x is Record<string, string> => !!x) : []);
  const parts = list(raw.partPositions);
  const evidence = list(raw.evidence).filter((e) => !(String(e.id ?? '') === '' && String(e.description ?? '').trim() === ''));
  const risk = (typeof raw.risk === 'object' && raw.risk !== null ? raw.risk : {}) as Record<string, string>;
  return {
    expectedVersion,
    extentMet: String(raw.extentMet ?? ''),
    parts: view.evaluation.serviceParts.map((part) => {
      const posted = parts.find((p) => p.partKey === part.key);
      return { key: part.key, label: part.label, extentMet: posted?.extentMet ?? '', note: posted?.note ?? '' };
    }),
    evidence: evidence.map((e) => {
      const before = record.evidence.find((x) => x.id === e.id);
      return { id: e.id ?? '', kind: e.kind ?? 'policy', description: e.description ?? '', whereToFind: e.whereToFind ?? '', needsReview: (before?.needsReview ?? false) && e.reviewed !== 'yes', carried: (before?.carriedForwardFrom ?? null) !== null };
    }),
    mapNotes: String(raw.mapNotes ?? ''),
    effectiveness: String(raw.effectiveness ?? ''),
    evaluateNotes: String(raw.evaluateNotes ?? ''),
    planNotes: String(raw.planNotes ?? ''),
    risk: { amhps: risk.amhps ?? '', service: risk.service ?? '', organisation: risk.organisation ?? '' },
    agreedByGroup: raw.agreedByGroup === 'yes',
  };
}

/** What the other editor saved, beside what this editor typed: only the fields that differ. */
function conflictRows(theirs: RecordForm, yours: RecordForm): Array<{ field: string; theirs: string; yours: string }> {
  const extent = (v: string) => (v === '' ? 'Not recorded' : (EXTENT_MET_LABELS[v as keyof typeof EXTENT_MET_LABELS] ?? v));
  const effectiveness = (v: string) => (v ? (EFFECTIVENESS_LABELS[v as keyof typeof EFFECTIVENESS_LABELS] ?? v) : '');
  const risk = (v: string | undefined) => (v ? (RISK_LEVEL_LABELS[v as keyof typeof RISK_LEVEL_LABELS] ?? v) : '');
  const rows: Array<{ field: string; theirs: string; yours: string }> = [];
  const add = (field: string, a: string, b: string) => {
    if (a !== b) rows.push({ field, theirs: a || '(blank)', yours: b || '(blank)' });
  };
  add('Overall extent met', extent(theirs.extentMet), extent(yours.extentMet));
  theirs.parts.forEach((part, i) => {
    const mine = yours.parts[i];
    add(`${part.label}: extent met`, extent(part.extentMet), extent(mine?.extentMet ?? ''));
    add(`${part.label}: note`, part.note, mine?.note ?? '');
  });
  add('Evidence', theirs.evidence.map((e) => e.description).join('; '), yours.evidence.map((e) => e.description).join('; '));
  add('Map notes', theirs.mapNotes, yours.mapNotes);
  add('Effectiveness', effectiveness(theirs.effectiveness), effectiveness(yours.effectiveness));
  add('Evaluate notes', theirs.evaluateNotes, yours.evaluateNotes);
  add('Plan notes', theirs.planNotes, yours.planNotes);
  for (const s of RISK_SUBJECTS) add(RISK_SUBJECT_LABELS[s], risk(theirs.risk[s]), risk(yours.risk[s]));
  add('Agreed by the group', theirs.agreedByGroup ? 'Yes' : 'No', yours.agreedByGroup ? 'Yes' : 'No');
  return rows;
}

interface StandardPageExtra {
  form?: RecordForm;
  conflict?: unknown;
  recordErrors?: unknown;
  actionErrors?: unknown;
  actionValues?: unknown;
}

async function renderStandard(standards: StandardsService, reply: FastifyReply, ctx: ServiceContext, id: string, number: StandardNumber, extra: StandardPageExtra = {}, status = 200) {
  const { view, summary } = await standards.summaries.summary(ctx, id);
  const record = view.records.find((r) => r.standardNumber === number);
  if (!record) throw new NotFoundError('The standard');
  const index = STANDARD_NUMBERS.indexOf(number);
  const form = extra.form ?? formFromRecord(view, record);
  const { people } = await standards.evaluations.formOptions();
  return reply.render(
    'standards/views/standard.njk',
    {
      view,
      evaluation: view.evaluation,
      standard: findStandard(view.catalogue, number),
      chapter: findChapter(view.catalogue, chapterOf(number)),
      record,
      full: summary.chapters.flatMap((c) => c.standards).find((s) => s.standard.number === number),
      form,
      extentItems: [
        ...options.extents.map((o) => ({ ...o, checked: form.extentMet === o.value })),
        { divider: 'or' },
        { value: '', text: 'Work it out from the parts of the service', checked: form.extentMet === '' },
      ],
      conflict: extra.conflict,
      errors: extra.recordErrors ?? extra.actionErrors,
      recordErrors: extra.recordErrors,
      actionErrors: extra.actionErrors,
      actionValues: extra.actionValues ?? {},
      actions: view.actions.filter((a) => a.standardNumber === number),
      thoughts: view.earlyThoughts.filter((t) => t.standardNumber === number),
      comments: view.comments.filter((c) => c.standardNumber === number),
      previous: index > 0 ? STANDARD_NUMBERS[index - 1] : null,
      next: index < STANDARD_NUMBERS.length - 1 ? STANDARD_NUMBERS[index + 1] : null,
      options,
      labels,
      peopleOptions: people,
      statusTag: STATUS_TAG[view.evaluation.status],
      minTargetDate: view.evaluation.evaluationDate,
    },
    status,
  );
}

/** Where each step's button goes after a save: the next step, or (agreed) the next standard. */
const NEXT_ANCHOR: Record<RecordStep, string> = { map: 'evaluate', evaluate: 'plan', plan: 'rate', rate: 'agree', agree: 'agree' };

export function recordPageRoutes(standards: StandardsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.standard.pattern,
      access: READERS,
      summary: 'One standard of an evaluation: the four steps, its actions and early thoughts',
      params: standardParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => renderStandard(standards, reply, ctx, params.id, params.number),
    }),
    defineRoute({
      method: 'POST',
      path: paths.standard.pattern,
      access: CONTRIBUTORS,
      summary: 'Save a standard’s record (every step’s button saves the whole form)',
      params: standardParams,
      body: recordForm,
      audit: 'standards_record_saved',
      success: { status: 303, contentType: 'text/html', description: 'To the next step, or the next standard once agreed' },
      onRefusal: async ({ error, values, params, ctx, reply }) => {
        if (!params) throw error;
        const view = await standards.evaluations.view(ctx, params.id);
        const record = view.records.find((r) => r.standardNumber === params.number);
        if (!record) throw error;
        if (error instanceof ConflictError) {
          // The form comes back at the current version, so saving again replaces theirs.
          const theirs = formFromRecord(view, record);
          const yours = formFromPost(view, record, values, record.version);
          return renderStandard(standards, reply, ctx, params.id, params.number, { form: yours, conflict: { message: error.message, rows: conflictRows(theirs, yours), by: record.updatedByPersonId, at: record.updatedAt } }, 409);
        }
        const expected = Number(values.expectedVersion ?? record.version);
        const form = formFromPost(view, record, values, Number.isFinite(expected) ? expected : record.version);
        return renderStandard(standards, reply, ctx, params.id, params.number, { form, recordErrors: refusalErrors(error, '#map') }, error.status);
      },
      handler: async ({ ctx, params, body, reply }) => {
        const { step, ...command } = body;
        const saved = await standards.records.save(ctx, params.id, params.number, command);
        if (step === 'agree' && saved.agreedByGroup) {
          const next = STANDARD_NUMBERS[STANDARD_NUMBERS.indexOf(params.number) + 1];
          const to = next ? paths.standard({ id: params.id, number: next }) : `${paths.evaluation({ id: params.id })}#task-list`;
          return reply.redirectWithFlash(to, { kind: 'success', heading: `Standard ${params.number} saved and agreed` });
        }
        return reply.redirectWithFlash(`${paths.standard(params)}#${NEXT_ANCHOR[step]}`, { kind: 'success', heading: `Standard ${params.number} saved` });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.standardActions.pattern,
      access: CONTRIBUTORS,
      summary: 'Add a development-plan action to the standard (the Plan step)',
      params: standardParams,
      body: actionForm,
      audit: 'standards_action_added',
      success: { status: 303, contentType: 'text/html', description: 'Back to the Plan step' },
      onRefusal: async ({ error, values, params, ctx, reply }) => {
        if (!params) throw error;
        return renderStandard(standards, reply, ctx, params.id, params.number, { actionErrors: refusalErrors(error, '#description'), actionValues: values }, error.status);
      },
      handler: async ({ ctx, params, body, reply }) => {
        await standards.records.addAction(ctx, params.id, { ...body, standardNumber: params.number });
        return reply.redirectWithFlash(`${paths.standard(params)}#plan`, { kind: 'success', heading: 'Action added to the development plan' });
      },
    }),
  ];
}

export function recordApiRoutes(standards: StandardsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiRecord.pattern,
      access: READERS,
      summary: 'One standard’s record (Map, Evaluate, Plan, Rate, agreed) with its version',
      tags: TAGS,
      params: standardParams,
      success: { schema: recordResource },
      handler: async ({ ctx, params }) => standards.records.get(ctx, params.id, params.number),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiRecord.pattern,
      access: CONTRIBUTORS,
      summary: 'Save a standard’s record (chair or note-taker); fields left out are left as they are',
      description:
        'Send the version you read as expectedVersion. If someone saved first, nothing is saved: 409 version_conflict with details.currentVersion, details.current (their record) and details.yours (what you sent).',
      tags: TAGS,
      params: standardParams,
      body: recordBody,
      audit: 'standards_record_saved',
      success: { schema: recordResource },
      refusals: ['conflict', 'state'],
      handler: async ({ ctx, params, body }) => standards.records.save(ctx, params.id, params.number, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiEvaluationActions.pattern,
      access: CONTRIBUTORS,
      summary: 'Add a development-plan action to a standard (owner and a target date on or after the evaluation date are required)',
      tags: TAGS,
      params: standardParams.pick({ id: true }),
      body: actionBody,
      audit: 'standards_action_added',
      success: { status: 201, schema: actionResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => standards.records.addAction(ctx, params.id, body),
    }),
  ];
}
