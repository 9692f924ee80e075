// The AMHP report and the section 13(4) reasons letter as PDFs: pure functions from the record's
// view to a Buffer. `compress: false` is for tests that read the text back.

import { loadPdfKit } from '../../../platform/lazy-libraries.js';
import { formatDate, formatDateTime } from '../../../platform/london-time.js';
import { formatNhsNumber } from '../nhs-number.js';
import { CURRENT_LEGAL_STATUSES, labelFor } from '../referral-codes.js';
import { PRINCIPLES } from './assessment-schemas.js';
import type { AssessmentView } from './assessment-view-service.js';
import { APPLICATION_TYPES } from './domain/assessment-outcomes.js';
import { DELAY_CAUSES } from './domain/delays.js';
import { DOCTOR_ROLES } from './domain/assessment-facts.js';
import { nearestRelativeDescription } from './domain/nearest-relative.js';

export interface PdfOptions {
  compress?: boolean;
  serviceName?: string;
}

async function render(build: (doc: PDFKit.PDFDocument) => void, options: PdfOptions, title: string): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 56, compress: options.compress ?? true, info: { Title: title, Author: options.serviceName ?? 'AMHP Hub' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    build(doc);
    doc.end();
  });
}

const when = (d: Date | null | undefined): string => (d ? formatDateTime(d) : 'Not recorded');

function heading(doc: PDFKit.PDFDocument, text: string): void {
  doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).fillColor('#0b0c0c').text(text);
  doc.moveTo(doc.page.margins.left, doc.y + 2).lineTo(doc.page.width - doc.page.margins.right, doc.y + 2).strokeColor('#b1b4b6').stroke();
  doc.moveDown(0.4);
}

function field(doc: PDFKit.PDFDocument, label: string, value: string): void {
  doc.font('Helvetica-Bold').fontSize(10).fillColor('#505a5f').text(label, { continued: false });
  doc.font('Helvetica').fontSize(11).fillColor('#0b0c0c').text(value.trim() === '' ? 'Not recorded' : value);
  doc.moveDown(0.3);
}

function paragraph(doc: PDFKit.PDFDocument, text: string): void {
  doc.font('Helvetica').fontSize(11).fillColor('#0b0c0c').text(text);
  doc.moveDown(0.4);
}

export function amhpReportPdf(view: AssessmentView, options: PdfOptions = {}): Promise<Buffer> {
  const a = view.assessment;
  const r = view.referral;
  return render(
    (doc) => {
      doc.font('Helvetica-Bold').fontSize(18).text('AMHP report: Mental Health Act assessment');
      doc.font('Helvetica').fontSize(10).fillColor('#505a5f').text(`${options.serviceName ?? 'AMHP Hub'} · Referral ${r.reference}`);
      doc.fillColor('#0b0c0c');
      if (view.finalised && a?.reportFinalisedAt) {
        doc.moveDown(0.3).font('Helvetica-Bold').fontSize(11).text(`Finalised by ${view.finalisedByName ?? 'the AMHP'} on ${formatDateTime(a.reportFinalisedAt)}`);
      } else {
        doc.moveDown(0.3).font('Helvetica-Bold').fontSize(11).fillColor('#d4351c').text('DRAFT: not finalised').fillColor('#0b0c0c');
      }

      heading(doc, '1. The person');
      field(doc, 'Name', r.name);
      field(doc, 'Date of birth', r.dateOfBirth ? formatDate(r.dateOfBirth) : 'Not known');
      field(doc, 'NHS number', r.nhsNumber ? formatNhsNumber(r.nhsNumber) : 'Not known');
      field(doc, 'Legal status when referred', labelFor(CURRENT_LEGAL_STATUSES, r.legalStatus as never) + (r.legalStatusSince ? ` since ${formatDateTime(r.legalStatusSince)}` : ''));
      field(doc, 'Where the person was', r.currentLocation);
      field(doc, 'First language and communication', [r.firstLanguage, r.interpreterNeeded ? 'interpreter needed' : '', r.communicationNeeds].filter(Boolean).join('; '));

      heading(doc, '2. The facts');
      field(doc, 'Referral received', `${formatDateTime(r.receivedAt)} from ${r.referrerName}`);
      field(doc, 'Reason for referral', r.reason);
      field(doc, 'Allocated AMHP', view.allocatedAmhpName ?? 'Not allocated');
      field(doc, 'Planned', `${a?.plannedAt ? formatDateTime(a.plannedAt) : 'Time not recorded'}${a?.plannedPlace ? ` at ${a.plannedPlace}` : ''}`);
      field(doc, 'AMHP interview (s13(2))', when(a?.interviewAt));
      field(doc, 'AMHP last saw the person', when(a?.lastSawAt));
      if (view.doctors.length === 0) field(doc, 'Doctors', 'None recorded');
      for (const d of view.doctors) {
        const role = DOCTOR_ROLES.find((r) => r.code === d.role)?.label ?? null;
        const status = [role, d.s12Approved ? 'section 12 approved' : null, d.approvedClinician ? 'approved clinician' : null, d.previousAcquaintance ? 'previous acquaintance' : 'no previous acquaintance'].filter(Boolean).join(', ');
        field(doc, `Doctor: ${d.name}${d.gmcNumber ? ` (GMC ${d.gmcNumber})` : ''}`, `${status}. Examined ${when(d.examinedAt)}; recommendation signed ${when(d.signedAt)}${d.jointOrSeparate ? ` (${d.jointOrSeparate})` : ''}.`);
      }
      if (a?.noPreviousAcquaintanceReason) field(doc, 'Why no doctor had previous acquaintance', a.noPreviousAcquaintanceReason);
      if (view.contacts.length > 0) {
        const s = view.contactSummary;
        field(doc, 'Doctor contact log', `${s.calls} calls to ${s.distinctDoctors} doctors: ${s.declined} declined, ${s.unanswered} no answer.${s.minutesToFindS12 !== null ? ` A section 12 doctor was found ${s.minutesToFindS12} minutes after the first call.` : ''}`);
      }
      const nrDescription = nearestRelativeDescription(a?.nrCategory, a?.nrRelationship);
      field(
        doc,
        'Nearest relative',
        a?.nrNotPracticableReason === 'no_nearest_relative'
          ? `No nearest relative. ${a.nrNotPracticableDetail}`
          : `${a?.nrName || 'Not identified'}${nrDescription ? ` (${nrDescription})` : ''}. Informed ${when(a?.nrInformedAt)}${a?.nrToldOfDischargePower ? ', told of the power to discharge' : ''}; consulted ${when(a?.nrConsultedAt)}${a?.nrObjected ? '; OBJECTED' : ''}.${a?.nrNotPracticableReason ? ` Not practicable: ${a.nrNotPracticableReason.replace(/_/g, ' ')}. ${a.nrNotPracticableDetail}` : ''}`,
      );
      for (const res of view.resources) {
        if (!res.row) continue;
        field(doc, res.label, `Requested ${when(res.row.requestedAt)}${res.row.requestedBy ? ` by ${res.row.requestedBy}` : ''}; ${res.kind === 'bed' ? 'confirmed' : 'arrived'} ${when(res.row.arrivedAt)}${res.row.provider ? ` (${res.row.provider})` : ''}${res.row.detail ? `. ${res.row.detail}` : ''}`);
      }
      const waits = view.waits.filter((w) => w.state !== 'not_requested');
      if (waits.length > 0) field(doc, 'Waits', waits.map((w) => `${w.label}: ${w.text}`).join('; '));
      if (a?.delayCause) field(doc, 'Main cause of delay', `${DELAY_CAUSES.find((c) => c.code === a.delayCause)?.label ?? a.delayCause}${a.delayNote ? `. ${a.delayNote}` : ''}`);
      if (a?.notes) field(doc, 'Notes', a.notes);

      heading(doc, '3. The decision');
      field(doc, 'Why this is the most appropriate way of providing care and treatment', a?.mostAppropriateReason ?? '');
      field(doc, 'Alternatives considered', a?.alternativesConsidered ?? '');

      heading(doc, '4. How the principles of the Act were considered');
      const principles = (a?.principles ?? {}) as Record<string, string>;
      for (const p of PRINCIPLES) field(doc, p.label, principles[p.key] ?? '');

      heading(doc, '5. Outcome');
      field(doc, 'Outcome', view.outcomeLabel ?? 'Not recorded yet');
      if (a?.applicationSection) {
        field(doc, 'Section', APPLICATION_TYPES.find((t) => t.code === a.applicationSection)?.label ?? a.applicationSection);
        field(doc, 'Application made', `${when(a.applicationAt)} by ${view.applicantName ?? 'the AMHP'}`);
        if (a.hospitalName) field(doc, 'Hospital', `${a.hospitalName}${a.hospitalAddressedToManagers ? ' (addressed to the hospital managers)' : ''}`);
        field(doc, 'Admitted', a.outcome === 'application_lapsed' ? 'Not admitted under this application: it lapsed' : when(a.admittedAt));
      } else if (a?.hospitalName) {
        field(doc, 'Hospital', a.hospitalName);
      }
      if (a?.outcomeReason) field(doc, 'Details', a.outcomeReason);
      const reasons = Object.entries((a?.warningReasons ?? {}) as Record<string, string>);
      if (reasons.length > 0) field(doc, 'Statutory warnings considered', reasons.map(([rule, reason]) => `${rule}: ${reason}`).join('\n'));
      if (view.deadlines.length > 0) field(doc, 'Statutory time limits', view.deadlines.map((d) => `${d.label}: ${d.status.text.replace(/ \((in|passed) .*\)$/, '')}`).join('\n'));

      if (view.addenda.length > 0) {
        heading(doc, 'Addenda (added after the report was finalised)');
        for (const ad of view.addenda) field(doc, `${formatDateTime(ad.addedAt)}, ${ad.addedByName}`, ad.text);
      }
    },
    options,
    `AMHP report ${r.reference}`,
  );
}

export function s13LetterPdf(view: AssessmentView, options: PdfOptions & { senderName: string }): Promise<Buffer> {
  const a = view.assessment;
  const r = view.referral;
  return render(
    (doc) => {
      doc.font('Helvetica-Bold').fontSize(14).text(options.serviceName ?? 'AMHP Hub', { align: 'right' });
      doc.font('Helvetica').fontSize(10).text(`Our reference: ${r.reference}`, { align: 'right' }).text(formatDate(a?.outcomeRecordedAt ?? view.now), { align: 'right' });
      doc.moveDown(2).fontSize(11);
      paragraph(doc, a?.nrName || 'The nearest relative');
      if (a?.nrContact) paragraph(doc, a.nrContact);
      doc.moveDown(1);
      doc.font('Helvetica-Bold').fontSize(12).text(`Mental Health Act 1983, section 13(4): assessment of ${r.name}`);
      doc.moveDown(0.6);
      paragraph(doc, `Dear ${a?.nrName || 'nearest relative'},`);
      paragraph(
        doc,
        `You asked the local authority to consider ${r.name}'s case with a view to making an application for their admission to hospital. An approved mental health professional (AMHP) considered the case${a?.interviewAt ? ` and interviewed ${r.givenName} on ${formatDateTime(a.interviewAt)}` : ''}.`,
      );
      paragraph(doc, `The AMHP decided not to make an application. The outcome was: ${view.outcomeLabel ?? 'no application'}.`);
      doc.font('Helvetica-Bold').text('The reasons for this decision');
      doc.moveDown(0.2);
      paragraph(doc, a?.nrS13Reasons || a?.outcomeReason || a?.mostAppropriateReason || 'Not recorded.');
      paragraph(
        doc,
        'Section 13(4) of the Mental Health Act 1983 requires us to tell you our reasons in writing. As nearest relative you may make an application yourself, and you can contact us if the situation changes or if you would like to discuss this decision.',
      );
      doc.moveDown(1);
      paragraph(doc, 'Yours sincerely,');
      doc.moveDown(1.5);
      paragraph(doc, `${options.senderName}\nApproved Mental Health Professional`);
    },
    options,
    `Section 13(4) letter ${r.reference}`,
  );
}
