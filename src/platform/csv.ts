// Reading CSV files (imports, population denominators): one RFC 4180 reader for the whole product.

import { CHUNK, drain, type Steps } from './chunked.js';

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF, a UTF-8 byte-order mark). */
export function parseCsv(text: string): string[][] {
  return drain(parseCsvSteps(text));
}

/** The same in steps of CHUNK records (platform/chunked.ts). */
export function* parseCsvSteps(text: string): Steps<string[][]> {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < input.length; i += 1) {
    const c = input[i]!;
    if (quoted) {
      if (c === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i += 1;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && input[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      if (records.length % CHUNK === 0) yield records.length;
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
