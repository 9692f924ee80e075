import type { Db } from '../../db/database.js';
import { inTransaction } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { parseInput } from '../../platform/http/forms.js';
import { requireRole } from '../../platform/roles.js';
import type { StaffService } from '../staff/staff-service.js';
import { buildDutyBoard, type DutyBoard } from './duty-board.js';
import { DUTY_ROLES } from './duty-access.js';
import { PeopleNames } from './duty-people.js';
import type { DutyReferralsPort } from './duty-referrals-port.js';
import { isoDateSchema } from './duty-schemas.js';
import { addDays, londonDate, londonInstant } from './duty-time.js';
import type { IsoDate } from './duty-time.js';
import type { HandoverService } from './handover-service.js';
import type { RotaService } from './rota-service.js';
import type { ServiceHoursService } from './service-hours-service.js';
import { buildSitrep, openHandoversForSitrep, renderSitrepText, staffingFromRota, type Sitrep } from './sitrep.js';

export class SitrepService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly staff: StaffService,
    private readonly hours: ServiceHoursService,
    private readonly rota: RotaService,
    private readonly handovers: HandoverService,
    private readonly referrals: () => DutyReferralsPort,
    private readonly serviceName: string,
  ) {}

  async build(ctx: ServiceContext, rawDate: unknown): Promise<Sitrep> {
    requireRole(ctx.actor, DUTY_ROLES.sitrep, 'see the SITREP');
    const date: IsoDate = rawDate === undefined || rawDate === '' ? londonDate(this.clock.now()) : parseInput(isoDateSchema, rawDate);
    const from = londonInstant(date, '00:00');
    const to = londonInstant(addDays(date, 1), '00:00');
    const port = this.referrals();
    const [received, closed, open, delays, shifts, changes, handovers, names, hours] = await Promise.all([
      port.receivedBetween(from, to),
      port.closedBetween(from, to),
      port.openReferrals(),
      port.delaysOn(from, to),
      this.rota.shiftsOn(date),
      this.rota.changesOn(date),
      this.handovers.openHandovers(),
      PeopleNames.load(this.staff),
      this.hours.context(),
    ]);
    const now = this.clock.now();
    const sitrep = buildSitrep({
      date,
      generatedAt: now,
      serviceName: this.serviceName,
      received: received.map((r) => ({ referralId: r.id, label: r.reference, receivedAt: r.receivedAt, source: r.source })),
      assessments: closed.filter((r) => r.closedAt).map((r) => ({ referralId: r.id, label: r.reference, completedAt: r.closedAt as Date, outcome: r.outcome ?? 'Closed' })),
      pending: open.map((r) => ({ referralId: r.id, label: r.reference, receivedAt: r.receivedAt, stage: r.stageLabel, allocatedTo: r.allocatedAmhpId ? names.name(r.allocatedAmhpId) : null })),
      delays,
      staffing: staffingFromRota(shifts, changes, date, (id) => names.name(id)),
      openHandovers: openHandoversForSitrep(handovers, now, hours.config, hours.bankHolidays),
    });
    await inTransaction(this.db, (trx) => this.audit.record(trx, ctx, { action: 'sitrep_viewed', entityType: 'sitrep', entityId: date }));
    return sitrep;
  }

  async text(ctx: ServiceContext, rawDate: unknown): Promise<string> {
    return renderSitrepText(await this.build(ctx, rawDate));
  }
}

export class BoardService {
  constructor(
    private readonly clock: Clock,
    private readonly staff: StaffService,
    private readonly hours: ServiceHoursService,
    private readonly rota: RotaService,
    private readonly handovers: HandoverService,
    private readonly referrals: () => DutyReferralsPort,
  ) {}

  async build(ctx: ServiceContext): Promise<DutyBoard & { referralsAvailable: boolean; nameOf: Record<string, string>; changeRows: Array<{ absentName: string; backupName: string | null; kind: string; at: Date; note: string | null }> }> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see the duty board');
    const now = this.clock.now();
    const today = londonDate(now);
    const [shifts, changes, open, handovers, names, hours] = await Promise.all([
      this.rota.onDutyAt(now),
      this.rota.changesOn(today),
      this.referrals().openReferrals(),
      this.handovers.openHandovers(),
      PeopleNames.load(this.staff),
      this.hours.context(),
    ]);
    const allToday = await this.rota.shiftsBetween(addDays(today, -1), today);
    const board = buildDutyBoard({
      now,
      config: hours.config,
      bankHolidays: hours.bankHolidays,
      onDuty: shifts.map((s) => {
        const covered = s.coversShiftId ? allToday.find((x) => x.id === s.coversShiftId) : undefined;
        return { personId: s.personId, name: names.name(s.personId), team: s.kind, coversForName: covered ? names.name(covered.personId) : null };
      }),
      referrals: open.map((r) => ({ referralId: r.id, label: r.reference, stage: r.stageLabel, receivedAt: r.receivedAt, allocatedAmhpId: r.allocatedAmhpId })),
      handovers,
      rotaChanges: changes,
    });
    const nameOf: Record<string, string> = {};
    for (const row of board.allocatedOffDuty) nameOf[row.allocatedAmhpId] = names.name(row.allocatedAmhpId);
    return {
      ...board,
      referralsAvailable: this.referrals().available,
      nameOf,
      changeRows: board.rotaChanges.map((c) => ({ absentName: names.name(c.absentPersonId), backupName: c.backupPersonId ? names.name(c.backupPersonId) : null, kind: c.shiftKind === 'edt' ? 'EDT' : 'daytime', at: c.at, note: c.note })),
    };
  }
}
