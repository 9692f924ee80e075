/**
 * Every address of the standards toolkit, pages and API, declared once. Route declarations use
 * `.pattern`; redirects, links and templates (`paths.standards.evaluation({ id })`) call them.
 */
import { definePaths } from '../../platform/http/paths.js';

export const standardsPaths = definePaths({
  // Pages
  home: '/standards',
  newEvaluation: '/standards/evaluations/new',
  evaluations: '/standards/evaluations',
  evaluation: '/standards/evaluations/:id',
  participants: '/standards/evaluations/:id/participants',
  removeParticipant: '/standards/evaluations/:id/participants/:personId/remove',
  transition: '/standards/evaluations/:id/transition',
  thoughts: '/standards/evaluations/:id/thoughts',
  comments: '/standards/evaluations/:id/comments',
  standard: '/standards/evaluations/:id/standards/:number',
  standardActions: '/standards/evaluations/:id/standards/:number/actions',
  summary: '/standards/evaluations/:id/summary',
  summaryPdf: '/standards/evaluations/:id/summary.pdf',
  ratingsCsv: '/standards/evaluations/:id/ratings.csv',
  actionsCsv: '/standards/evaluations/:id/actions.csv',
  summaryXlsx: '/standards/evaluations/:id/summary.xlsx',
  plan: '/standards/plan',
  action: '/standards/actions/:id',
  actionStatus: '/standards/actions/:id/status',
  actionNotes: '/standards/actions/:id/notes',
  actionRevise: '/standards/actions/:id/revise',
  compare: '/standards/compare',
  catalogues: '/standards/catalogues',
  catalogue: '/standards/catalogues/:id',
  catalogueCurrent: '/standards/catalogues/:id/current',
  // API
  apiCatalogues: '/api/v1/standards/catalogues',
  apiCatalogue: '/api/v1/standards/catalogues/:id',
  apiCatalogueCurrent: '/api/v1/standards/catalogues/:id/current',
  apiEvaluations: '/api/v1/standards/evaluations',
  apiEvaluation: '/api/v1/standards/evaluations/:id',
  apiParticipants: '/api/v1/standards/evaluations/:id/participants',
  apiParticipant: '/api/v1/standards/evaluations/:id/participants/:personId',
  apiThoughts: '/api/v1/standards/evaluations/:id/early-thoughts',
  apiComments: '/api/v1/standards/evaluations/:id/comments',
  apiTransitions: '/api/v1/standards/evaluations/:id/transitions',
  apiRecord: '/api/v1/standards/evaluations/:id/standards/:number',
  apiEvaluationActions: '/api/v1/standards/evaluations/:id/actions',
  apiSummary: '/api/v1/standards/evaluations/:id/summary',
  apiSummaryPdf: '/api/v1/standards/evaluations/:id/summary.pdf',
  apiRatingsCsv: '/api/v1/standards/evaluations/:id/ratings.csv',
  apiActionsCsv: '/api/v1/standards/evaluations/:id/actions.csv',
  apiSummaryXlsx: '/api/v1/standards/evaluations/:id/summary.xlsx',
  apiActions: '/api/v1/standards/actions',
  apiAction: '/api/v1/standards/actions/:id',
  apiActionStatus: '/api/v1/standards/actions/:id/status',
  apiActionNotes: '/api/v1/standards/actions/:id/notes',
  apiActionRevise: '/api/v1/standards/actions/:id/revise',
  apiComparisons: '/api/v1/standards/comparisons',
});

export type StandardsPaths = typeof standardsPaths;
