import { z } from 'zod';
import { choice, optionalDateTimeInput, optionalText, optionalUuid, text, version } from '../../platform/http/fields.js';
import { URGENCIES } from './escalation.js';
import { POLICE_ESCALATION_CATEGORIES, POLICE_RESPONSES, THRESHOLDS } from './police-requests.js';
import type { EscalatePoliceResponseCommand, PoliceResponseCommand, RecordPoliceRequestCommand } from './police-requests-service.js';

const ANSWERED = ['attended', 'declined', 'no_response'] as const;

export const policeRequestBody = z.object({
  referral: text('the referral reference', 64).meta({ description: 'A referral id or reference, e.g. AMHP-2026-00042' }),
  threshold: choice(THRESHOLDS, 'Choose the reason police attendance was requested'),
  explanation: optionalText(2000, 'The explanation').meta({ description: 'Required when the threshold is "other"' }),
  partnerId: optionalUuid('Choose the police force from the directory').meta({ description: 'The police force, from the partner directory' }),
  requestedAt: optionalDateTimeInput('when police attendance was requested').meta({ description: 'When police attendance was requested (London time unless an offset is given); now when left out' }),
}) satisfies z.ZodType<RecordPoliceRequestCommand>;

export const policeResponseBody = z.object({ version, response: choice(ANSWERED, 'Say what the police did'), note: optionalText(2000, 'The note') }) satisfies z.ZodType<PoliceResponseCommand>;

export const policeEscalationBody = z.object({
  version,
  category: choice(POLICE_ESCALATION_CATEGORIES, 'Choose what the escalation is about'),
  urgency: choice(URGENCIES, 'Say whether it is urgent'),
  triedLocally: text('what was tried locally first', 2000),
  receiverName: optionalText(200, 'The receiving manager’s name').meta({ description: 'The manager at the force; the directory’s first contact when left out' }),
  receiverContact: optionalText(200, 'The receiving manager’s contact'),
}) satisfies z.ZodType<EscalatePoliceResponseCommand>;

export const policeListQuery = z.object({ referral: optionalText(64, 'The referral').meta({ description: 'A referral id or reference: only its requests' }) });

const policeRequestResource = z.object({
  id: z.string(),
  referralId: z.string(),
  referralReference: z.string(),
  partnerId: z.string().nullable(),
  partnerName: z.string().nullable(),
  threshold: z.enum(THRESHOLDS),
  explanation: z.string(),
  requestedAt: z.date(),
  requestedBy: z.string(),
  requestedByName: z.string(),
  response: z.enum(POLICE_RESPONSES),
  responseNote: z.string(),
  respondedAt: z.date().nullable(),
  escalationId: z.string().nullable(),
  version: z.number().int(),
});
export const policeRequestViewResource = z.object({
  request: policeRequestResource,
  mayEscalate: z.boolean(),
  prefill: z.object({ concern: z.string(), outcomeSought: z.string(), receiverName: z.string(), receiverContact: z.string() }),
});
export const policeRequestsResource = z.object({ requests: z.array(policeRequestResource), referral: z.object({ id: z.string(), reference: z.string() }).nullable() });

const reasonCount = z.object({ requested: z.number().int(), attended: z.number().int(), declined: z.number().int(), noResponse: z.number().int() });
export const themesResource = z.object({
  months: z.array(z.string()),
  total: z.number().int(),
  byCategory: z.array(z.object({ key: z.string(), label: z.string(), count: z.number().int() })),
  byOrganisation: z.array(z.object({ name: z.string(), count: z.number().int() })),
  byMonth: z.array(z.object({ month: z.string(), label: z.string(), count: z.number().int() })),
  medianMinutesToAcknowledge: z.number().nullable(),
  medianMinutesToRespond: z.number().nullable(),
  missedDeadlines: z.object({ acknowledgement: z.number().int(), response: z.number().int(), total: z.number().int() }),
  policeRequests: z.object({ total: z.number().int(), byReason: z.object(Object.fromEntries(THRESHOLDS.map((t) => [t, reasonCount])) as Record<(typeof THRESHOLDS)[number], typeof reasonCount>) }),
});
