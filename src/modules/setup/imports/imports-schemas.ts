import { z } from 'zod';
import { choice, text, uuid } from '../../../platform/http/fields.js';
import { isUploadedFile, type UploadedFile } from '../../../platform/http/multipart.js';
import { IMPORT_KIND_CODES } from './imports-service.js';

export const IMPORT_BODY_LIMIT = 40 * 1024 * 1024;

const formatOf = (fileName: string): 'csv' | 'xlsx' | undefined => (/\.csv$/i.test(fileName) ? 'csv' : /\.xlsx$/i.test(fileName) ? 'xlsx' : undefined);

/** The page's upload (multipart): one file, CSV or XLSX by its name. */
export const uploadForm = z.object({
  file: z
    .custom<UploadedFile>(isUploadedFile, { error: 'Choose a CSV or Excel (.xlsx) file to check' })
    .refine((file) => formatOf(file.filename) !== undefined, { error: 'The file must be CSV (.csv) or Excel (.xlsx)' })
    .refine((file) => file.data.length > 0, { error: 'The file is empty' })
    .transform((file) => ({ fileName: file.filename, format: formatOf(file.filename)!, bytes: new Uint8Array(file.data) })),
});

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

/** The API's upload: the file in base64 inside JSON, with its name and format. */
export const uploadBody = z.object({
  kind: choice(IMPORT_KIND_CODES, `Choose what the file holds: ${IMPORT_KIND_CODES.join(', ')}`),
  fileName: text('the file name', 200),
  format: choice(['csv', 'xlsx'] as const, 'Give the format: csv or xlsx'),
  content: z
    .string({ error: 'Give the file’s content in base64' })
    .min(1, 'Give the file’s content in base64')
    .max(IMPORT_BODY_LIMIT, 'The file is too large')
    .regex(BASE64, 'The content must be base64')
    .meta({ description: 'The file’s bytes, base64-encoded', format: 'byte' }),
});

export const importParams = z.object({ id: uuid() });
export const kindParams = z.object({ kind: choice(IMPORT_KIND_CODES, 'No such import') });
export const templateParams = z.object({ kind: choice(IMPORT_KIND_CODES, 'No such import'), format: choice(['csv', 'xlsx'] as const, 'csv or xlsx') });

const problem = z.object({ row: z.number().int().nullable(), column: z.string().nullable(), message: z.string() });
export const importResource = z.object({
  id: z.string(),
  kind: z.enum(IMPORT_KIND_CODES),
  fileName: z.string(),
  fileSha256: z.string(),
  createdAt: z.date(),
  appliedAt: z.date().nullable(),
  result: z.record(z.string(), z.unknown()).nullable(),
  rows: z.array(z.object({ row: z.number().int(), key: z.string(), action: z.enum(['create', 'change', 'unchanged', 'error']), changes: z.array(z.string()), errors: z.array(problem) })),
  errors: z.array(problem),
  counts: z.object({ create: z.number().int(), change: z.number().int(), unchanged: z.number().int(), error: z.number().int() }),
  canConfirm: z.boolean(),
  checking: z.object({ done: z.number().int(), total: z.number().int() }).nullable().meta({ description: 'While a large file is checked in the background: rows checked so far (rows and counts are empty until it is done). Ask again.' }),
});
