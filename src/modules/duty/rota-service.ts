import { randomUUID } from 'node:crypto';
import { inTransaction } from '../../db/database.js';
import { turn } from '../../platform/chunked.js';
import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { NotFoundError, RuleViolationError, StateError } from '../../platform/errors.js';
import type { LiveEvents } from '../../platform/live-events.js';
import { type IsoDate, addDays, londonDate } from '../../platform/london-time.js';
import { unwrap } from '../../platform/result.js';
import { hasAnyRole, requireRole } from '../../platform/roles.js';
import type { AmhpEligibility } from '../staff/amhp-eligibility.js';
import { DUTY_ROLES } from './duty-access.js';
import { daysOfMonth, monthOf, shiftMonth } from './duty-calendar.js';
import type { DutyAudit, DutyNotify } from './duty-platform-port.js';
import { PeopleNames, type DutyStaff } from './duty-people.js';
import type { DutyDb, DutyRepository, StoredAbsence, StoredAgreement, StoredShift } from './duty-repository.js';
import { backupRefusal, cancelShift, changeBackup, clearReportWritingDay, dutyDatesFor, flagReportWritingDay, frequencyAgainstPlan, planShift, recordSickness, standardShiftTimes } from './rota.js';
import type { Absence, DutyShift, Eligibility, FrequencyRow, RotaChange } from './rota.js';
import type { AbsenceCommand, AgreementCommand, BackupCommand, OwnSicknessCommand, PlanShiftCommand, SicknessCommand } from './rota-schemas.js';
import { dutyPaths } from './duty-paths.js';
import { formatDayTime, formatLongDate } from './duty-calendar.js';
import type { ServiceHoursService } from './service-hours-service.js';

/** A row of a rota import: the person (matched by e-mail in the setup module), the day, the kind of shift. */
export interface RotaImportRow {
  row: number;
  date: IsoDate;
  kind: 'daytime' | 'edt';
  personId: string;
}

export interface RotaImportCheck {
  outcomes: Array<{ row: number; action: 'create' | 'unchanged' | 'error'; errors: Array<{ field: string; message: string }> }>;
  toCreate: DutyShift[];
}

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
    private readonly notify: DutyNotify,
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

  /**
   * The rota import (issue 19): what each row (a date, daytime or EDT, a person) would do. A
   * planned shift of the same person, date and kind is already there (unchanged); a new one
   * takes the service's usual hours that day and the rota's own rules (the AMHP may act that
   * day, no overlapping shift, in the file or on the rota).
   */
  async checkImport(ctx: ServiceContext, rows: readonly RotaImportRow[]): Promise<RotaImportCheck> {
    requireRole(ctx.actor, ['admin'], 'import the rota');
    if (rows.length === 0) return { outcomes: [], toCreate: [] };
    // Read-only checks first, outside any transaction (eligibility reads through other modules).
    const hours = await this.hours.context();
    const eligibility = new Map<string, Eligibility>();
    for (const [index, row] of rows.entries()) {
      if (index > 0 && index % 500 === 0) await turn();
      const key = `${row.personId}|${row.date}`;
      if (!eligibility.has(key)) eligibility.set(key, await this.mayAct(row.personId, row.date));
    }
    return this.planImport(this.db, rows, hours, eligibility);
  }

  private async planImport(db: DutyDb, rows: readonly RotaImportRow[], hours: Awaited<ReturnType<ServiceHoursService['context']>>, eligibility: ReadonlyMap<string, Eligibility>): Promise<RotaImportCheck> {
    const outcomes: RotaImportCheck['outcomes'] = [];
    const toCreate: DutyShift[] = [];
    const dates = rows.map((r) => r.date).sort();
    let working: DutyShift[] = (await this.repository.shiftsBetween(db, addDays(dates[0]!, -1), addDays(dates.at(-1)!, 1))).filter((s) => s.status !== 'cancelled');
    for (const row of rows) {
      const there = working.find((s) => s.status === 'planned' && s.personId === row.personId && s.date === row.date && s.kind === row.kind);
      if (there) {
        const again = toCreate.includes(there);
        outcomes.push({ row: row.row, action: again ? 'error' : 'unchanged', errors: again ? [{ field: 'date', message: 'The same shift is also on an earlier row' }] : [] });
        continue;
      }
      const times = standardShiftTimes(row.date, row.kind, hours.config, hours.bankHolidays);
      if (!times) {
        outcomes.push({ row: row.row, action: 'error', errors: [{ field: 'date', message: 'The daytime service is closed on this date (service hours): plan an EDT shift, or plan this one under Duty with its times' }] });
        continue;
      }
      const planned = planShift(working, { id: randomUUID(), date: row.date, kind: row.kind, personId: row.personId, start: times.start, end: times.end }, () => eligibility.get(`${row.personId}|${row.date}`) ?? { eligible: false, reason: 'not checked' });
      if (!planned.ok) {
        const refusal = planned.refusal;
        outcomes.push({ row: row.row, action: 'error', errors: refusal.kind === 'rule' ? refusal.failures.map((f) => ({ field: f.field ?? 'date', message: f.message })) : [{ field: 'date', message: 'This shift is already on the rota' }] });
        continue;
      }
      working = planned.value.shifts;
      toCreate.push(planned.value.shift);
      outcomes.push({ row: row.row, action: 'create', errors: [] });
    }
    return { outcomes, toCreate };
  }

  /** Checks again and plans every new shift in one transaction; refused while any row has an error. */
  async applyImport(ctx: ServiceContext, rows: readonly RotaImportRow[], file: { sha256: string }): Promise<{ created: number; unchanged: number }> {
    requireRole(ctx.actor, ['admin'], 'import the rota');
    const hours = await this.hours.context();
    const eligibility = new Map<string, Eligibility>();
    for (const row of rows) {
      const key = `${row.personId}|${row.date}`;
      if (!eligibility.has(key)) eligibility.set(key, await this.mayAct(row.personId, row.date));
    }
    const result = await inTransaction(this.db, async (trx) => {
      for (const personId of [...new Set(rows.map((r) => r.personId))].sort()) await this.repository.lockPerson(trx, personId);
      const { outcomes, toCreate } = await this.planImport(trx, rows, hours, eligibility);
      const errors = outcomes.filter((o) => o.action === 'error');
      if (errors.length > 0) {
        throw new RuleViolationError('import_has_errors', 'Nothing was imported: the rota has changed since the check; check the file again', {
          failures: errors.slice(0, 50).flatMap((o) => o.errors.map((e) => ({ rule: 'import_row', severity: 'E' as const, message: `Row ${o.row}: ${e.message}` }))),
          warnings: [],
        });
      }
      for (const shift of toCreate) {
        await this.repository.insertShift(trx, shift, ctx.actor.personId);
        await this.audit(trx, ctx, { action: 'duty_shift_planned', entityType: 'duty_shift', entityId: shift.id, summary: { date: shift.date, kind: shift.kind, imported: true } });
      }
      const unchanged = outcomes.filter((o) => o.action === 'unchanged').length;
      await this.audit(trx, ctx, { action: 'rota_imported', entityType: 'import', summary: { fileSha256: file.sha256, created: toCreate.length, unchanged } });
      return { created: toCreate.length, unchanged };
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return result;
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

  /**
   * Who may decide sickness cover for an AMHP: the operational manager and the AMHP Lead for
   * anyone; a line manager for the people they line-manage (staff welfare guidance §4.1).
   */
  private async requireCoverDecider(ctx: ServiceContext, absentPersonId: string): Promise<void> {
    requireRole(ctx.actor, DUTY_ROLES.sickness, 'record sickness and choose a back-up AMHP');
    if (hasAnyRole(ctx.actor, DUTY_ROLES.sicknessAny)) return;
    const absent = await this.repository.personEmail(this.db, absentPersonId);
    if (absent?.lineManagerId !== ctx.actor.personId) {
      requireRole(ctx.actor, DUTY_ROLES.sicknessAny, 'choose a back-up for someone you do not line-manage');
    }
  }

  /** Everything that decides whether someone can be the back-up for a shift: the rota around it and absences that day. */
  private async coverContext(db: DutyDb, shift: StoredShift): Promise<{ shifts: StoredShift[]; absences: StoredAbsence[] }> {
    const [shifts, absences] = await Promise.all([this.repository.shiftsBetween(db, addDays(shift.date, -1), addDays(shift.date, 1)), this.repository.absencesBetween(db, shift.date, shift.date)]);
    return { shifts, absences };
  }

  /** The sickness page's shift: who can be the back-up (with why not, for the others) and the current cover. */
  async coverOptions(ctx: ServiceContext, shiftId: string): Promise<{ shift: ShiftView; change: (RotaChange & { backupName: string | null; decidedByName: string | null; recordedByName: string }) | null; options: AmhpOption[] }> {
    const shift = await this.repository.findShift(this.db, shiftId);
    if (!shift) throw new NotFoundError('The shift');
    await this.requireCoverDecider(ctx, shift.personId);
    const [names, context, change] = await Promise.all([PeopleNames.load(this.staff), this.coverContext(this.db, shift), this.repository.rotaChangeForShift(this.db, shift.id)]);
    const others = context.shifts.filter((s) => s.id !== change?.backupShiftId);
    const options = await Promise.all(
      names.amhps().map(async (p) => {
        const e = await this.mayAct(p.id, shift.date);
        const refusal = backupRefusal(others, context.absences, shift, p.id, () => e);
        const reason = refusal && refusal.refusal.kind === 'rule' ? refusal.refusal.message : null;
        return { id: p.id, name: p.name, organisationName: p.organisationName, eligible: reason === null && p.id !== change?.backupPersonId, reason: p.id === change?.backupPersonId ? 'The back-up now' : reason };
      }),
    );
    return {
      shift: await this.shiftView(shiftId),
      change: change ? { ...change, backupName: change.backupPersonId ? names.name(change.backupPersonId) : null, decidedByName: change.decidedBy ? names.name(change.decidedBy) : null, recordedByName: names.name(change.recordedBy) } : null,
      options,
    };
  }

  /** Who may decide cover for this shift, and whether the back-up named may act on its day (checked before the transaction). */
  private async coverDecision(ctx: ServiceContext, shiftId: string, backupPersonId: string | null | undefined): Promise<{ shift: StoredShift; backupEligibility: Eligibility; backupShiftId: string }> {
    const shift = await this.repository.findShift(this.db, shiftId);
    if (!shift) throw new NotFoundError('The shift');
    await this.requireCoverDecider(ctx, shift.personId);
    const backupEligibility = backupPersonId ? await this.mayAct(backupPersonId, shift.date) : { eligible: true as const };
    return { shift, backupEligibility, backupShiftId: randomUUID() };
  }

  /** Sickness on a duty: the AMHP is marked unavailable and the operational manager's back-up (if any) is rostered (Working Hours §4.1). */
  async recordSickness(ctx: ServiceContext, shiftId: string, command: SicknessCommand): Promise<{ shift: ShiftView; backupShift: ShiftView | null; warnings: string[] }> {
    requireRole(ctx.actor, DUTY_ROLES.sickness, 'record sickness and choose a back-up AMHP');
    const { shift, backupEligibility, backupShiftId } = await this.coverDecision(ctx, shiftId, command.backupPersonId);
    const result = await inTransaction(this.db, async (trx) => {
      if (command.backupPersonId) await this.repository.lockPerson(trx, command.backupPersonId);
      const current = await this.repository.findShift(trx, shift.id);
      if (!current) throw new NotFoundError('The shift');
      const context = await this.coverContext(trx, current);
      const outcome = unwrap(
        recordSickness(
          [current, ...context.shifts.filter((s) => s.id !== current.id)],
          {
            shiftId: current.id,
            reportedAt: this.clock.now(),
            recordedBy: ctx.actor.personId,
            decidedBy: ctx.actor.personId,
            backup: command.backupPersonId ? { personId: command.backupPersonId, shiftId: backupShiftId } : null,
            ...(command.note ? { note: command.note } : {}),
          },
          () => backupEligibility,
          context.absences,
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

  /**
   * Choose, correct or remove the back-up for a shift already marked unavailable: a wrongly
   * recorded back-up's cover shift is cancelled and the new one rostered, in one transaction.
   */
  async changeBackup(ctx: ServiceContext, shiftId: string, command: BackupCommand): Promise<{ shift: ShiftView; backupShift: ShiftView | null; warnings: string[] }> {
    const { shift, backupEligibility, backupShiftId } = await this.coverDecision(ctx, shiftId, command.backupPersonId);
    const result = await inTransaction(this.db, async (trx) => {
      if (command.backupPersonId) await this.repository.lockPerson(trx, command.backupPersonId);
      const current = await this.repository.findShift(trx, shift.id);
      if (!current) throw new NotFoundError('The shift');
      const change = await this.repository.rotaChangeForShift(trx, current.id);
      if (!change || current.status !== 'unavailable') throw new StateError('This AMHP is not marked unavailable for that shift: record the sickness first', 'not_unavailable');
      const context = await this.coverContext(trx, current);
      const outcome = unwrap(
        changeBackup(
          context.shifts,
          change,
          { decidedBy: ctx.actor.personId, backup: command.backupPersonId ? { personId: command.backupPersonId, shiftId: backupShiftId } : null, ...(command.note ? { note: command.note } : {}) },
          () => backupEligibility,
          context.absences,
        ),
      );
      if (outcome.cancelledShiftId) {
        const old = context.shifts.find((s) => s.id === outcome.cancelledShiftId);
        if (old && old.status !== 'cancelled') await this.repository.setShiftStatus(trx, old, 'cancelled');
      }
      if (outcome.backupShift) await this.repository.insertShift(trx, outcome.backupShift, ctx.actor.personId);
      await this.repository.updateRotaChangeBackup(trx, outcome.change);
      await this.audit(trx, ctx, {
        action: 'duty_backup_changed',
        entityType: 'duty_shift',
        entityId: current.id,
        summary: { previousBackup: change.backupPersonId, backup: outcome.change.backupPersonId, date: current.date, kind: current.kind },
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

  /**
   * An AMHP reports their own sickness (staff welfare guidance §4.1): their duties in the days
   * are marked unavailable, and their line manager, the operational managers and the AMHP Leads
   * are told, so the line manager or lead can decide the back-up.
   */
  async reportOwnSickness(ctx: ServiceContext, command: OwnSicknessCommand): Promise<{ absenceId: string; shifts: ShiftView[]; notified: number }> {
    requireRole(ctx.actor, DUTY_ROLES.ownSickness, 'report your own sickness');
    const today = londonDate(this.clock.now());
    if (command.from < today) throw RuleViolationError.single('sickness_in_past', 'The first day off sick cannot be before today: ask your line manager to record past sickness', 'from');
    if (command.to < command.from) throw RuleViolationError.single('sickness_ends_before_start', 'The last day off sick must be the same as or after the first day', 'to');
    if (addDays(command.from, 27) < command.to) throw RuleViolationError.single('sickness_too_long', 'Report up to 28 days at a time', 'to');
    const personId = ctx.actor.personId;
    const now = this.clock.now();
    const result = await inTransaction(this.db, async (trx) => {
      await this.repository.lockPerson(trx, personId);
      const absenceId = await this.repository.insertAbsence(trx, { personId, kind: 'sickness', startsOn: command.from, endsOn: command.to, note: command.note, selfReported: true, recordedBy: personId, recordedAt: now });
      const shifts = await this.repository.personPlannedShiftsBetween(trx, personId, command.from, command.to);
      for (const shift of shifts) {
        const outcome = unwrap(recordSickness([shift], { shiftId: shift.id, reportedAt: now, recordedBy: personId, decidedBy: null, backup: null, ...(command.note ? { note: command.note } : {}) }, () => ({ eligible: true })));
        await this.repository.setShiftStatus(trx, shift, 'unavailable');
        await this.repository.insertRotaChange(trx, outcome.change);
      }
      const me = await this.repository.personEmail(trx, personId);
      const managers = await this.repository.activePeopleWithRoles(trx, DUTY_ROLES.sicknessAny);
      const lineManager = me?.lineManagerId ? await this.repository.personEmail(trx, me.lineManagerId) : undefined;
      const recipients = new Map<string, string>();
      if (lineManager) recipients.set(lineManager.id, lineManager.email);
      for (const m of managers) if (m.id !== personId) recipients.set(m.id, m.email);
      const days = command.from === command.to ? formatLongDate(command.from) : `${formatLongDate(command.from)} to ${formatLongDate(command.to)}`;
      const duties = shifts.length
        ? `Their duties that need a back-up decision:\n${shifts.map((s) => `- ${s.kind === 'edt' ? 'EDT' : 'daytime'} ${formatDayTime(s.start)} to ${formatDayTime(s.end)}: ${dutyPaths.sickness({ id: s.id })}`).join('\n')}`
        : 'They are not on the rota on those days.';
      for (const [recipientPersonId, recipientAddress] of recipients) {
        await this.notify(trx, {
          recipientPersonId,
          recipientAddress,
          subject: `Sickness reported: ${ctx.actor.name}, ${days}`,
          body: `${ctx.actor.name} has reported that they are off sick: ${days}.${command.note ? ` Their note: ${command.note}` : ''}\n\n${duties}\n\nThe line manager (or the operational manager or AMHP Lead) decides whether to use a back-up AMHP (staff welfare guidance §4.1).`,
        });
      }
      await this.audit(trx, ctx, { action: 'duty_own_sickness_reported', entityType: 'person', entityId: personId, summary: { from: command.from, to: command.to, shifts: shifts.length, notified: recipients.size } });
      return { absenceId, shiftIds: shifts.map((s) => s.id), notified: recipients.size };
    });
    this.liveEvents.publish(DUTY_TOPIC);
    return { absenceId: result.absenceId, shifts: await Promise.all(result.shiftIds.map((id) => this.shiftView(id))), notified: result.notified };
  }

  /**
   * Sickness the AMHP reported themselves whose back-up is not decided yet, for the home page of
   * whoever decides it: their line manager, the operational managers and the AMHP Leads.
   */
  async coverToDecide(ctx: ServiceContext): Promise<Array<ShiftView & { reportedAt: Date }>> {
    if (!hasAnyRole(ctx.actor, DUTY_ROLES.sickness)) return [];
    const today = londonDate(this.clock.now());
    const changes = await this.repository.undecidedChangesFrom(this.db, today);
    const mine = hasAnyRole(ctx.actor, DUTY_ROLES.sicknessAny)
      ? changes
      : (await Promise.all(changes.map(async (c) => ((await this.repository.personEmail(this.db, c.absentPersonId))?.lineManagerId === ctx.actor.personId ? c : null)))).filter((c): c is RotaChange => c !== null);
    return Promise.all(mine.map(async (c) => ({ ...(await this.shiftView(c.shiftId)), reportedAt: c.at })));
  }

  /** Leave or sickness recorded by a rota planner or manager: the person is not offered as a back-up on those days. */
  async recordAbsence(ctx: ServiceContext, command: AbsenceCommand): Promise<StoredAbsence> {
    requireRole(ctx.actor, DUTY_ROLES.planRota, 'record leave and sickness on the rota');
    if (command.to < command.from) throw RuleViolationError.single('absence_ends_before_start', 'The last day must be the same as or after the first day', 'to');
    if (!(await this.repository.personEmail(this.db, command.personId))) throw new NotFoundError('The person');
    const now = this.clock.now();
    const id = await inTransaction(this.db, async (trx) => {
      const absenceId = await this.repository.insertAbsence(trx, { personId: command.personId, kind: command.kind, startsOn: command.from, endsOn: command.to, note: command.note, selfReported: false, recordedBy: ctx.actor.personId, recordedAt: now });
      await this.audit(trx, ctx, { action: 'duty_absence_recorded', entityType: 'person', entityId: command.personId, summary: { kind: command.kind, from: command.from, to: command.to } });
      return absenceId;
    });
    this.liveEvents.publish(DUTY_TOPIC);
    const stored = (await this.repository.absencesBetween(this.db, command.from, command.to, command.personId)).find((a) => a.id === id);
    if (!stored) throw new Error('The absence was not saved');
    return stored;
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

  absencesOn(date: IsoDate): Promise<Absence[]> {
    return this.repository.absencesBetween(this.db, date, date);
  }
}
