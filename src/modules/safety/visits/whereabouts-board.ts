// The lead's answer to "could a senior manager at any given time know which AMHP was carrying
// out work on which referral and where that AMHP was currently located?" (toolkit ch. 2).

import { type Visit, isLoneWorking, isOnBoard, minutesRemaining } from './visit.js';

/** Worst first: the board sorts by this order. */
export type BoardAlert = 'duress' | 'help_requested' | 'overdue';

const ALERT_RANK: Record<BoardAlert, number> = { duress: 0, help_requested: 1, overdue: 2 };

export interface BoardRow {
  visit: Visit;
  alert: BoardAlert | null;
  /** Negative once overdue. */
  minutesRemaining: number;
  lone: boolean;
  /** When the alarm or overdue state began; null when all is well. */
  alertSince: Date | null;
}

function alertOf(visit: Visit, now: Date): { alert: BoardAlert | null; since: Date | null } {
  if (visit.status === 'duress') return { alert: 'duress', since: visit.duressAt };
  if (visit.status === 'help_requested') return { alert: 'help_requested', since: visit.helpRequestedAt };
  if (now.getTime() > visit.expectedFinishAt.getTime()) return { alert: 'overdue', since: visit.expectedFinishAt };
  return { alert: null, since: null };
}

/**
 * Every AMHP currently out. Alarms first (oldest first: the longest unanswered), then overdue
 * (most overdue first), then by time remaining (soonest due first).
 */
export function whereaboutsBoard(visits: readonly Visit[], now: Date): BoardRow[] {
  const rows = visits.filter(isOnBoard).map((visit): BoardRow => {
    const { alert, since } = alertOf(visit, now);
    return {
      visit,
      alert,
      minutesRemaining: minutesRemaining(visit, now),
      lone: isLoneWorking(visit),
      alertSince: since,
    };
  });
  return rows.sort((a, b) => {
    const rankA = a.alert ? ALERT_RANK[a.alert] : 3;
    const rankB = b.alert ? ALERT_RANK[b.alert] : 3;
    if (rankA !== rankB) return rankA - rankB;
    if (a.alertSince && b.alertSince && a.alertSince.getTime() !== b.alertSince.getTime()) {
      return a.alertSince.getTime() - b.alertSince.getTime();
    }
    return (
      a.visit.expectedFinishAt.getTime() - b.visit.expectedFinishAt.getTime() || a.visit.id.localeCompare(b.visit.id)
    );
  });
}

/** "Where is X now?": the visit they are on, or null when they are not out. */
export function currentVisitOf(amhpId: string, visits: readonly Visit[]): Visit | null {
  const open = visits.filter((visit) => visit.amhpId === amhpId && isOnBoard(visit));
  open.sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  return open[0] ?? null;
}
