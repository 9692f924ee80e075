// A small multipart/form-data reader for file uploads from pages (the spreadsheet imports): the
// text fields become strings, a file field becomes { filename, contentType, data }. Enough for
// forms this app renders; no streaming (the route's body limit bounds the size).

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export function isUploadedFile(value: unknown): value is UploadedFile {
  return typeof value === 'object' && value !== null && 'data' in value && Buffer.isBuffer((value as UploadedFile).data) && typeof (value as UploadedFile).filename === 'string';
}

export class MultipartError extends Error {}

export function parseMultipart(body: Buffer, contentType: string): Record<string, string | UploadedFile> {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  if (!boundary) throw new MultipartError('The form has no multipart boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string | UploadedFile> = {};
  let start = body.indexOf(delimiter);
  if (start === -1) throw new MultipartError('The form could not be read');
  for (;;) {
    start += delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break; // the closing delimiter
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next === -1) throw new MultipartError('The form ended before its last part');
    const part = body.subarray(start, next - 2); // without the CRLF before the delimiter
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd === -1) throw new MultipartError('A part of the form has no headers');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const data = part.subarray(headerEnd + 4);
    const disposition = /content-disposition:[^\r\n]*/i.exec(headers)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name) {
      if (filename !== undefined) {
        const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim() ?? 'application/octet-stream';
        if (filename !== '' || data.length > 0) fields[name] = { filename: filename.replace(/^.*[\\/]/, ''), contentType: type, data: Buffer.from(data) };
      } else fields[name] = data.toString('utf8');
    }
    start = next;
  }
  return fields;
}
