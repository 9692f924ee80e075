/**
 * Training hours, professional meetings and away days, and everyone's training position in the
 * current approval year (at least 18 hours including a legal update: reg. 5 of SI 2008/1206).
 */
import { inTransaction } from '../../../db/database.js';
import type { ServiceContext } from '../../../platform/audit.js';
import { NotFoundError } from '../../../platform/errors.js';
import { londonDate, type IsoDate } from '../../../platform/london-time.js';
import { unwrap } from '../../../platform/result.js';
import { requireRole } from '../../../platform/roles.js';
import { approvalOn } from '../approvals/approval.js';
import { ApprovalRepository } from '../approvals/approval-repository.js';
import { REGISTER_VIEWERS, requireMayRecord } from '../register-access.js';
import type { RegisterDeps } from '../register-ports.js';
import { trainingCompliance, validateTrainingRecord } from './training.js';
import { TrainingRepository, type StoredEvent, type StoredTraining } from './training-repository.js';
import type { EventCommand, TrainingCommand } from './training-schemas.js';

export interface ComplianceRow {
  personId: string;
  name: string;
  approved: boolean;
  yearNumber: number | null;
  yearStart: IsoDate | null;
  yearEnd: IsoDate | null;
  hours: number;
  bookedHours: number;
  legalUpdate: boolean;
  professionalMeetings: number;
  awayDays: number;
  trainingMet: boolean;
  daysLeft: number | null;
  atRisk: boolean;
  atRiskReason: string | null;
}

export class TrainingService {
  private readonly repository = new TrainingRepository();
  private readonly approvals = new ApprovalRepository();

  constructor(private readonly deps: RegisterDeps) {}

  private async onRegister(trx: RegisterDeps['db'], personId: string): Promise<void> {
    if (!(await this.approvals.entry(trx, personId))) throw new NotFoundError('The register entry');
  }

  /** The AMHP records their own; the Lead AMHP or an administrator anyone's. */
  async addTraining(ctx: ServiceContext, personId: string, command: TrainingCommand): Promise<StoredTraining> {
    requireMayRecord(ctx.actor, personId, 'training', 'record training for someone else');
    return inTransaction(this.deps.db, async (trx) => {
      await this.onRegister(trx, personId);
      const checked = unwrap(validateTrainingRecord(command, await this.repository.training(trx, personId)));
      const record = await this.repository.insertTraining(trx, { ...checked, personId, enteredBy: ctx.actor.personId });
      await this.deps.audit.record(trx, ctx, { action: 'training_recorded', entityType: 'register_entry', entityId: personId, summary: { date: record.date, hours: record.hours, legalUpdate: record.legalUpdate } });
      return record;
    });
  }

  /** An AMHP professional meeting or away day attended. */
  async addEvent(ctx: ServiceContext, personId: string, command: EventCommand): Promise<StoredEvent> {
    requireMayRecord(ctx.actor, personId, 'event', 'record meetings for someone else');
    return inTransaction(this.deps.db, async (trx) => {
      await this.onRegister(trx, personId);
      const event = await this.repository.insertEvent(trx, { personId, ...command, enteredBy: ctx.actor.personId });
      await this.deps.audit.record(trx, ctx, { action: 'professional_event_recorded', entityType: 'register_entry', entityId: personId, summary: { kind: command.kind, date: command.date } });
      return event;
    });
  }

  /** Everyone on the register's current approval year, at risk first (audited). */
  async compliance(ctx: ServiceContext): Promise<ComplianceRow[]> {
    requireRole(ctx.actor, REGISTER_VIEWERS, 'see training compliance');
    const rows = await this.build();
    await this.deps.audit.record(this.deps.db, ctx, { action: 'training_compliance_viewed', entityType: 'register', summary: { rows: rows.length } });
    return rows;
  }

  /** The signed-in AMHP's own row (home panel, one statement), or null when not on the register. */
  async myCompliance(ctx: ServiceContext): Promise<ComplianceRow | null> {
    // Only this person's records (issue 17: the home page read the whole register for one row).
    // The signed-in actor is read fresh with every request (active, with their current roles),
    // so it stands in for the staff directory's list of AMHPs.
    if (!ctx.actor.roles.includes('amhp')) return null;
    return (await this.build({ id: ctx.actor.personId, name: ctx.actor.name, active: true })).find((r) => r.personId === ctx.actor.personId) ?? null;
  }

  /** For the Lead AMHP's home panel. */
  async atRisk(): Promise<ComplianceRow[]> {
    return (await this.build()).filter((r) => r.atRisk);
  }

  /** Everyone on the register (or only `one`, an AMHP already known to be active). */
  async build(one?: { id: string; name: string; active: true }): Promise<ComplianceRow[]> {
    const today = londonDate(this.deps.clock.now());
    const db = this.deps.db;
    const [entries, data, training, events, people] = one
      ? await this.repository.positionOf(db, one.id).then((p) => [p.entry ? [p.entry] : [], { approvals: p.approvals }, p.training, p.events, [one]] as const)
      : await Promise.all([this.approvals.entries(db), this.approvals.approvalData(db), this.repository.training(db), this.repository.events(db), this.deps.staff.peopleWithRole(['amhp'], { activeOnly: false })]);
    const rows: ComplianceRow[] = [];
    for (const entry of entries) {
      const person = people.find((p) => p.id === entry.personId);
      if (!person?.active) continue;
      const c = trainingCompliance({
        approval: approvalOn(
          data.approvals.filter((a) => a.personId === entry.personId),
          today,
        ),
        records: training.filter((t) => t.personId === entry.personId),
        events: events.filter((e) => e.personId === entry.personId),
        date: today,
      });
      rows.push(
        c.approved
          ? {
              personId: entry.personId,
              name: person.name,
              approved: true,
              yearNumber: c.year.number,
              yearStart: c.year.startDate,
              yearEnd: c.year.endDate,
              hours: c.hours,
              bookedHours: c.bookedHours,
              legalUpdate: c.legalUpdate,
              professionalMeetings: c.professionalMeetings,
              awayDays: c.awayDays,
              trainingMet: c.trainingMet,
              daysLeft: c.daysLeft,
              atRisk: c.atRisk,
              atRiskReason: c.atRiskReason,
            }
          : { personId: entry.personId, name: person.name, approved: false, yearNumber: null, yearStart: null, yearEnd: null, hours: 0, bookedHours: 0, legalUpdate: false, professionalMeetings: 0, awayDays: 0, trainingMet: false, daysLeft: null, atRisk: false, atRiskReason: null },
      );
    }
    return rows.sort((a, b) => Number(b.atRisk) - Number(a.atRisk) || a.name.localeCompare(b.name));
  }
}
