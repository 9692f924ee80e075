import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { ForbiddenError, NotFoundError, StateError } from '../../../platform/errors.js';
import { addMinutes } from '../../../platform/london-time.js';
import { unwrap } from '../../../platform/result.js';
import { requireRole } from '../../../platform/roles.js';
import { ALERT_READERS } from '../safety-access.js';
import { safetyPaths } from '../safety-paths.js';
import type { SafetyOutbox, SafetyServiceDeps } from '../safety-ports.js';
import { type PersonBrief, SafetyPeopleRepository } from '../safety-people-repository.js';
import type { SafetyDb } from '../safety-tables.js';
import { type LongShiftAlertRow, HoursRepository, type WorkingDayRow } from './hours-repository.js';
import {
  type LongShiftPlanOption,
  type ShiftKind,
  SHIFT_LIMIT_HOURS,
  endWorkingDay,
  planLongShiftAlerts,
  recordLongShiftPlan,
  shiftElapsedMinutes,
  shiftLimitAt,
  startWorkingDay,
} from './long-shift.js';

export interface StartDayCommand {
  kind: ShiftKind;
  startedAt: Date;
}

export interface LongShiftPlanCommand {
  option: LongShiftPlanOption;
  agreedWith: string;
  expectedEndAt?: Date | undefined;
  handOverTo?: string | undefined;
  allocatedAmhpId?: string | undefined;
  note?: string | undefined;
}

export interface LongShiftsView {
  days: Array<WorkingDayRow & { limitAt: Date; limitHours: number; elapsedMinutes: number; nearLimit: boolean }>;
  alerts: LongShiftAlertRow[];
  now: Date;
}

/**
 * The AMHP's working day and the long-shift check (Working Hours Guidance §2.4): the start and
 * end, the plans agreed when a shift runs long, and the `safety-long-shifts` job that alerts the
 * lead and the line manager an hour before 12 h (16 h for EDT) and when it passes.
 */
export class WorkingDaysService {
  private readonly repository = new HoursRepository();
  private readonly people = new SafetyPeopleRepository();

  constructor(private readonly deps: SafetyServiceDeps & { outbox: SafetyOutbox }) {}

  async myWorkingDay(ctx: ServiceContext): Promise<WorkingDayRow | null> {
    return (await this.repository.openWorkingDayOf(this.deps.db, ctx.actor.personId)) ?? null;
  }

  /** EDT for people in an EDT team, daytime otherwise: what the start form offers first. */
  async defaultShiftKind(ctx: ServiceContext): Promise<ShiftKind> {
    const team = ctx.actor.teamId ? await this.people.team(this.deps.db, ctx.actor.teamId) : undefined;
    return team?.kind === 'edt' ? 'edt' : 'daytime';
  }

  async startDay(ctx: ServiceContext, command: StartDayCommand): Promise<WorkingDayRow> {
    requireRole(ctx.actor, ['amhp'], 'record the start of a working day');
    const now = this.deps.clock.now();
    const day = await inTransaction(this.deps.db, async (trx) => {
      const open = await this.repository.openWorkingDayOf(trx, ctx.actor.personId);
      const started = unwrap(startWorkingDay({ id: randomUUID(), amhpId: ctx.actor.personId, kind: command.kind, startedAt: command.startedAt }, now, open ? [open] : []));
      const id = await this.repository.insertWorkingDay(trx, started);
      await this.deps.audit.record(trx, ctx, { action: 'working_day_started', entityType: 'safety_working_day', entityId: id, summary: { kind: started.kind } });
      return this.load(trx, id);
    });
    this.deps.publish();
    return day;
  }

  /** Ends the AMHP's working day in progress, now. */
  async endMyDay(ctx: ServiceContext): Promise<WorkingDayRow> {
    const open = await this.repository.openWorkingDayOf(this.deps.db, ctx.actor.personId);
    if (!open) throw new StateError('You have no working day in progress', 'no_working_day');
    return this.endDay(ctx, open.id);
  }

  async endDay(ctx: ServiceContext, dayId: string): Promise<WorkingDayRow> {
    const now = this.deps.clock.now();
    const day = await inTransaction(this.deps.db, async (trx) => {
      const day = await this.load(trx, dayId);
      if (day.amhpId !== ctx.actor.personId) throw new ForbiddenError('You can only end your own working day');
      const ended = unwrap(endWorkingDay(day, now, now));
      const version = await this.repository.updateWorkingDay(trx, ended, day.version);
      await this.deps.audit.record(trx, ctx, { action: 'working_day_ended', entityType: 'safety_working_day', entityId: day.id });
      return { ...day, ...ended, version };
    });
    this.deps.publish();
    return day;
  }

  /** A watcher or line manager records the plan agreed for a long shift. */
  async recordPlan(ctx: ServiceContext, dayId: string, command: LongShiftPlanCommand): Promise<WorkingDayRow> {
    requireRole(ctx.actor, ALERT_READERS, 'record a long-shift plan');
    const now = this.deps.clock.now();
    const day = await inTransaction(this.deps.db, async (trx) => {
      const day = await this.load(trx, dayId);
      const changed = unwrap(recordLongShiftPlan(day, { ...command, recordedBy: ctx.actor.personId }, now));
      const version = await this.repository.updateWorkingDay(trx, changed, day.version);
      await this.deps.audit.record(trx, ctx, { action: 'long_shift_plan_recorded', entityType: 'safety_working_day', entityId: dayId, summary: { option: command.option } });
      return { ...day, ...changed, version };
    });
    this.deps.publish();
    return day;
  }

  /** Working days in progress with their limits, and the long-shift alerts of the last day. */
  async longShifts(ctx: ServiceContext): Promise<LongShiftsView> {
    requireRole(ctx.actor, ALERT_READERS, 'see long-shift alerts');
    const now = this.deps.clock.now();
    const alerts = await this.repository.recentLongShiftAlerts(this.deps.db, addMinutes(now, -24 * 60));
    const days = (await this.repository.openWorkingDays(this.deps.db)).map((day) => {
      const elapsedMinutes = shiftElapsedMinutes(day, now);
      const limitHours = SHIFT_LIMIT_HOURS[day.kind];
      return { ...day, limitAt: shiftLimitAt(day.startedAt, day.kind), limitHours, elapsedMinutes, nearLimit: elapsedMinutes >= limitHours * 60 - 60 };
    });
    return { alerts, days, now };
  }

  /** AMHPs who may take over a long shift's work. */
  async amhpOptions(): Promise<PersonBrief[]> {
    return this.people.peopleWithRoles(this.deps.db, ['amhp']);
  }

  /** The job: writes each long-shift alert due exactly once, and tells the lead and line manager. */
  async runLongShifts(trx: Kysely<SafetyDb>, now: Date): Promise<number> {
    const days = await this.repository.openWorkingDays(trx);
    const keys = await this.repository.longShiftAlertKeys(trx, days.map((d) => d.id));
    let written = 0;
    for (const day of days) {
      const plan = planLongShiftAlerts({ day, now, raisedKeys: keys });
      for (const alert of plan.due) {
        const inserted = await this.repository.insertLongShiftAlert(trx, { key: alert.key, workingDayId: alert.workingDayId, kind: alert.kind, limitAt: alert.limitAt, planAgreed: alert.planAgreed, at: alert.at });
        if (!inserted) continue;
        written += 1;
        // Staff welfare guidance §2.4: past 12 hours, or 16 in EDT, the AMHP Lead and the AMHP's
        // line manager review it together, for EDT shifts as for daytime ones.
        const leads = await this.people.peopleWithRoles(trx, ['amhp_lead']);
        const recipients = new Map(leads.map((p) => [p.id, p]));
        const manager = day.lineManagerId ? await this.people.person(trx, day.lineManagerId) : undefined;
        if (manager) recipients.set(manager.id, manager);
        recipients.delete(day.amhpId);
        const subject =
          alert.kind === 'pre_warning' ? `Long shift: ${day.amhpName} reaches ${alert.limitHours} hours soon` : `Long shift: ${day.amhpName} has passed ${alert.limitHours} hours`;
        const body = `${day.amhpName} started at ${day.startedAt.toISOString()}; ${alert.limitHours} hours is reached at ${alert.limitAt.toISOString()}. ${
          alert.planAgreed ? 'A plan has been agreed.' : `Agree a plan (continue, hand over, or allocate another AMHP) and record it: ${safetyPaths.shifts()}`
        }`;
        for (const person of recipients.values()) {
          await this.deps.outbox.enqueue(trx, { recipientPersonId: person.id, recipientAddress: person.email, subject, body });
        }
      }
    }
    if (written > 0) this.deps.publish();
    return written;
  }

  private async load(db: Kysely<SafetyDb>, id: string): Promise<WorkingDayRow> {
    const day = await this.repository.findWorkingDay(db, id);
    if (!day) throw new NotFoundError('The working day');
    return day;
  }
}
