import { z } from 'zod';
import { date, idParams, int, text, version } from '../../platform/http/fields.js';
import { validateNhsNumber } from '../referrals/nhs-number.js';
import { parseReferralReference } from '../referrals/intake/referral-reference.js';
import type { SubjectQuery } from './subject-export.js';
import { RECORD_KINDS } from './retention.js';

export { idParams };

const PERSON_HINT = 'An NHS number (10 digits) or a referral reference such as REF-2026-000123';

/** Who the request is about: an NHS number or a referral reference, in one box. */
export const subjectQuery = z.object({
  person: z
    .string({ error: () => `Enter ${PERSON_HINT.toLowerCase()}` })
    .max(40, 'Enter an NHS number or a referral reference (40 characters or fewer)')
    .transform((value, ctx): SubjectQuery => {
      const typed = value.trim();
      if (/^ref/i.test(typed)) {
        const parts = parseReferralReference(typed);
        if (parts) return { reference: `REF-${parts.year}-${String(parts.sequence).padStart(6, '0')}` };
        ctx.addIssue({ code: 'custom', message: 'Enter the referral reference as on the referral, for example REF-2026-000123' });
        return z.NEVER;
      }
      if (typed === '') {
        ctx.addIssue({ code: 'custom', message: `Enter ${PERSON_HINT.toLowerCase()}` });
        return z.NEVER;
      }
      const nhs = validateNhsNumber(typed);
      if (nhs.ok) return { nhsNumber: nhs.value };
      ctx.addIssue({ code: 'custom', message: nhs.message });
      return z.NEVER;
    })
    .meta({ type: 'string', description: PERSON_HINT }),
});

/** The subject page may be opened empty (the form only). */
export const subjectPageQuery = z.object({ person: z.string().max(40).optional() });

export const restrictBody = z.object({ reason: text('why processing is restricted', 2000) });
export const liftBody = z.object({ reason: text('why the restriction is lifted', 2000), version });

export const kindParams = z.object({ kind: z.enum(RECORD_KINDS, { error: () => `Choose one of: ${RECORD_KINDS.join(', ')}` }) });
export const ruleBody = z.object({ years: int('the number of years', 1, 100), version });

export const decisionBody = z
  .object({
    decision: z.enum(['erase', 'keep'], { error: () => 'Choose whether to erase or keep the record' }),
    reason: text('the reason for the decision', 1000),
    keepUntil: z.union([z.literal(''), date('the date to review it again')]).optional(),
    version,
  })
  .transform((b) => ({ ...b, keepUntil: b.keepUntil ? b.keepUntil : undefined }));
