import { z } from 'zod';
import { date, dateInput, int, optionalDate, optionalText, optionalUuid, text } from '../http/fields.js';

export const AUDIT_PAGE_SIZE = 50;

/** The audit search, for the page's filter form and the API alike (a bad filter is a 400). */
export const auditFilter = z.object({
  actorId: optionalUuid('Choose a person from the list'),
  entityType: optionalText(60, 'The record type'),
  entityId: optionalText(100, 'The record id'),
  action: optionalText(60, 'The action'),
  from: optionalDate('the first day'),
  to: optionalDate('the last day'),
  page: z
    .union([z.literal(''), int('the page', 1, 10_000)])
    .optional()
    .transform((value) => (typeof value === 'number' ? value : 1))
    .meta({ type: 'integer', minimum: 1, maximum: 10_000, description: 'Page number, 50 entries a page; 1 if left out' }),
});
export type AuditFilter = z.output<typeof auditFilter>;

export const auditEntryResource = z.object({
  id: z.number().int(),
  occurredAt: z.date(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  requestId: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
});

export const auditPageResource = z.object({
  total: z.number().int(),
  page: z.number().int(),
  pages: z.number().int(),
  rows: z.array(auditEntryResource),
});

const holidayName = text('the name of the bank holiday', 120);

/** The page's form: a GOV.UK date input (`date-day`, `date-month`, `date-year`) and the name. */
export const bankHolidayForm = z.object({ date: dateInput('the date of the bank holiday'), name: holidayName });
export const bankHolidayBody = z.object({ date: date('the date of the bank holiday'), name: holidayName });
export const bankHolidayParams = z.object({ date: date('the date of the bank holiday') });
export const bankHolidayResource = z.object({ date: z.string().meta({ format: 'date' }), name: z.string() });

export const outboxResource = z.object({
  deliversEmail: z.boolean(),
  messages: z.array(
    z.object({
      id: z.string(),
      createdAt: z.date(),
      recipientPersonId: z.string().nullable(),
      recipientName: z.string().nullable(),
      recipientAddress: z.string(),
      subject: z.string(),
      body: z.string(),
      status: z.enum(['pending', 'sent', 'failed', 'not_sent']),
      sentAt: z.date().nullable(),
      failure: z.string().nullable(),
    }),
  ),
});
