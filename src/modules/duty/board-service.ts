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
import { DUTY_DAY_MAX_AGE_MS, dutyDayChanges, type DutyDb, type StoredShift } from './duty-repository.js';
import type { Absence, RotaChange } from './rota.js';
import type { StoredHandover } from './duty-repository.js';

/**
 * The board shows at most this many open referrals, longest waiting first (a duty day has tens;
 * ten years of bench data have thousands): the rest are in the referrals list, with its paging.
 */
export const BOARD_REFERRAL_LIMIT = 100;


interface DutyDay {
  /** Yesterday's and today's shifts (an EDT shift from yesterday evening can be on now). */
  recent: StoredShift[];
  changes: RotaChange[];
  absences: Absence[];
  handovers: StoredHandover[];
}

export interface BoardView extends DutyBoard {
  referralsAvailable: boolean;
  /** More open referrals than the board shows (BOARD_REFERRAL_LIMIT): the rest are in the referrals list. */
  moreReferrals: boolean;
  referralLimit: number;
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

  private dayRead: { date: string; stamp: number; readAt: number; value: Promise<DutyDay> } | undefined;

  /** The day's duty records, read once and shared by every board view until they change. */
  private day(today: string, now: Date): Promise<DutyDay> {
    const stamp = dutyDayChanges.current;
    const at = now.getTime();
    const cached = this.dayRead;
    if (cached && cached.date === today && cached.stamp === stamp && at - cached.readAt >= 0 && at - cached.readAt < DUTY_DAY_MAX_AGE_MS) return cached.value;
    const value = (async () => {
      const [recent, changes, absences, handovers] = await Promise.all([
        this.rota.shiftsBetween(addDays(today, -1), today),
        this.rota.changesOn(today),
        this.rota.absencesOn(today),
        this.handovers.openHandovers(),
      ]);
      return { recent, changes, absences, handovers };
    })();
    const entry = { date: today, stamp, readAt: at, value };
    this.dayRead = entry;
    value.catch(() => {
      if (this.dayRead === entry) this.dayRead = undefined;
    });
    return value;
  }

  /** Another instance changed the duty day (its live event): the shared read is dropped. */
  invalidate(): void {
    this.dayRead = undefined;
  }

  async build(ctx: ServiceContext, options: { referralLimit?: number } = {}): Promise<BoardView> {
    requireRole(ctx.actor, DUTY_ROLES.view, 'see the duty board');
    const now = this.clock.now();
    const today = londonDate(now);
    const limit = options.referralLimit ?? BOARD_REFERRAL_LIMIT;
    const [day, openRead, names, hours] = await Promise.all([this.day(today, now), this.referrals().open(limit + 1), PeopleNames.load(this.staff), this.hours.context()]);
    const { recent, changes, absences, handovers } = day;
    const moreReferrals = openRead.length > limit;
    const open = moreReferrals ? openRead.slice(0, limit) : openRead;
    // On duty now: a planned shift of yesterday or today that has started and not ended.
    const shifts = recent.filter((s) => s.status === 'planned' && s.start.getTime() <= now.getTime() && s.end.getTime() > now.getTime());
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
      moreReferrals,
      referralLimit: limit,
      nameOf,
      changeRows: board.rotaChanges.map((c) => ({ shiftId: c.shiftId, decided: c.decidedBy !== null, absentName: names.name(c.absentPersonId), backupName: c.backupPersonId ? names.name(c.backupPersonId) : null, kind: c.shiftKind === 'edt' ? 'EDT' : 'daytime', at: c.at, note: c.note })),
    };
  }
}
