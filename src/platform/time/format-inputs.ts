import type { IsoDate } from './calendar.js';
import { londonParts } from './london.js';

/**
 * The form values that show an instant in a GOV.UK date input plus a 24-hour time box
 * (`<name>-day`, `<name>-month`, `<name>-year`, `<name>-time`), in London time.
 */
export function dateTimeInputValues(name: string, instant: Date | null | undefined): Record<string, string> {
  if (!instant) return { [`${name}-day`]: '', [`${name}-month`]: '', [`${name}-year`]: '', [`${name}-time`]: '' };
  const p = londonParts(instant);
  return { [`${name}-day`]: String(p.day), [`${name}-month`]: String(p.month), [`${name}-year`]: String(p.year), [`${name}-time`]: p.time };
}

/** The form values that show a date in a GOV.UK date input. */
export function dateInputValues(name: string, date: IsoDate | null | undefined): Record<string, string> {
  if (!date) return { [`${name}-day`]: '', [`${name}-month`]: '', [`${name}-year`]: '' };
  const [year, month, day] = date.split('-');
  return { [`${name}-day`]: String(Number(day)), [`${name}-month`]: String(Number(month)), [`${name}-year`]: year ?? '' };
}
