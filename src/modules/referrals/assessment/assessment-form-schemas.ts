// What the assessment pages' forms parse: the same commands as the API (assessment-schemas.ts),
// with dates and times from GOV.UK date inputs plus a 24-hour time box, read as London time by
// the one time rule. Blank boxes mean "not recorded".

import { z } from 'zod';
import { dateInput, dateTimeInput, flag, int, optionalChoice, optionalDateTimeInput, optionalText, version } from '../../../platform/http/fields.js';
import { outcomeBody, type OutcomeFields, type TimeFields } from './assessment-schemas.js';

export const formTime: TimeFields = { at: (label) => optionalDateTimeInput(label), requiredAt: (label) => dateTimeInput(label) };

function blankParts(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    value === '' ||
    (typeof value === 'object' && Object.values(value as Record<string, unknown>).every((part) => part === undefined || String(part).trim() === ''))
  );
}

/** An optional GOV.UK date input: all three boxes blank is "not recorded". */
export function optionalDateInput(label: string) {
  return z.preprocess((value) => (blankParts(value) ? undefined : value), dateInput(label).optional());
}

const outcomeFormFields: OutcomeFields = { ...formTime, statement: flag, day: (label) => optionalDateInput(label) };

/** Warning reasons arrive as one text box per rule: `warningReason-R-MR-ACQ`. */
function collectWarningReasons(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const body: Record<string, unknown> = {};
  const reasons: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (!key.startsWith('warningReason-')) body[key] = field;
    else if (typeof field === 'string' && field.trim() !== '') reasons[key.slice('warningReason-'.length)] = field;
  }
  return { ...body, warningReasons: reasons };
}

export const outcomeForm = z.preprocess(collectWarningReasons, outcomeBody(outcomeFormFields));

/** The page form for the legal position: place of safety, one extension, holding powers, one conflict. */
export const legalForm = z
  .object({
    posPower: optionalChoice(['s136', 's135_1', 's135_2'], 'Choose the power'),
    posDetainedAt: formTime.at('when the person was detained'),
    posClockStartedAt: formTime.at('when the person arrived at the place of safety'),
    posEndedAt: formTime.at('when the power ended'),
    posPoliceStation: flag,
    posPoliceStationJustification: optionalText(2000, 'why a police station was used'),
    posConsultedAt: formTime.at('when the police consulted'),
    posConsultedRole: optionalChoice(['doctor', 'registered_nurse', 'amhp', 'other'], 'Choose who was consulted'),
    posConsultNotPracticable: optionalText(2000, 'why consultation was not practicable'),
    extAuthorisedAt: formTime.at('when the extension was authorised'),
    extHours: z.preprocess((v) => (v === '' ? undefined : v), int('the length of the extension', 1, 12).optional()),
    extByExaminingDoctor: flag,
    extReason: optionalChoice(['person_condition', 'staff_or_bed_availability', 'other'], 'Choose why the extension was needed'),
    s54RecordedAt: formTime.at('the section 5(4) time'),
    s52ReportedAt: formTime.at('the section 5(2) time'),
    currentS2AdmittedAt: formTime.at('when the current section 2 began'),
    conflictDescription: optionalText(1000, 'the description'),
    conflictType: optionalChoice(['professional', 'business', 'financial', 'personal'], 'Choose the kind of conflict'),
    conflictUrgencyReason: optionalText(2000, 'the urgency reason'),
    version,
  })
  .superRefine((f, ctx) => {
    if (f.extAuthorisedAt && (!f.extHours || !f.extReason)) ctx.addIssue({ code: 'custom', path: ['extHours'], message: 'Enter the length of the extension and why it was needed' });
    if (f.conflictDescription && !f.conflictType) ctx.addIssue({ code: 'custom', path: ['conflictType'], message: 'Choose the kind of conflict' });
  });
export type LegalFormCommand = z.output<typeof legalForm>;
