import { minutesBetween } from '../../platform/london-time.js';
import { formatWaiting } from './duty-calendar.js';
import { handoverTiming, partyLabel } from './handover.js';
import type { Handover } from './handover.js';
import type { RotaChange } from './rota.js';
import { responsibleTeamAt } from './service-hours.js';
import type { BankHolidays, ServiceCover, ServiceHoursConfig, ServiceTeam } from './service-hours.js';

// View model for the live duty board. The page and the SSE stream render the same model, so
// a board without JavaScript shows what a live one shows.

export interface BoardAmhp {
  personId: string;
  name: string;
  team: ServiceTeam;
  /** Set when this AMHP is the back-up covering a sick colleague. */
  coversForName: string | null;
}

export interface BoardReferral {
  referralId: string;
  /** What the board shows for the referral (a reference, never a full name). */
  label: string;
  stage: string;
  receivedAt: Date;
  allocatedAmhpId: string | null;
  /** When the s136 place-of-safety detention ends (24 hours from arrival, Europe/London shown). */
  s136EndsAt?: Date | null;
}

export interface BoardInput {
  now: Date;
  config: ServiceHoursConfig;
  bankHolidays: BankHolidays;
  onDuty: readonly BoardAmhp[];
  /** Open referrals only. */
  referrals: readonly BoardReferral[];
  handovers: readonly Handover[];
  /** Today's sickness changes, so the board shows who is covering. */
  rotaChanges?: readonly RotaChange[];
}

export interface BoardReferralRow {
  referralId: string;
  label: string;
  stage: string;
  receivedAt: Date;
  waitingMinutes: number;
  waitingLabel: string;
  s136EndsAt: Date | null;
}

export interface BoardAmhpRow {
  personId: string;
  name: string;
  team: ServiceTeam;
  coversForName: string | null;
  allocations: BoardReferralRow[];
}

export interface BoardHandoverRow {
  handoverId: string;
  from: string;
  to: string;
  referralIds: string[];
  sentAt: Date;
  waitingMinutes: number;
  waitingLabel: string;
  deadline: Date | null;
  overdue: boolean;
}

export interface DutyBoard {
  generatedAt: Date;
  cover: ServiceCover;
  amhps: BoardAmhpRow[];
  unallocated: BoardReferralRow[];
  /** Allocated to someone not on duty now (e.g. a daytime AMHP still out after 17:00). */
  allocatedOffDuty: (BoardReferralRow & { allocatedAmhpId: string })[];
  handoversAwaiting: BoardHandoverRow[];
  rotaChanges: RotaChange[];
  counts: {
    onDuty: number;
    openReferrals: number;
    allocated: number;
    unallocated: number;
    awaitingAcceptance: number;
    overdueHandovers: number;
    longestUnallocatedWaitMinutes: number;
  };
}

function referralRow(referral: BoardReferral, now: Date): BoardReferralRow {
  const waitingMinutes = Math.max(0, minutesBetween(referral.receivedAt, now));
  return {
    referralId: referral.referralId,
    label: referral.label,
    stage: referral.stage,
    receivedAt: referral.receivedAt,
    waitingMinutes,
    waitingLabel: formatWaiting(waitingMinutes),
    s136EndsAt: referral.s136EndsAt ?? null,
  };
}

const longestWaitingFirst = (a: BoardReferralRow, b: BoardReferralRow) =>
  b.waitingMinutes - a.waitingMinutes || a.referralId.localeCompare(b.referralId);

export function buildDutyBoard(input: BoardInput): DutyBoard {
  const { now } = input;
  const cover = responsibleTeamAt(now, input.config, input.bankHolidays);
  const teamsShown = new Set<ServiceTeam>([cover.team]);
  if (cover.edtAlsoOpen) teamsShown.add('edt');
  const onDuty = input.onDuty.filter((a) => teamsShown.has(a.team));
  const onDutyIds = new Set(onDuty.map((a) => a.personId));

  const rows = input.referrals.map((r) => ({ referral: r, row: referralRow(r, now) }));
  const amhps: BoardAmhpRow[] = onDuty
    .map((a) => ({
      personId: a.personId,
      name: a.name,
      team: a.team,
      coversForName: a.coversForName,
      allocations: rows
        .filter(({ referral }) => referral.allocatedAmhpId === a.personId)
        .map(({ row }) => row)
        .sort(longestWaitingFirst),
    }))
    .sort((a, b) => (a.team === b.team ? a.name.localeCompare(b.name) : a.team === cover.team ? -1 : 1));

  const unallocated = rows
    .filter(({ referral }) => referral.allocatedAmhpId === null)
    .map(({ row }) => row)
    .sort(longestWaitingFirst);
  const allocatedOffDuty = rows
    .filter(({ referral }) => referral.allocatedAmhpId !== null && !onDutyIds.has(referral.allocatedAmhpId))
    .map(({ referral, row }) => ({ ...row, allocatedAmhpId: referral.allocatedAmhpId as string }))
    .sort(longestWaitingFirst);

  const handoversAwaiting: BoardHandoverRow[] = input.handovers
    .filter((h) => h.status === 'sent')
    .map((h) => {
      const timing = handoverTiming(h, now, input.config, input.bankHolidays);
      return {
        handoverId: h.id,
        from: partyLabel(h.from),
        to: partyLabel(h.to),
        referralIds: h.items.map((i) => i.referralId),
        sentAt: h.sentAt,
        waitingMinutes: timing.minutesWaiting,
        waitingLabel: formatWaiting(timing.minutesWaiting),
        deadline: timing.deadline,
        overdue: timing.overdue,
      };
    })
    .sort(
      (a, b) =>
        Number(b.overdue) - Number(a.overdue) ||
        b.waitingMinutes - a.waitingMinutes ||
        a.handoverId.localeCompare(b.handoverId),
    );

  return {
    generatedAt: now,
    cover,
    amhps,
    unallocated,
    allocatedOffDuty,
    handoversAwaiting,
    rotaChanges: [...(input.rotaChanges ?? [])].sort((a, b) => a.at.getTime() - b.at.getTime()),
    counts: {
      onDuty: amhps.length,
      openReferrals: input.referrals.length,
      allocated: input.referrals.length - unallocated.length,
      unallocated: unallocated.length,
      awaitingAcceptance: handoversAwaiting.length,
      overdueHandovers: handoversAwaiting.filter((h) => h.overdue).length,
      longestUnallocatedWaitMinutes: unallocated[0]?.waitingMinutes ?? 0,
    },
  };
}
