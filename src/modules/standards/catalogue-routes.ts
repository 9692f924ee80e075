/**
 * Versions of the standards' wording: the list, one version's text, and (administrators) loading
 * the official wording and choosing the version new evaluations use; pages and API.
 */
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { hasAnyRole } from '../../platform/roles.js';
import { CATALOGUE_ADMINS, STANDARDS_READERS } from './standards-access.js';
import { CHAPTER_NUMBERS, findChapter, standardsInChapter } from './standards-catalogue.js';
import { standardsPaths as paths } from './standards-paths.js';
import { catalogueDetailResource, catalogueResource, toCatalogueDetail, toCatalogueResource } from './standards-resources.js';
import { catalogueImportBody, evaluationParams } from './standards-schemas.js';
import type { StandardsService } from './standards-service.js';
import { refusalErrors } from './standards-views.js';

const READERS = { roles: STANDARDS_READERS };
const ADMINS = { roles: CATALOGUE_ADMINS };
const TAGS = ['standards'];
const catalogueParams = evaluationParams;
/** A pasted catalogue file can be long. */
const IMPORT_BODY_LIMIT = 1_000_000;

export function catalogueRoutes(standards: StandardsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.catalogues.pattern,
      access: READERS,
      summary: 'The standards and their versions',
      success: { contentType: 'text/html' },
      handler: async ({ ctx, reply }) =>
        reply.render('standards/views/catalogues.njk', { catalogues: await standards.catalogues.list(ctx), isAdmin: hasAnyRole(ctx.actor, CATALOGUE_ADMINS), values: { format: 'csv' } }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.catalogue.pattern,
      access: READERS,
      summary: 'One version of the standards’ wording',
      params: catalogueParams,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => {
        const row = await standards.catalogues.get(ctx, params.id);
        return reply.render('standards/views/catalogue.njk', {
          row,
          chapters: CHAPTER_NUMBERS.map((n) => ({ chapter: findChapter(row.catalogue, n), standards: standardsInChapter(row.catalogue, n) })),
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.catalogues.pattern,
      access: ADMINS,
      summary: 'Load the official wording',
      bodyLimit: IMPORT_BODY_LIMIT,
      body: catalogueImportBody,
      audit: 'standards_catalogue_imported',
      success: { status: 303, contentType: 'text/html', description: 'To the new version' },
      onRefusal: async ({ error, values, ctx, reply }) =>
        reply.render('standards/views/catalogues.njk', { catalogues: await standards.catalogues.list(ctx), isAdmin: true, values, errors: refusalErrors(error, '#content') }, error.status),
      handler: async ({ ctx, body, reply }) => {
        const row = await standards.catalogues.import(ctx, body);
        return reply.redirectWithFlash(paths.catalogue({ id: row.id }), {
          kind: 'success',
          heading: 'Official wording loaded',
          body: 'New evaluations will use this version. Existing evaluations keep the text they were made against.',
        });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.catalogueCurrent.pattern,
      access: ADMINS,
      summary: 'Use this version for new evaluations',
      params: catalogueParams,
      audit: 'standards_catalogue_made_current',
      success: { status: 303, contentType: 'text/html', description: 'Back to the versions' },
      handler: async ({ ctx, params, reply }) => {
        await standards.catalogues.makeCurrent(ctx, params.id);
        return reply.redirectWithFlash(paths.catalogues(), { kind: 'success', heading: 'New evaluations will use this version' });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiCatalogues.pattern,
      access: READERS,
      summary: 'Versions of the standards’ wording',
      tags: TAGS,
      success: { schema: catalogueResource.array() },
      handler: async ({ ctx }) => (await standards.catalogues.list(ctx)).map(toCatalogueResource),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiCatalogue.pattern,
      access: READERS,
      summary: 'One version of the standards’ wording: its chapters and 28 standards',
      tags: TAGS,
      params: catalogueParams,
      success: { schema: catalogueDetailResource },
      handler: async ({ ctx, params }) => toCatalogueDetail(await standards.catalogues.get(ctx, params.id)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiCatalogues.pattern,
      access: ADMINS,
      summary: 'Load the official wording (the CSV or JSON file’s text); it becomes the current version',
      tags: TAGS,
      bodyLimit: IMPORT_BODY_LIMIT,
      body: catalogueImportBody,
      audit: 'standards_catalogue_imported',
      success: { status: 201, schema: catalogueResource },
      handler: async ({ ctx, body }) => toCatalogueResource(await standards.catalogues.import(ctx, body)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiCatalogueCurrent.pattern,
      access: ADMINS,
      summary: 'Use this version of the wording for new evaluations',
      tags: TAGS,
      params: catalogueParams,
      audit: 'standards_catalogue_made_current',
      success: { schema: catalogueResource },
      handler: async ({ ctx, params }) => toCatalogueResource(await standards.catalogues.makeCurrent(ctx, params.id)),
    }),
  ];
}
