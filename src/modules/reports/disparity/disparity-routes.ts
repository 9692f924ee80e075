import type { FastifyReply } from 'fastify';
import { barChart, type Chart } from '../../../platform/charts/charts.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { isUploadedFile, type UploadedFile } from '../../../platform/http/multipart.js';
import { defineRoute, type RouteDeclaration } from '../../../platform/http/route.js';
import { z } from 'zod';
import { PART_B_ACCESS as ACCESS } from '../part-b-access.js';
import { reportsBPaths as paths } from '../part-b-paths.js';
import { denominatorCheckResource, denominatorsBody, denominatorsConfirmBody, disparityQuery, disparityResource } from '../part-b-schemas.js';
import { refusal, sendFile, tags, type Refused } from '../part-b-view.js';
import { toCsv } from '../returns/sheet.js';
import { AGE_BANDS, ETHNIC_GROUPS, SEX_GROUPS, formatRate, formatRatio } from './disparity.js';
import type { DisparityQuery, DisparityService, DisparityView } from './disparity-service.js';
import { DENOMINATOR_HEADERS } from './denominators-file.js';

type Query = z.output<typeof disparityQuery>;
const toQuery = (q: Query): DisparityQuery => ({ from: q.from, to: q.to, lssa: q.lssa, referenceEthnicity: q.reference_ethnicity, referenceSex: q.reference_sex, referenceAge: q.reference_age });
const options = (groups: ReadonlyArray<{ code: string; label: string }>) => groups.map((g) => ({ value: g.code, text: g.label }));

function charts(view: DisparityView): Chart[] {
  return view.tables.map((t) =>
    barChart({
      id: `disparity-${t.dimension}`,
      title: `Detentions per 100,000 population by ${t.label.toLowerCase()}, ${view.period.label}`,
      unit: 'Detentions per 100,000',
      series: [{ name: 'Detentions per 100,000', points: t.rows.map((r) => ({ label: r.label, value: r.detentionRate === null ? null : Math.round(r.detentionRate * 10) / 10 })) }],
    }),
  );
}

function pageModel(view: DisparityView | null, values: Record<string, unknown>, errors?: Refused) {
  return {
    view,
    charts: view ? charts(view) : [],
    fmt: { rate: formatRate, ratio: formatRatio },
    values,
    errors,
    lssaOptions: view?.lssas.map((l) => ({ value: l.id, text: l.name })) ?? [],
    groupOptions: { ethnicity: options(ETHNIC_GROUPS), sex: options(SEX_GROUPS), age_band: options(AGE_BANDS) },
  };
}

const uploadForm = z.object({
  file: z
    .custom<UploadedFile>(isUploadedFile, { error: 'Choose the CSV file of populations to check' })
    .refine((file) => /\.csv$/i.test(file.filename), { error: 'The file must be CSV (.csv)' })
    .refine((file) => file.data.length > 0, { error: 'The file is empty' })
    .refine((file) => file.data.length <= 2_000_000, { error: 'The file is too large (2 MB at most)' }),
});
const confirmForm = z.object({ content: z.string().min(1, 'Check the file again').max(3_000_000), sha256: z.string().regex(/^[0-9a-f]{64}$/, 'Check the file again') });

export function disparityRoutes(service: DisparityService): RouteDeclaration[] {
  const renderPopulation = async (ctx: ServiceContext, reply: FastifyReply, extra: Record<string, unknown> = {}, status = 200) =>
    reply.render('reports/disparity/views/population.njk', { summary: await service.populations(ctx), headers: DENOMINATOR_HEADERS.join(','), ...extra }, status);
  return [
    defineRoute({
      method: 'GET',
      path: paths.disparity.pattern,
      access: ACCESS.aggregates,
      summary: 'Disparity: assessments and detentions per 100,000 population by ethnic group, sex and age band, with rate ratios and 95% confidence intervals (small numbers suppressed)',
      tags,
      query: disparityQuery,
      audit: 'disparity_viewed',
      onRefusal: async ({ error, values, reply }) => reply.render('reports/disparity/views/disparity.njk', pageModel(null, values, refusal(error)), error.status),
      handler: async ({ ctx, query, reply, request }) => reply.render('reports/disparity/views/disparity.njk', { ...pageModel(await service.view(ctx, toQuery(query)), request.query as Record<string, unknown>), csvHref: `${paths.disparityCsv()}?${new URLSearchParams(request.query as Record<string, string>).toString()}` }),
    }),
    defineRoute({
      method: 'GET',
      path: paths.disparityCsv.pattern,
      access: ACCESS.aggregates,
      summary: 'Download: the disparity tables as CSV (suppressed cells as *)',
      tags,
      query: disparityQuery,
      audit: 'disparity_exported',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, query, reply }) => {
        const { sheet, fileName } = await service.sheet(ctx, toQuery(query));
        return sendFile(reply, 'text/csv; charset=utf-8', `${fileName}.csv`, toCsv(sheet));
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiDisparity.pattern,
      access: ACCESS.aggregates,
      summary: 'Disparity per 100,000 population by ethnic group, sex and age band (aggregates only; counts 1–7 suppressed)',
      tags,
      query: disparityQuery,
      audit: 'disparity_viewed',
      success: { schema: disparityResource },
      handler: async ({ ctx, query }) => {
        const v = await service.view(ctx, toQuery(query));
        return disparityResource.parse({ ...v, lssa: v.lssa ? { id: v.lssa.id, name: v.lssa.name } : null });
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiDisparityCsv.pattern,
      access: ACCESS.aggregates,
      summary: 'The disparity tables as CSV',
      tags,
      query: disparityQuery,
      audit: 'disparity_exported',
      success: { contentType: 'text/csv' },
      handler: async ({ ctx, query, reply }) => {
        const { sheet, fileName } = await service.sheet(ctx, toQuery(query));
        return sendFile(reply, 'text/csv; charset=utf-8', `${fileName}.csv`, toCsv(sheet));
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.denominators.pattern,
      access: ACCESS.configurers,
      summary: 'Population denominators: what is loaded, and the upload of a new file (checked first)',
      tags,
      handler: async ({ ctx, reply }) => renderPopulation(ctx, reply),
    }),
    defineRoute({
      method: 'POST',
      path: paths.denominatorsCheck.pattern,
      access: ACCESS.configurers,
      summary: 'Upload a populations CSV and check it (a dry run: nothing is written)',
      tags,
      body: uploadForm,
      bodyLimit: 3_000_000,
      audit: 'population_denominators_checked',
      onRefusal: async ({ error, ctx, reply }) => renderPopulation(ctx, reply, { errors: refusal(error) }, error.status),
      handler: async ({ ctx, body, reply }) => {
        const content = body.file.data.toString('utf8');
        const check = await service.check(ctx, content);
        return renderPopulation(ctx, reply, { check, content, fileName: body.file.filename }, check.problems.length > 0 ? 400 : 200);
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.denominatorsConfirm.pattern,
      access: ACCESS.configurers,
      summary: 'Import the populations file that was checked',
      tags,
      body: confirmForm,
      bodyLimit: 4_000_000,
      audit: 'population_denominators_imported',
      success: { status: 303, contentType: 'text/html' },
      onRefusal: async ({ error, ctx, reply }) => renderPopulation(ctx, reply, { errors: refusal(error) }, error.status),
      handler: async ({ ctx, body, reply }) => {
        const done = await service.confirm(ctx, body.content, body.sha256);
        return reply.redirectWithFlash(paths.denominators(), { kind: 'success', heading: 'Populations imported', body: `${done.rows} rows loaded.` });
      },
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiDenominatorsCheck.pattern,
      access: ACCESS.configurers,
      summary: 'Check a populations CSV (a dry run: nothing is written); every problem with its row and column',
      tags,
      body: denominatorsBody,
      bodyLimit: 3_000_000,
      audit: 'population_denominators_checked',
      success: { schema: denominatorCheckResource },
      handler: async ({ ctx, body }) => denominatorCheckResource.parse(await service.check(ctx, body.content)),
    }),
    defineRoute({
      method: 'POST',
      path: paths.apiDenominators.pattern,
      access: ACCESS.configurers,
      summary: 'Import the populations CSV checked before (its sha256 from the check); all rows or none',
      tags,
      body: denominatorsConfirmBody,
      bodyLimit: 3_000_000,
      audit: 'population_denominators_imported',
      success: { status: 201, schema: denominatorCheckResource },
      refusals: ['not_found'],
      handler: async ({ ctx, body }) => denominatorCheckResource.parse(await service.confirm(ctx, body.content, body.sha256)),
    }),
  ];
}
