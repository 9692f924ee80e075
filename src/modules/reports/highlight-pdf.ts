/** The Highlight Report as a PDF: per theme, its figures beside the comparisons and the Lead's narrative. */
import { formatDate, formatDateTime } from '../../platform/london-time.js';
import type { HighlightView } from './highlight.js';
import { heading, newReportPdf, pageNumbers, para, table, title } from './report-pdf.js';

export async function renderHighlightPdf(view: HighlightView, generatedAt: Date): Promise<Buffer> {
  const p = view.periods;
  const { doc, done, width } = await newReportPdf(`Highlight Report: ${view.label}`, 'AMHP service monthly Highlight Report for the AMHP Governance Group');
  const state = view.locked ? `Approved by ${view.approvedByName ?? 'unknown'} on ${formatDate(view.approvedAt)}.` : 'DRAFT: not yet approved.';
  title(doc, `Highlight Report: ${view.label}`, `${state} Daytime service and EDT. Each figure beside ${p.previous.label} and ${p.yearEarlier.label}. Made ${formatDateTime(generatedAt)}. Aggregates only; every figure is defined in the reports guide.`);
  for (const theme of view.themes) {
    heading(doc, theme.title);
    table(
      doc,
      ['Figure', p.current.shortLabel, p.previous.shortLabel, p.yearEarlier.shortLabel, 'Trend'],
      [width - 3 * 60 - 140, 60, 60, 60, 140],
      theme.figures.map((f) => [f.label, f.currentText, f.previousText, f.yearEarlierText, f.trend]),
    );
    para(doc, theme.narrative || 'No narrative written yet.', !theme.narrative);
  }
  pageNumbers(doc, `Highlight Report ${view.label}${view.locked ? '' : ' (draft)'}`);
  doc.end();
  return done;
}
