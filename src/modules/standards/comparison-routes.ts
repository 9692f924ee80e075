/**
 * Baseline and repeat compared, standard by standard; page and API.
 */
import { defineRoute, type RouteDeclaration } from '../../platform/http/route.js';
import { formatDate } from '../../platform/london-time.js';
import { ValidationError, type AppError } from '../../platform/errors.js';
import { EVALUATION_STATUS_LABELS } from './evaluation.js';
import { STANDARDS_READERS } from './standards-access.js';
import { standardsPaths as paths } from './standards-paths.js';
import { comparisonResource, toComparisonResource } from './standards-resources.js';
import { comparisonPageQuery, comparisonQuery } from './standards-schemas.js';
import type { StandardsService } from './standards-service.js';
import { labels, refusalErrors } from './standards-views.js';

const READERS = { roles: STANDARDS_READERS };

export function comparisonRoutes(standards: StandardsService): RouteDeclaration[] {
  return [
    defineRoute({
      method: 'GET',
      path: paths.compare.pattern,
      access: READERS,
      summary: 'Compare two evaluations of the same service',
      query: comparisonPageQuery,
      success: { contentType: 'text/html' },
      handler: async ({ ctx, query, reply }) => {
        const items = await standards.evaluations.list(ctx);
        const evaluationOptions = items.map((i) => ({
          value: i.evaluation.id,
          text: `${i.evaluation.serviceName}, ${formatDate(i.evaluation.evaluationDate)} (${EVALUATION_STATUS_LABELS[i.evaluation.status].toLowerCase()})`,
        }));
        const data: Record<string, unknown> = { evaluationOptions, values: query, labels };
        if (!query.baseline || !query.repeat) return reply.render('standards/views/compare.njk', data);
        try {
          if (query.baseline === query.repeat) throw ValidationError.of('repeat', 'Choose two different evaluations');
          const comparison = toComparisonResource(await standards.comparisons.compare(ctx, query.baseline, query.repeat));
          return reply.render('standards/views/compare.njk', { ...data, comparison, rows: comparison.standards });
        } catch (error) {
          const refusal = error as AppError;
          if (refusal.status !== 400 && refusal.status !== 422) throw error;
          return reply.render('standards/views/compare.njk', { ...data, errors: refusalErrors(refusal, '#repeat') }, refusal.status);
        }
      },
    }),
    defineRoute({
      method: 'GET',
      path: paths.apiComparisons.pattern,
      access: READERS,
      summary: 'Compare two evaluations of the same service, standard by standard (422 different_services otherwise)',
      tags: ['standards'],
      query: comparisonQuery,
      success: { schema: comparisonResource },
      refusals: ['rule'],
      handler: async ({ ctx, query }) => toComparisonResource(await standards.comparisons.compare(ctx, query.baseline, query.repeat)),
    }),
  ];
}
