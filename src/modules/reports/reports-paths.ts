import { definePaths } from '../../platform/http/paths.js';

/** Every reports URL, pages and API. Templates reach these as `paths.reports.<name>(…)`. */
export const reportsPaths = definePaths({
  index: '/reports',
  pack: '/reports/pack',
  packCsv: '/reports/pack/download.csv',
  packPdf: '/reports/pack/download.pdf',
  highlights: '/reports/highlight',
  highlight: '/reports/highlight/:month',
  highlightNarrative: '/reports/highlight/:month/narrative',
  highlightApprove: '/reports/highlight/:month/approve',
  highlightPdf: '/reports/highlight/:month/download.pdf',
  apiPack: '/api/v1/reports/pack',
  apiPackCsv: '/api/v1/reports/pack/csv',
  apiHighlight: '/api/v1/reports/highlight/:month',
  apiHighlightNarrative: '/api/v1/reports/highlight/:month/narrative',
  apiHighlightApproval: '/api/v1/reports/highlight/:month/approval',
});
