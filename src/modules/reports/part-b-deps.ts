import type { Kysely } from 'kysely';
import type { AuditLog } from '../../platform/audit.js';
import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import type { Notifications } from '../../platform/notifications.js';
import type { Actor } from '../../platform/roles.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { Pack } from './pack.js';
import type { ReportsBDb } from './part-b-tables.js';

/** The duty module's SITREP as plain text, through its published service (the root binds it). */
export type SitrepTextPort = (actor: Actor, day: string) => Promise<string>;

/**
 * The monthly performance pack of a month (both services, every LSSA) as PDF and CSV, built by the
 * pack service as the given person (the root binds it to the reports module's PackService).
 */
export type MonthlyPackPort = (actor: Actor, month: string) => Promise<{ pack: Pack; pdf: { fileName: string; body: Buffer }; csv: { fileName: string; body: string } }>;

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
  monthlyPack: MonthlyPackPort;
  serviceName: string;
}
