import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../db/database.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError, RuleViolationError } from '../../platform/errors.js';
import type { LiveEvents } from '../../platform/live-events.js';
import { type IsoDate, londonDate } from '../../platform/london-time.js';
import { unwrap } from '../../platform/result.js';
import { requireRole } from '../../platform/roles.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import { DUTY_ROLES } from './duty-access.js';
import { daysOfMonth, monthOf, shiftMonth } from './duty-calendar.js';
import type { DutyAudit } from './duty-platform-port.js';
import { PeopleNames, type DutyStaff } from './duty-people.js';
import type { DutyDb, DutyRepository, StoredAgreement, StoredShift } from './duty-repository.js';
import { cancelShift, clearReportWritingDay, dutyDatesFor, flagReportWritingDay, frequencyAgainstPlan, planShift, recordSickness, standardShiftTimes } from './rota.js';
import type { Eligibility, FrequencyRow, RotaChange } from './rota.js';
import type { AgreementCommand, PlanShiftCommand, SicknessCommand } from './rota-schemas.js';
import type { ServiceHoursService } from './service-hours-service.js';

/** The live-events topic of everything the duty board shows. */
export const DUTY_TOPIC = 'duty';

export interface ShiftView extends StoredShift {
  personName: string;
  organisationName: string;
  coversName: string | null;
}

export interface RotaMonth {
  month: string;
  previousMonth: string;
  nextMonth: string;
  days: Array<{ date: IsoDate; workingDay: boolean; shifts: ShiftView[] }>;
  frequency: Array<FrequencyRow & { name: string; organisationName: string }>;
  changes: Array<RotaChange & { absentName: string; backupName: string | null; decidedByName: string }>;
}

export interface AmhpOption {
  id: string;
  name: string;
  organisationName: string;
  eligible: boolean;
  reason: string | null;
}

/** The rota: shifts, sickness and back-up, agreed frequency and report-writing days. */
export class RotaService {
  constructor(
    private readonly db: DutyDb,
    private readonly clock: Clock,
    private readonly audit: DutyAudit,
    private readonly staff: DutyStaff,
    private readonly eligibility: AmhpEligibility,
    private readonly hours: ServiceHoursService,
    private readonly repository: DutyRepository,
    private readonly liveEvents: LiveEvents,
  ) {}

  private async mayAct(personId: string, date: IsoDate): Promise<Eligibility> {
    const result = await this.eligibility.mayAct(personId, null, date);
    return result.eligible ? { eligible: true } : { eligible: false, reason: result.reason };
  }

  private view(shift: StoredShift, names: PeopleNames, all: readonly StoredShift[]): ShiftView {
    const covered = shift.coversShiftId ? all.find((s) => s.id === shift.coversShiftId) : undefined;
    return {
      ...shift,
      personName: names.name(shift.personId),
      organisationName: names.get(shift.personId)?.organisationName ?? '',
      coversName: covered ? names.name(covered.personId) : null,
    };
  }

  /** One shift as it now is, with names (and the name of whoever it covers). */
  private async shiftView(id: string): Promise<ShiftView> {
    const shift = await this.repository.findShift(this.db, id);
    if (!shift) throw new NotFoundError('The shift');
    const covered = shift.coversShiftId ? await this.repository.findShift(this.db, shift.coversShiftId) : undefined;
    return this.view(shift, await PeopleNames.load(this.staff), covered ? [covered] : []);
  }

  async shift(ctx: ServiceContext, id: string): Promise<ShiftView> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see the rota');
    return this.shiftView(id);
  }

  /** The rota for a month ('YYYY-MM'; this month if not given). */
  async month(ctx: ServiceContext, month?: string): Promise<RotaMonth> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see the rota');
    const shown = month ?? monthOf(londonDate(this.clock.now()));
    const dates = daysOfMonth(shown);
    const first = dates[0] as string;
    const last = dates[dates.length - 1] as string;
    const [shifts, agreements, changes, names, hours] = await Promise.all([
      this.repository.shiftsBetween(this.db, first, last),
      this.repository.agreements(this.db),
      this.repository.rotaChangesBetween(this.db, first, last),
      PeopleNames.load(this.staff),
      this.hours.context(),
    ]);
    const active = shifts.filter((s) => s.status !== 'cancelled');
    return {
      month: shown,
      previousMonth: shiftMonth(shown, -1),
      nextMonth: shiftMonth(shown, 1),
      days: dates.map((date) => ({
        date,
        workingDay: standardShiftTimes(date, 'daytime', hours.config, hours.bankHolidays) !== null,
        shifts: active.filter((s) => s.date === date).map((s) => this.view(s, names, shifts)),
      })),
      frequency: frequencyAgainstPlan(agreements, shifts, shown)
        .map((row) => ({ ...row, name: names.name(row.personId), organisationName: names.get(row.personId)?.organisationName ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      changes: changes.map((c) => ({ ...c, absentName: names.name(c.absentPersonId), backupName: c.backupPersonId ? names.name(c.backupPersonId) : null, decidedByName: names.name(c.decidedBy) })),
    };
  }

  /** AMHPs who can be put on the rota, each with whether they are eligible on the date. */
  async amhpOptions(ctx: ServiceContext, date: IsoDate): Promise<AmhpOption[]> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see the rota');
    const names = await PeopleNames.load(this.staff);
    return Promise.all(
      names.amhps().map(async (p) => {
        const e = await this.mayAct(p.id, date);
        return { id: p.id, name: p.name, organisationName: p.organisationName, eligible: e.eligible, reason: e.eligible ? null : (e.reason ?? null) };
      }),
    );
  }

  async planShift(ctx: ServiceContext, command: PlanShiftCommand): Promise<ShiftView> {
    requireRole(ctx.actor, DUTY_ROLES.planRota, 'plan the rota');
    const hours = await this.hours.context();
    const times = command.hours ?? standardShiftTimes(command.date, command.kind, hours.config, hours.bankHolidays);
    if (!times) throw RuleViolationError.single('service_closed', 'The daytime service is closed on this date: plan an EDT shift or give start and end times', 'date');
    const eligibility = await this.mayAct(command.personId, command.date);
    const id = randomUUID();
    await inTransaction(this.db, async (trx) => {
      await this.repository.lockPerson(trx, command.personId);
      const existing = await this.repository.personShiftsAround(trx, command.personId, times.start, times.end);
      const { shift } = unwrap(planShift(existing, { id, date: command.date, kind: command.kind, personId: command.personId, start: times.start, end: times.end }, () => eligibility));
      await this.repository.insertShift(trx, shift, ctx.actor.personId);
      await this.audit(trx, ctx, { action: 'duty_shift_planned', entityType: 'duty_shift', entityId: id, summary: { date: command.date, kind: command.kind } });
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return this.shiftView(id);
  }

  async cancelShift(ctx: ServiceContext, shiftId: string): Promise<ShiftView> {
    requireRole(ctx.actor, DUTY_ROLES.planRota, 'change the rota');
    await inTransaction(this.db, async (trx) => {
      const shift = await this.repository.findShift(trx, shiftId);
      if (!shift) throw new NotFoundError('The shift');
      unwrap(cancelShift([shift], shiftId));
      await this.repository.setShiftStatus(trx, shift, 'cancelled');
      await this.audit(trx, ctx, { action: 'duty_shift_cancelled', entityType: 'duty_shift', entityId: shiftId });
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return this.shiftView(shiftId);
  }

  /** Keep (or clear) the next working day after a duty for writing reports: the AMHP's own, or a planner's. */
  async setReportWritingDay(ctx: ServiceContext, shiftId: string, flag: boolean): Promise<ShiftView> {
    const hours = await this.hours.context();
    await inTransaction(this.db, async (trx) => {
      const shift = await this.repository.findShift(trx, shiftId);
      if (!shift) throw new NotFoundError('The shift');
      if (shift.personId !== ctx.actor.personId) requireRole(ctx.actor, DUTY_ROLES.planRota, 'change the rota');
      const updated = flag ? flagReportWritingDay(shift, hours.config, hours.bankHolidays) : clearReportWritingDay(shift);
      await this.repository.setReportWritingDay(trx, shift, updated.reportWritingDay);
      await this.audit(trx, ctx, { action: 'duty_report_day_set', entityType: 'duty_shift', entityId: shift.id, summary: { flagged: flag } });
    });
    return this.shiftView(shiftId);
  }

  async setAgreement(ctx: ServiceContext, command: AgreementCommand): Promise<StoredAgreement> {
    requireRole(ctx.actor, DUTY_ROLES.planRota, 'record agreed duty frequency');
    if (!(await PeopleNames.load(this.staff)).get(command.personId)) throw new NotFoundError('The person');
    return inTransaction(this.db, async (trx) => {
      const agreement = await this.repository.upsertAgreement(trx, command.personId, command.shiftsPerMonth, this.clock.now());
      await this.audit(trx, ctx, { action: 'duty_frequency_agreed', entityType: 'person', entityId: command.personId, summary: { shiftsPerMonth: command.shiftsPerMonth } });
      return agreement;
    });
  }

  /** Sickness on a duty: the AMHP is marked unavailable and the operational manager's back-up (if any) is rostered (Working Hours §4.1). */
  async recordSickness(ctx: ServiceContext, shiftId: string, command: SicknessCommand): Promise<{ shift: ShiftView; backupShift: ShiftView | null; warnings: string[] }> {
    requireRole(ctx.actor, DUTY_ROLES.sickness, 'record sickness and choose a back-up AMHP');
    const shift = await this.repository.findShift(this.db, shiftId);
    if (!shift) throw new NotFoundError('The shift');
    const backupEligibility = command.backupPersonId ? await this.mayAct(command.backupPersonId, shift.date) : { eligible: true };
    const backupShiftId = randomUUID();
    const result = await inTransaction(this.db, async (trx) => {
      if (command.backupPersonId) await this.repository.lockPerson(trx, command.backupPersonId);
      const current = await this.repository.findShift(trx, shift.id);
      if (!current) throw new NotFoundError('The shift');
      const around = command.backupPersonId ? await this.repository.personShiftsAround(trx, command.backupPersonId, current.start, current.end) : [];
      const outcome = unwrap(
        recordSickness(
          [current, ...around],
          {
            shiftId: current.id,
            reportedAt: this.clock.now(),
            recordedBy: ctx.actor.personId,
            decidedBy: ctx.actor.personId,
            backup: command.backupPersonId ? { personId: command.backupPersonId, shiftId: backupShiftId } : null,
            ...(command.note ? { note: command.note } : {}),
          },
          () => backupEligibility,
        ),
      );
      await this.repository.setShiftStatus(trx, current, 'unavailable');
      if (outcome.backupShift) await this.repository.insertShift(trx, outcome.backupShift, ctx.actor.personId);
      await this.repository.insertRotaChange(trx, outcome.change);
      await this.audit(trx, ctx, {
        action: 'duty_sickness_recorded',
        entityType: 'duty_shift',
        entityId: current.id,
        summary: { backupUsed: outcome.backupShift !== null, date: current.date, kind: current.kind },
      });
      return { backupShiftId: outcome.backupShift?.id ?? null, warnings: outcome.warnings };
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return {
      shift: await this.shiftView(shiftId),
      backupShift: result.backupShiftId ? await this.shiftView(result.backupShiftId) : null,
      warnings: result.warnings,
    };
  }

  /** The signed-in AMHP's own duties from today, soonest first, including cover for colleagues. */
  async myDuties(ctx: ServiceContext): Promise<ShiftView[]> {
    requireRole(ctx.actor, DUTY_ROLES.myDuties, 'see your duties');
    const today = londonDate(this.clock.now());
    const [shifts, names] = await Promise.all([this.repository.personShiftsFrom(this.db, ctx.actor.personId, today), PeopleNames.load(this.staff)]);
    const covered = await Promise.all(shifts.filter((s) => s.coversShiftId).map((s) => this.repository.findShift(this.db, s.coversShiftId as string)));
    const known = [...shifts, ...covered.filter((s) => s !== undefined)];
    return dutyDatesFor(shifts, ctx.actor.personId, today).map((s) => this.view(s, names, known));
  }

  // For the other duty services -------------------------------------------------------------

  shiftsBetween(from: IsoDate, to: IsoDate): Promise<StoredShift[]> {
    return this.repository.shiftsBetween(this.db, from, to);
  }

  changesOn(date: IsoDate): Promise<RotaChange[]> {
    return this.repository.rotaChangesBetween(this.db, date, date);
  }

  onDutyAt(instant: Date): Promise<StoredShift[]> {
    return this.repository.onDutyAt(this.db, instant);
  }
}
