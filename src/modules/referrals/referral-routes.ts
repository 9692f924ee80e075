import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import { ConflictError, RuleViolationError, StateError, ValidationError } from '../../platform/errors.js';
import { formErrorsView, parseInput } from '../../platform/http/forms.js';
import { contextOf, route } from '../../platform/http/routing.js';
import { toLocalInputValue } from '../../platform/london-time.js';
import type { Services } from '../../services.js';
import { formatNhsNumber } from './nhs-number.js';
import {
  ALTERNATIVES_OFFERED,
  CURRENT_LEGAL_STATUSES,
  DECISION_KINDS,
  ETHNIC_CATEGORIES,
  GENDERS,
  labelFor,
  REFERRAL_CHANNELS,
  REFERRAL_SOURCE_TYPES,
  URGENCY_LEVELS,
  type CodedOption,
} from './referral-codes.js';
import { REFERRAL_STATUS_LABELS, type ReferralStatus } from './referral-lifecycle.js';
import type { ReferralDetail, ReferralListItem } from './referral-repository.js';
import { allocationSchema, decisionSchema, FEEDBACK_METHODS, listFilterSchema, withdrawSchema } from './referral-schemas.js';
import { REFERRAL_ALLOCATORS, REFERRAL_DECIDERS, REFERRAL_READERS, REFERRAL_TAKERS, type DuplicateMatch, type ReferralPage } from './referral-service.js';

const READ = { roles: REFERRAL_READERS } as const;
const TAKE = { roles: REFERRAL_TAKERS } as const;
const DECIDE = { roles: REFERRAL_DECIDERS } as const;
const ALLOCATE = { roles: REFERRAL_ALLOCATORS } as const;
const idParams = z.object({ id: z.string().uuid('Not a valid referral id') });

const options = <C extends string>(list: readonly CodedOption<C>[]) => list.map((o) => ({ value: o.code, text: o.label, ...(o.hint ? { hint: o.hint } : {}) }));

export const STATUS_TAG_CLASSES: Record<ReferralStatus, string> = {
  received: 'govuk-tag--blue',
  awaiting_information: 'govuk-tag--yellow',
  decided: 'govuk-tag--purple',
  allocated: 'govuk-tag--turquoise',
  in_assessment: 'govuk-tag--orange',
  outcome_recorded: 'govuk-tag--green',
  closed: 'govuk-tag--grey',
  withdrawn: 'govuk-tag--grey',
};

/** Labels the templates need for a referral or list item. */
function describe<T extends ReferralListItem | ReferralDetail>(r: T) {
  return {
    ...r,
    statusLabel: REFERRAL_STATUS_LABELS[r.status],
    statusClass: STATUS_TAG_CLASSES[r.status],
    urgencyLabel: labelFor(URGENCY_LEVELS, r.urgency as never),
    legalStatusLabel: labelFor(CURRENT_LEGAL_STATUSES, r.legalStatus as never),
    sourceLabel: labelFor(REFERRAL_SOURCE_TYPES, r.sourceType as never),
    nhsNumberText: r.nhsNumber ? formatNhsNumber(r.nhsNumber) : '',
    decisionLabel: r.decision ? labelFor(DECISION_KINDS, r.decision as never) : '',
  };
}

function detailLabels(r: ReferralDetail) {
  return {
    ...describe(r),
    receivedViaLabel: labelFor(REFERRAL_CHANNELS, r.receivedVia as never),
    genderLabel: labelFor(GENDERS, r.gender as never),
    ethnicityLabel: r.ethnicity ? labelFor(ETHNIC_CATEGORIES, r.ethnicity as never) : '',
    alternativeLabel: r.decisionAlternative ? labelFor(ALTERNATIVES_OFFERED, r.decisionAlternative as never) : '',
  };
}

/** GOV.UK pagination for the list: previous/next and numbered pages around the current one. */
export function paginationFor(query: Record<string, string | undefined>, result: ReferralPage) {
  const hrefFor = (page: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '' && key !== 'page' && key !== 'limit') params.set(key, value);
    if (page > 1) params.set('page', String(page));
    const text = params.toString();
    return `/referrals${text ? `?${text}` : ''}`;
  };
  const hasNext = result.rows.length === result.pageSize && (result.page < result.pages || result.totalCapped);
  if (result.page === 1 && !hasNext) return null;
  const items: Array<{ number?: number; href?: string; current?: boolean; ellipsis?: boolean }> = [];
  const last = Math.max(result.pages, result.page);
  for (let n = 1; n <= last; n += 1) {
    if (n === 1 || n === last || Math.abs(n - result.page) <= 1) items.push({ number: n, href: hrefFor(n), current: n === result.page });
    else if (items.length > 0 && !items[items.length - 1]!.ellipsis) items.push({ ellipsis: true });
  }
  return {
    ...(result.page > 1 ? { previous: { href: hrefFor(result.page - 1) } } : {}),
    ...(hasNext ? { next: { href: hrefFor(result.page + 1) } } : {}),
    items,
    landmarkLabel: 'Pages of referrals',
  };
}

function formBody(request: FastifyRequest): Record<string, unknown> {
  const body = { ...((request.body as Record<string, unknown> | undefined) ?? {}) };
  delete body._csrf;
  return body;
}

export function registerReferralRoutes(app: FastifyInstance, services: Services): void {
  const { referrals, staff } = services;

  async function intakeOptions() {
    const lssas = await staff.lssas();
    return {
      channelOptions: options(REFERRAL_CHANNELS),
      sourceOptions: options(REFERRAL_SOURCE_TYPES),
      legalStatusOptions: options(CURRENT_LEGAL_STATUSES),
      urgencyOptions: options(URGENCY_LEVELS),
      genderOptions: options(GENDERS),
      ethnicityOptions: options(ETHNIC_CATEGORIES),
      lssaOptions: lssas.map((l) => ({ value: l.id, text: l.name })),
    };
  }

  async function renderIntake(reply: FastifyReply, values: Record<string, unknown>, extra: { error?: ValidationError; duplicates?: DuplicateMatch[] } = {}) {
    return reply.render(
      'referrals/views/referral-new.njk',
      {
        ...(await intakeOptions()),
        values,
        duplicates: (extra.duplicates ?? []).map((d) => ({ ...d, statusLabel: REFERRAL_STATUS_LABELS[d.status] })),
        ...(extra.error ? { errors: formErrorsView(extra.error) } : {}),
      },
      extra.error || extra.duplicates ? 400 : 200,
    );
  }

  async function referralPage(ctx: ServiceContext, id: string) {
    const view = await referrals.view(ctx, id);
    return {
      referral: detailLabels(view.referral),
      timeline: view.timeline,
      feedback: view.feedback.map((f) => ({ ...f, methodLabel: FEEDBACK_METHODS.find((m) => m.code === f.method)?.label ?? f.method })),
      actions: view.actions,
      canDecide: referrals.canDecide(ctx),
      canAllocate: referrals.canAllocate(ctx),
    };
  }

  /** Re-renders a referral sub-page with the current record and a message after a refusal. */
  async function renderRefusal(reply: FastifyReply, ctx: ServiceContext, id: string, template: string, values: Record<string, unknown>, error: unknown, extra: Record<string, unknown> = {}) {
    const page = await referralPage(ctx, id);
    if (error instanceof ValidationError) {
      return reply.render(template, { ...page, ...extra, values, errors: formErrorsView(error) }, 400);
    }
    if (error instanceof ConflictError || error instanceof StateError) {
      // Show the current state, keep what they typed except the stale version.
      return reply.render(template, { ...page, ...extra, values: { ...values, version: page.referral.version }, refusal: { title: error instanceof ConflictError ? 'Someone else changed this referral' : 'This cannot be done now', message: error.message } }, 409);
    }
    throw error;
  }

  // ── Pages ──────────────────────────────────────────────────────────────────────────────────
  route(app, 'GET', '/referrals', { access: READ }, async (request, reply) => {
    const ctx = contextOf(request);
    const query = request.query as Record<string, string | undefined>;
    const lssas = await staff.lssas();
    const amhps = await referrals.amhpFilterOptions();
    const filterOptions = {
      statusOptions: [{ value: 'open', text: 'All open' }, ...Object.entries(REFERRAL_STATUS_LABELS).map(([value, text]) => ({ value, text })), { value: 'all', text: 'All, including closed' }],
      urgencyOptions: options(URGENCY_LEVELS),
      lssaOptions: lssas.map((l) => ({ value: l.id, text: l.name })),
      amhpOptions: [{ value: 'none', text: 'Not allocated' }, ...amhps.map((a) => ({ value: a.id, text: a.name }))],
    };
    let result: ReferralPage;
    let searching = false;
    try {
      if (query.q && query.q.trim() !== '') {
        searching = true;
        result = await referrals.searchPage(ctx, query.q, query.page);
      } else {
        result = await referrals.listPage(ctx, query);
      }
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.render('referrals/views/referral-list.njk', { ...filterOptions, filter: query, rows: [], searching, errors: formErrorsView(error) }, 400);
    }
    const filter = parseInput(listFilterSchema.partial(), { ...query, q: undefined, limit: undefined, page: undefined }) as Record<string, unknown>;
    return reply.render('referrals/views/referral-list.njk', {
      ...filterOptions,
      filter: { ...filter, q: query.q ?? '' },
      rows: result.rows.map(describe),
      result: { ...result, first: (result.page - 1) * result.pageSize + 1, last: (result.page - 1) * result.pageSize + result.rows.length },
      pagination: paginationFor(query, result),
      searching,
      canTake: referrals.canTake(ctx),
    });
  });

  route(app, 'GET', '/referrals/new', { access: TAKE }, async (_request, reply) =>
    renderIntake(reply, { receivedAt: toLocalInputValue(services.clock.now()), receivedVia: 'phone', gender: 'not_known' }),
  );

  route(app, 'POST', '/referrals', { access: TAKE }, async (request, reply) => {
    const values = formBody(request);
    try {
      const { id, reference } = await referrals.create(contextOf(request), values);
      return await reply.redirectWithFlash(`/referrals/${id}`, { kind: 'success', heading: `Referral ${reference} recorded`, body: 'The AMHP Lead can now review it and record a decision.' });
    } catch (error) {
      if (error instanceof ValidationError) return renderIntake(reply, values, { error });
      if (error instanceof RuleViolationError && error.code === 'possible_duplicate') {
        return renderIntake(reply, values, { duplicates: (error.details as { duplicates: DuplicateMatch[] }).duplicates });
      }
      throw error;
    }
  });

  route(app, 'GET', '/referrals/:id', { access: READ }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return reply.render('referrals/views/referral-detail.njk', await referralPage(contextOf(request), id));
  });

  route(app, 'GET', '/referrals/:id/decision', { access: DECIDE }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const page = await referralPage(contextOf(request), id);
    return reply.render('referrals/views/referral-decision.njk', { ...page, ...decisionOptions(page.referral), values: { version: page.referral.version } });
  });

  function decisionOptions(referral: ReferralDetail) {
    return { decisionOptions: options(DECISION_KINDS), alternativeOptions: options(ALTERNATIVES_OFFERED), crisisPrompts: referrals.crisisTeamPromptsFor(referral) };
  }

  route(app, 'POST', '/referrals/:id/decision', { access: DECIDE }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const values = formBody(request);
    try {
      await referrals.decide(ctx, id, values);
      return await reply.redirectWithFlash(`/referrals/${id}`, { kind: 'success', heading: 'Decision signed and recorded', body: 'Give the referrer feedback: record the call and send the feedback letter.' });
    } catch (error) {
      const current = await referrals.getReferral(ctx, id);
      return renderRefusal(reply, ctx, id, 'referrals/views/referral-decision.njk', values, error, decisionOptions(current));
    }
  });

  async function allocateOptions(referral: ReferralDetail, selected: unknown) {
    const amhps = await referrals.allocatableAmhps(referral.lssaId);
    return {
      amhpItems: [
        { value: '', text: 'Choose an AMHP' },
        ...amhps.map((a) => ({ value: a.id, text: a.eligible ? a.name : `${a.name} (cannot act: ${a.reason})`, disabled: !a.eligible, selected: a.id === selected })),
      ],
      reviewerIsAmhp: referral.decidedBy !== null && amhps.some((a) => a.id === referral.decidedBy),
    };
  }

  route(app, 'GET', '/referrals/:id/allocate', { access: ALLOCATE }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const page = await referralPage(contextOf(request), id);
    return reply.render('referrals/views/referral-allocate.njk', { ...page, ...(await allocateOptions(page.referral, page.referral.allocatedAmhpId)), values: { version: page.referral.version, amhpId: page.referral.allocatedAmhpId ?? '' } });
  });

  route(app, 'POST', '/referrals/:id/allocate', { access: ALLOCATE }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const values = formBody(request);
    try {
      await referrals.allocate(ctx, id, values);
      return await reply.redirectWithFlash(`/referrals/${id}`, { kind: 'success', heading: 'AMHP allocated' });
    } catch (error) {
      const current = await referrals.getReferral(ctx, id);
      return renderRefusal(reply, ctx, id, 'referrals/views/referral-allocate.njk', values, error, await allocateOptions(current, values.amhpId));
    }
  });

  route(app, 'GET', '/referrals/:id/feedback', { access: TAKE }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const page = await referralPage(contextOf(request), id);
    return reply.render('referrals/views/feedback-form.njk', { ...page, methodOptions: FEEDBACK_METHODS.map((m) => ({ value: m.code, text: m.label })), values: { givenTo: page.referral.referrerName, method: 'phone' } });
  });

  route(app, 'POST', '/referrals/:id/feedback', { access: TAKE }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const values = formBody(request);
    try {
      await referrals.recordFeedback(ctx, id, values);
      return await reply.redirectWithFlash(`/referrals/${id}/feedback`, { kind: 'success', heading: 'Verbal feedback recorded' });
    } catch (error) {
      return renderRefusal(reply, ctx, id, 'referrals/views/feedback-form.njk', values, error, { methodOptions: FEEDBACK_METHODS.map((m) => ({ value: m.code, text: m.label })) });
    }
  });

  route(app, 'GET', '/referrals/:id/feedback-letter.pdf', { access: READ }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const { filename, pdf } = await referrals.feedbackLetter(contextOf(request), id);
    return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
  });

  route(app, 'GET', '/referrals/:id/withdraw', { access: TAKE }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const page = await referralPage(contextOf(request), id);
    return reply.render('referrals/views/referral-withdraw.njk', { ...page, values: { version: page.referral.version } });
  });

  route(app, 'POST', '/referrals/:id/withdraw', { access: TAKE }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const values = formBody(request);
    try {
      await referrals.withdraw(ctx, id, values);
      return await reply.redirectWithFlash(`/referrals/${id}`, { kind: 'success', heading: 'Referral withdrawn' });
    } catch (error) {
      return renderRefusal(reply, ctx, id, 'referrals/views/referral-withdraw.njk', values, error);
    }
  });

  for (const [action, heading] of [
    ['close', 'Referral closed'],
    ['information-received', 'Ready for a decision again'],
  ] as const) {
    route(app, 'POST', `/referrals/:id/${action}`, { access: TAKE }, async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      const ctx = contextOf(request);
      const values = formBody(request);
      try {
        if (action === 'close') await referrals.close(ctx, id, values);
        else await referrals.informationReceived(ctx, id, values);
        return await reply.redirectWithFlash(`/referrals/${id}`, { kind: 'success', heading });
      } catch (error) {
        return renderRefusal(reply, ctx, id, 'referrals/views/referral-detail.njk', values, error);
      }
    });
  }

  registerReferralApi(app, services);
}

// ── JSON API ─────────────────────────────────────────────────────────────────────────────────

const listItemJson = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  receivedAt: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  dateOfBirth: z.string().nullable(),
  nhsNumber: z.string().nullable(),
  urgency: z.string(),
  legalStatus: z.string(),
  lssaId: z.string().nullable(),
  allocatedAmhpId: z.string().nullable(),
  allocatedAmhpName: z.string().nullable(),
  version: z.number(),
});
const referralJson = listItemJson.extend({
  decision: z.string().nullable(),
  decisionAlternative: z.string().nullable(),
  decisionRationale: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  reason: z.string(),
  risks: z.string(),
  risksToStaff: z.string(),
  timeline: z.array(z.object({ occurredAt: z.string(), kind: z.string(), summary: z.string(), actorName: z.string().nullable() })),
  feedback: z.array(z.object({ givenTo: z.string(), givenAt: z.string(), method: z.string(), givenByName: z.string() })),
  availableActions: z.array(z.string()),
});

function registerReferralApi(app: FastifyInstance, services: Services): void {
  const { referrals } = services;
  const tags = ['referrals'];

  route(
    app,
    'GET',
    '/api/v1/referrals',
    { access: READ, api: { summary: 'List referrals (open unless a status is given); filter by status, urgency, LSSA, AMHP; or search with q (name, NHS number, reference). Audited.', tags, query: listFilterSchema, response: z.array(listItemJson) } },
    async (request) => {
      const ctx = contextOf(request);
      const query = request.query as Record<string, string | undefined>;
      return query.q ? referrals.search(ctx, query.q) : referrals.listOpen(ctx, query);
    },
  );

  route(
    app,
    'POST',
    '/api/v1/referrals',
    {
      access: TAKE,
      api: {
        summary: 'Record a new referral. A possible duplicate (open referral, same NHS number or same name and date of birth) is refused with 422 possible_duplicate unless confirmNotDuplicate is true.',
        tags,
        body: z.object({ givenName: z.string(), familyName: z.string(), confirmNotDuplicate: z.boolean().optional() }).passthrough(),
        response: z.object({ id: z.string(), reference: z.string() }),
        successStatus: 201,
      },
    },
    async (request, reply) => reply.code(201).send(await referrals.create(contextOf(request), request.body)),
  );

  route(app, 'GET', '/api/v1/referrals/:id', { access: READ, api: { summary: 'One referral with its timeline and feedback (audited)', tags, response: referralJson } }, async (request) => {
    const { id } = parseInput(idParams, request.params);
    const view = await referrals.view(contextOf(request), id);
    return { ...view.referral, timeline: view.timeline, feedback: view.feedback, availableActions: view.actions };
  });

  route(
    app,
    'POST',
    '/api/v1/referrals/:id/decision',
    { access: DECIDE, api: { summary: "Record and sign the Lead's decision (send the version you read; 409 version_conflict if it changed)", tags, body: decisionSchema, response: z.object({ version: z.number(), prompts: z.array(z.object({ code: z.string(), kind: z.string(), message: z.string() })) }) } },
    async (request) => referrals.decide(contextOf(request), parseInput(idParams, request.params).id, request.body),
  );

  route(
    app,
    'POST',
    '/api/v1/referrals/:id/allocation',
    { access: ALLOCATE, api: { summary: 'Allocate (or reallocate) an AMHP. The reviewer may assess only with overrideReason. 409 version_conflict if someone else changed it first.', tags, body: allocationSchema, response: z.object({ version: z.number() }) } },
    async (request) => referrals.allocate(contextOf(request), parseInput(idParams, request.params).id, request.body),
  );

  route(
    app,
    'POST',
    '/api/v1/referrals/:id/feedback',
    { access: TAKE, api: { summary: 'Record verbal feedback given to the referrer', tags, body: z.object({ givenTo: z.string(), givenAt: z.string().optional(), method: z.string(), notes: z.string().optional() }), successStatus: 204 } },
    async (request, reply) => {
      await referrals.recordFeedback(contextOf(request), parseInput(idParams, request.params).id, request.body);
      return reply.code(204).send();
    },
  );

  route(
    app,
    'GET',
    '/api/v1/referrals/:id/feedback-letter',
    { access: READ, api: { summary: 'The feedback letter to the referrer (PDF)', tags, produces: 'application/pdf' } },
    async (request, reply) => {
      const { filename, pdf } = await referrals.feedbackLetter(contextOf(request), parseInput(idParams, request.params).id);
      return reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${filename}"`).send(pdf);
    },
  );

  route(
    app,
    'POST',
    '/api/v1/referrals/:id/withdraw',
    { access: TAKE, api: { summary: 'Withdraw the referral with a reason', tags, body: withdrawSchema, successStatus: 204 } },
    async (request, reply) => {
      await referrals.withdraw(contextOf(request), parseInput(idParams, request.params).id, request.body);
      return reply.code(204).send();
    },
  );

  route(
    app,
    'POST',
    '/api/v1/referrals/:id/close',
    { access: TAKE, api: { summary: 'Close the referral (after an outcome, or a decision not to proceed)', tags, body: z.object({ version: z.number() }), successStatus: 204 } },
    async (request, reply) => {
      await referrals.close(contextOf(request), parseInput(idParams, request.params).id, request.body);
      return reply.code(204).send();
    },
  );
}
