import type { Role } from '../../platform/roles.js';

/** Who watches over AMHPs in the field: sees the board, alerts and visit records. */
export const WATCHERS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager'];
/** Those alerted on a ladder may also be line managers. */
export const ALERT_READERS: readonly Role[] = [...WATCHERS, 'line_manager'];
export const HOURS_APPROVERS: readonly Role[] = ['line_manager', 'operational_manager'];
export const HOURS_MONITORS: readonly Role[] = ['amhp_lead', 'edt_manager', 'operational_manager', 'line_manager'];
/** Who may ask for a debrief: the AMHP for themselves, a watcher for an AMHP. */
export const DEBRIEF_REQUESTERS: readonly Role[] = ['amhp', ...WATCHERS];

/** Route access rules, so each declaration reads as a sentence. */
export const ACCESS = {
  amhp: { roles: ['amhp'] },
  readers: { roles: ALERT_READERS },
  users: { roles: ['amhp', ...ALERT_READERS] },
  approvers: { roles: HOURS_APPROVERS },
  monitors: { roles: HOURS_MONITORS },
  requesters: { roles: DEBRIEF_REQUESTERS },
  admin: { roles: ['admin'] },
} as const satisfies Record<string, { roles: readonly Role[] }>;

/** The live-events topic the board listens on. */
export const LIVE_TOPIC = 'safety';
