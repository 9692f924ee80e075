/**
 * The summary report as a PDF, for the DASS, PSW and senior leaders: page 1 is the one-page
 * overview (the same server-rendered heat map SVG as the page, drawn by svg-to-pdfkit), then
 * the priorities, the development plan and the full record per standard. Pure: data in, Buffer out.
 */
import type PDFDocument from 'pdfkit';
import { loadPdfKit, loadSvgToPdf } from '../../platform/lazy-libraries.js';
import { ACTION_STATUS_LABELS } from './action-plan.js';
import { CATEGORY_LABELS, HEAT_MAP_CATEGORIES } from './heat-map-svg.js';
import { HIGH_BAND_FROM, MEDIUM_BAND_FROM } from './priorities.js';
import type { EvaluationSummary } from './standards-summary.js';
import { formatDate } from '../../platform/london-time.js';

type Doc = InstanceType<typeof PDFDocument>;

const MARGIN = 40;
const TEXT = '#0b0c0c';
const GREY = '#505a5f';
const RED = '#b3261e';

function fontFor(_family: string, bold: boolean): string {
  return bold ? 'Helvetica-Bold' : 'Helvetica';
}

export async function renderSummaryPdf(summary: EvaluationSummary, generatedAt: Date): Promise<Buffer> {
  const [PDFDocumentClass, SVGtoPDF] = await Promise.all([loadPdfKit(), loadSvgToPdf()]);
  const doc: Doc = new PDFDocumentClass({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `AMHP service standards summary: ${summary.heading}`, Author: 'AMHP Hub', Subject: 'National AMHP Service Standards evaluation' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const width = doc.page.width - MARGIN * 2;

  // Page 1: one-page overview.
  doc.fillColor(TEXT).font('Helvetica-Bold').fontSize(18).text('AMHP service standards: summary', MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(10).fillColor(GREY)
    .text(`${summary.heading} · ${summary.statusLabel} · Chair: ${summary.evaluation.chair.name}${summary.evaluation.noteTaker ? ` · Note-taker: ${summary.evaluation.noteTaker.name}` : ''} · Standards: ${summary.catalogue.versionLabel}`);
  doc.text(HEAT_MAP_CATEGORIES.map((c) => `${CATEGORY_LABELS[c]}: ${summary.counts[c]}`).join('   ·   '));
  const top = doc.y + 6;
  const available = doc.page.height - MARGIN - top - 14;
  const svgWidth = 16 * 2 + 236 + 6 * 118 + 5 * 6;
  const svgHeight = 16 + 30 + 62 + 6 * (88 + 6) + 16;
  const scale = Math.min(width / svgWidth, available / svgHeight);
  doc.save();
  doc.translate(MARGIN, top);
  doc.scale(scale);
  SVGtoPDF(doc as never, summary.heatMapSvg, 0, 0, { width: svgWidth, height: svgHeight, fontCallback: fontFor, assumePt: true });
  doc.restore();
  doc.fillColor(GREY).font('Helvetica').fontSize(8).text(
    `Priority score = (sum of the three risk ratings, low 1 / medium 2 / high 3) × shortfall (met 1, partly met 2, not met 3). High priority: score at least ${HIGH_BAND_FROM}; medium: at least ${MEDIUM_BAND_FROM}. Source: ${summary.catalogue.sourceDocument}.`,
    MARGIN,
    doc.page.height - MARGIN - 20,
    { width, height: 22, ellipsis: true },
  );

  // Priorities.
  doc.addPage();
  heading(doc, 'Priorities (highest risk first)');
  if (summary.priorities.length === 0) para(doc, 'No standard is partly met or not met: there are no priorities.');
  table(
    doc,
    ['#', 'Standard', 'Extent met', 'AMHPs', 'Service', 'Organisation', 'Score', 'Priority'],
    [20, 330, 80, 60, 60, 80, 45, 95],
    summary.priorities.map((p) => [String(p.rank), `${p.standardNumber} ${p.title}`, p.extentLabel, p.riskLabels.amhps, p.riskLabels.service, p.riskLabels.organisation, String(p.score), p.bandLabel]),
  );
  if (summary.unrated.length > 0) para(doc, `Not rated yet: ${summary.unrated.join(', ')}.`);

  // Development plan.
  doc.moveDown();
  heading(doc, 'Development plan');
  if (summary.plan.length === 0) para(doc, 'No actions have been planned.');
  table(
    doc,
    ['Standard', 'Action', 'Owner', 'Target date', 'Status'],
    [60, 380, 130, 100, 100],
    summary.plan.map((row) => [
      row.action.standardNumber,
      row.action.description + (row.action.needsReview ? ' (carried forward: review)' : ''),
      row.action.owner,
      formatDate(row.action.targetDate),
      `${ACTION_STATUS_LABELS[row.action.status]}${row.overdue ? ` — OVERDUE ${row.daysOverdue} days` : ''}`,
    ]),
    (rowIndex) => (summary.plan[rowIndex]?.overdue ? RED : TEXT),
  );

  // Full record per standard.
  for (const { chapter, standards } of summary.chapters) {
    doc.addPage();
    heading(doc, `Chapter ${chapter.number}: ${chapter.title}`);
    for (const s of standards) {
      ensureSpace(doc, 120);
      doc.fillColor(TEXT).font('Helvetica-Bold').fontSize(11).text(`${s.standard.number} ${s.standard.title}`, MARGIN, doc.y, { width });
      doc.font('Helvetica').fontSize(9).fillColor(GREY).text(s.standard.summary, { width });
      doc.fillColor(TEXT).fontSize(9);
      line(doc, 'Extent met', `${s.extentLabel}${s.partsDiffer ? ' (parts of the service differ)' : ''} · Agreed by the group: ${s.agreed ? 'yes' : 'no'}`);
      for (const part of s.parts) line(doc, `  ${part.label}`, `${part.extentLabel}${part.note ? ` — ${part.note}` : ''}`);
      if (s.evidence.length > 0) line(doc, 'Evidence', s.evidence.map((e) => `${e.kind}: ${e.description}${e.whereToFind ? ` [${e.whereToFind}]` : ''}`).join('; '));
      if (s.mapNotes) line(doc, 'Map notes', s.mapNotes);
      line(doc, 'Effectiveness', s.effectivenessLabel + (s.evaluateNotes ? ` — ${s.evaluateNotes}` : ''));
      if (s.planNotes) line(doc, 'Plan', s.planNotes);
      for (const a of s.actions) line(doc, '  Action', `${a.description} (owner ${a.owner}, by ${formatDate(a.targetDate)}, ${ACTION_STATUS_LABELS[a.status].toLowerCase()})`);
      line(doc, 'Risk if not met', s.risks.map((r) => `${r.label.replace('Risk to ', 'to ')}: ${r.value}`).join(' · '));
      for (const c of s.comments) line(doc, '  Comment', `${c.author.name}: ${c.text}`);
      doc.moveDown(0.6);
    }
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0;
    doc.fillColor(GREY).font('Helvetica').fontSize(8).text(`Page ${i + 1} of ${range.count} · Generated ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC by AMHP Hub`, MARGIN, doc.page.height - 28, {
      width,
      align: 'right',
      lineBreak: false,
    });
  }
  doc.end();
  return done;
}

function heading(doc: Doc, text: string): void {
  doc.fillColor(TEXT).font('Helvetica-Bold').fontSize(14).text(text, MARGIN, doc.y);
  doc.moveDown(0.4);
}

function para(doc: Doc, text: string): void {
  doc.fillColor(TEXT).font('Helvetica').fontSize(10).text(text, MARGIN, doc.y);
}

function line(doc: Doc, label: string, value: string): void {
  const width = doc.page.width - MARGIN * 2;
  ensureSpace(doc, 14);
  doc.font('Helvetica-Bold').fontSize(9).fillColor(TEXT).text(`${label}: `, MARGIN, doc.y, { continued: true, width });
  doc.font('Helvetica').text(value, { width });
}

function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > doc.page.height - MARGIN - 20) doc.addPage();
}

function table(doc: Doc, headers: string[], widths: number[], rows: string[][], colourOf?: (rowIndex: number) => string): void {
  const drawRow = (cells: string[], bold: boolean, colour: string) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
    const heights = cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 60) - 6 }));
    const h = Math.max(...heights) + 6;
    ensureSpace(doc, h);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor(colour).text(c, x + 3, y + 3, { width: (widths[i] ?? 60) - 6 });
      x += widths[i] ?? 60;
    });
    doc.moveTo(MARGIN, y + h).lineTo(x, y + h).lineWidth(0.5).strokeColor('#b1b4b6').stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  drawRow(headers, true, TEXT);
  rows.forEach((r, i) => drawRow(r, false, colourOf?.(i) ?? TEXT));
  doc.x = MARGIN;
}
