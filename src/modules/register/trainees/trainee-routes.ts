/** The trainee pipeline: nominations, the checklist and each step to first approval (pages and API). */
import type { z } from 'zod';
import type { ServiceContext } from '../../../platform/audit.js';
import { idParams } from '../../../platform/http/fields.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { dateInputValues, formatDate } from '../../../platform/london-time.js';
import { PROFESSIONS } from '../approvals/approval.js';
import { PIPELINE_USERS, SUMMARY_READERS } from '../register-access.js';
import { formErrors, showAgain } from '../register-forms.js';
import { registerPaths as paths } from '../register-paths.js';
import type { StaffDirectory } from '../register-ports.js';
import { cohortLabel, nextOpenCohort, nominationDeadline, type Cohort } from './trainee-pipeline.js';
import {
  approveApiBody,
  approveForm,
  checklistApiBody,
  checklistBody,
  firstApprovalApiBody,
  firstApprovalForm,
  nominationBody,
  outcomeApiBody,
  outcomeForm,
  perYearQuery,
  perYearResource,
  shadowingApiBody,
  shadowingForm,
  startApiBody,
  startForm,
  traineeResource,
} from './trainee-schemas.js';
import type { TraineeService, TraineeView } from './trainee-service.js';

const tags = ['register'];
const pageTags = ['register pages'];
const PIPELINE = { roles: PIPELINE_USERS };
const HTML = { contentType: 'text/html' };

type Step = 'checklist' | 'approve' | 'shadowing' | 'start' | 'outcome' | 'first-approval';

type TraineeRouteDeps = { trainees: TraineeService; staff: StaffDirectory; today: () => string };

/** The pipeline's pages, and each step as a form on the trainee's page and an API operation. */
function pipelineRoutes(deps: TraineeRouteDeps): RouteDeclaration[] {
  const { trainees } = deps;
  const professionOptions = PROFESSIONS.map((p) => ({ value: p.code, text: p.label }));
  const lssaOptions = async () => (await deps.staff.lssas()).map((l) => ({ value: l.id, text: l.name }));

  /** The next four intakes open to a nomination made today. */
  const cohortOptions = () => {
    const out: Cohort[] = [nextOpenCohort(deps.today())];
    for (let i = 0; i < 3; i++) {
      const last = out[out.length - 1] as Cohort;
      out.push(last.intake === 'april' ? { intake: 'september', year: last.year } : { intake: 'april', year: last.year + 1 });
    }
    return out.map((c) => ({ value: `${c.intake}-${c.year}`, text: `${cohortLabel(c)} (nominations close ${formatDate(nominationDeadline(c))})` }));
  };
  const formContext = async () => ({ cohorts: cohortOptions(), lssaOptions: await lssaOptions(), professionOptions });
  const traineePage = (t: TraineeView, extra: Record<string, unknown> = {}) => ({
    t,
    onToday: dateInputValues('on', deps.today()),
    dateToday: dateInputValues('date', deps.today()),
    values: {},
    section: 'trainees',
    ...extra,
  });

  /** A step as a form on the trainee's page, and as an API operation. */
  const step = <F extends z.ZodType, A extends z.ZodType>(spec: {
    name: Step;
    page: { pattern: string };
    api: { pattern: string };
    summary: string;
    audit: string;
    form: F;
    apiBody: A;
    run: (ctx: ServiceContext, id: string, command: z.output<A>) => Promise<TraineeView>;
  }): RouteDeclaration[] => [
    defineRoute({
      method: 'POST',
      path: spec.page.pattern,
      access: PIPELINE,
      summary: `Page: ${spec.summary} (form on the trainee’s page)`,
      tags: pageTags,
      params: idParams,
      body: spec.form,
      audit: spec.audit,
      success: { status: 303, contentType: 'text/html' },
      refusals: ['not_found', 'state', 'rule', 'conflict'],
      onRefusal: async ({ error, values, params, ctx, reply }) => {
        if (!params) throw error;
        const t = await trainees.get(ctx, params.id, { audit: false });
        return reply.render('register/trainees/views/trainee.njk', traineePage(t, { values, action: spec.name, errors: formErrors(error) }), error.status);
      },
      handler: async ({ ctx, params, body, reply }) => {
        await spec.run(ctx, params.id, body as z.output<A>);
        return reply.redirectWithFlash(paths.trainee({ id: params.id }), { kind: 'success', heading: 'Saved' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: spec.api.pattern,
      access: PIPELINE,
      summary: spec.summary,
      tags,
      params: idParams,
      body: spec.apiBody,
      audit: spec.audit,
      success: { schema: traineeResource },
      refusals: ['not_found', 'state', 'rule', 'conflict'],
      handler: async ({ ctx, params, body }) => spec.run(ctx, params.id, body as z.output<A>),
    }),
  ];

  return [
    defineRoute({
      method: 'GET',
      path: paths.trainees,
      access: PIPELINE,
      summary: 'Page: AMHP trainees and trainees per council',
      tags: pageTags,
      query: perYearQuery,
      success: HTML,
      handler: async ({ ctx, query, reply }) => {
        const year = query.year ?? Number(deps.today().slice(0, 4));
        return reply.render('register/trainees/views/trainees.njk', { trainees: await trainees.list(ctx), perYear: await trainees.perYear(ctx, year), year, section: 'trainees' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.newTrainee,
      access: PIPELINE,
      summary: 'Page: record a nomination for AMHP training',
      tags: pageTags,
      success: HTML,
      handler: async ({ reply }) => reply.render('register/trainees/views/nomination-form.njk', { values: { employerType: 'lssa', priority: 'no' }, ...(await formContext()) }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.trainees,
      access: PIPELINE,
      summary: 'Page: record a nomination (form)',
      tags: pageTags,
      body: nominationBody,
      audit: 'nomination_recorded',
      success: { status: 303, contentType: 'text/html' },
      refusals: ['rule'],
      onRefusal: showAgain('register/trainees/views/nomination-form.njk', formContext),
      handler: async ({ ctx, body, reply }) => {
        const t = await trainees.nominate(ctx, body);
        return reply.redirectWithFlash(paths.trainee({ id: t.id }), { kind: 'success', heading: 'Nomination recorded' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.trainee.pattern,
      access: PIPELINE,
      summary: 'Page: one trainee’s way through the pipeline',
      tags: pageTags,
      params: idParams,
      audit: 'nomination_viewed',
      success: HTML,
      handler: async ({ ctx, params, reply }) => reply.render('register/trainees/views/trainee.njk', traineePage(await trainees.get(ctx, params.id))),
    }),
    ...step({ name: 'checklist', page: paths.traineeChecklist, api: paths.apiTraineeChecklist, summary: 'Record which checklist items are received', audit: 'trainee_checklist', form: checklistBody, apiBody: checklistApiBody, run: (ctx, id, c) => trainees.checklist(ctx, id, c) }),
    ...step({ name: 'approve', page: paths.traineeApprove, api: paths.apiTraineeApprove, summary: 'Approve the nomination (every checklist item received)', audit: 'trainee_approve', form: approveForm, apiBody: approveApiBody, run: (ctx, id, c) => trainees.approve(ctx, id, c) }),
    ...step({ name: 'shadowing', page: paths.traineeShadowing, api: paths.apiTraineeShadowing, summary: 'Log a shadowing day', audit: 'trainee_shadowing', form: shadowingForm, apiBody: shadowingApiBody, run: (ctx, id, c) => trainees.logShadowing(ctx, id, c) }),
    ...step({ name: 'start', page: paths.traineeStart, api: paths.apiTraineeStart, summary: 'Record the course start (five shadowing days by then)', audit: 'trainee_start', form: startForm, apiBody: startApiBody, run: (ctx, id, c) => trainees.startCourse(ctx, id, c) }),
    ...step({ name: 'outcome', page: paths.traineeOutcome, api: paths.apiTraineeOutcome, summary: 'Record the course outcome: passed, not passed or withdrawn', audit: 'trainee_outcome', form: outcomeForm, apiBody: outcomeApiBody, run: (ctx, id, c) => trainees.recordOutcome(ctx, id, c) }),
    ...step({ name: 'first-approval', page: paths.traineeFirstApproval, api: paths.apiTraineeFirstApproval, summary: 'Record the first approval (within five years of passing)', audit: 'trainee_first_approval', form: firstApprovalForm, apiBody: firstApprovalApiBody, run: (ctx, id, c) => trainees.recordFirstApproval(ctx, id, c) }),

  ];
}

/** Listing, nominating and counting, for programs. */
function traineeApiRoutes(deps: TraineeRouteDeps): RouteDeclaration[] {
  const { trainees } = deps;
  return [
    // ── API ─────────────────────────────────────────────────────────────────────────────────
    defineRoute({
      method: 'GET',
      path: paths.apiTrainees,
      access: PIPELINE,
      summary: 'Every nomination and where it stands, newest intake first',
      tags,
      success: { schema: traineeResource.array() },
      handler: async ({ ctx }) => trainees.list(ctx),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiTrainees,
      access: PIPELINE,
      summary: 'Record a nomination for AMHP training (refused after the intake’s deadline: rule after_deadline)',
      tags,
      body: nominationBody,
      audit: 'nomination_recorded',
      success: { status: 201, schema: traineeResource },
      refusals: ['rule'],
      handler: async ({ ctx, body }) => trainees.nominate(ctx, body),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiTraineesPerYear,
      access: { roles: SUMMARY_READERS },
      summary: 'Trainees per LSSA for a year’s intakes against the target of six a year',
      tags,
      query: perYearQuery,
      success: { schema: perYearResource },
      handler: async ({ ctx, query }) => trainees.perYear(ctx, query.year ?? Number(deps.today().slice(0, 4))),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiTrainee.pattern,
      access: PIPELINE,
      summary: 'One nomination and where it stands',
      tags,
      params: idParams,
      audit: 'nomination_viewed',
      success: { schema: traineeResource },
      handler: async ({ ctx, params }) => trainees.get(ctx, params.id),
    }),
  ];
}

export function traineeRoutes(deps: TraineeRouteDeps): RouteDeclaration[] {
  return [...pipelineRoutes(deps), ...traineeApiRoutes(deps)];
}
