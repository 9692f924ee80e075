import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { type IsoDate, endOfLondonDay, londonDate, startOfLondonDay } from '../../platform/london-time.js';
import { requireRole } from '../../platform/roles.js';
import { DUTY_ROLES } from './duty-access.js';
import { PeopleNames, type DutyStaff } from './duty-people.js';
import type { DutyAudit } from './duty-platform-port.js';
import type { DutyReferralsPort } from './duty-referrals-port.js';
import type { DutyDb } from './duty-repository.js';
import type { HandoverService } from './handover-service.js';
import type { RotaService } from './rota-service.js';
import type { ServiceHoursService } from './service-hours-service.js';
import { buildSitrep, delaysOfAssessment, openHandoversForSitrep, renderSitrepText, staffingFromRota, type Sitrep } from './sitrep.js';

/** The daily situation report sent between services (Handover guidance §3.10). */
export class SitrepService {
  constructor(
    private readonly db: DutyDb,
    private readonly clock: Clock,
    private readonly audit: DutyAudit,
    private readonly staff: DutyStaff,
    private readonly hours: ServiceHoursService,
    private readonly rota: RotaService,
    private readonly handovers: HandoverService,
    private readonly referrals: () => DutyReferralsPort,
    private readonly serviceName: string,
  ) {}

  /** The SITREP for a London day (today if not given). */
  async build(ctx: ServiceContext, day?: IsoDate): Promise<Sitrep> {
    requireRole(ctx.actor, DUTY_ROLES.sitrep, 'see the SITREP');
    const date = day ?? londonDate(this.clock.now());
    const from = startOfLondonDay(date);
    const to = endOfLondonDay(date);
    const port = this.referrals();
    const [received, completed, open, shifts, changes, handovers, names, hours, absences] = await Promise.all([
      port.receivedBetween(from, to),
      port.completedBetween(from, to),
      port.open(),
      this.rota.shiftsBetween(date, date),
      this.rota.changesOn(date),
      this.handovers.openHandovers(),
      PeopleNames.load(this.staff),
      this.hours.context(),
      this.rota.absencesOn(date),
    ]);
    const now = this.clock.now();
    // An assessment is complete when its outcome is recorded that day, even before the referral
    // closes. A referral closed without an assessment (a decision not to proceed, a withdrawal) is
    // not an assessment completed.
    const assessed = completed.filter((r) => r.outcomeRecordedAt !== null && r.outcomeRecordedAt >= from && r.outcomeRecordedAt < to);
    const waits = await port.waits(assessed.map((r) => r.id));
    const sitrep = buildSitrep({
      date,
      generatedAt: now,
      serviceName: this.serviceName,
      received: received.map((r) => ({ referralId: r.id, label: r.reference, receivedAt: r.receivedAt, source: r.sourceLabel ?? r.source })),
      assessments: assessed.map((r) => ({ referralId: r.id, label: r.reference, completedAt: r.outcomeRecordedAt as Date, outcome: r.outcome ?? 'Outcome recorded' })),
      pending: open.map((r) => ({ referralId: r.id, label: r.reference, receivedAt: r.receivedAt, stage: r.stageLabel, allocatedTo: r.allocatedAmhpId ? names.name(r.allocatedAmhpId) : null })),
      delays: assessed.flatMap((r) => delaysOfAssessment(r.id, waits.get(r.id) ?? [], r.delayCause)),
      staffing: staffingFromRota(shifts, changes, date, (id) => names.name(id), absences),
      openHandovers: openHandoversForSitrep(handovers, now, hours.config, hours.bankHolidays),
    });
    await inTransaction(this.db, (trx) => this.audit(trx, ctx, { action: 'sitrep_viewed', entityType: 'sitrep', entityId: date }));
    return sitrep;
  }

  /** Plain text ready to paste into an e-mail (lines of at most 80 characters). */
  async text(ctx: ServiceContext, day?: IsoDate): Promise<string> {
    return renderSitrepText(await this.build(ctx, day));
  }
}
