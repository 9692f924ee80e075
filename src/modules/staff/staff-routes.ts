import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ServiceContext } from '../../platform/audit.js';
import { ValidationError } from '../../platform/errors.js';
import { formErrorsView, idParams, parseInput } from '../../platform/http/forms.js';
import { contextOf, route } from '../../platform/http/routing.js';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, ROLE_GROUPS } from '../../platform/roles.js';
import type { Services } from '../../services.js';
import { peopleFilterSchema, personSchema } from './staff-schemas.js';

const ADMIN = { roles: ['admin'] } as const;
const DIRECTORY = { roles: ['admin', 'amhp_lead', 'edt_manager', 'operational_manager', 'business_support', 'lead_amhp', 'line_manager'] } as const;

const personJson = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  jobTitle: z.string(),
  phone: z.string(),
  active: z.boolean(),
  employingOrganisationId: z.string(),
  organisationName: z.string(),
  teamId: z.string().nullable(),
  teamName: z.string().nullable(),
  lineManagerId: z.string().nullable(),
  lineManagerName: z.string().nullable(),
  approvalExpiresOn: z.string().nullable(),
  version: z.number(),
  roles: z.array(z.string()),
});

export function registerStaffRoutes(app: FastifyInstance, services: Services): void {
  const { staff } = services;

  async function formOptions() {
    const [organisations, teams, managers] = await Promise.all([
      staff.organisations(),
      staff.teams(),
      staff.peopleWithRole(['line_manager', 'operational_manager', 'edt_manager', 'lead_amhp', 'amhp_lead']),
    ]);
    return {
      organisationOptions: organisations.map((o) => ({ value: o.id, text: o.name })),
      teamOptions: teams.map((t) => ({ value: t.id, text: t.name })),
      managerOptions: managers.map((m) => ({ value: m.id, text: `${m.name} (${m.jobTitle || m.organisationName})` })),
      roleOptions: ROLES.map((role) => ({ value: role, text: ROLE_LABELS[role], hint: ROLE_DESCRIPTIONS[role] })),
    };
  }

  async function renderPersonForm(reply: FastifyReply, values: Record<string, unknown>, mode: 'new' | 'edit', error?: ValidationError) {
    return reply.render(
      'staff/views/person-form.njk',
      { ...(await formOptions()), values, mode, ...(error ? { errors: formErrorsView(error) } : {}) },
      error ? 400 : 200,
    );
  }

  function formValues(request: FastifyRequest): Record<string, unknown> {
    const body = { ...(request.body as Record<string, unknown>) };
    if (body.roles !== undefined && !Array.isArray(body.roles)) body.roles = [body.roles];
    return body;
  }

  route(app, 'GET', '/admin/people', { access: ADMIN }, async (request, reply) => {
    const filter = parseInput(peopleFilterSchema, request.query);
    const people = await staff.listPeople(contextOf(request), filter);
    return reply.render('staff/views/people-list.njk', { people, filter, ...(await formOptions()) });
  });

  route(app, 'GET', '/admin/people/new', { access: ADMIN }, async (_request, reply) => renderPersonForm(reply, { roles: [] }, 'new'));

  route(app, 'POST', '/admin/people', { access: ADMIN }, async (request, reply) => {
    const values = formValues(request);
    try {
      const password = typeof values.password === 'string' && values.password !== '' ? values.password : undefined;
      const id = await staff.addPerson(contextOf(request), values, password);
      return await reply.redirectWithFlash(`/admin/people/${id}`, { kind: 'success', heading: 'Person added' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderPersonForm(reply, { ...values, password: '' }, 'new', error);
    }
  });

  route(app, 'GET', '/admin/people/:id', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const person = await staff.getPerson(ctx, id);
    const history = await services.audit.search({ entityType: 'person', entityId: id, limit: 20 });
    return reply.render('staff/views/person-detail.njk', { person, history: history.rows });
  });

  route(app, 'GET', '/admin/people/:id/edit', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const person = await staff.getPerson(contextOf(request), id);
    return renderPersonForm(reply, { ...person }, 'edit');
  });

  route(app, 'POST', '/admin/people/:id', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const values = formValues(request);
    try {
      await staff.updatePerson(contextOf(request), id, values);
      return await reply.redirectWithFlash(`/admin/people/${id}`, { kind: 'success', heading: 'Changes saved' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return renderPersonForm(reply, { ...values, id }, 'edit', error);
    }
  });

  route(app, 'GET', '/admin/people/:id/deactivate', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return reply.render('staff/views/person-deactivate.njk', { person: await staff.getPerson(contextOf(request), id), values: {} });
  });

  route(app, 'POST', '/admin/people/:id/deactivate', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    try {
      await staff.deactivate(ctx, id, request.body);
      return await reply.redirectWithFlash(`/admin/people/${id}`, { kind: 'success', heading: 'Account deactivated', body: 'They have been signed out and cannot sign in. Their history is kept.' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.render('staff/views/person-deactivate.njk', { person: await staff.getPerson(ctx, id), values: request.body, errors: formErrorsView(error) }, 400);
    }
  });

  route(app, 'POST', '/admin/people/:id/reactivate', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const { version } = parseInput(z.object({ version: z.coerce.number().int().min(1) }), request.body);
    await staff.reactivate(contextOf(request), id, version);
    return reply.redirectWithFlash(`/admin/people/${id}`, { kind: 'success', heading: 'Account reactivated' });
  });

  route(app, 'GET', '/admin/people/:id/password', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return reply.render('staff/views/person-password.njk', { person: await staff.getPerson(contextOf(request), id) });
  });

  route(app, 'POST', '/admin/people/:id/password', { access: ADMIN }, async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = contextOf(request);
    const { password } = request.body as { password?: string };
    try {
      await staff.setPassword(ctx, id, password ?? '');
      return await reply.redirectWithFlash(`/admin/people/${id}`, { kind: 'success', heading: 'Password set', body: 'Any sessions they had are ended.' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return reply.render('staff/views/person-password.njk', { person: await staff.getPerson(ctx, id), errors: formErrorsView(error) }, 400);
    }
  });

  route(app, 'GET', '/admin/organisations', { access: ADMIN }, async (_request, reply) => {
    return reply.render('staff/views/organisations.njk', { organisations: await staff.organisations(), teams: await staff.teams(), ...(await formOptions()) });
  });

  const adders = [
    { url: '/admin/organisations', add: (ctx: ServiceContext, body: unknown) => staff.addOrganisation(ctx, body), what: 'Organisation added' },
    { url: '/admin/teams', add: (ctx: ServiceContext, body: unknown) => staff.addTeam(ctx, body), what: 'Team added' },
  ];
  for (const { url, add, what } of adders) {
    route(app, 'POST', url, { access: ADMIN }, async (request, reply) => {
      try {
        await add(contextOf(request), request.body);
        return await reply.redirectWithFlash('/admin/organisations', { kind: 'success', heading: what });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.render(
          'staff/views/organisations.njk',
          { organisations: await staff.organisations(), teams: await staff.teams(), ...(await formOptions()), errors: formErrorsView(error), values: request.body, form: url },
          400,
        );
      }
    });
  }

  // JSON API
  route(
    app,
    'GET',
    '/api/v1/people',
    { access: DIRECTORY, api: { summary: 'List people (staff directory)', tags: ['people'], query: peopleFilterSchema, response: z.array(personJson) } },
    async (request) => staff.listPeople(contextOf(request), parseInput(peopleFilterSchema, request.query)),
  );
  route(
    app,
    'GET',
    '/api/v1/people/:id',
    { access: { roles: ROLE_GROUPS.everyone }, api: { summary: 'One person (yourself, or anyone for directory readers)', tags: ['people'], response: personJson } },
    async (request) => staff.getPerson(contextOf(request), parseInput(idParams, request.params).id),
  );
  route(
    app,
    'POST',
    '/api/v1/people',
    { access: ADMIN, api: { summary: 'Add a person', tags: ['people'], body: personSchema.extend({ password: z.string().optional() }), response: z.object({ id: z.string() }), successStatus: 201 } },
    async (request, reply) => {
      const body = request.body as Record<string, unknown> & { password?: string };
      const id = await staff.addPerson(contextOf(request), body, body.password);
      return reply.code(201).send({ id });
    },
  );
  route(
    app,
    'PUT',
    '/api/v1/people/:id',
    { access: ADMIN, api: { summary: 'Replace a person’s details and roles (send the version you read)', tags: ['people'], body: personSchema.extend({ version: z.number() }), response: personJson } },
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const ctx = contextOf(request);
      await staff.updatePerson(ctx, id, request.body);
      return staff.getPerson(ctx, id);
    },
  );
  route(
    app,
    'POST',
    '/api/v1/people/:id/deactivate',
    { access: ADMIN, api: { summary: 'Deactivate a person (never deleted)', tags: ['people'], body: z.object({ reason: z.string(), version: z.number() }), successStatus: 204 } },
    async (request, reply) => {
      await staff.deactivate(contextOf(request), parseInput(idParams, request.params).id, request.body);
      return reply.code(204).send();
    },
  );
  route(
    app,
    'GET',
    '/api/v1/organisations',
    { access: { roles: ROLE_GROUPS.everyone }, api: { summary: 'Organisations and teams', tags: ['people'] } },
    async () => ({ organisations: await staff.organisations(), teams: await staff.teams() }),
  );
}
