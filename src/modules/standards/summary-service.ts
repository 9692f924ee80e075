/**
 * The summary report of an evaluation and its downloads: the page's data, the PDF, the ratings
 * and actions CSVs and the workbook. Every download is audited.
 */
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { toCsv } from './csv-text.js';
import type { EvaluationService, EvaluationView } from './evaluation-service.js';
import type { StandardsAudit } from './standards-ports.js';
import type { StandardsDb } from './standards-repository.js';
import { actionsCsvRows, ratingsCsvRows } from './standards-csv.js';
import { buildSummary, type EvaluationSummary } from './standards-summary.js';
import { standardsWorkbook } from './standards-xlsx.js';
import { renderSummaryPdf } from './summary-pdf.js';

export type ExportFormat = 'pdf' | 'ratings-csv' | 'actions-csv' | 'xlsx';

/** A file to send: its name, type and bytes (or text). */
export interface ExportFile {
  fileName: string;
  contentType: string;
  body: Buffer | string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  pdf: 'application/pdf',
  'ratings-csv': 'text/csv; charset=utf-8',
  'actions-csv': 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const EXTENSIONS: Record<ExportFormat, string> = { pdf: 'pdf', 'ratings-csv': 'ratings.csv', 'actions-csv': 'actions.csv', xlsx: 'xlsx' };

function fileName(view: EvaluationView, format: ExportFormat): string {
  return `standards-${view.evaluation.serviceName.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${view.evaluation.evaluationDate}.${EXTENSIONS[format]}`;
}

export class SummaryService {
  constructor(
    private readonly db: StandardsDb,
    private readonly clock: Clock,
    private readonly audit: StandardsAudit,
    private readonly evaluations: EvaluationService,
  ) {}

  async summary(ctx: ServiceContext, evaluationId: string): Promise<{ view: EvaluationView; summary: EvaluationSummary }> {
    const view = await this.evaluations.view(ctx, evaluationId);
    const summary = buildSummary({ evaluation: view.evaluation, catalogue: view.catalogue, records: view.records, actions: view.actions, comments: view.comments, now: this.clock.now() });
    return { view, summary };
  }

  async export(ctx: ServiceContext, evaluationId: string, format: ExportFormat): Promise<ExportFile> {
    const { view, summary } = await this.summary(ctx, evaluationId);
    const now = this.clock.now();
    const label = () => `${view.evaluation.serviceName} ${view.evaluation.evaluationDate}`;
    let body: Buffer | string;
    switch (format) {
      case 'pdf':
        body = await renderSummaryPdf(summary, now);
        break;
      case 'ratings-csv':
        body = toCsv(ratingsCsvRows(view.evaluation, view.catalogue, view.records));
        break;
      case 'actions-csv':
        body = toCsv(actionsCsvRows(view.actions, view.catalogue, now, label));
        break;
      case 'xlsx':
        body = await standardsWorkbook([
          { name: 'Ratings', rows: ratingsCsvRows(view.evaluation, view.catalogue, view.records) },
          { name: 'Actions', rows: actionsCsvRows(view.actions, view.catalogue, now, label) },
        ]);
        break;
    }
    await inTransaction(this.db, async (trx) => {
      await this.audit.record(trx, ctx, { action: 'standards_summary_exported', entityType: 'standards_evaluation', entityId: evaluationId, summary: { format } });
    });
    return { fileName: fileName(view, format), contentType: CONTENT_TYPES[format], body };
  }
}
