// The statutory forms as accessible PDFs: tagged (a structure tree with headings and paragraphs,
// the document language and title), real text in a standard font, never images. One form, or
// the hospital's bundle (the application followed by its recommendations), each form starting
// on a new page with its signatures and their hashes printed under it.

import { loadPdfKit } from "../../platform/lazy-libraries.js";
import { formatDateTime } from "../../platform/london-time.js";
import type { FormContent } from "./domain/form-content.js";

export interface SignedFormForPdf {
  content: FormContent;
  formVersion: number;
  contentHash: string;
  signatures: Array<{ name: string; capacity: string; signedAt: Date }>;
  /** Joint forms waiting for the second doctor. */
  awaiting: string[];
  rectification: { reason: string; previousHash: string } | null;
}

export interface FormsPdfOptions {
  compress?: boolean;
  serviceName?: string;
  reference: string;
}

function writeForm(
  doc: PDFKit.PDFDocument,
  form: SignedFormForPdf,
  options: FormsPdfOptions,
): void {
  const c = form.content;
  const part = doc.struct("Sect");
  doc.addStructure(part);
  const add = (tag: string, draw: () => void) =>
    part.add(doc.struct(tag, {}, draw));
  add(
    "P",
    () =>
      void doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor("#505a5f")
        .text(
          `Mental Health Act 1983 · ${c.provision} · Form ${c.code} · ${options.serviceName ?? "AMHP Hub"} · ${options.reference}`,
        ),
  );
  add(
    "H1",
    () =>
      void doc
        .moveDown(0.3)
        .font("Helvetica-Bold")
        .fontSize(15)
        .fillColor("#0b0c0c")
        .text(`Form ${c.code}: ${c.title}`),
  );
  add(
    "P",
    () =>
      void doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor("#505a5f")
        .text(
          "Regulation 4 of the Mental Health (Hospital, Guardianship and Treatment) (England) Regulations 2008: a form to the like effect of the prescribed form, completed and signed electronically.",
        ),
  );
  const rectified = form.rectification;
  if (rectified) {
    add(
      "P",
      () =>
        void doc
          .moveDown(0.3)
          .font("Helvetica-Bold")
          .fontSize(10)
          .fillColor("#0b0c0c")
          .text(
            `Version ${form.formVersion}: rectified under section 15. Reason: ${rectified.reason}. It replaces the version with hash ${rectified.previousHash}.`,
          ),
    );
  }
  for (const line of c.lines) {
    if (line.kind === "heading") {
      add(
        "H2",
        () =>
          void doc
            .moveDown(0.6)
            .font("Helvetica-Bold")
            .fontSize(12)
            .fillColor("#0b0c0c")
            .text(line.text),
      );
    } else if (line.kind === "statement") {
      add(
        "P",
        () =>
          void doc
            .moveDown(0.2)
            .font("Helvetica")
            .fontSize(10.5)
            .fillColor("#0b0c0c")
            .text(line.text),
      );
    } else {
      add("P", () => {
        doc
          .moveDown(0.2)
          .font("Helvetica-Bold")
          .fontSize(9.5)
          .fillColor("#505a5f")
          .text(line.label ?? "");
        doc
          .font("Helvetica")
          .fontSize(10.5)
          .fillColor("#0b0c0c")
          .text(line.text);
      });
    }
  }
  add(
    "H2",
    () =>
      void doc
        .moveDown(0.6)
        .font("Helvetica-Bold")
        .fontSize(12)
        .fillColor("#0b0c0c")
        .text("Signed electronically"),
  );
  for (const s of form.signatures) {
    add(
      "P",
      () =>
        void doc
          .font("Helvetica")
          .fontSize(10.5)
          .text(
            `Signed by ${s.name} (${s.capacity}) on ${formatDateTime(s.signedAt)} (UK time).`,
          ),
    );
  }
  for (const name of form.awaiting)
    add(
      "P",
      () =>
        void doc
          .font("Helvetica")
          .fontSize(10.5)
          .text(`Not yet signed by ${name}.`),
    );
  add(
    "P",
    () =>
      void doc
        .moveDown(0.2)
        .font("Helvetica")
        .fontSize(8.5)
        .fillColor("#505a5f")
        .text(`SHA-256 of the signed content: ${form.contentHash}`),
  );
  part.end();
}

export async function statutoryFormsPdf(
  forms: readonly SignedFormForPdf[],
  options: FormsPdfOptions,
  title: string,
): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: "A4",
      margin: 56,
      compress: options.compress ?? true,
      tagged: true,
      pdfVersion: "1.7",
      lang: "en-GB",
      displayTitle: true,
      info: {
        Title: title,
        Author: options.serviceName ?? "AMHP Hub",
        Subject: "Mental Health Act 1983 statutory forms",
      },
    });
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    forms.forEach((form, i) => {
      if (i > 0) doc.addPage();
      writeForm(doc, form, options);
    });
    doc.end();
  });
}
