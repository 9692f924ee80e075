import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import { ForbiddenError, NotFoundError, RuleViolationError, ValidationError } from '../../platform/errors.js';
import { formBody, formErrorsView, idParams, parseInput } from '../../platform/http/forms.js';
import { contextOf, route } from '../../platform/http/routing.js';
import { hasAnyRole, ROLE_GROUPS, type Role } from '../../platform/roles.js';
import type { Services } from '../../services.js';
import { APPROVAL_END_REASONS, PROFESSIONS } from './approval.js';
import { KEY_COMPETENCES } from './competencies.js';
import { formatPence } from './funding.js';
import { complianceSheet, registerSheet, toCsv, toXlsx } from './register-exports.js';
import { PIPELINE_USERS, REGISTER_EDITORS, REGISTER_VIEWERS, SUMMARY_READERS } from './register-service.js';
import { formatDate } from './register-time.js';
import { SUPERVISION_ARRANGEMENTS, SUPERVISION_TYPES } from './supervision.js';
import { nextOpenCohort, cohortLabel, nominationDeadline, type Cohort } from './trainee-pipeline.js';

const EDITORS = { roles: REGISTER_EDITORS };
const VIEWERS = { roles: REGISTER_VIEWERS };
const PIPELINE = { roles: PIPELINE_USERS };
const EVERYONE = { roles: ROLE_GROUPS.everyone };
const SUPERVISION_RECORDERS: readonly Role[] = ['lead_amhp', 'admin', 'operational_manager', 'edt_manager'];

/** The record forms on a person's register page: who may open each, besides the AMHP themself. */
const FORMS = {
  approval: { title: 'Approve or re-approve', roles: REGISTER_EDITORS, self: false, flash: 'Approval recorded' },
  authorisation: { title: 'Authorise to act for another LSSA', roles: REGISTER_EDITORS, self: false, flash: 'Authorisation recorded' },
  suspension: { title: 'Suspend approval', roles: REGISTER_EDITORS, self: false, flash: 'Approval suspended' },
  training: { title: 'Record training', roles: REGISTER_EDITORS, self: true, flash: 'Training recorded' },
  event: { title: 'Record a professional meeting or away day', roles: REGISTER_EDITORS, self: true, flash: 'Attendance recorded' },
  supervision: { title: 'Record supervision', roles: SUPERVISION_RECORDERS, self: true, flash: 'Supervision recorded' },
  contract: { title: 'Start a supervision contract', roles: SUPERVISION_RECORDERS, self: false, flash: 'Supervision contract started' },
  competency: { title: 'Annual competency record', roles: SUPERVISION_RECORDERS, self: true, flash: 'Competency record saved' },
  details: { title: 'Change register details', roles: REGISTER_EDITORS, self: false, flash: 'Register details saved' },
} as const;
type FormKind = keyof typeof FORMS;

function mayUseForm(ctx: ServiceContext, personId: string, kind: FormKind): boolean {
  const form = FORMS[kind];
  return hasAnyRole(ctx.actor, form.roles) || (form.self && ctx.actor.personId === personId);
}

function isFormError(error: unknown): error is ValidationError {
  return error instanceof ValidationError;
}

export function registerRegisterRoutes(app: FastifyInstance, services: Services): void {
  const register = services.register;

  async function options() {
    const lssas = await services.staff.lssas();
    return {
      lssaOptions: lssas.map((l) => ({ value: l.id, text: l.name })),
      professionOptions: PROFESSIONS.map((p) => ({ value: p.code, text: p.label })),
      arrangementOptions: SUPERVISION_ARRANGEMENTS.map((a) => ({ value: a.code, text: a.label })),
      typeOptions: SUPERVISION_TYPES.map((t) => ({ value: t.code, text: t.label })),
      endReasonOptions: APPROVAL_END_REASONS.map((r) => ({ value: r.code, text: r.label })),
      supervisorOptions: await register.supervisors(),
      competences: KEY_COMPETENCES,
    };
  }

  async function renderForm(request: FastifyRequest, reply: FastifyReply, kind: FormKind, values: Record<string, unknown>, error?: ValidationError) {
    const ctx = contextOf(request);
    const { id } = parseInput(idParams, request.params);
    if (!mayUseForm(ctx, id, kind)) throw new ForbiddenError();
    const view = await register.personView(ctx, id);
    if (!view.onRegister) throw new NotFoundError('The register entry');
    const approvalOptions = view.approvals.map((a) => ({ value: a.id, text: `${formatDate(a.startDate)} to ${formatDate(a.earlyEnd?.endedOn ?? a.endDate)}` })).reverse();
    return reply.render(
      'register/views/record-form.njk',
      { kind, title: FORMS[kind].title, view, values, approvalOptions, ...(await options()), ...(error ? { errors: formErrorsView(error) } : {}) },
      error ? 400 : 200,
    );
  }

  // ---------------------------------------------------------------- register pages

  route(app, 'GET', '/register', { access: VIEWERS }, async (request, reply) => {
    const ctx = contextOf(request);
    const [rows, due] = await Promise.all([register.registerRows(ctx), register.reapprovalsDue(ctx)]);
    const q = typeof (request.query as Record<string, unknown>).status === 'string' ? String((request.query as Record<string, unknown>).status) : '';
    return reply.render('register/views/index.njk', {
      rows: q ? rows.filter((r) => r.status === q) : rows,
      due,
      status: q,
      warningDays: await register.warningDays(),
      canEdit: hasAnyRole(ctx.actor, REGISTER_EDITORS),
      section: 'register',
    });
  });

  route(app, 'GET', '/register/summary', { access: { roles: SUMMARY_READERS } }, async (request, reply) => {
    return reply.render('register/views/summary.njk', { summary: await register.summary(contextOf(request)), section: 'summary' });
  });

  route(app, 'GET', '/register/me', { access: EVERYONE }, async (request, reply) => {
    const ctx = contextOf(request);
    return renderPerson(reply, ctx, ctx.actor.personId, true);
  });

  async function renderPerson(reply: FastifyReply, ctx: ServiceContext, id: string, mine: boolean) {
    const view = await register.personView(ctx, id);
    const allowed = Object.fromEntries((Object.keys(FORMS) as FormKind[]).map((k) => [k, mayUseForm(ctx, id, k)]));
    return reply.render('register/views/person.njk', {
      view,
      mine,
      allowed,
      canEdit: hasAnyRole(ctx.actor, REGISTER_EDITORS),
      canResolve: hasAnyRole(ctx.actor, SUPERVISION_RECORDERS),
      isViewer: hasAnyRole(ctx.actor, REGISTER_VIEWERS),
      actorId: ctx.actor.personId,
      today: register.today(),
      section: mine ? 'me' : 'register',
    });
  }

  route(app, 'GET', '/register/people/new', { access: EDITORS }, async (request, reply) => {
    return reply.render('register/views/entry-form.njk', { candidates: (await register.candidates(contextOf(request))).map((p) => ({ value: p.id, text: `${p.name} (${p.organisationName})` })), values: request.query ?? {}, ...(await options()) });
  });

  route(app, 'POST', '/register/people', { access: EDITORS }, async (request, reply) => {
    const ctx = contextOf(request);
    const values = formBody(request);
    try {
      const id = await register.addToRegister(ctx, values);
      return await reply.redirectWithFlash(`/register/people/${id}`, { kind: 'success', heading: 'Added to the register', body: 'Now record their approval.' });
    } catch (error) {
      if (!isFormError(error)) throw error;
      return reply.render('register/views/entry-form.njk', { candidates: (await register.candidates(ctx)).map((p) => ({ value: p.id, text: `${p.name} (${p.organisationName})` })), values, errors: formErrorsView(error), ...(await options()) }, 400);
    }
  });

  route(app, 'GET', '/register/people/:id', { access: EVERYONE }, async (request, reply) => {
    const ctx = contextOf(request);
    const { id } = parseInput(idParams, request.params);
    return renderPerson(reply, ctx, id, id === ctx.actor.personId);
  });

  for (const kind of Object.keys(FORMS) as FormKind[]) {
    route(app, 'GET', `/register/people/:id/${kind}`, { access: EVERYONE }, async (request, reply) => {
      const defaults: Record<string, unknown> = { date: register.today() };
      if (kind === 'details') {
        const { id } = parseInput(idParams, request.params);
        const entry = await register.entryFor(id);
        Object.assign(defaults, entry ?? {});
      }
      return renderForm(request, reply, kind, defaults);
    });
    route(app, 'POST', `/register/people/:id/${kind}`, { access: EVERYONE }, async (request, reply) => {
      const ctx = contextOf(request);
      const { id } = parseInput(idParams, request.params);
      if (!mayUseForm(ctx, id, kind)) throw new ForbiddenError();
      const values = formBody(request);
      try {
        switch (kind) {
          case 'approval':
            await register.addApproval(ctx, id, values);
            break;
          case 'authorisation':
            await register.addAuthorisation(ctx, id, values);
            break;
          case 'suspension':
            await register.suspend(ctx, id, values);
            break;
          case 'training':
            await register.addTraining(ctx, id, values);
            break;
          case 'event':
            await register.addEvent(ctx, id, values);
            break;
          case 'supervision':
            await register.addSupervision(ctx, id, values);
            break;
          case 'contract':
            await register.addContract(ctx, id, values);
            break;
          case 'competency':
            await register.addCompetencyRecord(ctx, id, values);
            break;
          case 'details':
            await register.updateEntry(ctx, id, values);
            break;
        }
        return await reply.redirectWithFlash(id === ctx.actor.personId ? '/register/me' : `/register/people/${id}`, { kind: 'success', heading: FORMS[kind].flash });
      } catch (error) {
        if (!isFormError(error)) throw error;
        return renderForm(request, reply, kind, values, error);
      }
    });
  }

  const approvalParams = z.object({ id: z.string().uuid(), approvalId: z.string().uuid() });
  route(app, 'GET', '/register/people/:id/approvals/:approvalId/end', { access: EDITORS }, async (request, reply) => {
    const { id, approvalId } = parseInput(approvalParams, request.params);
    const view = await register.personView(contextOf(request), id);
    return reply.render('register/views/end-approval.njk', { view, approvalId, values: {}, ...(await options()) });
  });
  route(app, 'POST', '/register/people/:id/approvals/:approvalId/end', { access: EDITORS }, async (request, reply) => {
    const ctx = contextOf(request);
    const { id, approvalId } = parseInput(approvalParams, request.params);
    const values = formBody(request);
    try {
      await register.endApproval(ctx, id, approvalId, values);
      return await reply.redirectWithFlash(`/register/people/${id}`, { kind: 'success', heading: 'Approval ended', body: 'The record is kept: it cannot be deleted.' });
    } catch (error) {
      if (!isFormError(error)) throw error;
      const view = await register.personView(ctx, id);
      return reply.render('register/views/end-approval.njk', { view, approvalId, values, errors: formErrorsView(error), ...(await options()) }, 400);
    }
  });

  route(app, 'POST', '/register/people/:id/suspensions/:suspensionId/lift', { access: EDITORS }, async (request, reply) => {
    const ctx = contextOf(request);
    const { id, suspensionId } = parseInput(z.object({ id: z.string().uuid(), suspensionId: z.string().uuid() }), request.params);
    try {
      await register.liftSuspension(ctx, id, suspensionId, formBody(request));
      return await reply.redirectWithFlash(`/register/people/${id}`, { kind: 'success', heading: 'Suspension lifted' });
    } catch (error) {
      if (!isFormError(error)) throw error;
      return reply.redirectWithFlash(`/register/people/${id}`, { kind: 'important', heading: 'The suspension was not lifted', body: error.fieldErrors.map((e) => e.message).join('. ') });
    }
  });

  route(app, 'POST', '/register/people/:id/contracts/:contractId/review', { access: { roles: SUPERVISION_RECORDERS } }, async (request, reply) => {
    const { id, contractId } = parseInput(z.object({ id: z.string().uuid(), contractId: z.string().uuid() }), request.params);
    await register.reviewContract(contextOf(request), id, contractId, formBody(request));
    return reply.redirectWithFlash(`/register/people/${id}`, { kind: 'success', heading: 'Contract review recorded' });
  });

  for (const action of ['sign', 'dispute', 'resolve'] as const) {
    route(app, 'POST', `/register/supervision/:id/${action}`, { access: EVERYONE }, async (request, reply) => {
      const ctx = contextOf(request);
      const { id } = parseInput(idParams, request.params);
      const owner = await register.supervisionRecordOwner(id);
      if (!owner) throw new NotFoundError('The supervision record');
      const back = owner === ctx.actor.personId ? '/register/me' : `/register/people/${owner}`;
      try {
        if (action === 'sign') await register.signSupervision(ctx, id);
        if (action === 'dispute') await register.disputeSupervision(ctx, id, formBody(request));
        if (action === 'resolve') await register.resolveDispute(ctx, id, formBody(request));
      } catch (error) {
        if (error instanceof RuleViolationError || error instanceof ValidationError) {
          const message = error instanceof ValidationError ? error.fieldErrors.map((e) => e.message).join('. ') : error.message;
          return reply.redirectWithFlash(back, { kind: 'important', heading: 'Nothing was changed', body: message });
        }
        throw error;
      }
      const heading = action === 'sign' ? 'Supervision record signed' : action === 'dispute' ? 'Record disputed: flagged for mediation' : 'Mediation outcome recorded: the record needs signing again';
      return reply.redirectWithFlash(back, { kind: 'success', heading });
    });
  }

  route(app, 'GET', '/register/people/:id/panel-pack.pdf', { access: EDITORS }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const { pdf, filename } = await register.panelPack(contextOf(request), id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'no-store').send(pdf);
  });

  route(app, 'GET', '/register/compliance', { access: VIEWERS }, async (request, reply) => {
    const rows = await register.compliance(contextOf(request));
    return reply.render('register/views/compliance.njk', { rows, atRisk: rows.filter((r) => r.atRisk).length, met: rows.filter((r) => r.trainingMet).length, section: 'compliance' });
  });

  route(app, 'GET', '/register/supervision-audit', { access: VIEWERS }, async (request, reply) => {
    const q = request.query as Record<string, unknown>;
    const audit = await register.supervisionAudit(contextOf(request), typeof q.date === 'string' ? q.date : undefined);
    return reply.render('register/views/audit.njk', { audit, section: 'audit' });
  });

  const exportsTable = [
    { name: 'register', build: async (ctx: ServiceContext) => registerSheet(await register.registerRows(ctx)) },
    { name: 'compliance', build: async (ctx: ServiceContext) => complianceSheet(await register.compliance(ctx)) },
  ];
  for (const { name, build } of exportsTable) {
    route(app, 'GET', `/register/export/${name}.csv`, { access: VIEWERS }, async (request, reply) => {
      const csv = toCsv(await build(contextOf(request)));
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="amhp-${name}-${register.today()}.csv"`).send(csv);
    });
    route(app, 'GET', `/register/export/${name}.xlsx`, { access: VIEWERS }, async (request, reply) => {
      const xlsx = await toXlsx(await build(contextOf(request)));
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="amhp-${name}-${register.today()}.xlsx"`)
        .send(xlsx);
    });
  }

  // ---------------------------------------------------------------- pipeline and funding

  function cohortOptions(): Array<{ value: string; text: string }> {
    const first = nextOpenCohort(register.today());
    const out: Cohort[] = [first];
    for (let i = 0; i < 3; i++) {
      const last = out[out.length - 1] as Cohort;
      out.push(last.intake === 'april' ? { intake: 'september', year: last.year } : { intake: 'april', year: last.year + 1 });
    }
    return out.map((c) => ({ value: `${c.intake}-${c.year}`, text: `${cohortLabel(c)} (nominations close ${formatDate(nominationDeadline(c))})` }));
  }

  route(app, 'GET', '/register/trainees', { access: PIPELINE }, async (request, reply) => {
    const ctx = contextOf(request);
    const q = request.query as Record<string, unknown>;
    const year = typeof q.year === 'string' && /^\d{4}$/.test(q.year) ? Number(q.year) : Number(register.today().slice(0, 4));
    return reply.render('register/views/trainees.njk', { trainees: await register.trainees(ctx), perYear: await register.traineesPerYear(ctx, year), year, cohorts: cohortOptions(), section: 'trainees' });
  });

  route(app, 'GET', '/register/trainees/new', { access: PIPELINE }, async (_request, reply) => {
    return reply.render('register/views/nomination-form.njk', { values: { employerType: 'lssa', priority: 'no' }, cohorts: cohortOptions(), ...(await options()) });
  });

  route(app, 'POST', '/register/trainees', { access: PIPELINE }, async (request, reply) => {
    const values = formBody(request);
    try {
      const id = await register.nominate(contextOf(request), values);
      return await reply.redirectWithFlash(`/register/trainees/${id}`, { kind: 'success', heading: 'Nomination recorded' });
    } catch (error) {
      if (!isFormError(error)) throw error;
      return reply.render('register/views/nomination-form.njk', { values, cohorts: cohortOptions(), errors: formErrorsView(error), ...(await options()) }, 400);
    }
  });

  route(app, 'GET', '/register/trainees/:id', { access: PIPELINE }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return reply.render('register/views/trainee.njk', { t: await register.trainee(contextOf(request), id), today: register.today(), values: {}, section: 'trainees' });
  });

  for (const action of ['checklist', 'approve', 'shadowing', 'start', 'outcome', 'first-approval'] as const) {
    route(app, 'POST', `/register/trainees/:id/${action}`, { access: PIPELINE }, async (request, reply) => {
      const ctx = contextOf(request);
      const { id } = parseInput(idParams, request.params);
      const values = formBody(request);
      try {
        await register.traineeAction(ctx, id, action, values);
        return await reply.redirectWithFlash(`/register/trainees/${id}`, { kind: 'success', heading: 'Saved' });
      } catch (error) {
        if (!isFormError(error)) throw error;
        return reply.render('register/views/trainee.njk', { t: await register.trainee(ctx, id), today: register.today(), values, action, errors: formErrorsView(error), section: 'trainees' }, 400);
      }
    });
  }

  route(app, 'GET', '/register/funding', { access: PIPELINE }, async (request, reply) => {
    const q = { ...(request.query as Record<string, unknown>) };
    try {
      const result = await register.funding(contextOf(request), q);
      return await reply.render('register/views/funding.njk', { values: q, result, pounds: formatPence, section: 'funding' });
    } catch (error) {
      if (!isFormError(error)) throw error;
      return reply.render('register/views/funding.njk', { values: q, result: {}, pounds: formatPence, errors: formErrorsView(error), section: 'funding' }, 400);
    }
  });

  // ---------------------------------------------------------------- JSON API

  const tags = ['register'];
  const rowJson = z.object({
    personId: z.string(),
    name: z.string(),
    profession: z.string(),
    registrationNumber: z.string(),
    employer: z.string(),
    approvingLssa: z.string(),
    approvalStart: z.string().nullable(),
    approvalEnd: z.string().nullable(),
    status: z.string(),
    statusDescription: z.string(),
    authorisedFor: z.array(z.string()),
    reapprovalState: z.string(),
    reapprovalDueDate: z.string().nullable(),
    keepUntil: z.string().nullable(),
    eligibleToday: z.boolean(),
    eligibilityReason: z.string().nullable(),
  });
  const created = z.object({ id: z.string() });
  route(app, 'GET', '/api/v1/register', { access: VIEWERS, api: { summary: 'The AMHP register: every AMHP with status, approval, authorisations and re-approval', tags, response: z.array(rowJson) } }, async (request) =>
    register.registerRows(contextOf(request)),
  );
  route(app, 'GET', '/api/v1/register/reapprovals-due', { access: VIEWERS, api: { summary: 'Re-approvals due within the warning period (or recently overdue)', tags, response: z.array(rowJson) } }, async (request) =>
    register.reapprovalsDue(contextOf(request)),
  );
  route(app, 'GET', '/api/v1/register/compliance', { access: VIEWERS, api: { summary: 'Training compliance for the current approval year of every AMHP', tags } }, async (request) =>
    register.compliance(contextOf(request)),
  );
  route(app, 'GET', '/api/v1/register/summary', { access: { roles: SUMMARY_READERS }, api: { summary: 'Register summary (counts only)', tags } }, async (request) => register.summary(contextOf(request)));
  route(app, 'GET', '/api/v1/register/supervision-audit', { access: VIEWERS, api: { summary: 'Quarterly supervision audit (query date=YYYY-MM-DD picks the quarter)', tags, query: z.object({ date: z.string().optional() }) } }, async (request) =>
    register.supervisionAudit(contextOf(request), (request.query as { date?: string }).date),
  );
  const eligibilityQuery = z.object({ lssaId: z.string().uuid().optional(), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give the date as YYYY-MM-DD').optional() });
  route(
    app,
    'GET',
    '/api/v1/register/people/:id/eligibility',
    { access: { roles: [...REGISTER_VIEWERS, 'business_support', 'amhp_lead'] }, api: { summary: 'May this AMHP act for this LSSA on this date? (the rule rota and allocation use)', tags, query: eligibilityQuery, response: z.object({ eligible: z.boolean(), reason: z.string().optional(), code: z.string().optional() }) } },
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const q = parseInput(eligibilityQuery, request.query);
      return register.mayAct(id, q.lssaId ?? null, q.date ?? register.today());
    },
  );
  route(app, 'GET', '/api/v1/register/people/:id', { access: EVERYONE, api: { summary: 'One AMHP’s register entry (yourself, or anyone for register viewers)', tags } }, async (request) => {
    const view = await register.personView(contextOf(request), parseInput(idParams, request.params).id);
    if (!view.onRegister) throw new NotFoundError('The register entry');
    return {
      personId: view.personId,
      name: view.person.name,
      entry: view.entry,
      status: view.status.status,
      statusDescription: view.status.description,
      approvals: view.history,
      reapproval: view.reapproval,
      keepUntil: view.keepUntil,
      compliance: view.compliance,
      trainingYears: view.trainingYears,
      training: view.training,
      supervision: view.supervision,
      supervisionRecords: view.supervisionRecords.map((s) => ({ id: s.id, date: s.date, type: s.type, supervisorId: s.supervisorId, state: s.state })),
      competencyReview: view.competencyReview,
    };
  });
  const apiPost = (url: string, summary: string, roles: readonly Role[], schema: z.ZodType, run: (ctx: ServiceContext, id: string, body: unknown) => Promise<string>) =>
    route(app, 'POST', url, { access: { roles }, api: { summary, tags, body: schema, response: created, successStatus: 201 } }, async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      return reply.code(201).send({ id: await run(contextOf(request), id, request.body) });
    });
  route(app, 'POST', '/api/v1/register/people', { access: EDITORS, api: { summary: 'Add an AMHP to the register', tags, body: z.object({ personId: z.string(), profession: z.string(), registrationNumber: z.string(), arrangement: z.string() }), response: created, successStatus: 201 } }, async (request, reply) =>
    reply.code(201).send({ id: await register.addToRegister(contextOf(request), request.body) }),
  );
  apiPost('/api/v1/register/people/:id/approvals', 'Approve or re-approve (end defaults to five years)', REGISTER_EDITORS, z.object({ approvingLssaId: z.string(), startDate: z.string(), endDate: z.string().optional(), notes: z.string().optional() }), (ctx, id, b) => register.addApproval(ctx, id, b));
  apiPost('/api/v1/register/people/:id/authorisations', 'Authorise for another LSSA within an approval', REGISTER_EDITORS, z.object({ approvalId: z.string(), lssaId: z.string(), startDate: z.string(), endDate: z.string().optional() }), (ctx, id, b) => register.addAuthorisation(ctx, id, b));
  apiPost('/api/v1/register/people/:id/suspensions', 'Suspend an approval', REGISTER_EDITORS, z.object({ approvalId: z.string(), startDate: z.string(), endDate: z.string().optional(), reason: z.string() }), (ctx, id, b) => register.suspend(ctx, id, b));
  apiPost('/api/v1/register/people/:id/training', 'Record training (the AMHP themself, or the Lead AMHP/admin)', ROLE_GROUPS.everyone, z.object({ date: z.string(), title: z.string(), provider: z.string(), hours: z.number(), amhpSpecific: z.boolean().optional(), legalUpdate: z.boolean().optional() }), (ctx, id, b) => register.addTraining(ctx, id, b));
  apiPost('/api/v1/register/people/:id/supervision', 'Record a supervision session (unsigned until both parties sign)', ROLE_GROUPS.everyone, z.object({ supervisorId: z.string(), date: z.string(), type: z.string(), casesDiscussed: z.array(z.string()).optional(), topic: z.string().optional() }), (ctx, id, b) => register.addSupervision(ctx, id, b));
  route(app, 'POST', '/api/v1/register/supervision/:id/sign', { access: EVERYONE, api: { summary: 'Sign a supervision record (parties only)', tags, successStatus: 204 } }, async (request, reply) => {
    await register.signSupervision(contextOf(request), parseInput(idParams, request.params).id);
    return reply.code(204).send();
  });
  route(app, 'GET', '/api/v1/register/people/:id/panel-pack', { access: EDITORS, api: { summary: 'Approval panel pack (PDF)', tags, produces: 'application/pdf' } }, async (request, reply) => {
    const { pdf, filename } = await register.panelPack(contextOf(request), parseInput(idParams, request.params).id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
  });
  route(app, 'PUT', '/api/v1/register/settings', { access: { roles: ['admin'] }, api: { summary: 'Change the re-approval warning period and the supervision frequency rules', tags, successStatus: 204 } }, async (request, reply) => {
    await register.putSettings(contextOf(request), request.body);
    return reply.code(204).send();
  });
}
