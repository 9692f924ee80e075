import type PDFDocumentClass from 'pdfkit';
import type ExcelJSModule from 'exceljs';
import type SVGtoPDFFunction from 'svg-to-pdfkit';
import type JSZipClass from 'jszip';
import type QRCodeModule from 'qrcode';
import type NodemailerModule from 'nodemailer';

// The PDF, spreadsheet, zip, QR-code and SMTP libraries are loaded on first use, not at start:
// together they cost a start about a second and some 45 MiB resident that most instances never
// need (issue 17, point 6; docs/performance.md). Each loads once; later calls get the loaded module.

let pdfkit: Promise<typeof PDFDocumentClass> | undefined;
let exceljs: Promise<typeof ExcelJSModule> | undefined;
let svgToPdf: Promise<typeof SVGtoPDFFunction> | undefined;
let jszip: Promise<typeof JSZipClass> | undefined;
let qrcode: Promise<typeof QRCodeModule> | undefined;
let nodemailer: Promise<typeof NodemailerModule> | undefined;

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

/** JSZip (the export and its loading). */
export function loadJsZip(): Promise<typeof JSZipClass> {
  jszip ??= import('jszip').then((m) => m.default);
  return jszip;
}

/** qrcode (the two-step enrolment's QR code). */
export function loadQrCode(): Promise<typeof QRCodeModule> {
  qrcode ??= import('qrcode').then((m) => m.default);
  return qrcode;
}

/** nodemailer (only with SMTP_URL, on the first message). */
export function loadNodemailer(): Promise<typeof NodemailerModule> {
  nodemailer ??= import('nodemailer').then((m) => m.default);
  return nodemailer;
}
