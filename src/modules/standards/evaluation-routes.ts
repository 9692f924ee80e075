/**
 * Evaluations: the list, setting one up (or a repeat), its page with the task list, participants,
 * early thoughts, circulation comments and the chair's transitions; pages and API.
 */
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { dateInputValues } from '../../platform/http/fields.js';
import { hasAnyRole } from '../../platform/roles.js';
import { EVALUATION_STATUS_LABELS, TASK_STATUS_LABELS, type Evaluation } from './evaluation.js';
import type { EvaluationView } from './evaluation-service.js';
import { CATALOGUE_ADMINS, STANDARDS_CONTRIBUTORS, STANDARDS_ORGANISERS, STANDARDS_READERS } from './standards-access.js';
import { CHAPTER_NUMBERS, findChapter, standardsInChapter } from './standards-catalogue.js';
import { standardsPaths as paths } from './standards-paths.js';
import {
  toEvaluationDetail,
  toEvaluationList,
  toEvaluationResource,
  commentResource,
  earlyThoughtResource,
  evaluationDetailResource,
  evaluationListResource,
  evaluationResource,
} from './standards-resources.js';
import {
  commentBody,
  earlyThoughtBody,
  evaluationParams,
  newEvaluationBody,
  participantBody,
  newEvaluationForm,
  newEvaluationQuery,
  participantForm,
  participantParams,
  transitionBody,
} from './standards-schemas.js';
import type { StandardsService } from './standards-service.js';
import { labels, options, refusalErrors, STATUS_TAG, TASK_TAG } from './standards-views.js';

const READERS = { roles: STANDARDS_READERS };
const CONTRIBUTORS = { roles: STANDARDS_CONTRIBUTORS };
const ORGANISERS = { roles: STANDARDS_ORGANISERS };
const PAGE = { contentType: 'text/html' };
const REDIRECT = { status: 303, contentType: 'text/html', description: 'Back to the evaluation' };

function taskList(view: EvaluationView) {
  return CHAPTER_NUMBERS.map((chapter) => ({
    chapter: findChapter(view.catalogue, chapter),
    items: standardsInChapter(view.catalogue, chapter).map((s) => {
      const status = view.progress.standards.find((p) => p.number === s.number)?.status ?? 'not_started';
      return {
        title: { text: `${s.number} ${s.title}` },
        href: paths.standard({ id: view.evaluation.id, number: s.number }),
        status: status === 'completed' ? { text: TASK_STATUS_LABELS.completed } : { tag: { text: TASK_STATUS_LABELS[status], classes: TASK_TAG[status] } },
      };
    }),
  }));
}

/** The evaluation page (and again with a refused form's errors and values). */
async function renderEvaluation(standards: StandardsService, reply: FastifyReply, ctx: ServiceContext, id: string, extra: Record<string, unknown> = {}, status = 200) {
  const view = await standards.evaluations.view(ctx, id);
  const { people } = await standards.evaluations.formOptions();
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
      baseline: view.baseline,
      mayStartRepeat: view.evaluation.status === 'closed' && hasAnyRole(ctx.actor, STANDARDS_ORGANISERS),
      ...extra,
    },
    status,
  );
}

/** The set-up form; with a baseline it starts a repeat of that evaluation. */
async function renderNewForm(standards: StandardsService, reply: FastifyReply, ctx: ServiceContext, values: Record<string, unknown>, error?: AppError) {
  const { services: serviceOptions, people } = await standards.evaluations.formOptions();
  const baselineId = typeof values.baselineEvaluationId === 'string' ? values.baselineEvaluationId : '';
  let baseline: Evaluation | undefined;
  if (baselineId !== '') baseline = (await standards.evaluations.list(ctx)).find((e) => e.evaluation.id === baselineId)?.evaluation;
  return reply.render(
    'standards/views/evaluation-form.njk',
    { values, baseline, serviceOptions, peopleOptions: people, ...(error ? { errors: refusalErrors(error) } : {}) },
    error ? error.status : 200,
  );
}

/** A refused form on the evaluation page: the page again, with the errors and what was typed. */
function backToEvaluation(standards: StandardsService, anchor: string, valuesName?: string) {
  return async ({ error, values, params, ctx, reply }: { error: AppError; values: Record<string, unknown>; params: { id: string } | undefined; ctx: ServiceContext; reply: FastifyReply }) => {
    if (!params) throw error;
    return renderEvaluation(standards, reply, ctx, params.id, { errors: refusalErrors(error, `#${anchor}`), ...(valuesName ? { [valuesName]: values } : {}) }, error.status);
  };
}

/** The pages: the list, one evaluation, its transitions and circulation comments. */
export function evaluationPageRoutes(standards: StandardsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.home.pattern,
      access: READERS,
      summary: 'Evaluations of the 28 standards',
      success: PAGE,
      handler: async ({ ctx, reply }) => {
        const items = await standards.evaluations.list(ctx);
        return reply.render('standards/views/index.njk', {
          items: items.map((i) => ({ ...i, statusTag: STATUS_TAG[i.evaluation.status] })),
          labels,
          mayCreate: hasAnyRole(ctx.actor, STANDARDS_ORGANISERS),
          isAdmin: hasAnyRole(ctx.actor, CATALOGUE_ADMINS),
        });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.evaluation.pattern,
      access: READERS,
      summary: 'One evaluation: its task list, participants, early thoughts and comments',
      params: evaluationParams,
      success: PAGE,
      handler: async ({ ctx, params, reply }) => renderEvaluation(standards, reply, ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.transition.pattern,
      access: CONTRIBUTORS,
      summary: 'Start the meeting, circulate for comments, or close',
      params: evaluationParams,
      body: transitionBody,
      audit: ['standards_evaluation_start_meeting', 'standards_evaluation_circulate', 'standards_evaluation_close'],
      success: REDIRECT,
      onRefusal: backToEvaluation(standards, 'task-list'),
      handler: async ({ ctx, params, body, reply }) => {
        const next = await standards.evaluations.transition(ctx, params.id, body);
        const status = next.evaluation.status;
        return reply.redirectWithFlash(paths.evaluation(params), {
          kind: 'success',
          heading: `Evaluation status: ${EVALUATION_STATUS_LABELS[status].toLowerCase()}`,
          ...(status === 'closed' ? { body: 'The evaluation is now read-only. The summary report is ready to share.' } : {}),
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.comments.pattern,
      access: CONTRIBUTORS,
      summary: 'Comment while the evaluation circulates',
      params: evaluationParams,
      body: commentBody,
      audit: 'standards_comment_added',
      success: REDIRECT,
      onRefusal: backToEvaluation(standards, 'comments', 'commentsValues'),
      handler: async ({ ctx, params, body, reply }) => {
        await standards.evaluations.addComment(ctx, params.id, body);
        return reply.redirectWithFlash(`${paths.evaluation(params)}#comments`, { kind: 'success', heading: 'Your comment has been added. The chair will see it.' });
      },
    }),
  ];
}

/** Before the meeting: the set-up form (or a repeat's), participants and early thoughts. */
export function setupPageRoutes(standards: StandardsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.newEvaluation.pattern,
      access: ORGANISERS,
      summary: 'The form to set up an evaluation, or a repeat of a closed one',
      query: newEvaluationQuery,
      success: PAGE,
      handler: async ({ ctx, query, reply }) => {
        const values: Record<string, unknown> = { chairPersonId: ctx.actor.personId, serviceParts: 'Daytime AMHP service\nEmergency Duty Team (out of hours)' };
        if (query.baseline) {
          const base = (await standards.evaluations.view(ctx, query.baseline)).evaluation;
          Object.assign(values, { baselineEvaluationId: base.id, serviceId: base.serviceId, chairPersonId: base.chair.personId, noteTakerPersonId: base.noteTaker?.personId ?? '', serviceParts: base.serviceParts.map((p) => p.label).join('\n') });
        }
        return renderNewForm(standards, reply, ctx, { ...values, ...dateInputValues('evaluationDate', null) });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.evaluations.pattern,
      access: ORGANISERS,
      summary: 'Set up an evaluation (or start a repeat)',
      body: newEvaluationForm,
      audit: ['standards_evaluation_created', 'standards_repeat_started'],
      success: { status: 303, contentType: 'text/html', description: 'To the new evaluation' },
      onRefusal: ({ error, values, ctx, reply }) => renderNewForm(standards, reply, ctx, values, error),
      handler: async ({ ctx, body, reply }) => {
        const created = await standards.setup.create(ctx, body);
        const repeat = created.evaluation.baselineEvaluationId !== null;
        return reply.redirectWithFlash(paths.evaluation({ id: created.evaluation.id }), {
          kind: 'success',
          heading: repeat ? 'Repeat evaluation started' : 'Evaluation set up',
          body: repeat ? 'Evidence and open actions from the earlier evaluation have been carried forward for review.' : 'Now add the participants and share it with them.',
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.participants.pattern,
      access: CONTRIBUTORS,
      summary: 'Add a participant',
      params: evaluationParams,
      body: participantForm,
      audit: 'standards_participant_added',
      success: REDIRECT,
      onRefusal: backToEvaluation(standards, 'participants', 'participantValues'),
      handler: async ({ ctx, params, body, reply }) => {
        await standards.setup.addParticipant(ctx, params.id, body);
        return reply.redirectWithFlash(`${paths.evaluation(params)}#participants`, { kind: 'success', heading: 'Participant added' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.removeParticipant.pattern,
      access: CONTRIBUTORS,
      summary: 'Remove a participant',
      params: participantParams,
      audit: 'standards_participant_removed',
      success: REDIRECT,
      onRefusal: backToEvaluation(standards, 'participants'),
      handler: async ({ ctx, params, reply }) => {
        await standards.setup.removeParticipant(ctx, params.id, params.personId);
        return reply.redirectWithFlash(`${paths.evaluation({ id: params.id })}#participants`, { kind: 'success', heading: 'Participant removed' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.thoughts.pattern,
      access: CONTRIBUTORS,
      summary: 'Add early thoughts before the meeting',
      params: evaluationParams,
      body: earlyThoughtBody,
      audit: 'standards_early_thought_added',
      success: REDIRECT,
      onRefusal: backToEvaluation(standards, 'thoughts', 'thoughtsValues'),
      handler: async ({ ctx, params, body, reply }) => {
        await standards.setup.addEarlyThought(ctx, params.id, body);
        return reply.redirectWithFlash(`${paths.evaluation(params)}#thoughts`, { kind: 'success', heading: 'Your early thoughts have been added' });
      },
    }),
  ];
}

/** The same as JSON: every write returns the evaluation (or the thing added) as it now is. */
export function evaluationApiRoutes(standards: StandardsService): RouteDeclaration[] {
  const TAGS = ['standards'];
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiEvaluations.pattern,
      access: READERS,
      summary: 'Evaluations of the 28 standards, newest first, with progress and open actions',
      tags: TAGS,
      success: { schema: evaluationListResource },
      handler: async ({ ctx }) => toEvaluationList(await standards.evaluations.list(ctx)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiEvaluations.pattern,
      access: ORGANISERS,
      summary: 'Set up an evaluation; give baselineEvaluationId (a closed evaluation of the same service, dated earlier) to start a repeat',
      tags: TAGS,
      body: newEvaluationBody,
      audit: ['standards_evaluation_created', 'standards_repeat_started'],
      success: { status: 201, schema: evaluationResource },
      refusals: ['state', 'rule'],
      handler: async ({ ctx, body }) => toEvaluationResource(await standards.setup.create(ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiEvaluation.pattern,
      access: READERS,
      summary: 'One evaluation with its 28 records, actions, early thoughts, comments (if you may see them) and what you may do',
      tags: TAGS,
      params: evaluationParams,
      success: { schema: evaluationDetailResource },
      handler: async ({ ctx, params }) => toEvaluationDetail(await standards.evaluations.view(ctx, params.id)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiParticipants.pattern,
      access: CONTRIBUTORS,
      summary: 'Add a participant, or change what they represent and whether they attend (chair or note-taker)',
      tags: TAGS,
      params: evaluationParams,
      body: participantBody,
      audit: 'standards_participant_added',
      success: { schema: evaluationResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => toEvaluationResource(await standards.setup.addParticipant(ctx, params.id, body)),
    }),
    defineRoute({
      method: 'DELETE',
      path: paths.apiParticipant.pattern,
      access: CONTRIBUTORS,
      summary: 'Remove a participant (chair or note-taker, before the meeting ends)',
      tags: TAGS,
      params: participantParams,
      audit: 'standards_participant_removed',
      success: { schema: evaluationResource },
      refusals: ['not_found', 'state'],
      handler: async ({ ctx, params }) => toEvaluationResource(await standards.setup.removeParticipant(ctx, params.id, params.personId)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiThoughts.pattern,
      access: CONTRIBUTORS,
      summary: 'Add early thoughts, or views gathered from people who cannot attend (participants, while preparing)',
      tags: TAGS,
      params: evaluationParams,
      body: earlyThoughtBody,
      audit: 'standards_early_thought_added',
      success: { status: 201, schema: earlyThoughtResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => standards.setup.addEarlyThought(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiComments.pattern,
      access: CONTRIBUTORS,
      summary: 'Comment on a circulating evaluation',
      tags: TAGS,
      params: evaluationParams,
      body: commentBody,
      audit: 'standards_comment_added',
      success: { status: 201, schema: commentResource },
      refusals: ['state'],
      handler: async ({ ctx, params, body }) => standards.evaluations.addComment(ctx, params.id, body),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiTransitions.pattern,
      access: CONTRIBUTORS,
      summary: 'Start the meeting, circulate for comments, or close (the chair; closing needs all 28 standards completed: 422 incomplete_standards)',
      tags: TAGS,
      params: evaluationParams,
      body: transitionBody,
      audit: ['standards_evaluation_start_meeting', 'standards_evaluation_circulate', 'standards_evaluation_close'],
      success: { schema: evaluationResource },
      refusals: ['conflict', 'state', 'rule'],
      handler: async ({ ctx, params, body }) => toEvaluationResource(await standards.evaluations.transition(ctx, params.id, body)),
    }),
  ];
}
