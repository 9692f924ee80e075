import type PDFDocumentClass from 'pdfkit';
import type ExcelJSModule from 'exceljs';
import type SVGtoPDFFunction from 'svg-to-pdfkit';

// The PDF and spreadsheet libraries are loaded on first use, not at start: together they cost
// a start about a second and some 45 MiB resident that most instances never need (issue 17,
// point 6; docs/performance.md). Each loads once; later calls get the loaded module.

let pdfkit: Promise<typeof PDFDocumentClass> | undefined;
let exceljs: Promise<typeof ExcelJSModule> | undefined;
let svgToPdf: Promise<typeof SVGtoPDFFunction> | undefined;

/** pdfkit's PDFDocument class. */
export function loadPdfKit(): Promise<typeof PDFDocumentClass> {
  pdfkit ??= import('pdfkit').then((m) => m.default);
  return pdfkit;
}

/** exceljs (its `Workbook`). */
export function loadExcelJs(): Promise<typeof ExcelJSModule> {
  exceljs ??= import('exceljs').then((m) => m.default);
  return exceljs;
}

/** svg-to-pdfkit's drawing function. */
export function loadSvgToPdf(): Promise<typeof SVGtoPDFFunction> {
  svgToPdf ??= import('svg-to-pdfkit').then((m) => m.default);
  return svgToPdf;
}
