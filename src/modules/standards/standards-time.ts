/**
 * Calendar helpers for the standards module: the platform's shared Europe/London library
 * (src/platform/london-time.ts) under the names the standards files use. Dates without times are
 * ISO 'YYYY-MM-DD' strings; "today" is always the Europe/London calendar day of an injected instant.
 */
export {
  addDays as addDaysIso,
  compareIsoDates,
  daysBetween,
  formatDate as formatLongDate,
  isIsoDate,
  londonDate as londonDateOf,
} from '../../platform/london-time.js';
