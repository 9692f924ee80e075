import type { ServiceContext } from '../../platform/audit.js';
import type { Clock } from '../../platform/clock.js';
import { addDays, londonDate } from '../../platform/london-time.js';
import { requireRole } from '../../platform/roles.js';
import { buildDutyBoard, type DutyBoard } from './duty-board.js';
import { absenceOn, offSickFor } from './rota.js';
import { DUTY_ROLES } from './duty-access.js';
import { PeopleNames, type DutyStaff } from './duty-people.js';
import type { DutyReferralsPort } from './duty-referrals-port.js';
import type { HandoverService } from './handover-service.js';
import type { RotaService } from './rota-service.js';
import type { ServiceHoursService } from './service-hours-service.js';
import type { DutyAudit } from './duty-platform-port.js';
import type { DutyDb } from './duty-repository.js';

export interface BoardView extends DutyBoard {
  referralsAvailable: boolean;
  /** Names of the AMHPs holding referrals while off duty. */
  nameOf: Record<string, string>;
  changeRows: Array<{ shiftId: string; absentName: string; backupName: string | null; decided: boolean; kind: string; at: Date; note: string | null }>;
}

/** The live duty board: who is on now, what waits, which handovers await acceptance. */
export class BoardService {
  constructor(
    private readonly db: DutyDb,
    private readonly clock: Clock,
    private readonly audit: DutyAudit,
    private readonly staff: DutyStaff,
    private readonly hours: ServiceHoursService,
    private readonly rota: RotaService,
    private readonly handovers: HandoverService,
    private readonly referrals: () => DutyReferralsPort,
  ) {}

  async build(ctx: ServiceContext): Promise<BoardView> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see the duty board');
    const now = this.clock.now();
    const today = londonDate(now);
    const [shifts, changes, open, handovers, names, hours, recent, absences] = await Promise.all([
      this.rota.onDutyAt(now),
      this.rota.changesOn(today),
      this.referrals().open(),
      this.handovers.openHandovers(),
      PeopleNames.load(this.staff),
      this.hours.context(),
      // An EDT shift that started yesterday evening can cover a shift of yesterday.
      this.rota.shiftsBetween(addDays(today, -1), today),
      this.rota.absencesOn(today),
    ]);
    // Someone off sick or on leave is never shown on duty, even on a (wrongly recorded) back-up shift.
    const absent = (personId: string, shift: { date: string; start: Date; end: Date }) => offSickFor(recent, absences, personId, shift) || absenceOn(absences, personId, today) !== null;
    const board = buildDutyBoard({
      now,
      config: hours.config,
      bankHolidays: hours.bankHolidays,
      onDuty: shifts.filter((s) => !absent(s.personId, s)).map((s) => {
        const covered = s.coversShiftId ? recent.find((x) => x.id === s.coversShiftId) : undefined;
        return { personId: s.personId, name: names.name(s.personId), team: s.kind, coversForName: covered ? names.name(covered.personId) : null };
      }),
      referrals: open.map((r) => ({ referralId: r.id, label: r.reference, stage: r.stageLabel, receivedAt: r.receivedAt, allocatedAmhpId: r.allocatedAmhpId, s136EndsAt: r.s136EndsAt })),
      handovers,
      rotaChanges: changes,
    });
    // The board names people in crisis: a read of their records, with the referrals it showed.
    await this.audit(this.db, ctx, { action: 'duty_board_viewed', entityType: 'duty_board', summary: { shown: open.map((r) => r.id) } });
    const nameOf: Record<string, string> = {};
    for (const row of board.allocatedOffDuty) nameOf[row.allocatedAmhpId] = names.name(row.allocatedAmhpId);
    return {
      ...board,
      referralsAvailable: this.referrals().available,
      nameOf,
      changeRows: board.rotaChanges.map((c) => ({ shiftId: c.shiftId, decided: c.decidedBy !== null, absentName: names.name(c.absentPersonId), backupName: c.backupPersonId ? names.name(c.backupPersonId) : null, kind: c.shiftKind === 'edt' ? 'EDT' : 'daytime', at: c.at, note: c.note })),
    };
  }
}
