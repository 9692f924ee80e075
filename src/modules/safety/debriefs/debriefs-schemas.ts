import { z } from 'zod';
import { dateTimeInput, instant, optionalText, optionalUuid, text, uuid } from '../../../platform/http/fields.js';
import type { DebriefHeldCommand, DebriefRequestCommand } from './debriefs-service.js';

export const debriefRequestBody = z
  .object({
    amhpId: optionalUuid('Choose the AMHP the debrief is for').meta({ description: 'The AMHP the debrief is for; leave out to ask for yourself' }),
    referralId: optionalText(64, 'The referral').meta({ description: 'The referral it is about: its id or reference' }),
    reason: text('what the debrief is about', 1000),
  })
  .transform((body): DebriefRequestCommand => ({ amhpId: body.amhpId, referral: body.referralId, reason: body.reason }));

export const debriefHeldForm = z.object({ heldBy: uuid('Choose who held the debrief'), heldAt: dateTimeInput('when the debrief was held') }) satisfies z.ZodType<DebriefHeldCommand>;
export const debriefHeldBody = z.object({ heldBy: uuid('Choose who held the debrief'), heldAt: instant('when the debrief was held') }) satisfies z.ZodType<DebriefHeldCommand>;

export const debriefCancelBody = z.object({ cancelReason: text('why the debrief is no longer needed', 1000) });

const debriefResource = z.object({
  id: z.string(),
  amhpId: z.string(),
  amhpName: z.string(),
  requestedBy: z.string(),
  requestedByName: z.string(),
  requestedAt: z.date(),
  referralId: z.string().nullable(),
  referralReference: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['requested', 'held', 'cancelled']),
  heldBy: z.string().nullable(),
  heldByName: z.string().nullable(),
  heldAt: z.date().nullable(),
  cancelledBy: z.string().nullable(),
  cancelledAt: z.date().nullable(),
  cancelReason: z.string().nullable(),
  version: z.number().int(),
});

export const debriefViewResource = z.object({ debrief: debriefResource, overdue: z.boolean(), dueBy: z.string() });

export const debriefsResource = z.object({
  open: z.array(z.object({ request: debriefResource, overdue: z.boolean(), dueBy: z.string() })),
  closed: z.array(debriefResource),
  all: z.boolean(),
});
