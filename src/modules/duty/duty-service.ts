import type { CalendarService } from '../../platform/calendar-service.js';
import type { Clock } from '../../platform/clock.js';
import type { LiveEvents } from '../../platform/live-events.js';
import type { SettingsService } from '../../platform/settings-service.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import { AllocationSheetService } from './allocation-sheet-service.js';
import { BoardService } from './board-service.js';
import type { DutyStaff } from './duty-people.js';
import type { DutyAudit, DutyNotify } from './duty-platform-port.js';
import { NO_REFERRALS, type DutyReferralsPort } from './duty-referrals-port.js';
import { DutyRepository, type DutyDb } from './duty-repository.js';
import { HandoverService } from './handover-service.js';
import { RotaService } from './rota-service.js';
import type { ServiceCover } from './service-hours.js';
import { ServiceHoursService } from './service-hours-service.js';
import { SitrepService } from './sitrep-service.js';

export interface DutyDependencies {
  db: DutyDb;
  clock: Clock;
  audit: DutyAudit;
  notify: DutyNotify;
  settings: Pick<SettingsService, 'get' | 'put'>;
  calendar: Pick<CalendarService, 'calendar'>;
  staff: DutyStaff;
  eligibility: AmhpEligibility;
  liveEvents: LiveEvents;
  serviceName: string;
  /** The referrals module adapted to what duty needs; without it duty shows rota and handovers only. */
  referrals?: DutyReferralsPort;
}

/** The duty day behind a small facade: one service per use case. */
export class DutyService {
  readonly hours: ServiceHoursService;
  readonly rota: RotaService;
  readonly handovers: HandoverService;
  readonly sheets: AllocationSheetService;
  readonly sitrep: SitrepService;
  readonly board: BoardService;
  private readonly referralsPort: DutyReferralsPort;

  constructor(deps: DutyDependencies) {
    const repository = new DutyRepository();
    this.referralsPort = deps.referrals ?? NO_REFERRALS;
    const referrals = () => this.referralsPort;
    this.hours = new ServiceHoursService(deps.settings, deps.calendar, deps.clock);
    this.rota = new RotaService(deps.db, deps.clock, deps.audit, deps.staff, deps.eligibility, this.hours, repository, deps.liveEvents, deps.notify);
    this.handovers = new HandoverService(deps.db, deps.clock, deps.audit, deps.notify, deps.staff, this.hours, repository, referrals, deps.liveEvents);
    this.sheets = new AllocationSheetService(deps.db, deps.clock, deps.audit, deps.staff, this.hours, this.rota, this.handovers, repository, referrals, deps.liveEvents);
    this.sitrep = new SitrepService(deps.db, deps.clock, deps.audit, deps.staff, this.hours, this.rota, this.handovers, referrals, deps.serviceName);
    this.board = new BoardService(deps.db, deps.clock, deps.audit, deps.staff, this.hours, this.rota, this.handovers, referrals);
  }

  /** For every module: which team is responsible now (or at an instant), from the configured service hours. */
  responsibleTeamNow(at?: Date): Promise<ServiceCover> {
    return this.hours.responsibleTeamAt(at);
  }

  get referralsAvailable(): boolean {
    return this.referralsPort.available;
  }
}
