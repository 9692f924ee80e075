import type { FastifyReply } from 'fastify';
import { withActorNames, type AuditLog } from '../../platform/audit.js';
import type { CredentialsService } from '../../platform/auth/credentials-service.js';
import type { PersonNames } from '../../platform/auth/people-directory.js';
import type { AppError } from '../../platform/errors.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES } from '../../platform/roles.js';
import { staffPaths } from './staff-paths.js';
import { deactivateForm, idParams, organisationForm, passwordForm, peopleFilter, personEditForm, personForm, teamForm, versionForm } from './staff-schemas.js';
import type { StaffService } from './staff-service.js';

const ADMIN = { roles: ['admin'] } as const;
const TAGS = ['people'];

export interface StaffPageDependencies {
  staff: StaffService;
  audit: Pick<AuditLog, 'search'>;
  people: PersonNames;
  credentials: Pick<CredentialsService, 'lastSignedIn'>;
}

async function formOptions(staff: StaffService) {
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

/** The administrators' pages: people and roles, organisations and teams. */
export function staffPageRoutes(deps: StaffPageDependencies): RouteDeclaration[] {
  return [...peoplePageRoutes(deps), ...accountPageRoutes(deps), ...organisationPageRoutes(deps)];
}

/** Listing, adding, showing and editing people. */
function peoplePageRoutes(deps: StaffPageDependencies): RouteDeclaration[] {
  const { staff } = deps;
  async function showPersonForm(reply: FastifyReply, values: Record<string, unknown>, mode: 'new' | 'edit', error?: AppError) {
    return reply.render('staff/views/person-form.njk', { ...(await formOptions(staff)), values, mode, ...(error ? { errors: refusalErrorsView(error) } : {}) }, error?.status ?? 200);
  }

  return [
    defineRoute({
      method: 'GET',
      path: staffPaths.people,
      access: ADMIN,
      summary: 'People and roles',
      tags: TAGS,
      query: peopleFilter,
      handler: async ({ ctx, query, reply }) => reply.render('staff/views/people-list.njk', { people: await staff.listPeople(ctx, query), filter: query, ...(await formOptions(staff)) }),
    }),
    defineRoute({
      method: 'GET',
      path: staffPaths.newPerson,
      access: ADMIN,
      summary: 'The form to add a person',
      tags: TAGS,
      handler: async ({ reply }) => showPersonForm(reply, { roles: [] }, 'new'),
    }),
    defineRoute({
      method: 'POST',
      path: staffPaths.people,
      access: ADMIN,
      summary: 'Add a person',
      tags: TAGS,
      body: personForm,
      audit: 'person_added',
      onRefusal: async ({ error, values, reply }) => showPersonForm(reply, { ...values, password: '' }, 'new', error),
      handler: async ({ ctx, body, reply }) => {
        const id = await staff.addPerson(ctx, body, body.password);
        return reply.redirectWithFlash(staffPaths.person({ id }), { kind: 'success', heading: 'Person added' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: staffPaths.person,
      access: ADMIN,
      summary: 'A person, their roles and the recent changes to their account',
      tags: TAGS,
      params: idParams,
      handler: async ({ ctx, params, reply }) => {
        const person = await staff.getPerson(ctx, params.id);
        const [history, lastSignedInAt] = await Promise.all([deps.audit.search({ entityType: 'person', entityId: params.id, limit: 20 }), deps.credentials.lastSignedIn(params.id)]);
        return reply.render('staff/views/person-detail.njk', { person, lastSignedInAt, history: await withActorNames(history.rows, deps.people) });
      },
    }),
    defineRoute({
      method: 'GET',
      path: staffPaths.editPerson,
      access: ADMIN,
      summary: 'The form to change a person’s details and roles',
      tags: TAGS,
      params: idParams,
      handler: async ({ ctx, params, reply }) => showPersonForm(reply, { ...(await staff.getPerson(ctx, params.id)) }, 'edit'),
    }),
    defineRoute({
      method: 'POST',
      path: staffPaths.person,
      access: ADMIN,
      summary: 'Change a person’s details and roles',
      tags: TAGS,
      params: idParams,
      body: personEditForm,
      audit: ['person_updated', 'roles_changed'],
      onRefusal: async ({ error, values, params, reply }) => showPersonForm(reply, { ...values, id: params?.id }, 'edit', error),
      handler: async ({ ctx, params, body, reply }) => {
        await staff.updatePerson(ctx, params.id, body);
        return reply.redirectWithFlash(staffPaths.person(params), { kind: 'success', heading: 'Changes saved' });
      },
    }),
  ];
}

/** Deactivating, reactivating and setting the password of an account. */
function accountPageRoutes(deps: StaffPageDependencies): RouteDeclaration[] {
  const { staff } = deps;
  return [
    defineRoute({
      method: 'GET',
      path: staffPaths.deactivate,
      access: ADMIN,
      summary: 'The form to deactivate a person',
      tags: TAGS,
      params: idParams,
      handler: async ({ ctx, params, reply }) => reply.render('staff/views/person-deactivate.njk', { person: await staff.getPerson(ctx, params.id), values: {} }),
    }),
    defineRoute({
      method: 'POST',
      path: staffPaths.deactivate,
      access: ADMIN,
      summary: 'Deactivate a person (never deleted)',
      tags: TAGS,
      params: idParams,
      body: deactivateForm,
      audit: 'person_deactivated',
      onRefusal: async ({ error, values, params, ctx, reply }) =>
        reply.render('staff/views/person-deactivate.njk', { person: await staff.getPerson(ctx, params!.id), values, errors: refusalErrorsView(error) }, error.status),
      handler: async ({ ctx, params, body, reply }) => {
        await staff.deactivate(ctx, params.id, body);
        return reply.redirectWithFlash(staffPaths.person(params), { kind: 'success', heading: 'Account deactivated', body: 'They have been signed out and cannot sign in. Their history is kept.' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: staffPaths.reactivate,
      access: ADMIN,
      summary: 'Reactivate a person',
      tags: TAGS,
      params: idParams,
      body: versionForm,
      audit: 'person_reactivated',
      handler: async ({ ctx, params, body, reply }) => {
        await staff.reactivate(ctx, params.id, body.version);
        return reply.redirectWithFlash(staffPaths.person(params), { kind: 'success', heading: 'Account reactivated' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: staffPaths.password,
      access: ADMIN,
      summary: 'The form to set a person’s password',
      tags: TAGS,
      params: idParams,
      handler: async ({ ctx, params, reply }) => reply.render('staff/views/person-password.njk', { person: await staff.getPerson(ctx, params.id) }),
    }),
    defineRoute({
      method: 'POST',
      path: staffPaths.password,
      access: ADMIN,
      summary: 'Set a person’s password (their sessions end)',
      tags: TAGS,
      params: idParams,
      body: passwordForm,
      audit: 'password_set',
      onRefusal: async ({ error, params, ctx, reply }) =>
        reply.render('staff/views/person-password.njk', { person: await staff.getPerson(ctx, params!.id), errors: refusalErrorsView(error) }, error.status),
      handler: async ({ ctx, params, body, reply }) => {
        await staff.setPassword(ctx, params.id, body.password);
        return reply.redirectWithFlash(staffPaths.person(params), { kind: 'success', heading: 'Password set', body: 'Any sessions they had are ended.' });
      },
    }),
  ];
}

/** The organisations the service acts for and their teams. */
function organisationPageRoutes(deps: StaffPageDependencies): RouteDeclaration[] {
  const { staff } = deps;
  async function organisationsPage(reply: FastifyReply, refused?: { error: AppError; values: Record<string, unknown>; form: string }) {
    const [organisations, teams, options] = await Promise.all([staff.organisations(), staff.teams(), formOptions(staff)]);
    return reply.render(
      'staff/views/organisations.njk',
      { organisations, teams, ...options, ...(refused ? { errors: refusalErrorsView(refused.error), values: refused.values, form: refused.form } : { values: {} }) },
      refused?.error.status ?? 200,
    );
  }

  return [
    defineRoute({
      method: 'GET',
      path: staffPaths.organisations,
      access: ADMIN,
      summary: 'Organisations and teams',
      tags: TAGS,
      handler: async ({ reply }) => organisationsPage(reply),
    }),
    defineRoute({
      method: 'POST',
      path: staffPaths.organisations,
      access: ADMIN,
      summary: 'Add an organisation',
      tags: TAGS,
      body: organisationForm,
      audit: 'organisation_added',
      onRefusal: async ({ error, values, reply }) => organisationsPage(reply, { error, values, form: 'organisation' }),
      handler: async ({ ctx, body, reply }) => {
        await staff.addOrganisation(ctx, body);
        return reply.redirectWithFlash(staffPaths.organisations(), { kind: 'success', heading: 'Organisation added' });
      },
    }),
    defineRoute({
      method: 'POST',
      path: staffPaths.teams,
      access: ADMIN,
      summary: 'Add a team',
      tags: TAGS,
      body: teamForm,
      audit: 'team_added',
      onRefusal: async ({ error, values, reply }) => organisationsPage(reply, { error, values, form: 'team' }),
      handler: async ({ ctx, body, reply }) => {
        await staff.addTeam(ctx, body);
        return reply.redirectWithFlash(staffPaths.organisations(), { kind: 'success', heading: 'Team added' });
      },
    }),
  ];
}
