import type { FastifyReply } from 'fastify';
import type { ServiceContext } from '../../platform/audit.js';
import { type AppError, ValidationError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { dateTimeInputValues } from '../../platform/london-time.js';
import type { FieldError } from '../../platform/errors.js';
import { ACCESS } from './escalations-access.js';
import { escalationsPaths as paths } from './escalations-paths.js';
import { WAIT_KIND_LABELS, WAIT_START_LABELS, formatSteps, parseSteps } from './hospital-waits.js';
import { type HospitalWaitsService, WAIT_RECORDERS } from './hospital-waits-service.js';
import { endWaitBody, hospitalWaitResource, hospitalWaitsResource, startWaitBody, timersBody, timersForm, timersResource, waitContactBody, waitListQuery } from './hospital-waits-schemas.js';
import { contactLine } from './partner-directory.js';

const tags = ['escalations'];
const recorders = { roles: WAIT_RECORDERS };

type Refused = FormErrorsView & { status: number };
const refusal = (error: AppError): Refused => ({ ...refusalErrorsView(error), status: error.status });
const labels = { kinds: WAIT_KIND_LABELS, starts: WAIT_START_LABELS, states: { upcoming: 'Not yet', due: 'Due now', contacted: 'Contact recorded', not_reached: 'Not reached' } };

async function renderList(waits: HospitalWaitsService, ctx: ServiceContext, reply: FastifyReply, referral: string | undefined, errors?: Refused, values: Record<string, unknown> = {}) {
  const listed = referral ? await waits.forReferral(ctx, referral) : { referral: null, waits: await waits.open(ctx) };
  const hospitals = await waits.hospitals();
  return reply.render(
    'escalations/views/hospital-waits.njk',
    {
      ...listed,
      labels,
      hospitalOptions: hospitals.map((h) => ({ value: h.id, text: h.name })),
      kindOptions: Object.entries(WAIT_KIND_LABELS).map(([value, text]) => ({ value, text })),
      values: { referral: listed.referral?.reference ?? '', ...dateTimeInputValues('startedAt', waits.now()), ...values },
      errors,
    },
    errors?.status ?? 200,
  );
}

async function renderWait(waits: HospitalWaitsService, ctx: ServiceContext, reply: FastifyReply, id: string, errors?: Refused, values: Record<string, unknown> = {}) {
  const view = await waits.view(ctx, id);
  const firstDue = view.steps.find((s) => s.state === 'due') ?? view.steps.find((s) => s.state === 'upcoming');
  return reply.render(
    'escalations/views/hospital-wait.njk',
    {
      ...view,
      labels,
      contactLine,
      stepOptions: view.steps.map((s) => ({ value: String(s.index), text: `${s.label}: ${s.role}` })),
      values: { stepIndex: firstDue ? String(firstDue.index) : '0', contactRole: firstDue?.contacts[0]?.roleLabel ?? firstDue?.role ?? '', number: firstDue?.contacts[0] ? (firstDue.contacts[0].phone || firstDue.contacts[0].bleep) : '', ...dateTimeInputValues('at', waits.now()), ...dateTimeInputValues('endedAt', waits.now()), ...values },
      errors,
    },
    errors?.status ?? 200,
  );
}

async function renderTimers(waits: HospitalWaitsService, reply: FastifyReply, partnerId: string, errors?: Refused, values: Record<string, unknown> = {}) {
  const timers = await waits.timers(partnerId);
  return reply.render(
    'escalations/views/hospital-timers.njk',
    { timers, values: { emergencyDepartment: formatSteps(timers.emergencyDepartment), bed: formatSteps(timers.bed), ...values }, errors },
    errors?.status ?? 200,
  );
}

export function hospitalWaitRoutes(waits: HospitalWaitsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.hospitalWaits.pattern,
      access: recorders,
      summary: 'Bed and A&E waits: the open ones (or one referral’s), the steps due, and recording a new wait',
      tags,
      query: waitListQuery,
      audit: 'hospital_waits_viewed',
      handler: async ({ ctx, query, reply }) => renderList(waits, ctx, reply, query.referral),
    }),
    defineRoute({
      method: 'POST',
      path: paths.hospitalWaits.pattern,
      access: recorders,
      summary: 'Record a person waiting in an emergency department or for a bed: starts the hospital’s timers',
      tags,
      body: startWaitBody,
      audit: 'hospital_wait_recorded',
      onRefusal: async ({ ctx, error, values, reply }) => renderList(waits, ctx, reply, undefined, refusal(error), values),
      handler: async ({ ctx, body, reply }) => {
        const view = await waits.start(ctx, body);
        return reply.redirectWithFlash(paths.hospitalWait({ id: view.wait.id }), { kind: 'success', heading: 'Wait recorded: the timers have started', body: 'It is on the referral’s timeline.' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.hospitalWait.pattern,
      access: recorders,
      summary: 'A bed or A&E wait: each step, whom to contact from the directory, the contacts made',
      tags,
      params: idParams,
      audit: 'hospital_wait_viewed',
      handler: async ({ ctx, params, reply }) => renderWait(waits, ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.hospitalWaitContacts.pattern,
      access: recorders,
      summary: 'Record a contact made at a step of a wait (who, when, the number, answered, the outcome)',
      tags,
      params: idParams,
      body: waitContactBody,
      audit: 'hospital_wait_contact_recorded',
      onRefusal: async ({ ctx, error, values, params, reply }) => renderWait(waits, ctx, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        await waits.recordContact(ctx, params.id, body);
        return reply.redirectWithFlash(paths.hospitalWait(params), { kind: 'success', heading: 'Contact recorded' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.hospitalWaitEnd.pattern,
      access: recorders,
      summary: 'End a wait: the person left the department or the bed was confirmed (the delay goes on the referral’s timeline)',
      tags,
      params: idParams,
      body: endWaitBody,
      audit: 'hospital_wait_ended',
      onRefusal: async ({ ctx, error, values, params, reply }) => renderWait(waits, ctx, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        const view = await waits.end(ctx, params.id, body);
        return reply.redirectWithFlash(paths.hospitalWait(params), { kind: 'success', heading: 'Wait ended', body: view.summary.text });
      },
    }),
    defineRoute({ method: 'GET', path: paths.hospitalTimers.pattern, access: ACCESS.editors, summary: 'A hospital’s bed and A&E timers', tags, params: idParams, handler: async ({ params, reply }) => renderTimers(waits, reply, params.id) }),
    defineRoute({
      method: 'POST',
      path: paths.hospitalTimers.pattern,
      access: ACCESS.editors,
      summary: 'Change a hospital’s bed and A&E timers (one step a line: hours, role, "breach")',
      tags,
      params: idParams,
      body: timersForm,
      audit: 'hospital_timers_changed',
      onRefusal: async ({ error, values, params, reply }) => renderTimers(waits, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        const ae = parseSteps(body.emergencyDepartment, 'emergencyDepartment', 'A&E');
        const bed = parseSteps(body.bed, 'bed', 'Bed pathway');
        const problems: FieldError[] = [ae, bed].flatMap((r) => (!r.ok && r.refusal.kind === 'invalid' ? r.refusal.fieldErrors : []));
        if (!ae.ok || !bed.ok) throw new ValidationError(problems);
        await waits.saveTimers(ctx, params.id, { version: body.version, emergencyDepartment: ae.value, bed: bed.value });
        return reply.redirectWithFlash(paths.hospitalTimers(params), { kind: 'success', heading: 'Timers saved', body: 'New waits at this hospital use them; waits already running keep theirs.' });
      },
    }),
  ];
}

export function hospitalWaitApiRoutes(waits: HospitalWaitsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.apiHospitalWaits.pattern,
      access: recorders,
      summary: 'Bed and A&E waits: the open ones, or one referral’s (all of them)',
      tags,
      query: waitListQuery,
      audit: 'hospital_waits_viewed',
      success: { schema: hospitalWaitsResource },
      refusals: ['not_found'],
      handler: async ({ ctx, query }) => hospitalWaitsResource.parse(query.referral ? await waits.forReferral(ctx, query.referral) : { referral: null, waits: await waits.open(ctx) }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiHospitalWaits.pattern,
      access: recorders,
      summary: 'Record a person waiting in an emergency department or for a bed: starts the hospital’s timers',
      tags,
      body: startWaitBody,
      audit: 'hospital_wait_recorded',
      success: { status: 201, schema: hospitalWaitResource },
      refusals: ['state'],
      handler: async ({ ctx, body }) => hospitalWaitResource.parse(await waits.start(ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiHospitalWait.pattern,
      access: recorders,
      summary: 'A bed or A&E wait with its steps, whom to contact and the contacts made',
      tags,
      params: idParams,
      audit: 'hospital_wait_viewed',
      success: { schema: hospitalWaitResource },
      refusals: ['not_found'],
      handler: async ({ ctx, params }) => hospitalWaitResource.parse(await waits.view(ctx, params.id)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiHospitalWaitContacts.pattern,
      access: recorders,
      summary: 'Record a contact made at a step of a wait',
      tags,
      params: idParams,
      body: waitContactBody,
      audit: 'hospital_wait_contact_recorded',
      success: { status: 201, schema: hospitalWaitResource },
      refusals: ['not_found', 'state'],
      handler: async ({ ctx, params, body }) => hospitalWaitResource.parse(await waits.recordContact(ctx, params.id, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiHospitalWaitEnd.pattern,
      access: recorders,
      summary: 'End a wait (the delay goes on the referral’s timeline)',
      tags,
      params: idParams,
      body: endWaitBody,
      audit: 'hospital_wait_ended',
      success: { schema: hospitalWaitResource },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => hospitalWaitResource.parse(await waits.end(ctx, params.id, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiHospitalTimers.pattern,
      access: ACCESS.everyone,
      summary: 'A hospital’s bed and A&E timers (the defaults until changed: version 0)',
      tags,
      params: idParams,
      success: { schema: timersResource },
      handler: async ({ params }) => timersResource.parse(await waits.timers(params.id)),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiHospitalTimers.pattern,
      access: ACCESS.editors,
      summary: 'Change a hospital’s bed and A&E timers (version 0 while it has the defaults)',
      tags,
      params: idParams,
      body: timersBody,
      audit: 'hospital_timers_changed',
      success: { schema: timersResource },
      refusals: ['conflict'],
      handler: async ({ ctx, params, body }) => timersResource.parse(await waits.saveTimers(ctx, params.id, body)),
    }),
  ];
}
