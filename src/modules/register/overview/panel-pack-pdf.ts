/** The approval panel pack: one PDF with what a re-approval panel needs to decide. Pure: data in, Buffer out. */
import { loadPdfKit } from '../../../platform/lazy-libraries.js';
import { formatDate, type IsoDate } from '../../../platform/london-time.js';

export interface PanelPackData {
  generatedOn: IsoDate;
  name: string;
  employer: string;
  profession: string;
  registrationNumber: string;
  status: string;
  reapproval: string;
  history: Array<{ kind: string; lssa: string; start: IsoDate; end: IsoDate; ended: string | null; authorisations: string[]; suspensions: string[] }>;
  trainingYears: Array<{ number: number; start: IsoDate; end: IsoDate; hours: number; legalUpdate: boolean; meetings: number; awayDays: number; met: boolean; inProgress: boolean }>;
  supervision: Array<{ date: IsoDate; type: string; supervisor: string; state: string }>;
  supervisionSummary: string;
  competencies: Array<{ number: number; heading: string; proposed: string; status: string; evidence: string }>;
  competencyPrompt: string | null;
  /** Counted from the current (or first) approval's start to today; null when there is no approval. */
  assessments: { from: IsoDate; to: IsoDate; total: number; byKind: Array<{ kind: string; count: number }> } | null;
}

const STATE_LABELS: Record<string, string> = { signed: 'Signed by both', awaiting_signatures: 'Awaiting signatures', disputed: 'Disputed: for mediation' };

export async function buildPanelPackPdf(data: PanelPackData): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `Approval panel pack: ${data.name}`, Author: 'AMHP register' } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);

    const width = doc.page.width - 100;
    const heading = (text: string) => {
      if (doc.y > doc.page.height - 140) doc.addPage();
      doc.moveDown(0.8).font('Helvetica-Bold').fontSize(14).fillColor('#0b0c0c').text(text, 50);
      doc.moveTo(50, doc.y + 2).lineTo(50 + width, doc.y + 2).lineWidth(1).strokeColor('#1d70b8').stroke();
      doc.moveDown(0.5).font('Helvetica').fontSize(10);
    };
    const line = (label: string, value: string) => {
      doc.font('Helvetica-Bold').fontSize(10).text(`${label}: `, 50, undefined, { continued: true }).font('Helvetica').text(value);
    };
    const table = (columns: Array<{ title: string; width: number }>, rows: string[][]) => {
      const drawRow = (cells: string[], bold: boolean) => {
        if (doc.y > doc.page.height - 80) doc.addPage();
        const y = doc.y;
        let x = 50;
        let height = 0;
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(9);
        cells.forEach((cell, i) => {
          const w = columns[i]?.width ?? 80;
          height = Math.max(height, doc.heightOfString(cell, { width: w - 6 }));
        });
        cells.forEach((cell, i) => {
          const w = columns[i]?.width ?? 80;
          doc.text(cell, x + 3, y + 3, { width: w - 6 });
          x += w;
        });
        doc.y = y + height + 6;
        doc.moveTo(50, doc.y).lineTo(50 + width, doc.y).lineWidth(0.5).strokeColor('#b1b4b6').stroke();
      };
      drawRow(columns.map((c) => c.title), true);
      for (const r of rows) drawRow(r, false);
      doc.x = 50;
      doc.moveDown(0.3);
    };

    doc.font('Helvetica-Bold').fontSize(20).fillColor('#0b0c0c').text('AMHP approval panel pack');
    doc.font('Helvetica').fontSize(11).fillColor('#505a5f').text(`Prepared ${formatDate(data.generatedOn)} from the AMHP register. Official-sensitive: personal staff information.`);
    doc.fillColor('#0b0c0c').moveDown(0.5);
    line('AMHP', data.name);
    line('Profession', `${data.profession} (registration ${data.registrationNumber})`);
    line('Employer', data.employer);
    line('Register status', data.status);
    line('Re-approval', data.reapproval);

    heading('Approval history');
    if (data.history.length === 0) doc.text('No approvals recorded.');
    table(
      [
        { title: 'Approval', width: 85 },
        { title: 'Approving LSSA', width: 120 },
        { title: 'From', width: 80 },
        { title: 'To', width: 80 },
        { title: 'Authorisations, suspensions, ending', width: width - 365 },
      ],
      data.history.map((h) => [
        h.kind,
        h.lssa,
        formatDate(h.start),
        formatDate(h.end),
        [
          ...h.authorisations.map((a) => `Authorised: ${a}`),
          ...h.suspensions.map((s) => `Suspended ${s}`),
          ...(h.ended ? [`Ended early: ${h.ended}`] : []),
        ].join('\n') || '—',
      ]),
    );

    heading('Training by approval year (at least 18 hours including a legal update)');
    if (data.trainingYears.length === 0) doc.text('No approval years yet.');
    else
      table(
        [
          { title: 'Year', width: 40 },
          { title: 'Dates', width: 150 },
          { title: 'Hours', width: 50 },
          { title: 'Legal update', width: 70 },
          { title: 'Meetings', width: 60 },
          { title: 'Away days', width: 60 },
          { title: 'Result', width: width - 430 },
        ],
        data.trainingYears.map((y) => [
          String(y.number),
          `${formatDate(y.start)} to ${formatDate(y.end)}`,
          String(y.hours),
          y.legalUpdate ? 'Yes' : 'No',
          String(y.meetings),
          String(y.awayDays),
          y.met ? 'Met' : y.inProgress ? 'In progress' : 'Not met',
        ]),
      );

    heading('Supervision record');
    doc.text(data.supervisionSummary, 50).moveDown(0.3);
    if (data.supervision.length === 0) doc.text('No supervision recorded.');
    else
      table(
        [
          { title: 'Date', width: 90 },
          { title: 'Type', width: 170 },
          { title: 'Supervisor', width: 130 },
          { title: 'Signed', width: width - 390 },
        ],
        data.supervision.map((s) => [formatDate(s.date), s.type, s.supervisor, STATE_LABELS[s.state] ?? s.state]),
      );

    heading('Key competencies (latest annual record)');
    table(
      [
        { title: 'Key competence area', width: 200 },
        { title: 'Status', width: 75 },
        { title: 'Evidence', width: width - 275 },
      ],
      data.competencies.map((c) => [`${c.number}. ${c.heading}\n(proposed: ${c.proposed})`, c.status, c.evidence || '—']),
    );
    if (data.competencyPrompt) doc.font('Helvetica-Bold').text(data.competencyPrompt, 50).font('Helvetica');

    heading('Assessments undertaken');
    if (!data.assessments) {
      doc.text('No approval on record, so no assessments to count.', 50);
    } else {
      doc.text(`${data.assessments.total} Mental Health Act assessments from ${formatDate(data.assessments.from)} to ${formatDate(data.assessments.to)}.`, 50).moveDown(0.3);
      if (data.assessments.byKind.length > 0) {
        table(
          [
            { title: 'Kind', width: 300 },
            { title: 'Number', width: 80 },
          ],
          data.assessments.byKind.map((k) => [k.kind, String(k.count)]),
        );
      }
    }
    doc.end();
  });
}
