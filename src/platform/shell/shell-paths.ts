import { definePaths } from '../http/paths.js';

/** The shell's pages: sign-in, home, the health check and the footer pages. */
export const shellPaths = definePaths({
  health: '/health',
  home: '/',
  signIn: '/sign-in',
  signOut: '/sign-out',
  cookies: '/cookies',
  privacy: '/privacy',
  accessibility: '/accessibility',
});

/** The administration pages and API operations the platform itself owns. */
export const adminPaths = definePaths({
  index: '/admin',
  audit: '/admin/audit',
  bankHolidays: '/admin/bank-holidays',
  removeBankHoliday: '/admin/bank-holidays/:date/delete',
  outbox: '/admin/outbox',

  apiAudit: '/api/v1/audit',
  apiBankHolidays: '/api/v1/bank-holidays',
  apiBankHoliday: '/api/v1/bank-holidays/:date',
  apiOutbox: '/api/v1/outbox',
});
