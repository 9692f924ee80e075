import { z } from 'zod';
import { month, optionalChoice, optionalUuid } from '../../platform/http/fields.js';
import { PERIOD_KINDS, SERVICES } from './report-period.js';

/** The pack's filters, on the page's form and the API's query string; each may be left out. */
export const packQuery = z.object({
  period: optionalChoice(PERIOD_KINDS, 'Choose month, quarter or year').meta({ description: 'month (default), quarter or year of the London calendar' }),
  month: z
    .union([z.literal(''), month('the month')])
    .optional()
    .transform((v) => (v ? v : undefined))
    .meta({ type: 'string', description: 'YYYY-MM: the month, or a month in the quarter or year; the last whole month when left out. A month in the future is refused.' }),
  service: optionalChoice(SERVICES, 'Choose the daytime service, EDT or both').meta({ description: 'both (default), daytime or edt' }),
  lssa: optionalUuid('Choose an LSSA from the list').meta({ description: 'Only this LSSA’s referrals, assessments and approvals' }),
  team: optionalUuid('Choose a team from the list').meta({ description: 'Only this team’s (the allocated AMHP’s team for referrals)' }),
});

const nullableNumber = z.number().nullable();
const figure = z.object({ key: z.string(), label: z.string(), unit: z.enum(['count', 'minutes', 'hours', 'percent']), current: nullableNumber, previous: nullableNumber, yearEarlier: nullableNumber });
const period = z.object({ kind: z.enum(PERIOD_KINDS), month: z.string(), label: z.string(), from: z.date(), to: z.date() });

/** The pack as the API answers it: figures only (a null is "no data", never zero). */
export const packResource = z.object({
  periods: z.object({ current: period, previous: period, yearEarlier: period }),
  service: z.enum(SERVICES),
  lssaName: z.string().nullable(),
  teamName: z.string().nullable(),
  sections: z.array(z.object({ id: z.string(), title: z.string(), note: z.string().optional(), figures: z.array(figure), extra: z.object({ caption: z.string(), head: z.array(z.string()), rows: z.array(z.array(z.string())) }).optional() })),
});
