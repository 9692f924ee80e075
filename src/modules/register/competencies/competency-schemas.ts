/**
 * The annual competency record. The page posts flat fields (competence1Status,
 * competence1Evidence, …); the API sends a list of entries. Both give `{ recordedOn, entries }`.
 * "Met" needs evidence notes; each of the five areas appears exactly once (checked by the domain).
 */
import { z } from 'zod';
import { choice, date, dateInput, optionalText } from '../../../platform/http/fields.js';
import { ALWAYS } from '../register-forms.js';
import { COMPETENCE_NUMBERS, type CompetenceEntry, type CompetenceNumber } from './competencies.js';

const STATUSES = ['met', 'not_yet_met'] as const;
const evidenceMessage = (n: number) => `Add evidence notes showing how Key Competence ${n} is met`;
const statusOf = (n: CompetenceNumber) => choice(STATUSES, `Say whether Key Competence ${n} is met or not yet met`);

const formShape = {
  recordedOn: dateInput('the date of the record'),
  competence1Status: statusOf(1),
  competence1Evidence: optionalText(2000, 'The evidence'),
  competence2Status: statusOf(2),
  competence2Evidence: optionalText(2000, 'The evidence'),
  competence3Status: statusOf(3),
  competence3Evidence: optionalText(2000, 'The evidence'),
  competence4Status: statusOf(4),
  competence4Evidence: optionalText(2000, 'The evidence'),
  competence5Status: statusOf(5),
  competence5Evidence: optionalText(2000, 'The evidence'),
};

export const competencyForm = z
  .object(formShape)
  .superRefine((v, ctx) => {
    for (const n of COMPETENCE_NUMBERS) {
      if (v[`competence${n}Status`] === 'met' && typeof v[`competence${n}Evidence`] !== 'string') {
        ctx.addIssue({ code: 'custom', message: evidenceMessage(n), path: [`competence${n}Evidence`] });
      }
    }
  }, ALWAYS)
  .transform((v) => ({
    recordedOn: v.recordedOn,
    entries: COMPETENCE_NUMBERS.map((n): CompetenceEntry => ({ competence: n, status: v[`competence${n}Status`], evidence: v[`competence${n}Evidence`] ?? '' })),
  }));

const entry = z
  .object({
    competence: z.union(COMPETENCE_NUMBERS.map((n) => z.literal(n)) as [z.ZodLiteral<1>, z.ZodLiteral<2>, z.ZodLiteral<3>, z.ZodLiteral<4>, z.ZodLiteral<5>], {
      error: 'Choose a Key Competence from 1 to 5',
    }),
    status: choice(STATUSES, 'Say whether the Key Competence is met or not yet met'),
    evidence: optionalText(2000, 'The evidence'),
  })
  .superRefine((v, ctx) => {
    if (v.status === 'met' && typeof v.evidence !== 'string') ctx.addIssue({ code: 'custom', message: evidenceMessage(v.competence), path: ['evidence'] });
  })
  .transform((v): CompetenceEntry => ({ competence: v.competence, status: v.status, evidence: v.evidence ?? '' }));

export const competencyApiBody = z.object({
  recordedOn: date('the date of the record'),
  entries: z.array(entry).min(1, 'Give the five Key Competence areas').max(5, 'Give each of the five Key Competence areas once'),
});

export type CompetencyCommand = z.output<typeof competencyApiBody>;

export const competencyResource = z.object({
  id: z.string(),
  personId: z.string(),
  recordedOn: z.iso.date(),
  entries: z.array(z.object({ competence: z.number().int(), status: z.enum(STATUSES), evidence: z.string() })),
});
