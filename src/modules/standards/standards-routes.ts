import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ConflictError, RuleViolationError, ValidationError } from '../../platform/errors.js';
import { formErrorsView, idParams, parseInput } from '../../platform/http/forms.js';
import { contextOf, route } from '../../platform/http/routing.js';
import { hasAnyRole, ROLE_GROUPS } from '../../platform/roles.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Services } from '../../services.js';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, ACTION_STATUS_CHANGES } from './action-plan.js';
import { CHANGE_CLASS_LABELS } from './comparison.js';
import {
  EVALUATION_STATUS_LABELS,
  EVALUATION_TRANSITIONS,
  PARTICIPANT_PERSPECTIVE_LABELS,
  PARTICIPANT_PERSPECTIVES,
  TASK_STATUS_LABELS,
  type EvaluationEvent,
  type StandardRecord,
} from './evaluation.js';
import { CHAPTER_NUMBERS, findChapter, findStandard, STANDARD_NUMBERS, standardsInChapter, type StandardNumber } from './standards-catalogue.js';
import { actionsCsvRows, ratingsCsvRows } from './standards-csv.js';
import { toCsv } from './csv-text.js';
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
import { PLAN_MANAGERS, STANDARDS_ORGANISERS, STANDARDS_READERS, type EvaluationView, type StandardsService } from './standards-service.js';
import { buildSummary } from './standards-summary.js';
import { standardsWorkbook } from './standards-xlsx.js';
import { renderSummaryPdf } from './summary-pdf.js';
import { formatLongDate } from './standards-time.js';

const READERS = { roles: STANDARDS_READERS } as const;
const ORGANISERS = { roles: STANDARDS_ORGANISERS } as const;
const ADMIN = { roles: ['admin'] } as const;
/** Everyone who takes part in evaluations (governance viewers only read). */
const CONTRIBUTORS = { roles: STANDARDS_READERS.filter((r) => r !== 'governance_viewer') } as const;

const standardParams = z.object({ id: z.string().uuid('Not a valid id'), number: z.string() });
const TAGS = ['standards'];

const options = {
  extents: EXTENTS_MET.map((v) => ({ value: v, text: EXTENT_MET_LABELS[v] })),
  effectiveness: EFFECTIVENESS_LEVELS.map((v) => ({ value: v, text: EFFECTIVENESS_LABELS[v] })),
  risks: RISK_LEVELS.map((v) => ({ value: v, text: RISK_LEVEL_LABELS[v] })),
  riskSubjects: RISK_SUBJECTS.map((v) => ({ value: v, text: RISK_SUBJECT_LABELS[v] })),
  evidenceKinds: EVIDENCE_KINDS.map((v) => ({ value: v, text: EVIDENCE_KIND_LABELS[v] })),
  perspectives: PARTICIPANT_PERSPECTIVES.map((v) => ({ value: v, text: PARTICIPANT_PERSPECTIVE_LABELS[v] })),
  actionStatuses: ACTION_STATUSES.map((v) => ({ value: v, text: ACTION_STATUS_LABELS[v] })),
  standards: STANDARD_NUMBERS.map((n) => ({ value: n, text: n })),
};

const labels = {
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

const TASK_TAG: Record<string, string> = { completed: '', in_progress: 'govuk-tag--light-blue', not_started: 'govuk-tag--grey' };
const STATUS_TAG: Record<string, string> = { preparing: 'govuk-tag--grey', in_meeting: 'govuk-tag--blue', circulating: 'govuk-tag--yellow', closed: 'govuk-tag--green' };

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
      node[part] ??= nextIsIndex ? [] : {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return out;
}

/** The standard form's post, shaped as the service's record input. */
export function recordInputFromForm(body: Record<string, unknown>): Record<string, unknown> {
  const raw = unflatten(body);
  const parts = ((raw.partPositions as Array<Record<string, unknown>> | undefined) ?? []).filter((p) => p && p.extentMet !== '' && p.extentMet !== undefined);
  const evidence = ((raw.evidence as Array<Record<string, unknown>> | undefined) ?? []).filter(
    (e) => e && e.remove !== 'yes' && !(String(e.id ?? '') === '' && String(e.description ?? '').trim() === ''),
  );
  return {
    expectedVersion: raw.expectedVersion,
    extentMet: raw.extentMet ?? '',
    partPositions: parts.map((p) => ({ partKey: p.partKey, extentMet: p.extentMet, note: p.note ?? '' })),
    evidence: evidence.map((e) => ({ ...(e.id ? { id: e.id } : {}), kind: e.kind, description: e.description ?? '', whereToFind: e.whereToFind ?? '', reviewed: e.reviewed === 'yes' })),
    mapNotes: raw.mapNotes ?? '',
    effectiveness: raw.effectiveness ?? '',
    evaluateNotes: raw.evaluateNotes ?? '',
    planNotes: raw.planNotes ?? '',
    risk: raw.risk ?? {},
    agreedByGroup: raw.agreedByGroup === 'yes',
  };
}

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
  const parts = (raw.partPositions as Array<Record<string, string>> | undefined) ?? [];
  const evidence = ((raw.evidence as Array<Record<string, string>> | undefined) ?? []).filter((e) => e && !(String(e.id ?? '') === '' && String(e.description ?? '').trim() === ''));
  const risk = (raw.risk as Record<string, string> | undefined) ?? {};
  return {
    expectedVersion,
    extentMet: String(raw.extentMet ?? ''),
    parts: view.evaluation.serviceParts.map((part) => {
      const posted = parts.find((p) => p && p.partKey === part.key);
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
function conflictRows(view: EvaluationView, theirs: RecordForm, yours: RecordForm): Array<{ field: string; theirs: string; yours: string }> {
  const extent = (v: string) => (v === '' ? 'Not recorded' : (EXTENT_MET_LABELS[v as keyof typeof EXTENT_MET_LABELS] ?? v));
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
  add('Effectiveness', theirs.effectiveness ? EFFECTIVENESS_LABELS[theirs.effectiveness as keyof typeof EFFECTIVENESS_LABELS] : '', yours.effectiveness ? EFFECTIVENESS_LABELS[yours.effectiveness as keyof typeof EFFECTIVENESS_LABELS] : '');
  add('Evaluate notes', theirs.evaluateNotes, yours.evaluateNotes);
  add('Plan notes', theirs.planNotes, yours.planNotes);
  for (const s of RISK_SUBJECTS) {
    const r = (v: string | undefined) => (v ? RISK_LEVEL_LABELS[v as keyof typeof RISK_LEVEL_LABELS] : '');
    add(RISK_SUBJECT_LABELS[s], r(theirs.risk[s]), r(yours.risk[s]));
  }
  add('Agreed by the group', theirs.agreedByGroup ? 'Yes' : 'No', yours.agreedByGroup ? 'Yes' : 'No');
  void view;
  return rows;
}

export function registerStandardsRoutes(app: FastifyInstance, services: Services): void {
  const standards: StandardsService = services.standards;

  function taskList(view: EvaluationView) {
    return CHAPTER_NUMBERS.map((chapter) => ({
      chapter: findChapter(view.catalogue, chapter),
      items: standardsInChapter(view.catalogue, chapter).map((s) => {
        const status = view.progress.standards.find((p) => p.number === s.number)?.status ?? 'not_started';
        return {
          title: { text: `${s.number} ${s.title}` },
          href: `/standards/evaluations/${view.evaluation.id}/standards/${s.number}`,
          status: status === 'completed' ? { text: TASK_STATUS_LABELS.completed } : { tag: { text: TASK_STATUS_LABELS[status], classes: TASK_TAG[status] } },
        };
      }),
    }));
  }

  async function renderEvaluation(reply: FastifyReply, ctx: ServiceContext, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const view = await standards.getEvaluation(ctx, id);
    const { people } = await standards.formOptions();
    const evaluations = await standards.listEvaluations(ctx, { organisationId: view.evaluation.serviceId });
    const baseline = view.evaluation.baselineEvaluationId ? evaluations.find((e) => e.evaluation.id === view.evaluation.baselineEvaluationId)?.evaluation : undefined;
    return reply.render(
      'standards/views/evaluation.njk',
      {
        view,
        evaluation: view.evaluation,
        taskList: taskList(view),
        statusTag: STATUS_TAG[view.evaluation.status],
        labels,
        options,
        peopleOptions: people,
        baseline,
        otherEvaluations: evaluations.filter((e) => e.evaluation.id !== id),
        mayStartRepeat: view.evaluation.status === 'closed' && hasAnyRole(ctx.actor, STANDARDS_ORGANISERS),
        ...extra,
      },
      status,
    );
  }

  async function renderStandard(reply: FastifyReply, ctx: ServiceContext, id: string, number: string, extra: { form?: RecordForm; conflict?: unknown; errors?: unknown; actionErrors?: unknown; actionValues?: unknown } = {}, status = 200) {
    const view = await standards.getEvaluation(ctx, id);
    const record = view.records.find((r) => r.standardNumber === number);
    if (!record) return reply.callNotFound();
    const n = number as StandardNumber;
    const index = STANDARD_NUMBERS.indexOf(n);
    const summary = buildSummary({ evaluation: view.evaluation, catalogue: view.catalogue, records: view.records, actions: view.actions, comments: view.comments, now: services.clock.now() });
    const full = summary.chapters.flatMap((c) => c.standards).find((s) => s.standard.number === n);
    const { people } = await standards.formOptions();
    return reply.render(
      'standards/views/standard.njk',
      {
        view,
        evaluation: view.evaluation,
        standard: findStandard(view.catalogue, n),
        chapter: findChapter(view.catalogue, Number(n.split('.')[0]) as 1),
        record,
        full,
        form: extra.form ?? formFromRecord(view, record),
        extentItems: [
          ...options.extents.map((o) => ({ ...o, checked: (extra.form ?? formFromRecord(view, record)).extentMet === o.value })),
          { divider: 'or' },
          { value: '', text: 'Work it out from the parts of the service', checked: (extra.form ?? formFromRecord(view, record)).extentMet === '' },
        ],
        conflict: extra.conflict,
        errors: extra.errors ?? extra.actionErrors,
        recordErrors: extra.errors,
        actionErrors: extra.actionErrors,
        actionValues: extra.actionValues ?? {},
        actions: view.actions.filter((a) => a.standardNumber === n),
        thoughts: view.earlyThoughts.filter((t) => t.standardNumber === n),
        comments: view.comments.filter((c) => c.standardNumber === n),
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

  // --- pages: list and creation ---------------------------------------------------------------

  route(app, 'GET', '/standards', { access: READERS }, async (request, reply) => {
    const ctx = contextOf(request);
    const items = await standards.listEvaluations(ctx);
    return reply.render('standards/views/index.njk', {
      items: items.map((i) => ({ ...i, statusTag: STATUS_TAG[i.evaluation.status] })),
      labels,
      mayCreate: hasAnyRole(ctx.actor, STANDARDS_ORGANISERS),
      isAdmin: hasAnyRole(ctx.actor, ['admin']),
    });
  });

  async function renderNewForm(reply: FastifyReply, ctx: ServiceContext, values: Record<string, unknown>, error?: ValidationError) {
    const { services: serviceOptions, people } = await standards.formOptions();
    let baseline: unknown;
    if (typeof values.baselineEvaluationId === 'string' && values.baselineEvaluationId !== '') {
      baseline = (await standards.getEvaluation(ctx, values.baselineEvaluationId)).evaluation;
    }
    return reply.render(
      'standards/views/evaluation-form.njk',
      { values, baseline, serviceOptions, peopleOptions: people, ...(error ? { errors: formErrorsView(error) } : {}) },
      error ? 400 : 200,
    );
  }

  route(app, 'GET', '/standards/evaluations/new', { access: ORGANISERS }, async (request, reply) => {
    const ctx = contextOf(request);
    const query = parseInput(z.object({ baseline: z.string().uuid().optional() }), request.query);
    const values: Record<string, unknown> = { chairPersonId: ctx.actor.personId, serviceParts: 'Daytime AMHP service\nEmergency Duty Team (out of hours)' };
    if (query.baseline) {
      const base = (await standards.getEvaluation(ctx, query.baseline)).evaluation;
      Object.assign(values, { baselineEvaluationId: base.id, serviceId: base.serviceId, chairPersonId: base.chair.personId, noteTakerPersonId: base.noteTaker?.personId ?? '', serviceParts: base.serviceParts.map((p) => p.label).join('\n') });
    }
    return renderNewForm(reply, ctx, values);
  });

  route(app, 'POST', '/standards/evaluations', { access: ORGANISERS }, async (request, reply) => {
    const ctx = contextOf(request);
    const body = { ...(request.body as Record<string, unknown>) };
    const partsText = String(body.serviceParts ?? '');
    const labelsList = partsText.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
    const input = {
      serviceId: body.serviceId ?? '',
      evaluationDate: body.evaluationDate ?? '',
      chairPersonId: body.chairPersonId ?? '',
      noteTakerPersonId: body.noteTakerPersonId ?? '',
      baselineEvaluationId: body.baselineEvaluationId ?? '',
      participants: [],
      serviceParts: labelsList.map((label, i) => ({ key: label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || `part-${i + 1}`, label })),
    };
    try {
      const id = await standards.createEvaluation(ctx, input);
      return await reply.redirectWithFlash(`/standards/evaluations/${id}`, { kind: 'success', heading: input.baselineEvaluationId ? 'Repeat evaluation started' : 'Evaluation set up', body: input.baselineEvaluationId ? 'Evidence and open actions from the earlier evaluation have been carried forward for review.' : 'Now add the participants and share it with them.' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderNewForm(reply, ctx, body, error);
    }
  });

  // --- pages: one evaluation --------------------------------------------------------------------

  route(app, 'GET', '/standards/evaluations/:id', { access: READERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return renderEvaluation(reply, contextOf(request), id);
  });

  route(app, 'POST', '/standards/evaluations/:id/participants', { access: CONTRIBUTORS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const body = request.body as Record<string, unknown>;
    const values = { personId: body.personId ?? '', represents: body.represents === undefined ? [] : Array.isArray(body.represents) ? body.represents : [body.represents], attending: body.attending ?? '' };
    try {
      await standards.addParticipant(ctx, id, values);
      return await reply.redirectWithFlash(`/standards/evaluations/${id}#participants`, { kind: 'success', heading: 'Participant added' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderEvaluation(reply, ctx, id, { errors: formErrorsView(error), participantValues: values }, 400);
    }
  });

  route(app, 'POST', '/standards/evaluations/:id/participants/:personId/remove', { access: CONTRIBUTORS }, async (request, reply) => {
    const { id, personId } = parseInput(z.object({ id: z.string().uuid(), personId: z.string().uuid() }), request.params);
    await standards.removeParticipant(contextOf(request), id, personId);
    return reply.redirectWithFlash(`/standards/evaluations/${id}#participants`, { kind: 'success', heading: 'Participant removed' });
  });

  route(app, 'POST', '/standards/evaluations/:id/transition', { access: CONTRIBUTORS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const { event } = parseInput(z.object({ event: z.enum(['start_meeting', 'circulate', 'close']) }), request.body);
    const ctx = contextOf(request);
    try {
      const next = await standards.transition(ctx, id, event as EvaluationEvent);
      return await reply.redirectWithFlash(`/standards/evaluations/${id}`, { kind: 'success', heading: `Evaluation status: ${EVALUATION_STATUS_LABELS[next.status].toLowerCase()}`, ...(next.status === 'closed' ? { body: 'The evaluation is now read-only. The summary report is ready to share.' } : {}) });
    } catch (error) {
      if (error instanceof RuleViolationError) {
        const problems = (error.details as Array<{ field: string; message: string }> | undefined) ?? [];
        return renderEvaluation(reply, ctx, id, { errors: { errorList: [{ text: error.message, href: `#${problems[0]?.field ?? 'task-list'}` }], byField: {} } }, 422);
      }
      throw error;
    }
  });

  for (const [path, method, flash] of [
    ['thoughts', 'addEarlyThought', 'Your early thoughts have been added'],
    ['comments', 'addComment', 'Your comment has been added. The chair will see it.'],
  ] as const) {
    route(app, 'POST', `/standards/evaluations/:id/${path}`, { access: CONTRIBUTORS }, async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      const ctx = contextOf(request);
      const body = request.body as Record<string, unknown>;
      try {
        await standards[method](ctx, id, body);
        return await reply.redirectWithFlash(`/standards/evaluations/${id}#${path}`, { kind: 'success', heading: flash });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderEvaluation(reply, ctx, id, { errors: formErrorsView(error), [`${path}Values`]: body }, 400);
      }
    });
  }

  // --- pages: one standard, the four steps ----------------------------------------------------

  route(app, 'GET', '/standards/evaluations/:id/standards/:number', { access: READERS }, async (request, reply) => {
    const { id, number } = parseInput(standardParams, request.params);
    StandardsServiceNumber(number);
    return renderStandard(reply, contextOf(request), id, number);
  });

  route(app, 'POST', '/standards/evaluations/:id/standards/:number', { access: CONTRIBUTORS }, async (request, reply) => {
    const { id, number } = parseInput(standardParams, request.params);
    StandardsServiceNumber(number);
    const ctx = contextOf(request);
    const body = request.body as Record<string, unknown>;
    const step = typeof body.step === 'string' ? body.step : 'map';
    try {
      const saved = await standards.saveRecord(ctx, id, number, recordInputFromForm(body));
      const nextAnchor: Record<string, string> = { map: 'evaluate', evaluate: 'plan', plan: 'rate', rate: 'agree', agree: 'agree' };
      if (step === 'agree' && saved.agreedByGroup) {
        const idx = STANDARD_NUMBERS.indexOf(number as StandardNumber);
        const next = STANDARD_NUMBERS[idx + 1];
        return await reply.redirectWithFlash(next ? `/standards/evaluations/${id}/standards/${next}` : `/standards/evaluations/${id}#task-list`, { kind: 'success', heading: `Standard ${number} saved and agreed` });
      }
      return await reply.redirectWithFlash(`/standards/evaluations/${id}/standards/${number}#${nextAnchor[step] ?? 'map'}`, { kind: 'success', heading: `Standard ${number} saved` });
    } catch (error) {
      const view = await standards.getEvaluation(ctx, id);
      const record = view.records.find((r) => r.standardNumber === number);
      if (!record) throw error;
      if (error instanceof ConflictError) {
        const theirs = formFromRecord(view, record);
        const yours = formFromPost(view, record, body, record.version);
        return renderStandard(reply, ctx, id, number, { form: yours, conflict: { message: error.message, rows: conflictRows(view, theirs, yours), by: record.updatedByPersonId, at: record.updatedAt } }, 409);
      }
      if (error instanceof ValidationError) {
        const expected = Number(body.expectedVersion ?? record.version);
        return renderStandard(reply, ctx, id, number, { form: formFromPost(view, record, body, Number.isFinite(expected) ? expected : record.version), errors: formErrorsView(error) }, 400);
      }
      throw error;
    }
  });

  route(app, 'POST', '/standards/evaluations/:id/standards/:number/actions', { access: CONTRIBUTORS }, async (request, reply) => {
    const { id, number } = parseInput(standardParams, request.params);
    StandardsServiceNumber(number);
    const ctx = contextOf(request);
    const body = { ...(request.body as Record<string, unknown>), standardNumber: number };
    try {
      await standards.addAction(ctx, id, body);
      return await reply.redirectWithFlash(`/standards/evaluations/${id}/standards/${number}#plan`, { kind: 'success', heading: 'Action added to the development plan' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderStandard(reply, ctx, id, number, { actionErrors: formErrorsView(error), actionValues: body }, 400);
    }
  });

  // --- summary report and exports ---------------------------------------------------------------

  async function summaryOf(ctx: ServiceContext, id: string) {
    const view = await standards.getEvaluation(ctx, id);
    return { view, summary: buildSummary({ evaluation: view.evaluation, catalogue: view.catalogue, records: view.records, actions: view.actions, comments: view.comments, now: services.clock.now() }) };
  }

  route(app, 'GET', '/standards/evaluations/:id/summary', { access: READERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const { view, summary } = await summaryOf(contextOf(request), id);
    return reply.render('standards/views/summary.njk', { view, evaluation: view.evaluation, summary, labels, statusTag: STATUS_TAG[view.evaluation.status] });
  });

  const fileName = (view: EvaluationView, ext: string) => `standards-${view.evaluation.serviceName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${view.evaluation.evaluationDate}.${ext}`;

  async function sendPdf(request: FastifyRequest, reply: FastifyReply) {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const { view, summary } = await summaryOf(ctx, id);
    const pdf = await renderSummaryPdf(summary, services.clock.now());
    await standards.recordExport(ctx, id, 'pdf');
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${fileName(view, 'pdf')}"`).send(pdf);
  }
  async function sendCsv(request: FastifyRequest, reply: FastifyReply, which: 'ratings' | 'actions') {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const view = await standards.getEvaluation(ctx, id);
    const rows = which === 'ratings' ? ratingsCsvRows(view.evaluation, view.catalogue, view.records) : actionsCsvRows(view.actions, view.catalogue, services.clock.now(), () => `${view.evaluation.serviceName} ${view.evaluation.evaluationDate}`);
    await standards.recordExport(ctx, id, `${which}-csv`);
    return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName(view, `${which}.csv`)}"`).send(toCsv(rows));
  }
  async function sendXlsx(request: FastifyRequest, reply: FastifyReply) {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const view = await standards.getEvaluation(ctx, id);
    const label = () => `${view.evaluation.serviceName} ${view.evaluation.evaluationDate}`;
    const xlsx = await standardsWorkbook([
      { name: 'Ratings', rows: ratingsCsvRows(view.evaluation, view.catalogue, view.records) },
      { name: 'Actions', rows: actionsCsvRows(view.actions, view.catalogue, services.clock.now(), label) },
    ]);
    await standards.recordExport(ctx, id, 'xlsx');
    return reply.header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('content-disposition', `attachment; filename="${fileName(view, 'xlsx')}"`).send(xlsx);
  }

  route(app, 'GET', '/standards/evaluations/:id/summary.pdf', { access: READERS }, sendPdf);
  route(app, 'GET', '/standards/evaluations/:id/ratings.csv', { access: READERS }, (request, reply) => sendCsv(request, reply, 'ratings'));
  route(app, 'GET', '/standards/evaluations/:id/actions.csv', { access: READERS }, (request, reply) => sendCsv(request, reply, 'actions'));
  route(app, 'GET', '/standards/evaluations/:id/summary.xlsx', { access: READERS }, sendXlsx);

  // --- development plan -----------------------------------------------------------------------

  route(app, 'GET', '/standards/plan', { access: READERS }, async (request, reply) => {
    const ctx = contextOf(request);
    const query = parseInput(z.object({ service: z.string().uuid().optional().or(z.literal('')), open: z.string().optional() }), request.query);
    const openOnly = query.open === 'yes';
    const plan = await standards.plan(ctx, { ...(query.service ? { organisationId: query.service } : {}), includeClosed: !openOnly });
    const { services: serviceOptions } = await standards.formOptions();
    const catalogue = (await standards.currentCatalogue()).catalogue;
    return reply.render('standards/views/plan.njk', {
      rows: plan.rows.map((r) => ({ ...r, standardTitle: findStandard(catalogue, r.action.standardNumber).title })),
      summary: plan.summary,
      labels,
      serviceOptions,
      filter: { service: query.service ?? '', open: openOnly },
    });
  });

  async function renderAction(reply: FastifyReply, ctx: ServiceContext, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const data = await standards.getAction(ctx, id);
    return reply.render(
      'standards/views/action.njk',
      {
        ...data,
        labels,
        statusOptions: ACTION_STATUS_CHANGES[data.action.status].map((s) => ({ value: s, text: ACTION_STATUS_LABELS[s] })),
        targetDateLabel: formatLongDate(data.action.targetDate),
        ...extra,
      },
      status,
    );
  }

  route(app, 'GET', '/standards/actions/:id', { access: READERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return renderAction(reply, contextOf(request), id);
  });

  for (const [path, method, flash] of [
    ['status', 'changeActionStatus', 'Action status changed'],
    ['notes', 'addProgressNote', 'Progress note added'],
    ['revise', 'reviseAction', 'Action changed'],
  ] as const) {
    route(app, 'POST', `/standards/actions/:id/${path}`, { access: CONTRIBUTORS }, async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      const ctx = contextOf(request);
      try {
        await standards[method](ctx, id, request.body);
        return await reply.redirectWithFlash(`/standards/actions/${id}`, { kind: 'success', heading: flash });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return renderAction(reply, ctx, id, { errors: formErrorsView(error), values: request.body, form: path }, 400);
      }
    });
  }

  // --- comparison -----------------------------------------------------------------------------

  route(app, 'GET', '/standards/compare', { access: READERS }, async (request, reply) => {
    const ctx = contextOf(request);
    const query = parseInput(z.object({ baseline: z.string().optional(), repeat: z.string().optional() }), request.query);
    const items = await standards.listEvaluations(ctx);
    const evaluationOptions = items.map((i) => ({ value: i.evaluation.id, text: `${i.evaluation.serviceName}, ${formatLongDate(i.evaluation.evaluationDate)} (${EVALUATION_STATUS_LABELS[i.evaluation.status].toLowerCase()})` }));
    const data: Record<string, unknown> = { evaluationOptions, values: query, labels };
    let status = 200;
    if (query.baseline && query.repeat) {
      try {
        if (query.baseline === query.repeat) throw ValidationError.of('repeat', 'Choose two different evaluations');
        const comparison = await standards.compare(ctx, query.baseline, query.repeat);
        const catalogue = (await standards.getEvaluation(ctx, comparison.later.id)).catalogue;
        data.comparison = comparison;
        data.rows = comparison.standards.map((s) => ({ ...s, title: findStandard(catalogue, s.standardNumber).title }));
      } catch (error) {
        if (error instanceof RuleViolationError) {
          data.errors = { errorList: [{ text: error.message, href: '#repeat' }], byField: { repeat: { text: error.message } } };
          status = 422;
        } else if (error instanceof ValidationError) {
          data.errors = formErrorsView(error);
          status = 400;
        } else throw error;
      }
    }
    return reply.render('standards/views/compare.njk', data, status);
  });

  // --- catalogue versions (admin loads the official wording) ------------------------------------

  async function renderCatalogues(reply: FastifyReply, ctx: ServiceContext, extra: Record<string, unknown> = {}, status = 200) {
    const catalogues = await standards.catalogues(ctx);
    return reply.render('standards/views/catalogues.njk', { catalogues, isAdmin: hasAnyRole(ctx.actor, ['admin']), values: { format: 'csv' }, ...extra }, status);
  }

  route(app, 'GET', '/standards/catalogues', { access: READERS }, async (request, reply) => renderCatalogues(reply, contextOf(request)));

  route(app, 'GET', '/standards/catalogues/:id', { access: READERS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const row = await standards.catalogue(contextOf(request), id);
    return reply.render('standards/views/catalogue.njk', {
      row,
      chapters: CHAPTER_NUMBERS.map((n) => ({ chapter: findChapter(row.catalogue, n), standards: standardsInChapter(row.catalogue, n) })),
    });
  });

  route(app, 'POST', '/standards/catalogues', { access: ADMIN, bodyLimit: 1_000_000 }, async (request, reply) => {
    const ctx = contextOf(request);
    try {
      const id = await standards.importCatalogue(ctx, request.body);
      return await reply.redirectWithFlash(`/standards/catalogues/${id}`, { kind: 'success', heading: 'Official wording loaded', body: 'New evaluations will use this version. Existing evaluations keep the text they were made against.' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderCatalogues(reply, ctx, { errors: formErrorsView(error), values: request.body }, 400);
    }
  });

  route(app, 'POST', '/standards/catalogues/:id/current', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    await standards.makeCatalogueCurrent(contextOf(request), id);
    return reply.redirectWithFlash('/standards/catalogues', { kind: 'success', heading: 'New evaluations will use this version' });
  });

  registerStandardsApi(app, services);
}

function StandardsServiceNumber(number: string): void {
  if (!(STANDARD_NUMBERS as readonly string[]).includes(number)) {
    throw ValidationError.of('number', 'Choose one of the 28 standards');
  }
}

// --- JSON API ---------------------------------------------------------------------------------

const evaluationJson = z.object({
  id: z.string(),
  serviceId: z.string(),
  serviceName: z.string(),
  evaluationDate: z.string(),
  status: z.string(),
  catalogueVersion: z.string(),
  baselineEvaluationId: z.string().nullable(),
  chair: z.object({ personId: z.string(), name: z.string() }),
  noteTaker: z.object({ personId: z.string(), name: z.string() }).nullable(),
});

function registerStandardsApi(app: FastifyInstance, services: Services): void {
  const standards = services.standards;
  const apiEvaluation = (view: EvaluationView) => ({
    ...view.evaluation,
    progress: { completed: view.progress.completed, total: view.progress.total },
    records: view.records,
    actions: view.actions,
  });

  route(app, 'GET', '/api/v1/standards/catalogues', { access: READERS, api: { summary: 'Versions of the standards’ wording', tags: TAGS } }, async (request) => {
    const rows = await standards.catalogues(contextOf(request));
    return rows.map((r) => ({ id: r.id, versionLabel: r.versionLabel, wording: r.wording, isCurrent: r.isCurrent, createdAt: r.createdAt }));
  });
  route(
    app,
    'POST',
    '/api/v1/standards/catalogues',
    { access: ADMIN, bodyLimit: 1_000_000, api: { summary: 'Load the official wording (CSV or JSON text); it becomes the current version', tags: TAGS, body: z.object({ format: z.enum(['json', 'csv']), versionLabel: z.string().optional(), content: z.string() }), response: z.object({ id: z.string() }), successStatus: 201 } },
    async (request, reply) => reply.code(201).send({ id: await standards.importCatalogue(contextOf(request), request.body) }),
  );
  route(app, 'GET', '/api/v1/standards/evaluations', { access: READERS, api: { summary: 'Evaluations of the 28 standards', tags: TAGS, response: z.array(evaluationJson.extend({ completed: z.number(), openActions: z.number() })) } }, async (request) => {
    const items = await standards.listEvaluations(contextOf(request));
    return items.map((i) => ({ ...i.evaluation, completed: i.progress.completed, openActions: i.openActions }));
  });
  route(
    app,
    'POST',
    '/api/v1/standards/evaluations',
    { access: ORGANISERS, api: { summary: 'Set up an evaluation (give baselineEvaluationId to start a repeat from a closed one)', tags: TAGS, body: z.object({ serviceId: z.string(), evaluationDate: z.string(), chairPersonId: z.string(), noteTakerPersonId: z.string().optional(), participants: z.array(z.object({ personId: z.string(), represents: z.array(z.string()), attending: z.boolean() })).optional(), baselineEvaluationId: z.string().optional() }), response: z.object({ id: z.string() }), successStatus: 201 } },
    async (request, reply) => reply.code(201).send({ id: await standards.createEvaluation(contextOf(request), request.body) }),
  );
  route(app, 'GET', '/api/v1/standards/evaluations/:id', { access: READERS, api: { summary: 'One evaluation with its 28 records and its actions', tags: TAGS } }, async (request) => {
    const { id } = parseInput(idParams, request.params);
    return apiEvaluation(await standards.getEvaluation(contextOf(request), id));
  });
  route(
    app,
    'POST',
    '/api/v1/standards/evaluations/:id/participants',
    { access: CONTRIBUTORS, api: { summary: 'Add or update a participant', tags: TAGS, body: z.object({ personId: z.string(), represents: z.array(z.string()), attending: z.boolean() }), successStatus: 204 } },
    async (request, reply) => {
      await standards.addParticipant(contextOf(request), parseInput(idParams, request.params).id, request.body);
      return reply.code(204).send();
    },
  );
  route(
    app,
    'PUT',
    '/api/v1/standards/evaluations/:id/standards/:number',
    {
      access: CONTRIBUTORS,
      api: {
        summary: 'Save a standard’s record (Map, Evaluate, Plan, Rate, agreed); send the version you read as expectedVersion — 409 with details.current when someone saved first',
        tags: TAGS,
        body: z.object({ expectedVersion: z.number(), extentMet: z.string().nullable().optional(), partPositions: z.array(z.object({ partKey: z.string(), extentMet: z.string(), note: z.string().optional() })).optional(), evidence: z.array(z.object({ id: z.string().optional(), kind: z.string(), description: z.string(), whereToFind: z.string().optional() })).optional(), mapNotes: z.string().optional(), effectiveness: z.string().nullable().optional(), evaluateNotes: z.string().optional(), planNotes: z.string().optional(), risk: z.object({ amhps: z.string().nullable(), service: z.string().nullable(), organisation: z.string().nullable() }).optional(), agreedByGroup: z.boolean().optional() }),
      },
    },
    async (request) => {
      const { id, number } = parseInput(standardParams, request.params);
      return standards.saveRecord(contextOf(request), id, number, request.body);
    },
  );
  route(
    app,
    'POST',
    '/api/v1/standards/evaluations/:id/actions',
    { access: CONTRIBUTORS, api: { summary: 'Add a development-plan action to a standard (owner and a target date on or after the evaluation date are required)', tags: TAGS, body: z.object({ standardNumber: z.string(), description: z.string(), owner: z.string(), ownerPersonId: z.string().optional(), targetDate: z.string() }), response: z.object({ id: z.string() }), successStatus: 201 } },
    async (request, reply) => reply.code(201).send({ id: await standards.addAction(contextOf(request), parseInput(idParams, request.params).id, request.body) }),
  );
  route(
    app,
    'POST',
    '/api/v1/standards/evaluations/:id/transitions',
    { access: CONTRIBUTORS, api: { summary: 'Start the meeting, circulate for comments, or close (chair; closing needs all 28 standards completed)', tags: TAGS, body: z.object({ event: z.enum(['start_meeting', 'circulate', 'close']) }), response: evaluationJson } },
    async (request) => {
      const { event } = parseInput(z.object({ event: z.enum(['start_meeting', 'circulate', 'close']) }), request.body);
      return standards.transition(contextOf(request), parseInput(idParams, request.params).id, event);
    },
  );
  route(
    app,
    'POST',
    '/api/v1/standards/evaluations/:id/comments',
    { access: CONTRIBUTORS, api: { summary: 'Comment on a circulating evaluation', tags: TAGS, body: z.object({ standardNumber: z.string().optional(), text: z.string() }), successStatus: 204 } },
    async (request, reply) => {
      await standards.addComment(contextOf(request), parseInput(idParams, request.params).id, request.body);
      return reply.code(204).send();
    },
  );
  route(app, 'GET', '/api/v1/standards/evaluations/:id/summary.pdf', { access: READERS, api: { summary: 'Summary report as PDF', tags: TAGS, produces: 'application/pdf' } }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const view = await standards.getEvaluation(ctx, id);
    const summary = buildSummary({ evaluation: view.evaluation, catalogue: view.catalogue, records: view.records, actions: view.actions, comments: view.comments, now: services.clock.now() });
    await standards.recordExport(ctx, id, 'pdf');
    return reply.header('content-type', 'application/pdf').send(await renderSummaryPdf(summary, services.clock.now()));
  });
  route(app, 'GET', '/api/v1/standards/actions', { access: READERS, api: { summary: 'The development plan across all evaluations (overdue first)', tags: TAGS } }, async (request) => {
    const query = parseInput(z.object({ service: z.string().uuid().optional() }), request.query);
    const plan = await standards.plan(contextOf(request), query.service ? { organisationId: query.service } : {});
    return { summary: plan.summary, actions: plan.rows.map((r) => ({ ...r.action, overdue: r.overdue, daysOverdue: r.daysOverdue, serviceName: r.evaluation.serviceName, evaluationDate: r.evaluation.evaluationDate })) };
  });
  route(
    app,
    'POST',
    '/api/v1/standards/actions/:id/status',
    { access: CONTRIBUTORS, api: { summary: 'Change an action’s status (a reason is needed to drop it)', tags: TAGS, body: z.object({ status: z.enum(ACTION_STATUSES), note: z.string().optional() }), successStatus: 204 } },
    async (request, reply) => {
      await standards.changeActionStatus(contextOf(request), parseInput(idParams, request.params).id, request.body);
      return reply.code(204).send();
    },
  );
  route(
    app,
    'POST',
    '/api/v1/standards/actions/:id/notes',
    { access: CONTRIBUTORS, api: { summary: 'Add a progress note to an action', tags: TAGS, body: z.object({ note: z.string() }), successStatus: 204 } },
    async (request, reply) => {
      await standards.addProgressNote(contextOf(request), parseInput(idParams, request.params).id, request.body);
      return reply.code(204).send();
    },
  );
  route(
    app,
    'GET',
    '/api/v1/standards/comparisons',
    { access: READERS, api: { summary: 'Compare two evaluations of the same service, standard by standard (422 different_services otherwise)', tags: TAGS, query: z.object({ baseline: z.string(), repeat: z.string() }) } },
    async (request) => {
      const query = parseInput(z.object({ baseline: z.string().uuid(), repeat: z.string().uuid() }), request.query);
      if (query.baseline === query.repeat) throw ValidationError.of('repeat', 'Choose two different evaluations');
      return standards.compare(contextOf(request), query.baseline, query.repeat);
    },
  );
  void PLAN_MANAGERS;
  void ROLE_GROUPS;
}
