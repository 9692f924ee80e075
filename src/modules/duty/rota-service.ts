import { randomUUID } from 'node:crypto';
import { inTransaction, type Db } from '../../db/database.js';
import type { AuditLog, ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError, ValidationError } from '../../platform/errors.js';
import { parseInput } from '../../platform/http/forms.js';
import type { LiveEvents } from '../../platform/live-events.js';
import { requireRole } from '../../platform/roles.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import type { StaffService } from '../staff/staff-service.js';
import { DUTY_ROLES, refusalError } from './duty-access.js';
import { PeopleNames } from './duty-people.js';
import type { DutyRepository } from './duty-repository.js';
import { frequencyAgreementSchema, planShiftSchema, reportWritingDaySchema, rotaMonthSchema, sicknessSchema } from './duty-schemas.js';
import { addDays, daysOfMonth, londonDate, londonInstant, monthOf } from './duty-time.js';
import type { IsoDate } from './duty-time.js';
import { cancelShift, clearReportWritingDay, dutyDatesFor, flagReportWritingDay, frequencyAgainstPlan, planShift, recordSickness, standardShiftTimes } from './rota.js';
import type { DutyShift, Eligibility, FrequencyRow, RotaChange } from './rota.js';
import type { ServiceHoursService } from './service-hours-service.js';

export const DUTY_TOPIC = 'duty';

export interface ShiftView extends DutyShift {
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

function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

export class RotaService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly staff: StaffService,
    private readonly eligibility: AmhpEligibility,
    private readonly hours: ServiceHoursService,
    private readonly repository: DutyRepository,
    private readonly liveEvents: LiveEvents,
  ) {}

  private async mayAct(personId: string, date: IsoDate): Promise<Eligibility> {
    const result = await this.eligibility.mayAct(personId, null, date);
    return result.eligible ? { eligible: true } : { eligible: false, reason: result.reason };
  }

  private view(shift: DutyShift, names: PeopleNames, all: readonly DutyShift[]): ShiftView {
    const covered = shift.coversShiftId ? all.find((s) => s.id === shift.coversShiftId) : undefined;
    return {
      ...shift,
      personName: names.name(shift.personId),
      organisationName: names.get(shift.personId)?.organisationName ?? '',
      coversName: covered ? names.name(covered.personId) : null,
    };
  }

  async month(ctx: ServiceContext, rawMonth: unknown): Promise<RotaMonth> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see the rota');
    const month = typeof rawMonth === 'string' && rawMonth ? parseInput(rotaMonthSchema, { month: rawMonth }).month : monthOf(londonDate(this.clock.now()));
    const dates = daysOfMonth(month);
    const first = dates[0] as string;
    const last = dates[dates.length - 1] as string;
    const [shifts, agreements, changes, names, hours] = await Promise.all([
      this.repository.shiftsBetween(this.db, first, last),
      this.repository.agreements(this.db),
      this.repository.rotaChangesBetween(this.db, first, last),
      PeopleNames.load(this.staff),
      this.hours.context(),
    ]);
    const shown = shifts.filter((s) => s.status !== 'cancelled');
    return {
      month,
      previousMonth: shiftMonth(month, -1),
      nextMonth: shiftMonth(month, 1),
      days: dates.map((date) => ({
        date,
        workingDay: standardShiftTimes(date, 'daytime', hours.config, hours.bankHolidays) !== null,
        shifts: shown.filter((s) => s.date === date).map((s) => this.view(s, names, shifts)),
      })),
      frequency: frequencyAgainstPlan(agreements, shifts, month)
        .map((row) => ({ ...row, name: names.name(row.personId), organisationName: names.get(row.personId)?.organisationName ?? '' }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      changes: changes.map((c) => ({ ...c, absentName: names.name(c.absentPersonId), backupName: c.backupPersonId ? names.name(c.backupPersonId) : null, decidedByName: names.name(c.decidedBy) })),
    };
  }

  /** AMHPs who can be put on the rota, each with whether they are eligible on the date. */
  async amhpOptions(date: IsoDate): Promise<Array<{ id: string; name: string; organisationName: string; eligible: boolean; reason: string | null }>> {
    const names = await PeopleNames.load(this.staff);
    return Promise.all(
      names.amhps().map(async (p) => {
        const e = await this.mayAct(p.id, date);
        return { id: p.id, name: p.name, organisationName: p.organisationName, eligible: e.eligible, reason: e.eligible ? null : (e.reason ?? null) };
      }),
    );
  }

  async planShift(ctx: ServiceContext, raw: unknown): Promise<{ id: string; warnings: string[] }> {
    requireRole(ctx.actor, DUTY_ROLES.planRota, 'plan the rota');
    const input = parseInput(planShiftSchema, raw);
    const hours = await this.hours.context();
    let times = standardShiftTimes(input.date, input.kind, hours.config, hours.bankHolidays);
    if (input.startTime && input.endTime) {
      const start = londonInstant(input.date, input.startTime);
      let end = londonInstant(input.date, input.endTime);
      if (end <= start) end = londonInstant(addDays(input.date, 1), input.endTime);
      times = { start, end };
    }
    if (!times) throw ValidationError.of('date', 'The daytime service is closed on this date: plan an EDT shift or give start and end times');
    const eligibility = await this.mayAct(input.personId, input.date);
    const id = randomUUID();
    return inTransaction(this.db, async (trx) => {
      await this.repository.lockPerson(trx, input.personId);
      const existing = await this.repository.personShiftsAround(trx, input.personId, times.start, times.end);
      const outcome = planShift(existing, { id, date: input.date, kind: input.kind, personId: input.personId, start: times.start, end: times.end }, () => eligibility);
      if (!outcome.ok) throw refusalError(outcome, 'personId', { conflictAsValidation: true });
      await this.repository.insertShift(trx, outcome.value.shift, ctx.actor.personId);
      await this.audit.record(trx, ctx, { action: 'duty_shift_planned', entityType: 'duty_shift', entityId: id, summary: { date: input.date, kind: input.kind } });
      this.liveEvents.publish(DUTY_TOPIC);
      return { id, warnings: outcome.warnings };
    });
  }

  async cancelShift(ctx: ServiceContext, shiftId: string): Promise<void> {
    requireRole(ctx.actor, DUTY_ROLES.planRota, 'change the rota');
    await inTransaction(this.db, async (trx) => {
      const shift = await this.repository.findShift(trx, shiftId);
      if (!shift) throw new NotFoundError('The shift');
      const outcome = cancelShift([shift], shiftId);
      if (!outcome.ok) throw refusalError(outcome);
      if ((await this.repository.updateShiftStatus(trx, shiftId, shift.status, 'cancelled')) !== 1) throw refusalError({ ok: false, kind: 'conflict', code: 'stale-shift', message: 'Someone else changed this shift: reload the rota' });
      await this.audit.record(trx, ctx, { action: 'duty_shift_cancelled', entityType: 'duty_shift', entityId: shiftId });
    });
    this.liveEvents.publish(DUTY_TOPIC);
  }

  async setReportWritingDay(ctx: ServiceContext, raw: unknown): Promise<void> {
    const input = parseInput(reportWritingDaySchema, raw);
    await inTransaction(this.db, async (trx) => {
      const shift = await this.repository.findShift(trx, input.shiftId);
      if (!shift) throw new NotFoundError('The shift');
      if (shift.personId !== ctx.actor.personId) requireRole(ctx.actor, DUTY_ROLES.planRota, 'change the rota');
      const hours = await this.hours.context();
      const updated = input.flag ? flagReportWritingDay(shift, hours.config, hours.bankHolidays) : clearReportWritingDay(shift);
      await this.repository.setReportWritingDay(trx, shift.id, updated.reportWritingDay);
      await this.audit.record(trx, ctx, { action: 'duty_report_day_set', entityType: 'duty_shift', entityId: shift.id, summary: { flagged: input.flag } });
    });
  }

  async setAgreement(ctx: ServiceContext, raw: unknown): Promise<void> {
    requireRole(ctx.actor, DUTY_ROLES.planRota, 'record agreed duty frequency');
    const input = parseInput(frequencyAgreementSchema, raw);
    await inTransaction(this.db, async (trx) => {
      await this.repository.upsertAgreement(trx, input.personId, input.shiftsPerMonth, this.clock.now());
      await this.audit.record(trx, ctx, { action: 'duty_frequency_agreed', entityType: 'person', entityId: input.personId, summary: { shiftsPerMonth: input.shiftsPerMonth } });
    });
  }

  /** Sickness on a duty: the AMHP is marked unavailable and the operational manager's back-up (if any) is rostered. */
  async recordSickness(ctx: ServiceContext, raw: unknown): Promise<{ backupShiftId: string | null; warnings: string[] }> {
    requireRole(ctx.actor, DUTY_ROLES.sickness, 'record sickness and choose a back-up AMHP');
    const input = parseInput(sicknessSchema, raw);
    const shift = await this.repository.findShift(this.db, input.shiftId);
    if (!shift) throw new NotFoundError('The shift');
    const backupEligibility = input.backupPersonId ? await this.mayAct(input.backupPersonId, shift.date) : { eligible: true };
    const backupShiftId = randomUUID();
    const result = await inTransaction(this.db, async (trx) => {
      if (input.backupPersonId) await this.repository.lockPerson(trx, input.backupPersonId);
      const current = await this.repository.findShift(trx, shift.id);
      if (!current) throw new NotFoundError('The shift');
      const around = input.backupPersonId ? await this.repository.personShiftsAround(trx, input.backupPersonId, current.start, current.end) : [];
      const outcome = recordSickness(
        [current, ...around],
        {
          shiftId: current.id,
          reportedAt: this.clock.now(),
          recordedBy: ctx.actor.personId,
          decidedBy: ctx.actor.personId,
          backup: input.backupPersonId ? { personId: input.backupPersonId, shiftId: backupShiftId } : null,
          ...(input.note ? { note: input.note } : {}),
        },
        () => backupEligibility,
      );
      if (!outcome.ok) throw refusalError(outcome, outcome.code.startsWith('backup') ? 'backupPersonId' : 'shiftId', { conflictAsValidation: true });
      if ((await this.repository.updateShiftStatus(trx, current.id, 'planned', 'unavailable')) !== 1) {
        throw ValidationError.of('shiftId', 'This AMHP is already marked unavailable for that shift');
      }
      if (outcome.value.backupShift) await this.repository.insertShift(trx, outcome.value.backupShift, ctx.actor.personId);
      await this.repository.insertRotaChange(trx, outcome.value.change);
      await this.audit.record(trx, ctx, {
        action: 'duty_sickness_recorded',
        entityType: 'duty_shift',
        entityId: current.id,
        summary: { backupUsed: outcome.value.backupShift !== null, date: current.date, kind: current.kind },
      });
      return { backupShiftId: outcome.value.backupShift?.id ?? null, warnings: outcome.warnings };
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return result;
  }

  async myDuties(ctx: ServiceContext): Promise<ShiftView[]> {
    const today = londonDate(this.clock.now());
    const [shifts, names] = await Promise.all([this.repository.personShiftsFrom(this.db, ctx.actor.personId, today), PeopleNames.load(this.staff)]);
    return dutyDatesFor(shifts, ctx.actor.personId, today).map((s) => this.view(s, names, shifts));
  }

  async shiftsOn(date: IsoDate): Promise<DutyShift[]> {
    return this.repository.shiftsBetween(this.db, date, date);
  }

  async shiftsBetween(from: IsoDate, to: IsoDate): Promise<DutyShift[]> {
    return this.repository.shiftsBetween(this.db, from, to);
  }

  async changesOn(date: IsoDate): Promise<RotaChange[]> {
    return this.repository.rotaChangesBetween(this.db, date, date);
  }

  async onDutyAt(instant: Date): Promise<DutyShift[]> {
    return this.repository.onDutyAt(this.db, instant);
  }

  async findShift(id: string): Promise<DutyShift | undefined> {
    return this.repository.findShift(this.db, id);
  }
}
