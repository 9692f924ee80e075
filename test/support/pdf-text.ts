import { extractText, getDocumentProxy } from 'unpdf';

/**
 * The text a person would read in a PDF, page by page (whitespace collapsed), so tests assert
 * names and figures rather than only that a file came back.
 */
export async function pdfPages(pdf: Buffer | Uint8Array): Promise<string[]> {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(document, { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' ').trim());
}

/** All the text of a PDF as one string (whitespace collapsed). */
export async function pdfText(pdf: Buffer | Uint8Array): Promise<string> {
  return (await pdfPages(pdf)).join('\n');
}
