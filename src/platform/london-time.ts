/**
 * The one Europe/London date and time library: stored instants are UTC, people read London.
 * Modules import from here (their *-time.ts files add only module-specific helpers).
 *
 * - time/calendar.ts: 'YYYY-MM-DD' dates, 'HH:MM' times, elapsed minutes and hours.
 * - time/london.ts: instant ⇄ London wall clock. A repeated autumn time is the earlier (BST)
 *   instant; a spring time that never happens is read as GMT (an hour later on the clock).
 * - time/format.ts: dates and times for people.
 */
export * from './time/calendar.js';
export * from './time/london.js';
export * from './time/format.js';
