import { type ChangeStamp, OPTION_LIST_MAX_AGE_MS, ReadCache } from '../../../platform/read-cache.js';
// The referral pages. Each is declared once (path, who, schemas, audit); a refused form is shown
// again with what was typed. Everything a page does is also in the API (referral-api-routes.ts).

import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../../platform/audit.js';
import type { Clock } from '../../../platform/clock.js';
import type { PagePanels } from '../../../platform/module.js';
import { RuleViolationError, ValidationError } from '../../../platform/errors.js';
import { idParams } from '../../../platform/http/fields.js';
import { formErrorsView } from '../../../platform/http/forms.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { dateTimeInputValues } from '../../../platform/london-time.js';
import { hasAnyRole, ROLE_LABELS } from '../../../platform/roles.js';
import { REFERRAL_STATUS_LABELS } from '../referral-lifecycle.js';
import type { ReferralService } from '../referral-service.js';
import { referralPaths } from '../referrals-paths.js';
import type { DuplicateMatch } from './intake-service.js';
import { ACCESS_LOG_READERS, REFERRAL_ALLOCATORS, REFERRAL_DECIDERS, REFERRAL_READERS, REFERRAL_TAKERS } from './referral-access.js';
import type { ReferralPage } from './referral-list-service.js';
import type { ReferralDetail } from './referral-repository.js';
import { addCallForm, allocationForm, decisionForm, intakeForm, listQuery } from './referral-schemas.js';
import { describe, detailLabels, feedbackRows, intakeOptions, listFilterOptions, options, paginationFor, renderRefused } from './referral-view-model.js';
import { ALTERNATIVES_OFFERED, DECISION_KINDS } from '../referral-codes.js';

export interface ReferralRouteDeps {
  referrals: ReferralService;
  staff: { lssas(): Promise<Array<{ id: string; name: string }>>; readonly directoryStamp: ChangeStamp };
  clock: Clock;
  /** Panels from modules above (the escalations module's directory and waits), passed down by the root. */
  panels?: PagePanels | undefined;
}

const VIEWS = 'referrals/intake/views';

/** The record, its timeline and feedback, labelled for the templates (audited as a view). */
export async function referralPage(referrals: ReferralService, ctx: ServiceContext, id: string) {
  const view = await referrals.view(ctx, id);
  return {
    referral: detailLabels(view.referral),
    timeline: view.timeline,
    feedback: feedbackRows(view.feedback),
    actions: view.actions,
    canDecide: hasAnyRole(ctx.actor, REFERRAL_DECIDERS),
    canAllocate: hasAnyRole(ctx.actor, REFERRAL_ALLOCATORS),
    canSeeAccess: hasAnyRole(ctx.actor, ACCESS_LOG_READERS) || view.referral.allocatedAmhpId === ctx.actor.personId,
  };
}

/** The list and search, and taking a new referral. */
export function referralIntakePages({ referrals, staff, clock }: ReferralRouteDeps): RouteDeclaration[] {
  // The AMHP filter's options, read once and shared until people or roles change (staff's stamp).
  const amhpOptions = new ReadCache({ load: () => referrals.lists.amhpFilterOptions(), stamp: staff.directoryStamp, clock, maxAgeMs: OPTION_LIST_MAX_AGE_MS });
  async function renderList(reply: FastifyReply, query: Record<string, unknown>, result: { page?: ReferralPage; searching: boolean; error?: ValidationError }, canTake: boolean, canReviewReasons = false) {
    const filterOptions = listFilterOptions(await staff.lssas(), await amhpOptions.get());
    const page = result.page;
    return reply.render(
      `${VIEWS}/referral-list.njk`,
      {
        ...filterOptions,
        filter: query,
        rows: page ? page.rows.map(describe) : [],
        ...(page ? { result: { ...page, first: (page.page - 1) * page.pageSize + 1, last: (page.page - 1) * page.pageSize + page.rows.length }, pagination: paginationFor(query, page) } : {}),
        searching: result.searching,
        canTake,
        canReviewReasons,
        ...(result.error ? { errors: formErrorsView(result.error) } : {}),
      },
      result.error ? 400 : 200,
    );
  }

  async function renderIntake(reply: FastifyReply, values: Record<string, unknown>, extra: { error?: ValidationError; duplicates?: DuplicateMatch[]; refusal?: { title: string; message: string }; status?: number } = {}) {
    return reply.render(
      `${VIEWS}/referral-new.njk`,
      {
        ...intakeOptions(await staff.lssas()),
        values,
        duplicates: (extra.duplicates ?? []).map((d) => ({ ...d, statusLabel: REFERRAL_STATUS_LABELS[d.status] })),
        ...(extra.error ? { errors: formErrorsView(extra.error) } : {}),
        ...(extra.refusal ? { refusal: extra.refusal } : {}),
      },
      extra.status ?? 200,
    );
  }

  return [
    defineRoute({
      method: 'GET',
      path: referralPaths.list.pattern,
      access: { roles: REFERRAL_READERS },
      summary: 'Referrals: open ones newest first, filtered, or searched by name, NHS number or reference',
      tags: ['referrals'],
      query: listQuery,
      audit: ['referrals_listed', 'referrals_searched'],
      success: { contentType: 'text/html' },
      handler: async ({ ctx, query, reply }) => {
        const canTake = hasAnyRole(ctx.actor, REFERRAL_TAKERS);
        const { q, ...filter } = query;
        const page = q ? await referrals.lists.searchPage(ctx, q, filter.page) : await referrals.lists.listPage(ctx, filter);
        return renderList(reply, { ...filter, q: q ?? '' }, { page, searching: q !== undefined }, canTake, hasAnyRole(ctx.actor, ACCESS_LOG_READERS));
      },
      onRefusal: async ({ error, ctx, request, reply }) => {
        if (!(error instanceof ValidationError)) throw error;
        const query = (request.query ?? {}) as Record<string, unknown>;
        return renderList(reply, query, { searching: typeof query.q === 'string' && query.q.trim() !== '', error }, hasAnyRole(ctx.actor, REFERRAL_TAKERS));
      },
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.new.pattern,
      access: { roles: REFERRAL_TAKERS },
      summary: 'The intake form',
      tags: ['referrals'],
      success: { contentType: 'text/html' },
      handler: async ({ reply }) => renderIntake(reply, { ...dateTimeInputValues('receivedAt', clock.now()), receivedVia: 'phone', gender: 'not_known' }),
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.list.pattern,
      access: { roles: REFERRAL_TAKERS },
      summary: 'Take a referral (possible duplicates are shown before anything is saved)',
      tags: ['referrals'],
      body: intakeForm,
      audit: 'referral_created',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, body, reply }) => {
        const created = await referrals.create(ctx, body);
        return reply.redirectWithFlash(referralPaths.show({ id: created.id }), { kind: 'success', heading: `Referral ${created.reference} recorded`, body: 'The AMHP Lead can now review it and record a decision.' });
      },
      onRefusal: async ({ error, values, reply }) => {
        if (error instanceof ValidationError) return renderIntake(reply, values, { error, status: 400 });
        if (error instanceof RuleViolationError && error.code === 'possible_duplicate') {
          return renderIntake(reply, values, { duplicates: (error.details as { duplicates: DuplicateMatch[] }).duplicates, status: 422 });
        }
        throw error;
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.calls.pattern,
      access: { roles: REFERRAL_TAKERS },
      summary: 'After a duplicate warning: add this call to the open referral instead of making a new one',
      tags: ['referrals'],
      params: idParams,
      body: addCallForm,
      audit: 'referral_call_added',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        const referral = await referrals.addCall(ctx, params.id, body);
        return reply.redirectWithFlash(referralPaths.show(params), { kind: 'success', heading: `Call added to ${referral.reference}`, body: 'It is on the referral’s timeline. No new referral was made.' });
      },
      onRefusal: async ({ error, values, reply }) => {
        // The intake form as typed; the duplicate warning is shown again by saving it again.
        if (error instanceof ValidationError) return renderIntake(reply, values, { error, status: 400 });
        return renderIntake(reply, values, { refusal: { title: 'The call was not added', message: error.message }, status: error.status });
      },
    }),
  ];
}

/** One referral: its summary, the decision and the allocation. */
export function referralRecordPages({ panels, referrals }: ReferralRouteDeps): RouteDeclaration[] {
  const decisionOptions = (referral: ReferralDetail) => ({
    decisionOptions: options(DECISION_KINDS),
    alternativeOptions: options(ALTERNATIVES_OFFERED),
    crisisPrompts: referrals.decisions.crisisTeamPromptsFor(referral),
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

  return [
    defineRoute({
      method: 'GET',
      path: referralPaths.access.pattern,
      access: { roles: REFERRAL_READERS },
      summary: 'Who has seen this referral (Leads, managers and the allocated AMHP)',
      tags: ['referrals'],
      params: idParams,
      audit: 'referral_access_log_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const { referral, lines } = await referrals.records.accessLog(ctx, params.id);
        return reply.render(`${VIEWS}/referral-access.njk`, { referral, lines, roleLabels: ROLE_LABELS });
      },
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.show.pattern,
      access: { roles: REFERRAL_READERS },
      summary: 'A referral: summary, timeline and the actions open now',
      tags: ['referrals'],
      params: idParams,
      audit: 'referral_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => reply.render(`${VIEWS}/referral-detail.njk`, { ...(await referralPage(referrals, ctx, params.id)), panels: panels ? await panels(ctx, params.id) : [] }),
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.decision.pattern,
      access: { roles: REFERRAL_DECIDERS },
      summary: 'The decision form',
      tags: ['referrals'],
      params: idParams,
      audit: 'referral_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const page = await referralPage(referrals, ctx, params.id);
        return reply.render(`${VIEWS}/referral-decision.njk`, { ...page, ...decisionOptions(page.referral), values: { version: page.referral.version } });
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.decision.pattern,
      access: { roles: REFERRAL_DECIDERS },
      summary: "Record and sign the Lead's decision",
      tags: ['referrals'],
      params: idParams,
      body: decisionForm,
      audit: 'referral_decide',
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        await referrals.decide(ctx, params.id, body);
        return reply.redirectWithFlash(referralPaths.show(params), { kind: 'success', heading: 'Decision signed and recorded', body: 'Give the referrer feedback: record the call and send the feedback letter.' });
      },
      onRefusal: async ({ error, values, params, ctx, reply }) => {
        const page = await referralPage(referrals, ctx, params!.id);
        return renderRefused(reply, `${VIEWS}/referral-decision.njk`, { ...page, ...decisionOptions(page.referral) }, values, error);
      },
    }),
    defineRoute({
      method: 'GET',
      path: referralPaths.allocate.pattern,
      access: { roles: REFERRAL_ALLOCATORS },
      summary: 'The allocation form: AMHPs who may act today, and why others may not',
      tags: ['referrals'],
      params: idParams,
      audit: 'referral_viewed',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const page = await referralPage(referrals, ctx, params.id);
        const values = { version: page.referral.version, amhpId: page.referral.allocatedAmhpId ?? '' };
        return reply.render(`${VIEWS}/referral-allocate.njk`, { ...page, ...(await allocateOptions(page.referral, page.referral.allocatedAmhpId)), values });
      },
    }),
    defineRoute({
      method: 'POST',
      path: referralPaths.allocate.pattern,
      access: { roles: REFERRAL_ALLOCATORS },
      summary: 'Allocate (or reallocate) an AMHP',
      tags: ['referrals'],
      params: idParams,
      body: allocationForm,
      audit: ['referral_allocate', 'reviewer_rule_overridden'],
      success: { status: 303, contentType: 'text/html' },
      handler: async ({ ctx, params, body, reply }) => {
        await referrals.allocate(ctx, params.id, body);
        return reply.redirectWithFlash(referralPaths.show(params), { kind: 'success', heading: 'AMHP allocated' });
      },
      onRefusal: async ({ error, values, params, ctx, reply }) => {
        const page = await referralPage(referrals, ctx, params!.id);
        return renderRefused(reply, `${VIEWS}/referral-allocate.njk`, { ...page, ...(await allocateOptions(page.referral, values.amhpId)) }, values, error);
      },
    }),
  ];
}
