import type { HospitalWaitsService } from './hospital-waits-service.js';
import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import type { AppError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { hasAnyRole } from '../../platform/roles.js';
import type { CategoriesService } from './categories-service.js';
import type { DirectoryService } from './directory-service.js';
import { STATUS_LABELS, URGENCY_LABELS, countdownText } from './escalation.js';
import { ACCESS, COORDINATORS, DIRECTORY_EDITORS } from './escalations-access.js';
import { escalationsPaths as paths } from './escalations-paths.js';
import {
  CONTACT_ROWS,
  acknowledgeBody,
  attemptBody,
  attemptForm,
  decisionBody,
  memberBody,
  membersResource,
  disputeBody,
  escalationViewResource,
  escalationsResource,
  partnerBody,
  partnerForm,
  partnerResource,
  partnersResource,
  partnerUpdateBody,
  raiseBody,
  raiseForm,
  replyBody,
  resolveBody,
  respondBody,
  newEscalationQuery,
} from './escalations-schemas.js';
import { type EscalationView, type EscalationsService, isPartner } from './escalations-service.js';
import { LADDER_STEP_LABELS } from './on-call-ladder.js';
import { CONTACT_HOURS_LABELS, PARTNER_KIND_LABELS, RUNG_LABELS, contactLine } from './partner-directory.js';

const tags = ['escalations'];

export interface EscalationRoutesDeps {
  escalations: EscalationsService;
  directory: DirectoryService;
  /** The configurable categories: the raise form offers those in use; every label comes from here. */
  categories: CategoriesService;
  /** Bed and A&E waits: those with a step due show on the list. */
  waits?: HospitalWaitsService;
}

type Refused = FormErrorsView & { status: number };
const refusal = (error: AppError): Refused => ({ ...refusalErrorsView(error), status: error.status });
const statusOf = (errors: Refused | undefined) => errors?.status ?? 200;
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, text]) => ({ value, text }));

/** What every escalation template reads beside the record. */
const baseLabels = {
  statuses: STATUS_LABELS,
  urgencies: URGENCY_LABELS,
  steps: LADDER_STEP_LABELS,
  kinds: PARTNER_KIND_LABELS,
  hours: CONTACT_HOURS_LABELS,
  rungs: RUNG_LABELS,
};

/** The labels, with every category's (retired ones too: an escalation keeps its category). */
async function labelsFor(deps: Pick<EscalationRoutesDeps, 'categories'>) {
  return { ...baseLabels, categories: await deps.categories.labels() };
}

function withCountdown(view: Pick<EscalationView, 'clock' | 'now'>) {
  return { acknowledgement: countdownText(view.clock.acknowledgement, view.now), response: countdownText(view.clock.response, view.now) };
}

async function renderNew(deps: EscalationRoutesDeps, ctx: ServiceContext, reply: FastifyReply, errors?: Refused, values: Record<string, unknown> = {}) {
  const [partners, receivers] = [await deps.directory.partners(), await deps.escalations.receiverOptions()];
  return reply.render(
    'escalations/views/escalation-new.njk',
    {
      labels: await labelsFor(deps),
      categoryOptions: (await deps.categories.active()).map((c) => ({ value: c.key, text: c.label })),
      urgencyOptions: options(URGENCY_LABELS),
      partnerOptions: partners.map((p) => ({ value: p.id, text: p.name })),
      receiverOptions: receivers.map((p) => ({ value: p.id, text: p.name })),
      partner: isPartner(ctx.actor),
      values,
      errors,
    },
    statusOf(errors),
  );
}

export async function renderEscalation(deps: EscalationRoutesDeps, ctx: ServiceContext, reply: FastifyReply, id: string, template: 'escalation' | 'on-call', errors?: Refused, values: Record<string, unknown> = {}) {
  const view = await deps.escalations.view(ctx, id);
  const receivers = view.may.dispute ? await deps.escalations.receiverOptions() : [];
  return reply.render(
    `escalations/views/${template}.njk`,
    {
      ...view,
      labels: await labelsFor(deps),
      countdown: withCountdown(view),
      contactLine,
      coordinator: hasAnyRole(ctx.actor, COORDINATORS),
      mayReview: hasAnyRole(ctx.actor, ACCESS.policeRequesters.roles),
      receiverOptions: receivers.map((p) => ({ value: p.id, text: p.name })),
      values,
      errors,
    },
    statusOf(errors),
  );
}

export function escalationPageRoutes(deps: EscalationRoutesDeps): RouteDeclaration[] {
  const change = (path: string, summary: string, body: Parameters<typeof defineRoute>[0]['body'], audit: string, act: (ctx: ServiceContext, id: string, body: never) => Promise<unknown>, flash: string, template: 'escalation' | 'on-call' = 'escalation') =>
    defineRoute({
      method: 'POST',
      path,
      access: ACCESS.raisers,
      summary,
      tags,
      params: idParams,
      body,
      audit,
      onRefusal: async ({ error, values, params, ctx, reply }) => renderEscalation(deps, ctx, reply, params!.id, template, refusal(error), values),
      handler: async ({ ctx, params, body: parsed, reply }) => {
        await act(ctx, params.id, parsed as never);
        return reply.redirectWithFlash(template === 'on-call' ? paths.onCall({ id: params.id }) : paths.escalation({ id: params.id }), { kind: 'success', heading: flash });
      },
    });
  return [
    defineRoute({
      method: 'GET',
      path: paths.escalations.pattern,
      access: ACCESS.everyone,
      summary: 'Escalations you raised or receive (all of them for coordinators and governance), with their deadlines',
      tags,
      audit: 'escalations_viewed',
      handler: async ({ ctx, reply }) => {
        const list = await deps.escalations.list(ctx);
        const rows = list.escalations.map((e) => ({ ...e, countdown: withCountdown({ clock: e.clock, now: list.now }) }));
        const mayPolice = hasAnyRole(ctx.actor, ACCESS.policeRequesters.roles);
        const waitsDue = deps.waits && mayPolice ? (await deps.waits.open(ctx)).filter((w) => w.summary.stepsDue > 0) : [];
        return reply.render('escalations/views/escalations.njk', { ...list, rows, labels: await labelsFor(deps), waitsDue, mayRaise: hasAnyRole(ctx.actor, ACCESS.raisers.roles), mayThemes: hasAnyRole(ctx.actor, ACCESS.themeReaders.roles), mayPolice: hasAnyRole(ctx.actor, ACCESS.policeRequesters.roles), mayCategories: hasAnyRole(ctx.actor, ACCESS.editors.roles) });
      },
    }),
    defineRoute({ method: 'GET', path: paths.newEscalation.pattern, access: ACCESS.raisers, summary: 'Raise an escalation (linked to a referral, handover or visit when given)', tags, query: newEscalationQuery, handler: async ({ ctx, query, reply }) => renderNew(deps, ctx, reply, undefined, { ...(query.referral ? { referral: query.referral } : {}), ...(query.handover ? { handover: query.handover } : {}), ...(query.visit ? { visit: query.visit } : {}) }) }),
    defineRoute({
      method: 'POST',
      path: paths.escalations.pattern,
      access: ACCESS.raisers,
      summary: 'Raise an escalation',
      tags,
      body: raiseForm,
      audit: 'escalation_raised',
      onRefusal: async ({ error, values, ctx, reply }) => renderNew(deps, ctx, reply, refusal(error), values),
      handler: async ({ ctx, body, reply }) => {
        const view = await deps.escalations.raise(ctx, body);
        const next = view.outOfHours && view.escalation.urgency === 'urgent' ? paths.onCall({ id: view.escalation.id }) : paths.escalation({ id: view.escalation.id });
        return reply.redirectWithFlash(next, { kind: 'success', heading: 'Escalation raised' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.escalation.pattern,
      access: ACCESS.everyone,
      summary: 'An escalation: its clock, the receiving organisation’s routes and the trail',
      tags,
      params: idParams,
      audit: 'escalation_viewed',
      handler: async ({ ctx, params, reply }) => renderEscalation(deps, ctx, reply, params.id, 'escalation'),
    }),
    defineRoute({
      method: 'GET',
      path: paths.onCall.pattern,
      access: ACCESS.raisers,
      summary: 'The on-call ladder, live: whom to call next, and every call recorded',
      tags,
      params: idParams,
      audit: 'escalation_viewed',
      handler: async ({ ctx, params, reply }) => renderEscalation(deps, ctx, reply, params.id, 'on-call'),
    }),
    change(paths.acknowledge.pattern, 'Acknowledge an escalation (the receiving manager)', acknowledgeBody, 'escalation_acknowledged', (ctx, id, b) => deps.escalations.acknowledge(ctx, id, b), 'Acknowledgement recorded'),
    change(paths.respond.pattern, 'Give the written response (the receiving manager)', respondBody, 'escalation_responded', (ctx, id, b) => deps.escalations.respond(ctx, id, b), 'Written response recorded'),
    change(paths.dispute.pattern, 'Dispute the response: the escalation goes one rung up with a new clock', disputeBody, 'escalation_disputed', (ctx, id, b) => deps.escalations.dispute(ctx, id, b), 'Response disputed: escalated one level up'),
    change(paths.resolve.pattern, 'Accept the response: the escalation is resolved', resolveBody, 'escalation_resolved', (ctx, id, b) => deps.escalations.resolve(ctx, id, b), 'Escalation resolved'),
    change(paths.reply.pattern, 'Add a reply or update to the trail', replyBody, 'escalation_replied', (ctx, id, b) => deps.escalations.reply(ctx, id, b), 'Reply added'),
    change(paths.calls.pattern, 'Record a call on the on-call ladder (answered or not)', attemptForm, 'escalation_call_recorded', (ctx, id, b) => deps.escalations.recordAttempt(ctx, id, b), 'Call recorded', 'on-call'),
    change(paths.decision.pattern, 'Record the on-call manager’s decision and actions', decisionBody, 'escalation_decision_recorded', (ctx, id, b) => deps.escalations.recordDecision(ctx, id, b), 'Decision recorded', 'on-call'),
  ];
}

export function escalationApiRoutes(deps: EscalationRoutesDeps): RouteDeclaration[] {
  const view = (v: EscalationView) => escalationViewResource.parse(v);
  const write = (path: string, summary: string, body: Parameters<typeof defineRoute>[0]['body'], audit: string, act: (ctx: ServiceContext, id: string, body: never) => Promise<EscalationView>, refusals: Array<'conflict' | 'state' | 'rule'>, status = 200) =>
    defineRoute({
      method: 'POST',
      path,
      access: ACCESS.raisers,
      summary,
      tags,
      params: idParams,
      body,
      audit,
      success: { status, schema: escalationViewResource },
      refusals: ['not_found', ...refusals],
      handler: async ({ ctx, params, body: parsed }) => view(await act(ctx, params.id, parsed as never)),
    });
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiEscalations.pattern,
      access: ACCESS.everyone,
      summary: 'Escalations you raised or receive (all of them for coordinators and governance), with their clocks',
      tags,
      audit: 'escalations_viewed',
      success: { schema: escalationsResource },
      handler: async ({ ctx }) => escalationsResource.parse(await deps.escalations.list(ctx)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiEscalations.pattern,
      access: ACCESS.raisers,
      summary: 'Raise an escalation (the clock starts: acknowledgement in 24 hours, written response in 7 working days)',
      tags,
      body: raiseBody,
      audit: 'escalation_raised',
      success: { status: 201, schema: escalationViewResource },
      handler: async ({ ctx, body }) => view(await deps.escalations.raise(ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiEscalation.pattern,
      access: ACCESS.everyone,
      summary: 'An escalation with its clock, trail, calls and the next step on the on-call ladder',
      tags,
      params: idParams,
      audit: 'escalation_viewed',
      success: { schema: escalationViewResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => view(await deps.escalations.view(ctx, params.id)),
    }),
    write(paths.apiAcknowledgement.pattern, 'Acknowledge an escalation (only the receiving manager)', acknowledgeBody, 'escalation_acknowledged', (ctx, id, b) => deps.escalations.acknowledge(ctx, id, b), ['conflict', 'state']),
    write(paths.apiResponse.pattern, 'Give the written response (only after acknowledging)', respondBody, 'escalation_responded', (ctx, id, b) => deps.escalations.respond(ctx, id, b), ['conflict', 'state']),
    write(paths.apiDispute.pattern, 'Dispute the response: one rung up the ladder, with a new clock', disputeBody, 'escalation_disputed', (ctx, id, b) => deps.escalations.dispute(ctx, id, b), ['conflict', 'state', 'rule']),
    write(paths.apiResolution.pattern, 'Accept the response: the escalation is resolved', resolveBody, 'escalation_resolved', (ctx, id, b) => deps.escalations.resolve(ctx, id, b), ['conflict', 'state']),
    write(paths.apiReplies.pattern, 'Add a reply or update to the trail', replyBody, 'escalation_replied', (ctx, id, b) => deps.escalations.reply(ctx, id, b), [], 201),
    write(paths.apiCalls.pattern, 'Record a call on the on-call ladder (answered or not)', attemptBody, 'escalation_call_recorded', (ctx, id, b) => deps.escalations.recordAttempt(ctx, id, b), ['state'], 201),
    write(paths.apiDecision.pattern, 'Record the on-call manager’s decision and actions', decisionBody, 'escalation_decision_recorded', (ctx, id, b) => deps.escalations.recordDecision(ctx, id, b), [], 201),
  ];
}

// ── The partner directory ─────────────────────────────────────────────────────────────────

function contactRows() {
  return Array.from({ length: CONTACT_ROWS }, (_, i) => i);
}

async function renderPartnerForm(deps: EscalationRoutesDeps, reply: FastifyReply, id: string | null, errors?: Refused, values?: Record<string, unknown>) {
  let shown = values ?? {};
  let version = 0;
  const members = id ? await deps.directory.members(id) : [];
  const memberOptions = id ? (await deps.directory.partnerPeople()).filter((p) => !members.some((m) => m.id === p.id)).map((p) => ({ value: p.id, text: p.name })) : [];
  if (id) {
    const partner = await deps.directory.partner(id);
    version = partner.version;
    if (!values) {
      shown = { name: partner.name, kind: partner.kind, complaintRoute: partner.complaintRoute, notes: partner.notes, active: partner.active ? 'on' : '', version: partner.version };
      partner.contacts.forEach((c, i) => Object.assign(shown, { [`contacts-${i}-roleLabel`]: c.roleLabel, [`contacts-${i}-rung`]: String(c.rung), [`contacts-${i}-hours`]: c.hours, [`contacts-${i}-phone`]: c.phone, [`contacts-${i}-bleep`]: c.bleep, [`contacts-${i}-mailbox`]: c.mailbox }));
    }
  }
  return reply.render(
    'escalations/views/partner-form.njk',
    { id, version, members, memberOptions, rows: contactRows(), kindOptions: options(PARTNER_KIND_LABELS), hoursOptions: options(CONTACT_HOURS_LABELS), rungOptions: options(RUNG_LABELS), values: shown, errors },
    statusOf(errors),
  );
}

export function directoryPageRoutes(deps: EscalationRoutesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.directory.pattern,
      access: ACCESS.everyone,
      summary: 'The partner directory: each organisation’s escalation routes, in the order to try them',
      tags,
      handler: async ({ ctx, reply }) => reply.render('escalations/views/directory.njk', { partners: await deps.directory.partners(hasAnyRole(ctx.actor, DIRECTORY_EDITORS)), labels: baseLabels, contactLine, mayEdit: hasAnyRole(ctx.actor, DIRECTORY_EDITORS) }),
    }),
    defineRoute({ method: 'GET', path: paths.newPartner.pattern, access: ACCESS.editors, summary: 'Add an organisation to the partner directory', tags, handler: async ({ reply }) => renderPartnerForm(deps, reply, null) }),
    defineRoute({
      method: 'POST',
      path: paths.directory.pattern,
      access: ACCESS.editors,
      summary: 'Add an organisation to the partner directory',
      tags,
      body: partnerForm,
      audit: 'escalation_partner_added',
      onRefusal: async ({ error, values, reply }) => renderPartnerForm(deps, reply, null, refusal(error), values),
      handler: async ({ ctx, body, reply }) => {
        await deps.directory.addPartner(ctx, body);
        return reply.redirectWithFlash(paths.directory(), { kind: 'success', heading: `${body.name} added to the directory` });
      },
    }),
    defineRoute({ method: 'GET', path: paths.partner.pattern, access: ACCESS.editors, summary: 'Change an organisation in the partner directory', tags, params: idParams, handler: async ({ params, reply }) => renderPartnerForm(deps, reply, params.id) }),
    defineRoute({
      method: 'POST',
      path: paths.partner.pattern,
      access: ACCESS.editors,
      summary: 'Change an organisation in the partner directory',
      tags,
      params: idParams,
      body: partnerForm,
      audit: 'escalation_partner_changed',
      onRefusal: async ({ error, values, params, reply }) => renderPartnerForm(deps, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.directory.updatePartner(ctx, params.id, body.version ?? 0, body);
        return reply.redirectWithFlash(paths.directory(), { kind: 'success', heading: `${body.name} saved` });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.partnerMembers.pattern,
      access: ACCESS.editors,
      summary: 'Link a person with the partner role to this organisation (they then see its escalations)',
      tags,
      params: idParams,
      body: memberBody,
      audit: 'escalation_partner_member_added',
      onRefusal: async ({ error, params, reply }) => renderPartnerForm(deps, reply, params!.id, refusal(error)),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.directory.addMember(ctx, params.id, body.personId);
        return reply.redirectWithFlash(paths.partner({ id: params.id }), { kind: 'success', heading: 'Person linked to the organisation' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.partnerMemberRemoval.pattern,
      access: ACCESS.editors,
      summary: 'Unlink a person from this organisation',
      tags,
      params: idParams,
      body: memberBody,
      audit: 'escalation_partner_member_removed',
      onRefusal: async ({ error, params, reply }) => renderPartnerForm(deps, reply, params!.id, refusal(error)),
      handler: async ({ ctx, params, body, reply }) => {
        await deps.directory.removeMember(ctx, params.id, body.personId);
        return reply.redirectWithFlash(paths.partner({ id: params.id }), { kind: 'success', heading: 'Person unlinked from the organisation' });
      },
    }),
  ];
}

export function directoryApiRoutes(deps: EscalationRoutesDeps): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiPartners.pattern,
      access: ACCESS.everyone,
      summary: 'The partner directory',
      tags,
      success: { schema: partnersResource },
      handler: async ({ ctx }) => partnersResource.parse({ partners: await deps.directory.partners(hasAnyRole(ctx.actor, DIRECTORY_EDITORS)) }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiPartners.pattern,
      access: ACCESS.editors,
      summary: 'Add an organisation to the partner directory (every contact needs a phone, a bleep or a mailbox)',
      tags,
      body: partnerBody,
      audit: 'escalation_partner_added',
      success: { status: 201, schema: partnerResource },
      handler: async ({ ctx, body }) => partnerResource.parse(await deps.directory.addPartner(ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiPartner.pattern,
      access: ACCESS.everyone,
      summary: 'One organisation in the partner directory',
      tags,
      params: idParams,
      success: { schema: partnerResource },
      refusals: ['not_found'],
      handler: async ({ params }) => partnerResource.parse(await deps.directory.partner(params.id)),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiPartner.pattern,
      access: ACCESS.editors,
      summary: 'Change an organisation in the partner directory',
      tags,
      params: idParams,
      body: partnerUpdateBody,
      audit: 'escalation_partner_changed',
      success: { schema: partnerResource },
      refusals: ['not_found', 'conflict'],
      handler: async ({ ctx, params, body }) => partnerResource.parse(await deps.directory.updatePartner(ctx, params.id, body.version, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiPartnerMembers.pattern,
      access: ACCESS.editors,
      summary: 'People who sign in for this organisation (partner role)',
      tags,
      params: idParams,
      success: { schema: membersResource },
      handler: async ({ params }) => membersResource.parse({ members: await deps.directory.members(params.id) }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiPartnerMembers.pattern,
      access: ACCESS.editors,
      summary: 'Link a person with the partner role to this organisation (they then see only its escalations)',
      tags,
      params: idParams,
      body: memberBody,
      audit: 'escalation_partner_member_added',
      success: { schema: membersResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params, body }) => membersResource.parse({ members: await deps.directory.addMember(ctx, params.id, body.personId) }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiPartnerMemberRemoval.pattern,
      access: ACCESS.editors,
      summary: 'Unlink a person from this organisation',
      tags,
      params: idParams,
      body: memberBody,
      audit: 'escalation_partner_member_removed',
      success: { schema: membersResource },
      handler: async ({ ctx, params, body }) => membersResource.parse({ members: await deps.directory.removeMember(ctx, params.id, body.personId) }),
    }),
  ];
}
