/** The performance pack as a PDF: every section's figures beside their comparisons, and its charts. */
import { formatDateTime } from '../../platform/london-time.js';
import { type Pack, figureText } from './pack.js';
import { chart, heading, newReportPdf, pageNumbers, para, table, title } from './report-pdf.js';

export async function renderPackPdf(pack: Pack, generatedAt: Date): Promise<Buffer> {
  const p = pack.periods;
  const scope = [pack.serviceLabel, pack.lssaName, pack.teamName].filter(Boolean).join(' · ');
  const { doc, done, width } = await newReportPdf(`Performance pack: ${p.current.label}`, 'AMHP service monthly performance pack');
  title(doc, `AMHP service performance pack: ${p.current.label}`, `${scope}. Beside ${p.previous.label} and ${p.yearEarlier.label}. Made ${formatDateTime(generatedAt)}. Aggregates only; every figure is defined in the reports guide.`);
  for (const section of pack.sections) {
    heading(doc, section.title);
    if (section.note) para(doc, section.note, true);
    table(doc, ['Figure', p.current.shortLabel, p.previous.shortLabel, p.yearEarlier.shortLabel], [width - 3 * 75, 75, 75, 75], section.figures.map((f) => [f.label, figureText(f.current, f.unit), figureText(f.previous, f.unit), figureText(f.yearEarlier, f.unit)]));
    for (const c of section.charts) chart(doc, c, width);
    if (section.extra && section.extra.rows.length > 0 && section.extra.head.length <= 6) {
      para(doc, section.extra.caption, true);
      table(doc, section.extra.head, section.extra.head.map((_, i) => (i === 0 ? width - 60 * (section.extra!.head.length - 1) : 60)), section.extra.rows);
    } else if (section.extra && section.extra.rows.length > 0) {
      // The heat map: 24 hour columns in a narrow font.
      para(doc, section.extra.caption, true);
      const first = 40;
      const rest = (width - first) / (section.extra.head.length - 1);
      table(doc, section.extra.head, section.extra.head.map((_, i) => (i === 0 ? first : rest)), section.extra.rows);
    }
  }
  pageNumbers(doc, `Performance pack ${p.current.label}`);
  doc.end();
  return done;
}
