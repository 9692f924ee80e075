import type { FastifyReply } from 'fastify';
import type { AppError } from '../../platform/errors.js';
import { idParams } from '../../platform/http/fields.js';
import type { FormErrorsView } from '../../platform/http/forms.js';
import { refusalErrorsView } from '../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import type { CategoriesService } from './categories-service.js';
import type { EscalationCategory } from './escalation-categories.js';
import { ACCESS } from './escalations-access.js';
import { escalationsPaths as paths } from './escalations-paths.js';
import { categoriesResource, categoryBody, categoryRenameBody, categoryResource, categoryVersionBody } from './escalations-schemas.js';

const tags = ['escalations'];

type Refused = FormErrorsView & { status: number };
const refusal = (error: AppError): Refused => ({ ...refusalErrorsView(error), status: error.status });

async function renderList(categories: CategoriesService, reply: FastifyReply, errors?: Refused, values: Record<string, unknown> = {}) {
  const all = await categories.all();
  return reply.render('escalations/views/categories.njk', { inUse: all.filter((c) => !c.retiredAt), retired: all.filter((c) => c.retiredAt), values, errors }, errors?.status ?? 200);
}

async function renderOne(categories: CategoriesService, reply: FastifyReply, id: string, errors?: Refused, values: Record<string, unknown> = {}) {
  const category = await categories.category(id);
  return reply.render('escalations/views/category.njk', { category, values: { label: category.label, ...values, version: category.version }, errors }, errors?.status ?? 200);
}

/** The escalation categories (issue 14, point 2): a page for administrators and the AMHP Lead, and the API. */
export function categoryRoutes(categories: CategoriesService): RouteDeclaration[] {
  const resource = (c: EscalationCategory) => categoryResource.parse(c);
  const pageChange = (path: string, summary: string, audit: string, act: (ctx: Parameters<CategoriesService['retire']>[0], id: string, body: { version: number }) => Promise<EscalationCategory>, flash: (c: EscalationCategory) => string) =>
    defineRoute({
      method: 'POST',
      path,
      access: ACCESS.editors,
      summary,
      tags,
      params: idParams,
      body: categoryVersionBody,
      audit,
      onRefusal: async ({ error, params, reply }) => renderOne(categories, reply, params!.id, refusal(error)),
      handler: async ({ ctx, params, body, reply }) => reply.redirectWithFlash(paths.categories(), { kind: 'success', heading: flash(await act(ctx, params.id, body)) }),
    });
  const apiChange = (path: string, summary: string, audit: string, act: (ctx: Parameters<CategoriesService['retire']>[0], id: string, body: { version: number }) => Promise<EscalationCategory>) =>
    defineRoute({
      method: 'POST',
      path,
      access: ACCESS.editors,
      summary,
      tags,
      params: idParams,
      body: categoryVersionBody,
      audit,
      success: { schema: categoryResource },
      refusals: ['not_found', 'conflict', 'state'],
      handler: async ({ ctx, params, body }) => resource(await act(ctx, params.id, body)),
    });
  return [
    defineRoute({
      method: 'GET',
      path: paths.categories.pattern,
      access: ACCESS.editors,
      summary: 'The escalation categories: add, rename, retire and restore',
      tags,
      handler: async ({ reply }) => renderList(categories, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.categories.pattern,
      access: ACCESS.editors,
      summary: 'Add an escalation category',
      tags,
      body: categoryBody,
      audit: 'escalation_category_added',
      onRefusal: async ({ error, values, reply }) => renderList(categories, reply, refusal(error), values),
      handler: async ({ ctx, body, reply }) => {
        const added = await categories.add(ctx, body);
        return reply.redirectWithFlash(paths.categories(), { kind: 'success', heading: `Category added: ${added.label}` });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.category.pattern,
      access: ACCESS.editors,
      summary: 'One escalation category: rename, retire or restore it',
      tags,
      params: idParams,
      handler: async ({ params, reply }) => renderOne(categories, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.category.pattern,
      access: ACCESS.editors,
      summary: 'Rename an escalation category (escalations already raised show the new name)',
      tags,
      params: idParams,
      body: categoryRenameBody,
      audit: 'escalation_category_renamed',
      onRefusal: async ({ error, values, params, reply }) => renderOne(categories, reply, params!.id, refusal(error), values),
      handler: async ({ ctx, params, body, reply }) => {
        const renamed = await categories.rename(ctx, params.id, body);
        return reply.redirectWithFlash(paths.categories(), { kind: 'success', heading: `Category renamed: ${renamed.label}` });
      },
    }),
    pageChange(paths.categoryRetire.pattern, 'Retire an escalation category (no longer offered; escalations already raised keep it)', 'escalation_category_retired', (ctx, id, b) => categories.retire(ctx, id, b), (c) => `Category retired: ${c.label}`),
    pageChange(paths.categoryRestore.pattern, 'Restore a retired escalation category', 'escalation_category_restored', (ctx, id, b) => categories.restore(ctx, id, b), (c) => `Category restored: ${c.label}`),

    defineRoute({
      method: 'GET',
      path: paths.apiCategories.pattern,
      access: ACCESS.everyone,
      summary: 'The escalation categories (retired ones too, with retiredAt): only those in use may be chosen for a new escalation',
      tags,
      success: { schema: categoriesResource },
      handler: async () => categoriesResource.parse({ categories: await categories.all() }),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiCategories.pattern,
      access: ACCESS.editors,
      summary: 'Add an escalation category (the name is required and unique)',
      tags,
      body: categoryBody,
      audit: 'escalation_category_added',
      success: { status: 201, schema: categoryResource },
      handler: async ({ ctx, body }) => resource(await categories.add(ctx, body)),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiCategory.pattern,
      access: ACCESS.everyone,
      summary: 'One escalation category',
      tags,
      params: idParams,
      success: { schema: categoryResource },
      refusals: ['not_found'],
      handler: async ({ params }) => resource(await categories.category(params.id)),
    }),
    defineRoute({
      method: 'PUT',
      path: paths.apiCategory.pattern,
      access: ACCESS.editors,
      summary: 'Rename an escalation category (with the version last read: 409 if it changed since)',
      tags,
      params: idParams,
      body: categoryRenameBody,
      audit: 'escalation_category_renamed',
      success: { schema: categoryResource },
      refusals: ['not_found', 'conflict'],
      handler: async ({ ctx, params, body }) => resource(await categories.rename(ctx, params.id, body)),
    }),
    apiChange(paths.apiCategoryRetirement.pattern, 'Retire an escalation category: no longer offered for a new escalation; those already raised keep it', 'escalation_category_retired', (ctx, id, b) => categories.retire(ctx, id, b)),
    apiChange(paths.apiCategoryRestoration.pattern, 'Restore a retired escalation category', 'escalation_category_restored', (ctx, id, b) => categories.restore(ctx, id, b)),
  ];
}
