import type { FastifyReply } from 'fastify';
import type { AppError } from '../../../platform/errors.js';
import { refusalErrorsView } from '../../../platform/http/refusal-view.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { setupPaths as paths } from '../setup-paths.js';
import { IMPORT_BODY_LIMIT, importParams, importResource, kindParams, templateParams, uploadBody, uploadForm } from './imports-schemas.js';
import { IMPORT_KINDS, type ImportKind, type ImportsService } from './imports-service.js';

const ADMIN = { roles: ['admin'] } as const;
const TAGS = ['setup'];
const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/** Spreadsheet imports: templates, upload and dry run, confirmation. Pages and API. */
export function importRoutes({ imports }: { imports: ImportsService }): RouteDeclaration[] {
  const kinds = Object.entries(IMPORT_KINDS).map(([kind, spec]) => ({ kind, ...spec }));
  const renderIndex = (reply: FastifyReply, error?: AppError, failedKind?: string) =>
    reply.render('setup/views/imports.njk', { kinds, failedKind, ...(error ? { errors: refusalErrorsView(error) } : {}) }, error?.status ?? 200);
  async function renderView(ctx: ServiceContext, reply: FastifyReply, id: string, error?: AppError) {
    const view = await imports.view(ctx, id);
    return reply.render('setup/views/import.njk', { view, title: IMPORT_KINDS[view.kind].title, ...(error ? { errors: refusalErrorsView(error) } : {}) }, error?.status ?? 200);
  }
  async function sendTemplate(reply: FastifyReply, kind: ImportKind, format: 'csv' | 'xlsx') {
    return reply
      .header('content-type', CONTENT_TYPES[format])
      .header('content-disposition', `attachment; filename="amhp-hub-${kind}-template.${format}"`)
      .send(await imports.template(kind, format));
  }

  return [
    defineRoute({
      method: 'GET',
      path: paths.imports,
      access: ADMIN,
      summary: 'Imports: templates, the columns, and the upload',
      tags: TAGS,
      success: { contentType: 'text/html' },
      handler: async ({ reply }) => renderIndex(reply),
    }),
    defineRoute({
      method: 'GET',
      path: paths.importTemplate,
      access: ADMIN,
      summary: 'The template of an import (CSV or XLSX)',
      tags: TAGS,
      params: templateParams,
      success: { contentType: 'text/csv' },
      handler: async ({ params, reply }) => sendTemplate(reply, params.kind, params.format),
    }),
    defineRoute({
      method: 'POST',
      path: paths.importStaff,
      access: ADMIN,
      summary: 'Upload a staff file and check it (a dry run: nothing is written to the service)',
      tags: TAGS,
      body: uploadForm,
      bodyLimit: IMPORT_BODY_LIMIT,
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, reply }) => renderIndex(reply, error),
      handler: async ({ ctx, body, reply }) => {
        const view = await imports.upload(ctx, 'staff', body.file);
        return reply.redirect(paths.importView({ id: view.id }), 303);
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.importUpload,
      access: ADMIN,
      summary: 'Upload a file of the kind given and check it (a dry run: nothing is written to the service)',
      tags: TAGS,
      params: kindParams,
      body: uploadForm,
      bodyLimit: IMPORT_BODY_LIMIT,
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, params, reply }) => renderIndex(reply, error, params?.kind),
      handler: async ({ ctx, params, body, reply }) => {
        const view = await imports.upload(ctx, params.kind, body.file);
        return reply.redirect(paths.importView({ id: view.id }), 303);
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.importView,
      access: ADMIN,
      summary: 'An import’s dry run: row by row what would be created or changed, and every error',
      tags: TAGS,
      params: importParams,
      refusals: ['not_found'],
      success: { contentType: 'text/html' },
      handler: async ({ ctx, params, reply }) => renderView(ctx, reply, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.importConfirm,
      access: ADMIN,
      summary: 'Confirm an import: everything is written in one transaction',
      tags: TAGS,
      params: importParams,
      audit: ['staff_imported', 'person_added', 'person_updated', 'register_imported', 'register_entry_added', 'register_records_imported', 'referrals_imported', 'referral_created', 'rota_imported', 'duty_shift_planned'],
      refusals: ['not_found', 'rule', 'state', 'conflict'],
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ ctx, error, params, reply }) => (params ? renderView(ctx, reply, params.id, error) : renderIndex(reply, error)),
      handler: async ({ ctx, params, reply }) => {
        const view = await imports.confirm(ctx, params.id);
        const result = view.result ?? {};
        return reply.redirectWithFlash(paths.importView({ id: view.id }), {
          kind: 'success',
          heading: 'Imported',
          body: `${String(result.created ?? 0)} created, ${String(result.updated ?? 0)} changed, ${String(result.unchanged ?? 0)} unchanged.`,
        });
      },
    }),

    defineRoute({
      method: 'GET',
      path: paths.apiImportTemplate,
      access: ADMIN,
      summary: 'The template of an import (CSV or XLSX), with the documented columns',
      tags: TAGS,
      params: templateParams,
      success: { contentType: 'text/csv' },
      handler: async ({ params, reply }) => sendTemplate(reply, params.kind, params.format),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiImports,
      access: ADMIN,
      summary: 'Upload a file and check it (a dry run): row by row what would be created or changed, and every error with its row and column',
      tags: TAGS,
      body: uploadBody,
      bodyLimit: IMPORT_BODY_LIMIT,
      success: { status: 201, schema: importResource },
      handler: async ({ ctx, body }) => imports.upload(ctx, body.kind, { fileName: body.fileName, format: body.format, bytes: new Uint8Array(Buffer.from(body.content, 'base64')) }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiImport,
      access: ADMIN,
      summary: 'An import, checked again against the service as it is now',
      tags: TAGS,
      params: importParams,
      refusals: ['not_found'],
      success: { schema: importResource },
      handler: async ({ ctx, params }) => imports.view(ctx, params.id),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiImportConfirm,
      access: ADMIN,
      summary: 'Confirm an import: checked again, then written in one transaction (all or nothing); 422 while any row has an error',
      tags: TAGS,
      params: importParams,
      audit: ['staff_imported', 'person_added', 'person_updated', 'register_imported', 'register_entry_added', 'register_records_imported', 'referrals_imported', 'referral_created', 'rota_imported', 'duty_shift_planned'],
      refusals: ['not_found', 'rule', 'state', 'conflict'],
      success: { schema: importResource },
      handler: async ({ ctx, params }) => imports.confirm(ctx, params.id),
    }),
  ];
}
