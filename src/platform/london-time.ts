/**
 * The one Europe/London date and time library: stored instants are UTC, people read London.
 *
 * - time/calendar.ts: 'YYYY-MM-DD' dates, 'HH:MM' times, elapsed minutes and hours.
 * - time/london.ts: instant ⇄ London wall clock.
 * - time/parse.ts: the one time rule for everything typed (API and forms): offsets honoured,
 *   wall-clock means London, impossible days and the ambiguous autumn hour refused.
 * - time/format.ts: dates and times for people; time/format-inputs.ts: values for date inputs.
 * - time/periods.ts: calendar months, ages and long spans (statutory periods).
 * - time/anniversary.ts: anniversaries (29 February, month ends) and inclusive date ranges.
 * - time/after-the-event.ts: "when it happened" typed after the event: checks and display.
 */
export * from './time/calendar.js';
export * from './time/london.js';
export * from './time/parse.js';
export * from './time/format.js';
export * from './time/format-inputs.js';
export * from './time/periods.js';
export * from './time/anniversary.js';
export * from './time/after-the-event.js';
