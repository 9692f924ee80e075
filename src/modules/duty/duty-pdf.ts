import { loadPdfKit } from '../../platform/lazy-libraries.js';
import { formatTime } from '../../platform/london-time.js';
import type { SheetView } from './allocation-sheet-service.js';
import { formatDayTime, formatLongDate } from './duty-calendar.js';
import { renderSitrepText, type Sitrep } from './sitrep.js';

/** Writes the document with `write`, then ends it and collects the bytes. */
async function pdf(options: PDFKit.PDFDocumentOptions, write: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument(options);
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  write(doc);
  doc.end();
  return done;
}

/** The day's allocation sheet on A4, as kept at the morning meeting (references only, no names of patients). */
export function allocationSheetPdf(view: SheetView, serviceName: string): Promise<Buffer> {
  return pdf({ size: 'A4', margin: 40, info: { Title: `Allocation sheet ${view.date}` } }, (doc) => {
    doc.font('Helvetica-Bold').fontSize(16).text(`Daily allocation sheet: ${formatLongDate(view.date)}`);
    doc.font('Helvetica').fontSize(10).text(serviceName);
    doc.text(view.sheet.status === 'finalised' ? `Finalised by ${view.finalisedByName ?? ''} at ${view.sheet.finalisedAt ? formatDayTime(view.sheet.finalisedAt) : ''}` : 'DRAFT: not yet finalised');
    doc.moveDown();
    doc.font('Helvetica-Bold').fontSize(12).text('Attended');
    doc.font('Helvetica').fontSize(10).text(view.attendees.length ? view.attendees.map((a) => `${a.name} (${a.roleLabel})`).join(', ') : 'No attendance recorded');
    for (const section of view.sections) {
      doc.moveDown();
      doc.font('Helvetica-Bold').fontSize(12).text(`${section.title} (${section.entries.length})`);
      doc.font('Helvetica').fontSize(10);
      if (section.entries.length === 0) doc.text('None');
      for (const e of section.entries) {
        const decision =
          e.decision === null
            ? 'No decision yet'
            : e.decision.kind === 'allocated'
              ? `Allocated to ${e.allocatedName ?? ''}${e.decision.overrideReason ? ` (reviewer rule overridden: ${e.decision.overrideReason})` : ''}`
              : `Not allocated: ${e.decision.reason}`;
        doc.text(`${e.reference}  received ${formatDayTime(e.receivedAt)}${e.s136EndsAt ? `  s136 ends ${formatDayTime(e.s136EndsAt)}` : ''}${e.handedOverByEdt ? '  [handed over by EDT]' : ''}  ${e.stageLabel}${e.outcome ? `  Outcome: ${e.outcome}` : ''}`);
        doc.text(`    ${decision}${e.reviewerName ? `; reviewed by ${e.reviewerName}` : ''}${e.plan ? `; plan: ${e.plan}` : ''}`);
      }
    }
    if (view.sheet.challenges) {
      doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Challenges or support required');
      doc.font('Helvetica').fontSize(10).text(view.sheet.challenges);
    }
    if (view.amendments.length) {
      doc.moveDown().font('Helvetica-Bold').fontSize(12).text('Amendments after finalising');
      doc.font('Helvetica').fontSize(10);
      for (const a of view.amendments) doc.text(`${formatTime(a.at)} ${a.byName}: ${a.what}. Reason: ${a.reason}`);
    }
  });
}

/** The SITREP as a PDF: the same text as the e-mail version, in a fixed-width font. */
export function sitrepPdf(sitrep: Sitrep): Promise<Buffer> {
  return pdf({ size: 'A4', margin: 40, info: { Title: `SITREP ${sitrep.date}` } }, (doc) => {
    doc.font('Courier').fontSize(9).text(renderSitrepText(sitrep));
  });
}
