import type { Db } from '../../db/database.js';
import type { AuditLog } from '../../platform/audit.js';
import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import type { LiveEvents } from '../../platform/live-events.js';
import type { Notifications } from '../../platform/notifications.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import type { StaffService } from '../staff/staff-service.js';
import { AllocationSheetService } from './allocation-sheet-service.js';
import { NO_REFERRALS, type DutyReferralsPort } from './duty-referrals-port.js';
import { DutyRepository } from './duty-repository.js';
import { HandoverService } from './handover-service.js';
import { RotaService } from './rota-service.js';
import type { ServiceCover } from './service-hours.js';
import { ServiceHoursService } from './service-hours-service.js';
import { BoardService, SitrepService } from './sitrep-service.js';

export interface DutyDependencies {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  settings: SettingsService;
  calendar: CalendarService;
  staff: StaffService;
  eligibility: AmhpEligibility;
  liveEvents: LiveEvents;
  notifications: Notifications;
  serviceName: string;
  /** The referrals module adapted to what duty needs; absent until that module is composed. */
  referrals?: DutyReferralsPort;
}

/** The duty day: service hours, rota, allocation sheet, handovers, board and SITREP. */
export class DutyService {
  readonly hours: ServiceHoursService;
  readonly rota: RotaService;
  readonly handovers: HandoverService;
  readonly sheets: AllocationSheetService;
  readonly sitrep: SitrepService;
  readonly board: BoardService;
  private referralsPort: DutyReferralsPort;

  constructor(deps: DutyDependencies) {
    const repository = new DutyRepository();
    this.referralsPort = deps.referrals ?? NO_REFERRALS;
    const referrals = () => this.referralsPort;
    this.hours = new ServiceHoursService(deps.settings, deps.calendar, deps.clock);
    this.rota = new RotaService(deps.db, deps.clock, deps.audit, deps.staff, deps.eligibility, this.hours, repository, deps.liveEvents);
    this.handovers = new HandoverService(deps.db, deps.clock, deps.audit, deps.staff, this.hours, repository, referrals, deps.liveEvents, deps.notifications);
    this.sheets = new AllocationSheetService(deps.db, deps.clock, deps.audit, deps.staff, this.hours, this.rota, this.handovers, repository, referrals, deps.liveEvents);
    this.sitrep = new SitrepService(deps.db, deps.clock, deps.audit, deps.staff, this.hours, this.rota, this.handovers, referrals, deps.serviceName);
    this.board = new BoardService(deps.clock, deps.staff, this.hours, this.rota, this.handovers, referrals);
  }

  /** For every module: which team is responsible now (or at an instant), from the configured service hours. */
  responsibleTeamNow(at?: Date): Promise<ServiceCover> {
    return this.hours.responsibleTeamAt(at);
  }

  get referralsAvailable(): boolean {
    return this.referralsPort.available;
  }
}
