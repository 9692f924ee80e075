/**
 * PDF drawing shared by the reports (pure: data in, Buffer out): headings, paragraphs, tables,
 * and the same server-drawn SVG charts as the pages, drawn by svg-to-pdfkit.
 */
import type PDFDocument from 'pdfkit';
import type SVGtoPDFFunction from 'svg-to-pdfkit';
import { loadPdfKit, loadSvgToPdf } from '../../platform/lazy-libraries.js';
import type { Chart } from '../../platform/charts/charts.js';

export type Doc = InstanceType<typeof PDFDocument>;

export const MARGIN = 40;
const TEXT = '#0b0c0c';
const GREY = '#505a5f';

/** Loaded with the document (newReportPdf), so the drawing functions below stay synchronous. */
let SVGtoPDF: typeof SVGtoPDFFunction | undefined;

export async function newReportPdf(title: string, subject: string): Promise<{ doc: Doc; done: Promise<Buffer>; width: number }> {
  const [PDFDocumentClass, svgToPdf] = await Promise.all([loadPdfKit(), loadSvgToPdf()]);
  SVGtoPDF = svgToPdf;
  const doc: Doc = new PDFDocumentClass({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: title, Author: 'AMHP Hub', Subject: subject } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  return { doc, done, width: doc.page.width - MARGIN * 2 };
}

export function ensureSpace(doc: Doc, needed: number): void {
  if (doc.y + needed > doc.page.height - MARGIN - 20) doc.addPage();
}

export function title(doc: Doc, text: string, sub: string): void {
  doc.fillColor(TEXT).font('Helvetica-Bold').fontSize(18).text(text, MARGIN, MARGIN);
  doc.font('Helvetica').fontSize(10).fillColor(GREY).text(sub);
  doc.moveDown(0.6);
}

export function heading(doc: Doc, text: string): void {
  ensureSpace(doc, 40);
  doc.fillColor(TEXT).font('Helvetica-Bold').fontSize(13).text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

export function para(doc: Doc, text: string, grey = false): void {
  doc.fillColor(grey ? GREY : TEXT).font('Helvetica').fontSize(9).text(text, MARGIN, doc.y);
  doc.moveDown(0.3);
}

export function table(doc: Doc, headers: string[], widths: number[], rows: string[][]): void {
  const drawRow = (cells: string[], bold: boolean) => {
    doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 60) - 6 }))) + 5;
    ensureSpace(doc, h);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      doc.fillColor(TEXT).text(c, x + 3, y + 3, { width: (widths[i] ?? 60) - 6 });
      x += widths[i] ?? 60;
    });
    doc.moveTo(MARGIN, y + h).lineTo(x, y + h).lineWidth(0.5).strokeColor('#b1b4b6').stroke();
    doc.x = MARGIN;
    doc.y = y + h;
  };
  drawRow(headers, true);
  rows.forEach((r) => drawRow(r, false));
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

/** The chart's SVG, scaled to the page width, with its title above it. */
export function chart(doc: Doc, c: Chart, maxWidth: number): void {
  const scale = Math.min(1, maxWidth / c.width);
  const height = c.height * scale + 16;
  ensureSpace(doc, height);
  doc.fillColor(TEXT).font('Helvetica-Bold').fontSize(9).text(c.title, MARGIN, doc.y);
  const top = doc.y + 2;
  doc.save();
  doc.translate(MARGIN, top);
  doc.scale(scale);
  if (!SVGtoPDF) throw new Error('newReportPdf loads svg-to-pdfkit: draw charts on its document');
  SVGtoPDF(doc as never, c.svg, 0, 0, { width: c.width, height: c.height, assumePt: true, fontCallback: (_f: string, bold: boolean) => (bold ? 'Helvetica-Bold' : 'Helvetica') });
  doc.restore();
  doc.x = MARGIN;
  doc.y = top + c.height * scale + 8;
}

export function pageNumbers(doc: Doc, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.fillColor(GREY).font('Helvetica').fontSize(7).text(`${footer} · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, { lineBreak: false });
  }
}
