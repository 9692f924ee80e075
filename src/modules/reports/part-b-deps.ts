import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit.js';
import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import type { Notifications } from '../../platform/notifications.js';
import type { Actor } from '../../platform/roles.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { ReportsBDb } from './part-b-tables.js';

/** The duty module's SITREP as plain text, through its published service (the root binds it). */
export type SitrepTextPort = (actor: Actor, day: string) => Promise<string>;

export interface ReportsBDeps {
  db: Kysely<ReportsBDb>;
  clock: Clock;
  audit: AuditLog;
  settings: SettingsService;
  notifications: Notifications;
  calendar: CalendarService;
  /** The person a scheduled send acts for, as signed in (platform auth). */
  actorFor: (personId: string) => Promise<Actor | undefined>;
  sitrepText: SitrepTextPort;
  serviceName: string;
}
