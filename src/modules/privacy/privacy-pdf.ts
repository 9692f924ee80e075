/** The subject-access export as a PDF a person can read: each part's heading, its count, and each record's fields. */
import { loadPdfKit } from '../../platform/lazy-libraries.js';
import { formatDateTime } from '../../platform/london-time.js';
import type { SubjectExport } from './subject-export.js';

const MARGIN = 40;
const GREY = '#505a5f';
const TEXT = '#0b0c0c';
const MAX_VALUE = 1500;

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE)}… (continues in the JSON export)` : text;
}

export async function renderSubjectPdf(data: SubjectExport): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true, info: { Title: `Subject access: ${data.subject.name}`, Author: 'AMHP Hub', Subject: 'Subject access request (UK GDPR Art. 15)' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fillColor(TEXT).font('Helvetica-Bold').fontSize(18).text(`Subject access: ${data.subject.name}`);
  doc.font('Helvetica').fontSize(10).fillColor(GREY);
  doc.text(`Date of birth: ${data.subject.dateOfBirth ?? 'not recorded'}. NHS number: ${data.subject.nhsNumbers.join(', ') || 'not recorded'}. Referrals: ${data.subject.references.join(', ')}.`);
  doc.text(`Made ${formatDateTime(new Date(data.generatedAt))} by ${data.generatedBy}. ${data.totalRecords} records in ${data.sections.length} parts, from ${data.tablesSearched} tables searched.`);
  doc.moveDown(0.8);
  for (const section of data.sections) {
    doc.fillColor(TEXT).font('Helvetica-Bold').fontSize(13).text(`${section.title}: ${section.count} ${section.count === 1 ? 'record' : 'records'}`, MARGIN);
    doc.moveDown(0.2);
    section.rows.forEach((row, i) => {
      doc.font('Helvetica-Bold').fontSize(9).fillColor(GREY).text(`Record ${i + 1}`, MARGIN);
      for (const [key, value] of Object.entries(row)) {
        const text = show(value);
        if (!text) continue;
        doc.font('Helvetica-Bold').fontSize(8).fillColor(TEXT).text(`${key.replace(/_/g, ' ')}: `, MARGIN, doc.y, { continued: true }).font('Helvetica').text(text);
      }
      doc.moveDown(0.3);
    });
    doc.moveDown(0.5);
  }
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.fillColor(GREY).font('Helvetica').fontSize(7).text(`Subject access · OFFICIAL-SENSITIVE · page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, { lineBreak: false });
  }
  doc.end();
  return done;
}
