import PDFDocument from 'pdfkit';
import { expect, it } from 'vitest';
import { pdfText } from './pdf-text.js';
it('reads', async () => {
  const doc = new PDFDocument(); const chunks: Buffer[] = []; doc.on('data', (c) => chunks.push(c));
  const done = new Promise((r) => doc.on('end', r)); doc.text('Hello Ava Amhp 3 h 30 m'); doc.end(); await done;
  expect(await pdfText(Buffer.concat(chunks))).toContain('Hello Ava Amhp 3 h 30 m');
});
