// The written feedback to the referrer (Daily Expectations §2.11): a copy of the referral as
// received and the outcome of the review, signed by the person who decided. Pure: data → PDF.

import { loadPdfKit } from '../../../platform/lazy-libraries.js';
import { formatDateTime, recordedLater } from '../../../platform/london-time.js';
import { formatNhsNumber } from '../nhs-number.js';
import {
  ALTERNATIVES_OFFERED,
  CURRENT_LEGAL_STATUSES,
  DECISION_KINDS,
  labelFor,
  REFERRAL_CHANNELS,
  REFERRAL_SOURCE_TYPES,
  URGENCY_LEVELS,
  type AlternativeOffered,
  type CurrentLegalStatus,
  type DecisionKind,
  type ReferralChannel,
  type ReferralSourceType,
  type UrgencyLevel,
} from '../referral-codes.js';
import { REFERRAL_STATUS_LABELS } from '../referral-lifecycle.js';
import type { ReferralDetail } from './referral-repository.js';

export interface FeedbackLetterData {
  referral: ReferralDetail;
  generatedAt: Date;
  generatedBy: string;
  serviceName?: string;
}

export function feedbackLetterLines(data: FeedbackLetterData): Array<{ heading: string; rows: Array<[string, string]> }> {
  const r = data.referral;
  const decision = r.decision ? labelFor(DECISION_KINDS, r.decision as DecisionKind) : 'Not yet decided';
  return [
    {
      heading: 'The referral',
      rows: [
        ['Reference', r.reference],
        ['Received', `${formatDateTime(r.receivedAt)} by ${labelFor(REFERRAL_CHANNELS, r.receivedVia as ReferralChannel).toLowerCase()}`],
        ['Referrer', [r.referrerName, r.referrerRole, r.referrerOrganisation].filter(Boolean).join(', ')],
        ['Referral from', labelFor(REFERRAL_SOURCE_TYPES, r.sourceType as ReferralSourceType)],
        ['Person', `${r.givenName} ${r.familyName}`],
        ['Date of birth', r.dateOfBirth ?? 'Not known'],
        ['NHS number', r.nhsNumber ? formatNhsNumber(r.nhsNumber) : 'Not known'],
        ['Where the person was', r.currentLocation],
        ['Legal status', labelFor(CURRENT_LEGAL_STATUSES, r.legalStatus as CurrentLegalStatus)],
        ['Urgency', labelFor(URGENCY_LEVELS, r.urgency as UrgencyLevel)],
        ['Reason for referral', r.reason],
      ],
    },
    {
      heading: 'Outcome of the review',
      rows: [
        ['Decision', decision],
        ...(r.decisionAlternative
          ? ([['Alternative offered', `${labelFor(ALTERNATIVES_OFFERED, r.decisionAlternative as AlternativeOffered)}${r.decisionAlternativeDetail ? `: ${r.decisionAlternativeDetail}` : ''}`]] as Array<[string, string]>)
          : []),
        ['Reasons', r.decisionRationale ?? ''],
        ['Signed', r.decidedByName && r.decidedAt ? `${r.decidedByName}, ${formatDateTime(r.decidedAt)}${recordedLater(r.decidedAt, r.decisionRecordedAt) ? ` (recorded ${formatDateTime(r.decisionRecordedAt)})` : ''}` : 'Not signed'],
        ...(r.allocatedAmhpName ? ([['AMHP allocated', r.allocatedAmhpName]] as Array<[string, string]>) : []),
        ['Current status', REFERRAL_STATUS_LABELS[r.status]],
      ],
    },
  ];
}

export async function buildFeedbackLetterPdf(data: FeedbackLetterData): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const r = data.referral;
  const doc = new PDFDocument({ size: 'A4', margin: 56, info: { Title: `Referral feedback ${r.reference}`, Author: data.serviceName ?? 'AMHP Service' } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(16).text(data.serviceName ?? 'AMHP Service');
  doc.font('Helvetica').fontSize(11).text('Feedback on your referral for a Mental Health Act assessment').moveDown();
  doc.text(`To: ${r.referrerName}${r.referrerOrganisation ? `, ${r.referrerOrganisation}` : ''}`);
  doc.text(`Date: ${formatDateTime(data.generatedAt)}`).moveDown();
  doc.text(
    `Thank you for your referral of ${r.givenName} ${r.familyName}. This letter is a copy of the referral as we received it and the outcome of the AMHP Lead's review. Please keep it with the person's record.`,
  );
  for (const section of feedbackLetterLines(data)) {
    doc.moveDown().font('Helvetica-Bold').fontSize(13).text(section.heading).fontSize(11);
    for (const [label, value] of section.rows) {
      doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value || '—');
    }
  }
  doc.moveDown().font('Helvetica').text(`Produced by ${data.generatedBy}. If you have questions, contact the AMHP service quoting ${r.reference}.`);
  doc.end();
  return done;
}
